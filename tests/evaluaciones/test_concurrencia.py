"""Quiz attempts hold their rules when requests race: real threads, real PostgreSQL connections.

Starting serialises on the enrolment row and submitting on the attempt row; behind both, the
constraints of ``Intento`` hold the invariants on their own. SQLite serialises every write, so
these only prove something on PostgreSQL: they are marked and run in CI's PostgreSQL leg.
"""

import itertools
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cursos import services as cursos_services
from cursos.models import Inscripcion
from evaluaciones import services
from evaluaciones.models import EstadoIntento, Evaluacion, Intento
from tests import factories, hilos
from tests.cuentas import ClienteConSegundoFactor as Client
from tests.hilos import en_paralelo, excepciones

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HILOS = 8
# What the services may answer a racing request: a refusal the person reads, never a crash.
NEGATIVAS = (services.NoPuedeIniciar, services.IntentoCerrado)


def copias(usuario, evaluacion, n=HILOS):
    """One learner and one quiz instance per thread, as each request would load its own."""
    return [
        (
            get_user_model().objects.get(pk=usuario.pk),
            Evaluacion.objects.select_related("curso", "modulo").get(pk=evaluacion.pk),
        )
        for _ in range(n)
    ]


@pytest.fixture
def evaluacion_de_dos(curso_y_modulos):
    """A required final quiz allowing two attempts, no wait between them."""
    curso, _ = curso_y_modulos
    return factories.evaluacion(curso, intentos_maximos=2)


@pytest.fixture
def aprendiz_inscrito(aprendiz, curso_y_modulos):
    cursos_services.inscripcion_crear(usuario=aprendiz, curso=curso_y_modulos[0])
    return aprendiz


# --- Starting --------------------------------------------------------------------------------


@pytest.mark.parametrize("ronda", range(3))
def test_inicios_simultaneos_crean_un_solo_intento(aprendiz_inscrito, evaluacion_de_dos, ronda):
    resultados = en_paralelo(
        [
            lambda u=u, e=e: services.intento_iniciar(usuario=u, evaluacion=e)
            for u, e in copias(aprendiz_inscrito, evaluacion_de_dos)
        ]
    )
    assert all(isinstance(e, services.NoPuedeIniciar) for e in excepciones(resultados))
    iniciados = [r for r in resultados if not isinstance(r, Exception)]
    assert iniciados, resultados
    unico = Intento.objects.get(usuario=aprendiz_inscrito, evaluacion=evaluacion_de_dos)
    assert unico.numero == 1
    assert unico.en_curso
    assert {intento.pk for intento, _ in iniciados} == {unico.pk}
    assert sum(1 for _, nuevo in iniciados if nuevo) == 1


def test_inicios_simultaneos_por_http_nunca_dan_error(aprendiz_inscrito, evaluacion_de_dos):
    """The same race through the view: every request is sent to the one attempt, no 500."""
    clientes = []
    for _ in range(HILOS):
        cliente = Client()
        cliente.force_login(aprendiz_inscrito)
        clientes.append(cliente)
    url = reverse("evaluaciones:iniciar", args=[evaluacion_de_dos.pk])
    respuestas = en_paralelo([lambda c=c: c.post(url) for c in clientes])
    assert not excepciones(respuestas), respuestas
    intento = Intento.objects.get(usuario=aprendiz_inscrito, evaluacion=evaluacion_de_dos)
    destino = reverse("evaluaciones:responder", args=[intento.pk])
    assert {(r.status_code, r["Location"]) for r in respuestas} == {(302, destino)}


def _iniciar_y_fallar(usuario, evaluacion):
    """One learner's request: start (or resume) an attempt and submit it with wrong answers."""
    try:
        intento, _ = services.intento_iniciar(usuario=usuario, evaluacion=evaluacion)
        return services.intento_entregar(
            usuario=usuario,
            intento_id=intento.pk,
            datos=factories.respuestas_incorrectas(intento),
        )
    except NEGATIVAS as exc:
        return exc


def test_el_limite_de_intentos_resiste_las_carreras(aprendiz_inscrito, evaluacion_de_dos):
    for _ in range(6):
        resultados = en_paralelo(
            [
                lambda u=u, e=e: _iniciar_y_fallar(u, e)
                for u, e in copias(aprendiz_inscrito, evaluacion_de_dos)
            ]
        )
        inesperadas = [e for e in excepciones(resultados) if not isinstance(e, NEGATIVAS)]
        assert not inesperadas, inesperadas
        intentos = Intento.objects.filter(usuario=aprendiz_inscrito, evaluacion=evaluacion_de_dos)
        assert intentos.count() <= 2
        assert not intentos.filter(estado=EstadoIntento.EN_CURSO).exists()
    numeros = Intento.objects.filter(usuario=aprendiz_inscrito, evaluacion=evaluacion_de_dos)
    assert sorted(numeros.values_list("numero", flat=True)) == [1, 2]
    assert set(numeros.values_list("estado", flat=True)) == {EstadoIntento.ENTREGADO}


