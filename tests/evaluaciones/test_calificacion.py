"""Grading and the quiz rules hold their promises for any quiz, not only the ones we thought of.

Hypothesis draws questions of every type and grading mode, point values, option sets and the
options a learner chose (in any order, repeated, or foreign to the question), and checks the
properties ``evaluaciones.calificacion`` and ``evaluaciones.reglas`` promise. No database: these
are pure functions. A handful of examples pin exact values, rounding included.
"""

import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from evaluaciones import reglas
from evaluaciones.calificacion import (
    MAS_ALTA,
    MULTIPLE,
    PARCIAL,
    TODO_O_NADA,
    ULTIMA,
    UNICA,
    VERDADERO_FALSO,
    PreguntaCalificable,
    calificar_intento,
    calificar_pregunta,
    fraccion_de_credito,
    porcentaje_final,
    redondear,
)

CERO = Decimal(0)
CIEN = Decimal(100)

claves = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
# What the model stores: five digits, two of them decimals, never zero.
puntos = st.decimals(
    min_value=Decimal("0.01"),
    max_value=Decimal("999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
porcentajes = st.decimals(
    min_value=CERO, max_value=CIEN, places=2, allow_nan=False, allow_infinity=False
)
aprobatorios = st.integers(min_value=1, max_value=100)
# A key a question can never have: its alphabet has no hyphen.
ajenas = st.lists(claves.map(lambda c: f"ajena-{c}"), max_size=3)


@st.composite
def preguntas(draw, tipos=(UNICA, VERDADERO_FALSO, MULTIPLE), modos=(TODO_O_NADA, PARCIAL)):
    """A question as grading sees it: at least one correct option, exactly one unless multiple.

    The mode is drawn for every type: editors can leave "parcial" on a single-choice question,
    and grading must ignore it there.
    """
    tipo = draw(st.sampled_from(tipos))
    n = 2 if tipo == VERDADERO_FALSO else draw(st.integers(min_value=2, max_value=10))
    opciones = draw(st.lists(claves, min_size=n, max_size=n, unique=True))
    if tipo == MULTIPLE:
        correctas = draw(st.sets(st.sampled_from(opciones), min_size=1))
    else:
        correctas = {draw(st.sampled_from(opciones))}
    return PreguntaCalificable(
        clave=draw(claves),
        tipo=tipo,
        puntos=draw(puntos),
        correctas=frozenset(correctas),
        opciones=frozenset(opciones),
        modo_multiple=draw(st.sampled_from(modos)),
    )


preguntas_parciales = preguntas(tipos=(MULTIPLE,), modos=(PARCIAL,))


def elecciones(pregunta):
    """Any options of the question, possibly repeated, mixed with foreign keys, in any order."""
    propias = st.lists(st.sampled_from(sorted(pregunta.opciones)), max_size=12)
    return st.tuples(propias, ajenas).flatmap(lambda par: st.permutations(par[0] + par[1]))


@st.composite
def intentos(draw):
    """The questions of an attempt (unique keys) and the answers: some unanswered, some to
    questions that were never asked."""
    lista = draw(st.lists(preguntas(), min_size=1, max_size=12, unique_by=lambda p: p.clave))
    respuestas = {}
    for pregunta in lista:
        if draw(st.booleans()):
            respuestas[pregunta.clave] = draw(elecciones(pregunta))
    for clave in draw(ajenas):
        respuestas[clave] = [clave]
    return lista, respuestas


def por_pregunta(resultado):
    return {r.clave: (r.obtenidos, r.puntos) for r in resultado.preguntas}


def tiene_centavos(valor: Decimal) -> bool:
    return valor == redondear(valor) and valor.as_tuple().exponent == -2


# --- Each question ---------------------------------------------------------------------------


@given(st.data(), preguntas())
def test_cada_pregunta_da_entre_cero_y_sus_puntos(data, pregunta):
    elegidas = data.draw(elecciones(pregunta))
    fraccion = fraccion_de_credito(pregunta, elegidas)
    resultado = calificar_pregunta(pregunta, elegidas)
    assert CERO <= fraccion <= 1
    assert CERO <= resultado.obtenidos <= pregunta.puntos
    assert resultado.puntos == pregunta.puntos
    assert tiene_centavos(resultado.obtenidos)


@given(st.data(), preguntas_parciales)
def test_el_credito_parcial_nunca_excede_los_puntos(data, pregunta):
    elegidas = data.draw(elecciones(pregunta))
    fraccion = fraccion_de_credito(pregunta, elegidas)
    resultado = calificar_pregunta(pregunta, elegidas)
    assert CERO <= fraccion <= 1
    assert CERO <= resultado.obtenidos <= pregunta.puntos


def credito_exacto(pregunta, elegidas) -> Decimal:
    """The documented rule in exact rational arithmetic, rounded half up to cents."""
    elegidas = set(elegidas) & pregunta.opciones
    if not elegidas:
        return Decimal("0.00")
    if pregunta.tipo != MULTIPLE or pregunta.modo_multiple == TODO_O_NADA:
        fraccion = Fraction(int(elegidas == pregunta.correctas))
    else:
        incorrectas = pregunta.opciones - pregunta.correctas
        fraccion = Fraction(len(elegidas & pregunta.correctas), len(pregunta.correctas))
        if incorrectas:
            fraccion -= Fraction(len(elegidas & incorrectas), len(incorrectas))
        fraccion = min(Fraction(1), max(Fraction(0), fraccion))
    centavos = math.floor(Fraction(pregunta.puntos) * fraccion * 100 + Fraction(1, 2))
    return Decimal(centavos).scaleb(-2)


@st.composite
def preguntas_con_elecciones(draw):
    pregunta = draw(preguntas())
    return pregunta, draw(elecciones(pregunta))


# 1 of 3 correct and 1 of 6 incorrect on 1.05 points: exactly 1.05 / 6 = 0.175, so 0.18. In
# 28-digit Decimals 1/3 rounds down and 1/6 up, the half cent lands a hair below and grading
# gave 0.17: the counterexample found while writing this property, kept so it is always tried.
PARCIAL_EN_MEDIO_CENTAVO = (
    PreguntaCalificable(
        clave="p",
        tipo=MULTIPLE,
        puntos=Decimal("1.05"),
        correctas=frozenset("abc"),
        opciones=frozenset("abcuvwxyz"),
        modo_multiple=PARCIAL,
    ),
    ("a", "u"),
)


@example(PARCIAL_EN_MEDIO_CENTAVO)
@given(preguntas_con_elecciones())
def test_los_puntos_son_la_regla_exacta_redondeada_a_centavos(pregunta_y_elegidas):
    """Against the rule computed with exact fractions: no rounding error on the way to cents."""
    pregunta, elegidas = pregunta_y_elegidas
    assert calificar_pregunta(pregunta, elegidas).obtenidos == credito_exacto(pregunta, elegidas)


@given(st.data(), preguntas())
def test_elegir_exactamente_las_correctas_da_todos_los_puntos(data, pregunta):
    elegidas = data.draw(st.permutations(sorted(pregunta.correctas)))
    resultado = calificar_pregunta(pregunta, elegidas)
    assert resultado.obtenidos == pregunta.puntos
    assert resultado.correcta


@given(preguntas(), ajenas)
def test_no_elegir_nada_da_cero(pregunta, ajenas_elegidas):
    """Nothing chosen, or only keys that are not the question's (a forged form), earns 0."""
    assert calificar_pregunta(pregunta, []).obtenidos == CERO
    assert calificar_pregunta(pregunta, ajenas_elegidas).obtenidos == CERO


@given(preguntas_parciales)
def test_con_credito_parcial_elegir_todas_las_opciones_da_cero(pregunta):
    assume(pregunta.opciones != pregunta.correctas)
    assert calificar_pregunta(pregunta, pregunta.opciones).obtenidos == CERO


@given(st.data(), preguntas())
def test_agregar_una_opcion_incorrecta_nunca_sube_la_calificacion(data, pregunta):
    incorrectas = sorted(pregunta.opciones - pregunta.correctas)
    assume(incorrectas)
    incorrecta = data.draw(st.sampled_from(incorrectas))
    otras = sorted(pregunta.opciones - {incorrecta})
    elegidas = data.draw(st.lists(st.sampled_from(otras), unique=True))
    antes = calificar_pregunta(pregunta, elegidas).obtenidos
    despues = calificar_pregunta(pregunta, [*elegidas, incorrecta]).obtenidos
    assert despues <= antes


@given(st.data(), preguntas_parciales)
def test_con_credito_parcial_agregar_una_opcion_correcta_nunca_baja_la_calificacion(data, pregunta):
    correcta = data.draw(st.sampled_from(sorted(pregunta.correctas)))
    otras = sorted(pregunta.opciones - {correcta})
    elegidas = data.draw(st.lists(st.sampled_from(otras), unique=True)) if otras else []
    antes = calificar_pregunta(pregunta, elegidas).obtenidos
    despues = calificar_pregunta(pregunta, [*elegidas, correcta]).obtenidos
    assert despues >= antes


@given(preguntas(tipos=(UNICA, VERDADERO_FALSO)), st.data())
def test_opcion_unica_y_verdadero_falso_son_todo_o_nada_con_cualquier_modo(pregunta, data):
    elegidas = data.draw(elecciones(pregunta))
    obtenidos = calificar_pregunta(pregunta, elegidas).obtenidos
    esperado = pregunta.puntos if set(elegidas) & pregunta.opciones == pregunta.correctas else 0
    assert obtenidos == esperado


@given(preguntas(), st.data())
def test_la_instantanea_del_intento_califica_igual(pregunta, data):
    """What an attempt stores (``Intento.preguntas``) rebuilds the very same question."""
    orden = data.draw(st.permutations(sorted(pregunta.opciones)))
    instantanea = {
        "clave": pregunta.clave,
        "tipo": pregunta.tipo,
        "puntos": str(pregunta.puntos),
        "modo_multiple": pregunta.modo_multiple,
        "opciones": [{"clave": o, "correcta": o in pregunta.correctas} for o in orden],
    }
    assert PreguntaCalificable.desde_instantanea(instantanea) == pregunta


# --- The whole attempt -----------------------------------------------------------------------


@given(intentos(), aprobatorios)
def test_el_total_y_el_porcentaje_de_un_intento_estan_acotados(intento, aprobatorio):
    lista, respuestas = intento
    resultado = calificar_intento(lista, respuestas, aprobatorio)
    assert resultado.maximo == sum(p.puntos for p in lista)
    assert resultado.obtenidos == sum(r.obtenidos for r in resultado.preguntas)
    assert CERO <= resultado.obtenidos <= resultado.maximo
    assert CERO <= resultado.porcentaje <= CIEN
    assert tiene_centavos(resultado.porcentaje)
    # Passing compares the exact share (points are whole cents, so this product is exact).
    assert resultado.aprobado == (resultado.obtenidos * 100 >= aprobatorio * resultado.maximo)
    assert [r.clave for r in resultado.preguntas] == [p.clave for p in lista]


@given(intentos(), aprobatorios, st.data())
def test_el_orden_de_preguntas_y_opciones_no_cambia_ninguna_calificacion(
    intento, aprobatorio, data
):
    lista, respuestas = intento
    barajadas = data.draw(st.permutations(lista))
    respuestas_barajadas = {
        clave: data.draw(st.permutations(elegidas)) for clave, elegidas in respuestas.items()
    }
    original = calificar_intento(lista, respuestas, aprobatorio)
    otra = calificar_intento(barajadas, respuestas_barajadas, aprobatorio)
    assert por_pregunta(otra) == por_pregunta(original)
    assert (otra.obtenidos, otra.maximo, otra.porcentaje, otra.aprobado) == (
        original.obtenidos,
        original.maximo,
        original.porcentaje,
        original.aprobado,
    )


@given(st.lists(preguntas(), min_size=1, max_size=12, unique_by=lambda p: p.clave), aprobatorios)
def test_todo_correcto_es_cien_y_nada_contestado_es_cero(lista, aprobatorio):
    correcto = calificar_intento(lista, {p.clave: p.correctas for p in lista}, aprobatorio)
    assert correcto.obtenidos == correcto.maximo
    assert correcto.porcentaje == CIEN
    assert correcto.aprobado
    vacio = calificar_intento(lista, {}, aprobatorio)
    assert vacio.obtenidos == CERO
    assert vacio.porcentaje == CERO
    assert not vacio.aprobado


@given(st.lists(porcentajes, min_size=1, max_size=10))
def test_porcentaje_final_mas_alta_es_el_maximo_y_ultima_el_ultimo(lista):
    assert porcentaje_final(lista, MAS_ALTA) == max(lista)
    assert porcentaje_final(lista, ULTIMA) == lista[-1]
    assert porcentaje_final(iter(lista), ULTIMA) == lista[-1]


@pytest.mark.parametrize("metodo", [MAS_ALTA, ULTIMA])
def test_porcentaje_final_sin_intentos_es_none(metodo):
    assert porcentaje_final([], metodo) is None


# --- Exact values ----------------------------------------------------------------------------


def _multiple(puntos_pregunta, correctas, incorrectas, modo=PARCIAL):
    return PreguntaCalificable(
        clave="p",
        tipo=MULTIPLE,
        puntos=Decimal(puntos_pregunta),
        correctas=frozenset(correctas),
        opciones=frozenset(correctas) | frozenset(incorrectas),
        modo_multiple=modo,
    )


@pytest.mark.parametrize(
    ("puntos_pregunta", "correctas", "incorrectas", "elegidas", "esperado"),
    [
        # 2/3 - 1/2 = 1/6 of 3 points.
        ("3", "abc", "xy", "abx", "0.50"),
        ("3", "abc", "xy", "ab", "2.00"),
        ("3", "abc", "xy", "abcxy", "0.00"),
        ("3", "abc", "xy", "axy", "0.00"),
        ("1", "abc", "xy", "ab", "0.67"),
        ("1", "abc", "xy", "a", "0.33"),
        # Half a cent rounds up (ROUND_HALF_UP), not to the even cent.
        ("0.05", "ab", "", "a", "0.03"),
        ("0.15", "ab", "x", "a", "0.08"),
        # 1/3 - 1/6 of 1.05 points is exactly 0.175.
        ("1.05", "abc", "uvwxyz", "au", "0.18"),
        ("2", "ab", "", "ab", "2.00"),
    ],
)
def test_credito_parcial_valores_exactos(
    puntos_pregunta, correctas, incorrectas, elegidas, esperado
):
    pregunta = _multiple(puntos_pregunta, correctas, incorrectas)
    assert calificar_pregunta(pregunta, list(elegidas)).obtenidos == Decimal(esperado)


def test_todo_o_nada_no_da_nada_por_una_parte_de_las_correctas():
    pregunta = _multiple("3", "abc", "xy", modo=TODO_O_NADA)
    assert calificar_pregunta(pregunta, ["a", "b"]).obtenidos == CERO
    assert calificar_pregunta(pregunta, ["c", "b", "a"]).obtenidos == Decimal("3.00")
    assert calificar_pregunta(pregunta, ["a", "b", "c", "x"]).obtenidos == CERO


def _unica(clave, puntos_pregunta):
    return PreguntaCalificable(
        clave=clave,
        tipo=UNICA,
        puntos=Decimal(puntos_pregunta),
        correctas=frozenset({"si"}),
        opciones=frozenset({"si", "no"}),
    )


def test_porcentaje_del_intento_redondea_medio_centavo_hacia_arriba():
    # 0.01 of 8.00 points is 0.125 %.
    lista = [_unica("a", "0.01"), _unica("b", "7.99")]
    resultado = calificar_intento(lista, {"a": ["si"], "b": ["no"]}, 70)
    assert resultado.obtenidos == Decimal("0.01")
    assert resultado.maximo == Decimal("8.00")
    assert resultado.porcentaje == Decimal("0.13")
    assert not resultado.aprobado


def test_aprobar_justo_en_el_umbral_y_dos_de_tres():
    diez = [_unica(str(i), "1") for i in range(10)]
    siete = {str(i): ["si"] for i in range(7)}
    assert calificar_intento(diez, siete, 70).porcentaje == Decimal("70.00")
    assert calificar_intento(diez, siete, 70).aprobado
    assert not calificar_intento(diez, siete, 71).aprobado
    tres = diez[:3]
    dos = calificar_intento(tres, {"0": ["si"], "1": ["si"], "2": []}, 70)
    assert (dos.obtenidos, dos.porcentaje, dos.aprobado) == (Decimal(2), Decimal("66.67"), False)


def test_se_aprueba_con_la_proporcion_exacta_no_con_la_redondeada():
    # 139.99 of 200 points is 69.995 %: shown as 70.00 %, yet below a 70 % bar.
    lista = [_unica("a", "139.99"), _unica("b", "60.01")]
    resultado = calificar_intento(lista, {"a": ["si"], "b": ["no"]}, 70)
    assert resultado.porcentaje == Decimal("70.00")
    assert not resultado.aprobado


def test_porcentaje_final_ejemplos():
    historial = [Decimal("80"), Decimal("95.5"), Decimal("60")]
    assert porcentaje_final(historial, MAS_ALTA) == Decimal("95.5")
    assert porcentaje_final(historial, ULTIMA) == Decimal("60")


# --- The rules of a quiz ---------------------------------------------------------------------

INICIO = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@st.composite
def historiales(draw):
    """Rules, finished attempts oldest first (possibly more than the current limit, if an
    editor lowered it) and a present instant at or after the last submission."""
    regla = reglas.Reglas(
        intentos_maximos=draw(st.none() | st.integers(min_value=1, max_value=6)),
        espera_minutos=draw(st.just(0) | st.integers(min_value=0, max_value=3 * 24 * 60)),
        metodo_calificacion=draw(st.sampled_from([MAS_ALTA, ULTIMA])),
        revision=draw(st.sampled_from(["inmediata", "al_aprobar", "al_terminar", "nunca"])),
    )
    n = draw(st.integers(min_value=0, max_value=8))
    instante, previos = INICIO, []
    for _ in range(n):
        instante += timedelta(seconds=draw(st.integers(min_value=0, max_value=5 * 24 * 3600)))
        previos.append(
            reglas.IntentoPrevio(
                entregado_en=instante, porcentaje=draw(porcentajes), aprobado=draw(st.booleans())
            )
        )
    espera = timedelta(minutes=regla.espera_minutos)
    ahora = instante + timedelta(
        seconds=draw(st.integers(min_value=0, max_value=int(2 * espera.total_seconds()) + 600))
    )
    return regla, previos, ahora


# gettext loads the catalogue on first use: too slow for Hypothesis's per-example deadline.
@settings(deadline=None)
@given(historiales())
def test_el_estado_de_una_evaluacion_respeta_sus_reglas(historial):
    regla, previos, ahora = historial
    estado = reglas.estado_evaluacion(regla, previos, ahora)
    usados = len(previos)
    assert estado.intentos_usados == usados

    limite_alcanzado = regla.intentos_maximos is not None and usados >= regla.intentos_maximos
    if limite_alcanzado:
        assert not estado.puede_iniciar
    if regla.intentos_maximos is None:
        assert estado.intentos_restantes is None
    else:
        assert estado.intentos_restantes >= 0
        assert estado.intentos_restantes == max(0, regla.intentos_maximos - usados)

    ultima_aprobada = regla.metodo_calificacion == ULTIMA and bool(previos) and previos[-1].aprobado
    if ultima_aprobada:
        assert not estado.puede_iniciar
        assert estado.terminada

    disponible = (
        previos[-1].entregado_en + timedelta(minutes=regla.espera_minutos)
        if previos and regla.espera_minutos
        else None
    )
    en_espera = disponible is not None and disponible > ahora
    if estado.disponible_en is not None:
        assert estado.disponible_en == disponible
        assert estado.disponible_en > ahora
    if en_espera and not limite_alcanzado and not ultima_aprobada:
        assert estado.disponible_en == disponible

    assert estado.puede_iniciar == (not limite_alcanzado and not ultima_aprobada and not en_espera)
    if not estado.puede_iniciar:
        assert estado.motivo
    if estado.puede_iniciar:
        assert not estado.terminada


@settings(deadline=None)
@given(historiales())
def test_la_aprobacion_y_la_revision_siguen_el_metodo(historial):
    regla, previos, ahora = historial
    estado = reglas.estado_evaluacion(regla, previos, ahora)
    porcentajes_previos = [p.porcentaje for p in previos]
    assert estado.porcentaje == porcentaje_final(porcentajes_previos, regla.metodo_calificacion)
    if regla.metodo_calificacion == ULTIMA:
        assert estado.aprobada == (bool(previos) and previos[-1].aprobado)
    else:
        assert estado.aprobada == any(p.aprobado for p in previos)
    permitida = reglas.revision_permitida(regla, estado)
    assert (
        permitida
        == {
            "inmediata": True,
            "al_aprobar": estado.aprobada,
            "al_terminar": estado.terminada,
            "nunca": False,
        }[regla.revision]
    )


@settings(deadline=None)
@given(historiales(), st.integers(min_value=1, max_value=24 * 60))
def test_la_espera_cuenta_desde_la_ultima_entrega(historial, espera):
    regla, previos, _ahora = historial
    assume(previos)
    regla = replace(
        regla, intentos_maximos=None, metodo_calificacion=MAS_ALTA, espera_minutos=espera
    )
    ultima = previos[-1].entregado_en
    disponible = ultima + timedelta(minutes=espera)
    durante = reglas.estado_evaluacion(regla, previos, disponible - timedelta(seconds=1))
    assert not durante.puede_iniciar
    assert durante.disponible_en == disponible
    assert not durante.terminada
    despues = reglas.estado_evaluacion(regla, previos, disponible)
    assert despues.puede_iniciar
    assert despues.disponible_en is None
