"""The rules of a quiz for one learner, as pure functions over their previous attempts.

Who may start another attempt, whether the quiz counts as passed and when the correct answers
may be shown are decided here, without the ORM or the clock, so the services (which enforce
them under a lock) and the pages (which explain them) read the same answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from evaluaciones import calificacion

# The attempt form is submitted by the browser when time runs out; this covers the trip and
# browsers that throttle timers in background tabs to about one tick a minute.
GRACIA_ENTREGA = timedelta(seconds=60)


@dataclass(frozen=True)
class Reglas:
    intentos_maximos: int | None
    espera_minutos: int
    metodo_calificacion: str
    revision: str

    @classmethod
    def de(cls, evaluacion) -> Reglas:
        return cls(
            intentos_maximos=evaluacion.intentos_maximos,
            espera_minutos=evaluacion.espera_minutos,
            metodo_calificacion=evaluacion.metodo_calificacion,
            revision=evaluacion.revision,
        )


@dataclass(frozen=True)
class IntentoPrevio:
    """What the rules need to know of a finished attempt."""

    entregado_en: datetime
    porcentaje: Decimal
    aprobado: bool


@dataclass(frozen=True)
class EstadoEvaluacion:
    intentos_usados: int
    intentos_restantes: int | None
    porcentaje: Decimal | None
    aprobada: bool
    puede_iniciar: bool
    motivo: str = ""
    disponible_en: datetime | None = None

    @property
    def terminada(self) -> bool:
        """No further attempt will ever be allowed (a wait does not count)."""
        return not self.puede_iniciar and self.disponible_en is None


def estado_evaluacion(
    reglas: Reglas, previos: Sequence[IntentoPrevio], ahora: datetime
) -> EstadoEvaluacion:
    """Where a learner stands in a quiz, given their finished attempts, oldest first."""
    usados = len(previos)
    restantes = (
        None if reglas.intentos_maximos is None else max(0, reglas.intentos_maximos - usados)
    )
    porcentaje = calificacion.porcentaje_final(
        [p.porcentaje for p in previos], reglas.metodo_calificacion
    )
    if reglas.metodo_calificacion == calificacion.ULTIMA:
        aprobada = bool(previos) and previos[-1].aprobado
    else:
        aprobada = any(p.aprobado for p in previos)
    base = {
        "intentos_usados": usados,
        "intentos_restantes": restantes,
        "porcentaje": porcentaje,
        "aprobada": aprobada,
    }
    if aprobada and reglas.metodo_calificacion == calificacion.ULTIMA:
        return EstadoEvaluacion(
            **base,
            puede_iniciar=False,
            motivo=_("Ya aprobaste esta evaluación; cuenta tu último intento."),
        )
    if restantes == 0:
        return EstadoEvaluacion(
            **base,
            puede_iniciar=False,
            motivo=ngettext(
                "Ya usaste tu único intento.",
                "Ya usaste los %(n)d intentos permitidos.",
                reglas.intentos_maximos,
            )
            % {"n": reglas.intentos_maximos},
        )
    if previos and reglas.espera_minutos:
        disponible_en = previos[-1].entregado_en + timedelta(minutes=reglas.espera_minutos)
        if disponible_en > ahora:
            return EstadoEvaluacion(
                **base,
                puede_iniciar=False,
                motivo=_("Podrás hacer otro intento después de la espera indicada."),
                disponible_en=disponible_en,
            )
    return EstadoEvaluacion(**base, puede_iniciar=True)


def revision_permitida(reglas: Reglas, estado: EstadoEvaluacion) -> bool:
    """Whether the learner may now see correct answers and feedback of their finished attempts."""
    if reglas.revision == "inmediata":
        return True
    if reglas.revision == "al_aprobar":
        return estado.aprobada
    if reglas.revision == "al_terminar":
        return estado.terminada
    return False


MINIMO_PARA_PATRON = 3
"""With fewer questions a repeated position is chance, not a pattern worth a warning."""


def patron_adivinable(correctas_por_pregunta: Sequence[Sequence[int]]) -> str:
    """A warning for editors when the correct options sit where someone could guess them.

    ``correctas_por_pregunta`` holds, for each choice question as shown without shuffling,
    the positions (0-based) of its correct options. The pattern: every question (at least
    ``MINIMO_PARA_PATRON``) has its correct option(s) in the same place, or 80 % or more of
    five or more questions share one position. Empty string when no pattern shows.
    """
    preguntas = [tuple(sorted(p)) for p in correctas_por_pregunta if p]
    if len(preguntas) < MINIMO_PARA_PATRON:
        return ""
    if len(set(preguntas)) == 1:
        posiciones = ", ".join(str(p + 1) for p in preguntas[0])
        return _(
            "En todas las preguntas la respuesta correcta ocupa la posición %(posiciones)s: "
            "quien elija siempre esa opción aprueba sin saber. Activa «barajar opciones» o "
            "cambia el orden de las opciones."
        ) % {"posiciones": posiciones}
    cuenta: dict[int, int] = {}
    for pregunta in preguntas:
        for posicion in set(pregunta):
            cuenta[posicion] = cuenta.get(posicion, 0) + 1
    posicion, veces = max(cuenta.items(), key=lambda par: (par[1], -par[0]))
    if len(preguntas) >= 5 and veces * 5 >= len(preguntas) * 4:
        return _(
            "En %(veces)s de %(total)s preguntas la respuesta correcta ocupa la posición "
            "%(posicion)s: es fácil de adivinar. Activa «barajar opciones» o cambia el orden "
            "de las opciones."
        ) % {"veces": veces, "total": len(preguntas), "posicion": posicion + 1}
    return ""