def test_inicios_simultaneos_justo_despues_de_entregar(aprendiz_inscrito, evaluacion_de_dos):
    def iniciar_todos():
        return en_paralelo(
            [
                lambda u=u, e=e: services.intento_iniciar(usuario=u, evaluacion=e)
                for u, e in copias(aprendiz_inscrito, evaluacion_de_dos)
            ]
        )

    primero, _ = services.intento_iniciar(usuario=aprendiz_inscrito, evaluacion=evaluacion_de_dos)
    services.intento_entregar(
        usuario=aprendiz_inscrito,
        intento_id=primero.pk,
        datos=factories.respuestas_incorrectas(primero),
    )
    segundos = iniciar_todos()
    assert not excepciones(segundos), segundos
    assert len({intento.pk for intento, _ in segundos}) == 1
    assert sum(1 for _, nuevo in segundos if nuevo) == 1
    segundo = segundos[0][0]
    assert segundo.numero == 2
    services.intento_entregar(
        usuario=aprendiz_inscrito,
        intento_id=segundo.pk,
        datos=factories.respuestas_incorrectas(segundo),
    )
    terceros = iniciar_todos()
    assert all(isinstance(r, services.NoPuedeIniciar) for r in terceros), terceros
    assert (
        Intento.objects.filter(usuario=aprendiz_inscrito, evaluacion=evaluacion_de_dos).count() == 2
    )


# --- Submitting ------------------------------------------------------------------------------


def test_entregas_simultaneas_identicas_califican_una_vez(aprendiz_inscrito, evaluacion_de_dos):
    intento, _ = services.intento_iniciar(usuario=aprendiz_inscrito, evaluacion=evaluacion_de_dos)
    datos = factories.respuestas_correctas(intento)
    resultados = en_paralelo(
        [
            lambda: services.intento_entregar(
                usuario=aprendiz_inscrito, intento_id=intento.pk, datos=datos
            )
            for _ in range(HILOS)
        ]
    )
    assert not excepciones(resultados), resultados
    assert sum(1 for _, calificado in resultados if calificado) == 1
    intento.refresh_from_db()
    assert intento.estado == EstadoIntento.ENTREGADO
    assert intento.porcentaje == 100
    # Each call stamps its own clock: one single stamp means it was graded only once.
    assert {r.entregado_en for r, _ in resultados} == {intento.entregado_en}


def test_entregas_simultaneas_distintas_gana_una_y_las_demas_se_rechazan(
    aprendiz_inscrito, evaluacion_de_dos
):
    intento, _ = services.intento_iniciar(usuario=aprendiz_inscrito, evaluacion=evaluacion_de_dos)
    por_pregunta = [
        [(f"pregunta-{p['clave']}", o["clave"]) for o in p["opciones"]] for p in intento.preguntas
    ]
    envios = [
        {campo: [opcion] for campo, opcion in combinacion}
        for combinacion in itertools.islice(itertools.product(*por_pregunta), HILOS)
    ]
    assert len(envios) == HILOS
    resultados = en_paralelo(
        [
            lambda d=d: services.intento_entregar(
                usuario=aprendiz_inscrito, intento_id=intento.pk, datos=d
            )
            for d in envios
        ]
    )
    rechazos = excepciones(resultados)
    assert all(isinstance(e, services.IntentoCerrado) for e in rechazos), rechazos
    ganadores = [i for i, r in enumerate(resultados) if not isinstance(r, Exception)]
    assert len(ganadores) == 1
    assert len(rechazos) == HILOS - 1
    ganador, calificado = resultados[ganadores[0]]
    assert calificado
    intento.refresh_from_db()
    assert intento.entregado_en == ganador.entregado_en
    assert intento.respuestas == {
        campo.removeprefix("pregunta-"): opciones
        for campo, opciones in envios[ganadores[0]].items()
    }


# --- Completing the course -------------------------------------------------------------------


def _curso_a_un_paso(catalogo):
    """A learner with two of three modules done and an attempt at the final quiz open."""
    curso, modulos = factories.curso_con_modulos(3, catalogo=catalogo)
    evaluacion = factories.evaluacion(curso)
    usuario = factories.participante()
    inscripcion, _ = cursos_services.inscripcion_crear(usuario=usuario, curso=curso)
    for modulo in modulos[:2]:
        cursos_services.modulo_completar(usuario=usuario, modulo=modulo)
    intento, _ = services.intento_iniciar(usuario=usuario, evaluacion=evaluacion)
    return usuario, inscripcion, modulos[2], intento


@pytest.mark.parametrize("ronda", range(5))
def test_ultimo_modulo_y_evaluacion_aprobada_a_la_vez_completan_el_curso(catalogo, ronda):
    usuario, inscripcion, ultimo, intento = _curso_a_un_paso(catalogo)
    datos = factories.respuestas_correctas(intento)
    resultados = en_paralelo(
        [
            lambda: cursos_services.modulo_completar(usuario=usuario, modulo=ultimo),
            lambda: services.intento_entregar(usuario=usuario, intento_id=intento.pk, datos=datos),
        ]
    )
    assert not excepciones(resultados), resultados
    assert resultados[1][0].aprobado
    inscripcion.refresh_from_db()
    assert inscripcion.completado_en is not None


