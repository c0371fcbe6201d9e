"""Figures for the editors' reports on quizzes, read from the attempts' own records.

Every function takes a queryset of attempts already narrowed by the report's filters and reads
it once, with only the columns it needs, so a report page costs the same number of queries
with three attempts or three thousand. Per-question figures come from each attempt's snapshot
(``Intento.preguntas`` and ``Intento.resultado``), never from the bank as it is today: a
question edited since still counts as what the learners saw.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from evaluaciones.calificacion import redondear
from evaluaciones.models import EstadoIntento, Evaluacion, Intento


def intentos_finalizados() -> QuerySet[Intento]:
    """Attempts that were graded: handed in, or closed when their time ran out."""
    return Intento.objects.exclude(estado=EstadoIntento.EN_CURSO)


def porcentaje(parte: int, total: int) -> Decimal | None:
    return redondear(Decimal(parte) * 100 / total) if total else None


@dataclass
class ResultadoEvaluacion:
    """One row of «Resultados por evaluación»."""

    evaluacion_id: int
    titulo: str
    curso: str
    modulo: str
    intentos: int
    participantes: int
    promedio: Decimal | None
    mediana: Decimal | None
    intentos_aprobados: int
    participantes_aprobados: int

    @property
    def tasa_aprobacion_intentos(self) -> Decimal | None:
        """Share of the attempts that passed (%)."""
        return porcentaje(self.intentos_aprobados, self.intentos)

    @property
    def tasa_aprobacion_participantes(self) -> Decimal | None:
        """Share of the learners with at least one passing attempt among those counted (%)."""
        return porcentaje(self.participantes_aprobados, self.participantes)


def resultados_por_evaluacion(intentos: QuerySet[Intento]) -> list[ResultadoEvaluacion]:
    """Per quiz: attempts, learners, mean and median score and pass rates (two queries)."""
    porcentajes: dict[int, list[Decimal]] = {}
    participantes: dict[int, set[int]] = {}
    aprobados: dict[int, int] = {}
    participantes_aprobados: dict[int, set[int]] = {}
    filas = intentos.order_by().values_list("evaluacion_id", "usuario_id", "porcentaje", "aprobado")
    for evaluacion_id, usuario_id, valor, aprobado in filas:
        porcentajes.setdefault(evaluacion_id, []).append(valor)
        participantes.setdefault(evaluacion_id, set()).add(usuario_id)
        aprobados[evaluacion_id] = aprobados.get(evaluacion_id, 0) + bool(aprobado)
        if aprobado:
            participantes_aprobados.setdefault(evaluacion_id, set()).add(usuario_id)

    evaluaciones = Evaluacion.objects.filter(pk__in=porcentajes).select_related("curso", "modulo")
    resultados = []
    for evaluacion in evaluaciones:
        valores = porcentajes[evaluacion.pk]
        resultados.append(
            ResultadoEvaluacion(
                evaluacion_id=evaluacion.pk,
                titulo=evaluacion.titulo,
                curso=evaluacion.curso.title,
                modulo=evaluacion.modulo.title if evaluacion.modulo_id else "",
                intentos=len(valores),
                participantes=len(participantes[evaluacion.pk]),
                promedio=redondear(sum(valores, Decimal(0)) / len(valores)),
                mediana=redondear(Decimal(statistics.median(valores))),
                intentos_aprobados=aprobados[evaluacion.pk],
                participantes_aprobados=len(participantes_aprobados.get(evaluacion.pk, ())),
            )
        )
    resultados.sort(key=lambda r: (r.curso.casefold(), r.titulo.casefold(), r.evaluacion_id))
    return resultados


@dataclass
class ResultadoPregunta:
    """One row of a quiz's per-question detail: how often it was asked and answered right."""

    pregunta_id: int | None
    enunciado: str
    veces: int = 0
    aciertos: int = 0

    @property
    def porcentaje_aciertos(self) -> Decimal | None:
        """Share of the times asked that earned all of the question's points (%)."""
        return porcentaje(self.aciertos, self.veces)


def _acertada(resultado: dict | None) -> bool:
    if not resultado:
        return False
    return Decimal(str(resultado["obtenidos"])) == Decimal(str(resultado["puntos"]))


def resultados_por_pregunta(intentos: QuerySet[Intento]) -> list[ResultadoPregunta]:
    """Per question asked in ``intentos``, the worst answered first (one query).

    Questions are told apart by their bank id in the snapshot; the label is the wording of
    the most recent attempt that asked it.
    """
    por_pregunta: dict[object, ResultadoPregunta] = {}
    filas = intentos.order_by("entregado_en", "pk").values_list("preguntas", "resultado")
    for preguntas, resultado in filas:
        resultado = resultado or {}
        for pregunta in preguntas or []:
            pregunta_id = pregunta.get("pregunta_id")
            clave = pregunta_id if pregunta_id is not None else ("sin-id", pregunta["enunciado"])
            fila = por_pregunta.get(clave)
            if fila is None:
                fila = por_pregunta[clave] = ResultadoPregunta(pregunta_id, pregunta["enunciado"])
            fila.enunciado = pregunta["enunciado"]
            fila.veces += 1
            fila.aciertos += _acertada(resultado.get(str(pregunta["clave"])))
    filas_resultado = list(por_pregunta.values())
    filas_resultado.sort(
        key=lambda f: (f.porcentaje_aciertos, -f.veces, f.enunciado.casefold(), f.pregunta_id or 0)
    )
    return filas_resultado


@dataclass
class RespuestaLegible:
    """A question of an attempt as the learner saw it, with what they chose and earned."""

    enunciado: str
    opciones: list[dict] = field(default_factory=list)  # texto, correcta, elegida
    obtenidos: Decimal | None = None
    puntos: Decimal | None = None

    @property
    def elegidas(self) -> list[str]:
        return [o["texto"] for o in self.opciones if o["elegida"]]

    @property
    def acertada(self) -> bool:
        return self.obtenidos is not None and self.obtenidos == self.puntos


def respuestas_legibles(intento: Intento) -> list[RespuestaLegible]:
    """The attempt's questions in the order shown, with the options chosen (no query)."""
    respuestas = intento.respuestas or {}
    resultado = intento.resultado or {}
    legibles = []
    for pregunta in intento.preguntas or []:
        clave = str(pregunta["clave"])
        elegidas = {str(c) for c in respuestas.get(clave, ())}
        calificacion = resultado.get(clave)
        legibles.append(
            RespuestaLegible(
                enunciado=pregunta["enunciado"],
                opciones=[
                    {
                        "texto": o["texto"],
                        "correcta": bool(o.get("correcta")),
                        "elegida": str(o["clave"]) in elegidas,
                    }
                    for o in pregunta.get("opciones", ())
                ],
                obtenidos=Decimal(str(calificacion["obtenidos"])) if calificacion else None,
                puntos=Decimal(str(calificacion["puntos"])) if calificacion else None,
            )
        )
    return legibles


def respuestas_como_texto(intento: Intento) -> str:
    """The attempt's answers for a spreadsheet cell: one line per question.

    ``1. ¿Pregunta? → Opción A; Opción B``, or «(sin respuesta)» when nothing was chosen.
    """
    lineas = []
    for numero, respuesta in enumerate(respuestas_legibles(intento), start=1):
        elegidas = "; ".join(respuesta.elegidas) or _("(sin respuesta)")
        lineas.append(f"{numero}. {respuesta.enunciado} → {elegidas}")
    return "\n".join(lineas)
