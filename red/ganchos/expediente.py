"""Wagtail hooks: each participant's record (expediente) in the admin, as a page and a PDF.

Wagtail 8 offers listing-button hooks for pages, snippets and users, not for the generic
``ModelViewSet`` that lists participants in ``cursos``; and ``cursos`` may not import ``red``.
So the record is reached from the Red's reports and by its address, not from a button there.
"""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from red.admin_expediente import ACCION_PDF, ExpedientePdfView, ExpedienteView


@hooks.register("register_admin_urls")
def registrar_urls_de_expediente():
    urls = [
        path("<int:participante_pk>/", ExpedienteView.as_view(), name="detalle"),
        path("<int:participante_pk>/pdf/", ExpedientePdfView.as_view(), name="pdf"),
    ]
    return [
        path(
            "red/expedientes/",
            include((urls, "red_expediente"), namespace="red_expediente"),
        )
    ]


@hooks.register("register_log_actions")
def acciones_del_historial(actions):
    actions.register_action(
        ACCION_PDF, _("Descargar expediente en PDF"), _("Expediente descargado en PDF")
    )
