"""Wagtail hooks of the Red's reports: their admin URLs under ``reportes/red/``, their items in
the Reports menu (shown only to who may see the Red's figures) and the dashboard panel."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from red.panel import PanelCifrasRed
from red.reportes import (
    CertificadosReporteView,
    EmbudoReporteView,
    MunicipioReporteView,
    MunicipiosReporteView,
    ParticipantesReporteView,
    puede_ver_cifras,
)


class ReporteRedMenuItem(MenuItem):
    def is_shown(self, request):
        return puede_ver_cifras(request.user)


def _listado(ruta: str, nombre: str, vista) -> list:
    return [
        path(ruta, vista.as_view(), name=nombre),
        path(f"{ruta}resultados/", vista.as_view(results_only=True), name=f"{nombre}_results"),
    ]


@hooks.register("register_admin_urls")
def registrar_urls_de_reportes_red():
    urls = [
        *_listado("participantes/", "participantes", ParticipantesReporteView),
        *_listado("avance/", "embudo", EmbudoReporteView),
        *_listado("certificados/", "certificados", CertificadosReporteView),
        *_listado("municipios/", "municipios", MunicipiosReporteView),
        path("municipios/<id:municipio_pk>/", MunicipioReporteView.as_view(), name="municipio"),
    ]
    return [path("reportes/red/", include((urls, "red_reportes"), namespace="red_reportes"))]


MENU = [
    ("red-municipios", _("Red: municipios"), "red_reportes:municipios", "site", 1300),
    ("red-participantes", _("Red: participantes"), "red_reportes:participantes", "user", 1310),
    ("red-avance", _("Red: avance por curso"), "red_reportes:embudo", "list-ol", 1320),
    (
        "red-certificados",
        _("Red: certificados"),
        "red_reportes:certificados",
        "doc-full-inverse",
        1330,
    ),
]


def _elemento(nombre, etiqueta, url_name, icono, orden):
    def registrar():
        return ReporteRedMenuItem(
            etiqueta, reverse(url_name), name=nombre, icon_name=icono, order=orden
        )

    registrar.__name__ = f"registrar_{nombre.replace('-', '_')}"
    return registrar


for _elemento_menu in MENU:
    hooks.register("register_reports_menu_item", _elemento(*_elemento_menu))


@hooks.register("construct_homepage_panels")
def panel_de_cifras_de_la_red(request, panels):
    if puede_ver_cifras(request.user):
        panels.append(PanelCifrasRed(request.user))
