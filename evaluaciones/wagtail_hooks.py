"""Wagtail wiring of the quizzes: the snippets, the attempts' read-only policy, the reports."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from cursos.alcance import registrar_modelo
from cursos.viewsets import SoloLecturaPermissionPolicy
from evaluaciones import integracion  # noqa: F401  (registers the course-activity hook)
from evaluaciones.models import Intento
from evaluaciones.viewsets import (
    DetalleEvaluacionView,
    EvaluacionesViewSetGroup,
    IntentosPorParticipanteView,
    ReporteMenuItem,
    ResultadosPorEvaluacionView,
)

register_permission_policy(Intento, SoloLecturaPermissionPolicy(Intento))
registrar_modelo(Intento)  # its audit log, within each staff member's municipalities
register_snippet(EvaluacionesViewSetGroup)


@hooks.register("register_admin_urls")
def registrar_urls_de_reportes():
    urls = [
        path("", ResultadosPorEvaluacionView.as_view(), name="resultados"),
        path(
            "resultados/",
            ResultadosPorEvaluacionView.as_view(results_only=True),
            name="resultados_results",
        ),
        path("<id:pk>/", DetalleEvaluacionView.as_view(), name="detalle"),
        path(
            "<id:pk>/resultados/",
            DetalleEvaluacionView.as_view(results_only=True),
            name="detalle_results",
        ),
        path("intentos/", IntentosPorParticipanteView.as_view(), name="intentos"),
        path(
            "intentos/resultados/",
            IntentosPorParticipanteView.as_view(results_only=True),
            name="intentos_results",
        ),
    ]
    return [
        path(
            "reportes/evaluaciones/",
            include((urls, "evaluaciones_reportes"), namespace="evaluaciones_reportes"),
        )
    ]


@hooks.register("register_reports_menu_item")
def registrar_reporte_de_resultados():
    return ReporteMenuItem(
        _("Resultados por evaluación"),
        reverse("evaluaciones_reportes:resultados"),
        name="resultados-por-evaluacion",
        icon_name="tasks",
        order=1400,
    )


@hooks.register("register_reports_menu_item")
def registrar_reporte_de_intentos():
    return ReporteMenuItem(
        _("Intentos por participante"),
        reverse("evaluaciones_reportes:intentos"),
        name="intentos-por-participante",
        icon_name="user",
        order=1410,
    )