@pytest.mark.parametrize("rival_hace", ["evaluacion", "modulo"])
def test_la_completitud_espera_a_la_otra_mitad(catalogo, rival_hace):
    """Deterministic replay of the race above.

    A rival request has done one half (passed the quiz, or finished the last module) without
    committing yet, holding the enrolment row as the services do. The other half, done
    meanwhile, must wait for that lock and then see both halves; deciding without waiting
    would see only its own and the course would never complete.
    """
    usuario, inscripcion, ultimo, intento = _curso_a_un_paso(catalogo)
    datos = factories.respuestas_correctas(intento)

    def aprobar():
        services.intento_entregar(usuario=usuario, intento_id=intento.pk, datos=datos)

    def terminar_modulo():
        cursos_services.modulo_completar(usuario=usuario, modulo=ultimo)

    mitad_rival, otra_mitad = (
        (aprobar, terminar_modulo) if rival_hace == "evaluacion" else (terminar_modulo, aprobar)
    )
    esperaba = hilos.espera_el_candado(
        inscripcion=inscripcion, rival=mitad_rival, trabajo=otra_mitad
    )
    assert esperaba, "the completion was decided without waiting for the enrolment's row lock"
    inscripcion.refresh_from_db()
    assert inscripcion.completado_en is not None


# --- The constraints on their own ------------------------------------------------------------


def _intento_directo(inscripcion, evaluacion, numero, *, entregado=False):
    """An attempt written straight to the table, skipping the service and its lock."""
    ahora = timezone.now()
    return Intento.objects.create(
        usuario=inscripcion.usuario,
        evaluacion=evaluacion,
        inscripcion=inscripcion,
        numero=numero,
        intentos_permitidos=evaluacion.intentos_maximos,
        iniciado_en=ahora - timedelta(minutes=5),
        porcentaje_aprobatorio=evaluacion.porcentaje_aprobatorio,
        preguntas=[],
        puntaje_maximo=3,
        estado=EstadoIntento.ENTREGADO if entregado else EstadoIntento.EN_CURSO,
        entregado_en=ahora if entregado else None,
        porcentaje=0 if entregado else None,
        puntaje=0 if entregado else None,
        aprobado=False if entregado else None,
    )


@pytest.fixture
def inscripcion(aprendiz_inscrito, curso_y_modulos):
    return Inscripcion.objects.select_related("usuario").get(
        usuario=aprendiz_inscrito, curso=curso_y_modulos[0]
    )


def test_la_base_rechaza_un_segundo_intento_en_curso(inscripcion, evaluacion_de_dos):
    _intento_directo(inscripcion, evaluacion_de_dos, 1)
    with pytest.raises(IntegrityError, match="intento_uno_en_curso"), transaction.atomic():
        _intento_directo(inscripcion, evaluacion_de_dos, 2)


def test_la_base_rechaza_un_numero_repetido(inscripcion, evaluacion_de_dos):
    _intento_directo(inscripcion, evaluacion_de_dos, 1, entregado=True)
    with pytest.raises(IntegrityError, match="intento_numero_unico"), transaction.atomic():
        _intento_directo(inscripcion, evaluacion_de_dos, 1)


def test_la_base_rechaza_un_intento_mas_alla_del_limite(inscripcion, evaluacion_de_dos):
    _intento_directo(inscripcion, evaluacion_de_dos, 1, entregado=True)
    _intento_directo(inscripcion, evaluacion_de_dos, 2, entregado=True)
    with pytest.raises(IntegrityError, match="intento_dentro_del_limite"), transaction.atomic():
        _intento_directo(inscripcion, evaluacion_de_dos, 3, entregado=True)
    assert Intento.objects.count() == 2


def test_sin_candado_las_restricciones_dejan_un_solo_intento_en_curso(
    inscripcion, evaluacion_de_dos
):
    """Inserts racing with no lock at all (two attempt numbers): one in-progress row survives."""
    resultados = en_paralelo(
        [
            lambda n=n: _intento_directo(inscripcion, evaluacion_de_dos, n % 2 + 1)
            for n in range(HILOS)
        ]
    )
    fallos = excepciones(resultados)
    assert len(fallos) == HILOS - 1
    assert all(isinstance(e, IntegrityError) for e in fallos), fallos
    assert Intento.objects.filter(estado=EstadoIntento.EN_CURSO).count() == 1


def test_sin_candado_las_restricciones_respetan_el_limite(inscripcion, evaluacion_de_dos):
    """Finished attempts numbered 1 to 3, each twice or more, inserted at once with no lock:
    one attempt 1 and one attempt 2 fit, never a third."""
    resultados = en_paralelo(
        [
            lambda n=n: _intento_directo(inscripcion, evaluacion_de_dos, n % 3 + 1, entregado=True)
            for n in range(HILOS)
        ]
    )
    fallos = excepciones(resultados)
    assert all(isinstance(e, IntegrityError) for e in fallos), fallos
    assert sorted(Intento.objects.values_list("numero", flat=True)) == [1, 2]
