"""Grading as pure functions: no ORM, no clock, no randomness.

An attempt is graded from the snapshot of what was asked (``PreguntaCalificable``) and the
options the learner chose, so a quiz edited afterwards never changes a recorded result. The
property-based tests in ``tests/evaluaciones/test_calificacion.py`` hold these functions to
their promises: scores stay within 0..max, partial credit never exceeds a question's points,
and the order of the answers never changes the score.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

CENTESIMOS = Decimal("0.01")

UNICA = "unica"
MULTIPLE = "multiple"
VERDADERO_FALSO = "verdadero_falso"
TODO_O_NADA = "todo_o_nada"
PARCIAL = "parcial"

MAS_ALTA = "mas_alta"
ULTIMA = "ultima"


def redondear(valor: Decimal) -> Decimal:
    return valor.quantize(CENTESIMOS, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PreguntaCalificable:
    """What grading needs to know of a question: its options and which of them are correct."""

    clave: str
    tipo: str
    puntos: Decimal
    correctas: frozenset[str]
    opciones: frozenset[str]
    modo_multiple: str = TODO_O_NADA

    @classmethod
    def desde_instantanea(cls, datos: Mapping) -> PreguntaCalificable:
        """Build it from the JSON an attempt keeps (see ``Intento.preguntas``)."""
        return cls(
            clave=str(datos["clave"]),
            tipo=datos["tipo"],
            puntos=Decimal(str(datos["puntos"])),
            correctas=frozenset(o["clave"] for o in datos["opciones"] if o["correcta"]),
            opciones=frozenset(o["clave"] for o in datos["opciones"]),
            modo_multiple=datos.get("modo_multiple", TODO_O_NADA),
        )


@dataclass(frozen=True)
class ResultadoPregunta:
    clave: str
    obtenidos: Decimal
    puntos: Decimal

    @property
    def correcta(self) -> bool:
        return self.obtenidos == self.puntos

    @property
    def parcial(self) -> bool:
        return Decimal(0) < self.obtenidos < self.puntos


@dataclass(frozen=True)
class ResultadoIntento:
    obtenidos: Decimal
    maximo: Decimal
    porcentaje: Decimal
    aprobado: bool
    preguntas: tuple[ResultadoPregunta, ...]


def fraccion_de_credito(pregunta: PreguntaCalificable, elegidas: Collection[str]) -> Fraction:
    """The share of the question's points the chosen options earn, between 0 and 1, exactly.

    Single choice and true/false: all for the correct option, nothing otherwise. Multiple
    choice, all-or-nothing: all only for exactly the set of correct options. Multiple choice
    with partial credit: each correct option chosen adds 1/C and each incorrect one takes away
    1/I (C and I the numbers of correct and incorrect options), never below zero, so choosing
    every option earns nothing. Fractions, not Decimals: 1/3 - 1/6 must be exactly 1/6 for
    the rounding to cents to come out right.
    """
    elegidas = frozenset(elegidas) & pregunta.opciones
    if not elegidas:
        return Fraction(0)
    if pregunta.tipo != MULTIPLE or pregunta.modo_multiple == TODO_O_NADA:
        return Fraction(1) if elegidas == pregunta.correctas else Fraction(0)
    correctas = pregunta.correctas
    incorrectas = pregunta.opciones - correctas
    aciertos = Fraction(len(elegidas & correctas), len(correctas)) if correctas else Fraction(0)
    errores = Fraction(len(elegidas & incorrectas), len(incorrectas)) if incorrectas else 0
    return max(Fraction(0), min(Fraction(1), aciertos - errores))


def a_centavos(valor: Fraction) -> Decimal:
    """Round a non-negative exact value to cents, halves up."""
    centavos = (valor * 100 + Fraction(1, 2)).__floor__()
    return (Decimal(centavos) / 100).quantize(CENTESIMOS)


def calificar_pregunta(
    pregunta: PreguntaCalificable, elegidas: Collection[str]
) -> ResultadoPregunta:
    obtenidos = a_centavos(Fraction(pregunta.puntos) * fraccion_de_credito(pregunta, elegidas))
    return ResultadoPregunta(
        clave=pregunta.clave, obtenidos=min(obtenidos, pregunta.puntos), puntos=pregunta.puntos
    )


def calificar_intento(
    preguntas: Iterable[PreguntaCalificable],
    respuestas: Mapping[str, Collection[str]],
    porcentaje_aprobatorio: Decimal | int,
) -> ResultadoIntento:
    """Grade every question asked; an unanswered question earns nothing."""
    resultados = tuple(calificar_pregunta(p, respuestas.get(p.clave, ())) for p in preguntas)
    obtenidos = sum((r.obtenidos for r in resultados), Decimal(0))
    maximo = sum((r.puntos for r in resultados), Decimal(0))
    exacto = Fraction(obtenidos) * 100 / Fraction(maximo) if maximo else Fraction(0)
    porcentaje = a_centavos(exacto)
    return ResultadoIntento(
        obtenidos=obtenidos,
        maximo=maximo,
        porcentaje=porcentaje,
        # The exact share, not the rounded one: 69.995 % does not pass a 70 % bar.
        aprobado=exacto >= Fraction(porcentaje_aprobatorio),
        preguntas=resultados,
    )


def porcentaje_final(porcentajes_en_orden: Iterable[Decimal], metodo: str) -> Decimal | None:
    """The quiz's grade for a learner from their graded attempts, oldest first.

    ``mas_alta`` keeps the best attempt, ``ultima`` the latest. None when there is none.
    """
    porcentajes = list(porcentajes_en_orden)
    if not porcentajes:
        return None
    return max(porcentajes) if metodo == MAS_ALTA else porcentajes[-1]
