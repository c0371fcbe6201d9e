"""Wagtail hooks: each participant's record (expediente) in the admin, as a page and a PDF.

Wagtail 8 offers listing-button hooks for pages, snippets and users, not for the generic
``ModelViewSet`` that lists participants in ``cursos``; and ``cursos`` may not import ``red``.
So ``cursos`` offers a hook of its own (``cursos_participante_botones``), answered below with
an «Expediente» button on the participants' listing and inspect page.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from cursos.viewsets import HOOK_PARTICIPANTE_BOTONES
from red.admin_expediente import PERMISO, ExpedientePdfView, ExpedienteView


@hooks.register("register_admin_urls")
def registrar_urls_de_expediente():
    urls = [
        path("<id:participante_pk>/", ExpedienteView.as_view(), name="detalle"),
        path("<id:participante_pk>/pdf/", ExpedientePdfView.as_view(), name="pdf"),
    ]
    return [
        path(
            "red/expedientes/",
            include((urls, "red_expediente"), namespace="red_expediente"),
        )
    ]


@hooks.register(HOOK_PARTICIPANTE_BOTONES)
def boton_de_expediente(*, participante, usuario):
    """«Expediente» on the participants' listing and inspect page, for whoever may read
    records (the listing is already narrowed to the liaison's municipalities). No query:
    the permission check is cached on the user, ``reverse`` reads no table."""
    if not usuario.has_perm(PERMISO):
        return []
    return [
        ListingButton(
            _("Expediente"),
            url=reverse("red_expediente:detalle", args=[participante.pk]),
            icon_name="user",
            attrs={"aria-label": _("Expediente de %(nombre)s") % {"nombre": str(participante)}},
            priority=20,
        )
    ]
