"""Read-side queries of quizzes for the learner's pages and for the course's progress."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cursos.selectors import Actividad
from cursos.templatetags.cursos_tags import porcentaje as porcentaje_texto
from evaluaciones import reglas
from evaluaciones.models import EstadoIntento, Evaluacion, Intento


def evaluaciones_publicadas():
    """Published quizzes of published courses (and, for module quizzes, published modules)."""
    return Evaluacion.objects.filter(live=True, curso__live=True).filter(
        Q(modulo__isnull=True) | Q(modulo__live=True)
    )


def _previos_por_evaluacion(usuario, ids) -> dict[int, list[reglas.IntentoPrevio]]:
    previos: dict[int, list[reglas.IntentoPrevio]] = defaultdict(list)
    if not usuario.is_authenticated or not ids:
        return previos
    for evaluacion_id, entregado_en, porcentaje, aprobado in (
        Intento.objects.filter(usuario=usuario, evaluacion_id__in=ids)
        .exclude(estado=EstadoIntento.EN_CURSO)
        .order_by("numero")
        .values_list("evaluacion_id", "entregado_en", "porcentaje", "aprobado")
    ):
        previos[evaluacion_id].append(
            reglas.IntentoPrevio(
                entregado_en=entregado_en, porcentaje=porcentaje, aprobado=aprobado
            )
        )
    return previos


def previos(*, usuario, evaluacion: Evaluacion) -> list[reglas.IntentoPrevio]:
    """The learner's finished attempts at the quiz, oldest first, as the rules read them."""
    return _previos_por_evaluacion(usuario, [evaluacion.pk])[evaluacion.pk]


def estado_de(*, usuario, evaluacion: Evaluacion, ahora: datetime) -> reglas.EstadoEvaluacion:
    anteriores = previos(usuario=usuario, evaluacion=evaluacion)
    return reglas.estado_evaluacion(reglas.Reglas.de(evaluacion), anteriores, ahora)


def _porcentaje(valor) -> str:
    """69.6 stays 69.6 (never rounded up to a passing-looking 70); 100.00 reads 100; 12.50
    reads 12.5: the one format of every page (``cursos_tags.porcentaje``)."""
    return porcentaje_texto(valor)


def actividades(*, usuario, cursos) -> dict[int, list[Actividad]]:
    """The quizzes of ``cursos`` as course activities, in two queries whatever their number.

    A required quiz is accomplished when it counts as passed under its grading method.
    """
    evaluaciones = list(
        evaluaciones_publicadas()
        .filter(curso__in=[c.pk for c in cursos])
        # What the activity and the rules read: not the module's page (its body is large).
        .only(
            "pk",
            "titulo",
            "curso_id",
            "modulo_id",
            "obligatoria",
            "intentos_maximos",
            "espera_minutos",
            "metodo_calificacion",
            "revision",
        )
        .order_by("curso_id", "modulo__path", "pk")
    )
    previos = _previos_por_evaluacion(usuario, [e.pk for e in evaluaciones])
    ahora = timezone.now()
    resultado: dict[int, list[Actividad]] = defaultdict(list)
    for evaluacion in evaluaciones:
        estado = reglas.estado_evaluacion(
            reglas.Reglas.de(evaluacion), previos[evaluacion.pk], ahora
        )
        if estado.aprobada:
            texto = _("Aprobada con %(pct)s %%") % {"pct": _porcentaje(estado.porcentaje)}
        elif estado.intentos_usados:
            texto = _("No aprobada todavía (%(pct)s %%)") % {"pct": _porcentaje(estado.porcentaje)}
        else:
            texto = _("Pendiente")
        resultado[evaluacion.curso_id].append(
            Actividad(
                titulo=evaluacion.titulo,
                url=reverse("evaluaciones:detalle", args=[evaluacion.pk]),
                obligatoria=evaluacion.obligatoria,
                cumplida=estado.aprobada,
                disponible=estado.puede_iniciar,
                estado=texto,
                modulo_id=evaluacion.modulo_id,
                porcentaje=estado.porcentaje,
            )
        )
    return resultado


def intentos_de(*, usuario, evaluacion: Evaluacion) -> list[Intento]:
    """The learner's attempts at the quiz, newest first, without their snapshots."""
    return list(
        Intento.objects.filter(usuario=usuario, evaluacion=evaluacion)
        .defer("preguntas", "respuestas", "resultado")
        .order_by("-numero")
    )


def pagina_tiene_evaluaciones(*, pagina) -> bool:
    """Whether a quiz hangs from ``pagina`` or any page below it."""
    return Evaluacion.objects.filter(
        Q(curso__path__startswith=pagina.path) | Q(modulo__path__startswith=pagina.path)
    ).exists()


def modulo_tiene_evaluacion(*, pagina) -> bool:
    return Evaluacion.objects.filter(modulo_id=pagina.pk).exists()
