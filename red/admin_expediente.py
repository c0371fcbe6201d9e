"""Admin views of a participant's record: the page (printable) and the same record as one PDF.

For staff who hold ``red.ver_cifras_red`` (Coordinación, and the municipal liaisons), within
their scope: a liaison who asks for another municipality's participant gets a 404, the same as
for one who does not exist, so the answer tells nobody who is registered where. Staff without
the permission get a 403 that says so; people without access to the admin are sent to its
login by Wagtail.
"""

from __future__ import annotations

import atexit
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from cursos import acceso
from cursos.acceso import DetalleConDatosPersonalesMixin
from red import expediente

PERMISO = "red.ver_cifras_red"
# The PDF is an export of the record, logged as every other (cursos.acceso).
ACCION_PDF = acceso.ACCION_EXPORTAR
PLANTILLA_PDF = "red/expediente/pdf.html"
HOJA_PDF = "red/expediente/pdf.css"
# The certificates' typeface (SIL OFL), so the record prints like the documents it lists.
FUENTES = {
    (400, "normal"): "certificados/pdf/fuentes/Lato-Regular.ttf",
    (400, "italic"): "certificados/pdf/fuentes/Lato-Italic.ttf",
    (700, "normal"): "certificados/pdf/fuentes/Lato-Bold.ttf",
}


def sin_permiso(request):
    return TemplateResponse(
        request,
        "red/expediente/sin_permiso.html",
        {"page_title": _("Sin permiso"), "header_title": _("Sin permiso")},
        status=403,
    )


def url_o_vacio(nombre: str, *args) -> str:
    """The admin URL if that part of the admin is installed, else ``""`` (no link)."""
    try:
        return reverse(nombre, args=args)
    except NoReverseMatch:
        return ""


class ExpedienteMixin:
    """Permission, scope and the record, shared by the page and the PDF."""

    http_method_names = ["get", "head"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISO):
            return sin_permiso(request)
        return super().dispatch(request, *args, **kwargs)

    def http_method_not_allowed(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(
            self._allowed_methods(),
            content=_("Esta dirección solo se consulta: usa los enlaces del administrador."),
            content_type="text/plain; charset=utf-8",
        )

    @cached_property
    def participante(self):
        participante = expediente.participante_visible(
            usuario=self.request.user, pk=self.kwargs["participante_pk"]
        )
        if participante is None:
            raise Http404(_("No hay un participante con ese número a tu alcance."))
        return participante

    def contexto_expediente(self, *, para_pdf: bool) -> dict:
        registro = expediente.expediente_de(participante=self.participante)
        participante = self.participante
        return {
            "expediente": registro,
            "participante": participante,
            "para_pdf": para_pdf,
            "zona": timezone.get_default_timezone_name(),
            "generado": timezone.now(),
            "url_municipio": ""
            if para_pdf
            else url_o_vacio("red_reportes:municipio", participante.municipio_id),
        }


class ExpedienteView(
    DetalleConDatosPersonalesMixin, ExpedienteMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "red/expediente/detalle.html"
    page_title = gettext_lazy("Expediente")
    header_icon = "user"

    def get_page_subtitle(self):
        return self.participante.nombre_completo

    def objeto_consultado(self):
        return self.participante

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        listado = url_o_vacio("aprendizaje_participantes:index")
        if listado and self.request.user.has_perm("cursos.view_participante"):
            items.append({"url": listado, "label": _("Participantes")})
        items.append(
            {
                "url": "",
                "label": _("Expediente"),
                "sublabel": self.participante.nombre_completo,
            }
        )
        return items

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Descargar PDF"),
                url=reverse("red_expediente:pdf", args=[self.participante.pk]),
                icon_name="download",
            )
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.contexto_expediente(para_pdf=False))
        return context


class ExpedientePdfView(ExpedienteMixin, View):
    """The record as one PDF, rendered by WeasyPrint from a template of the same content."""

    def get(self, request, participante_pk):
        participante = self.participante
        contexto = self.contexto_expediente(para_pdf=True)
        pdf = pdf_de_expediente(contexto)
        acceso.registrar_acceso(
            request,
            accion=ACCION_PDF,
            puerta=_("Expediente en PDF"),
            objeto=participante,
            formato="pdf",
        )
        nombre = f"expediente-{slugify(participante.nombre_completo) or participante.pk}.pdf"
        respuesta = HttpResponse(pdf, content_type="application/pdf")
        respuesta["Content-Disposition"] = content_disposition_header(True, nombre)
        respuesta["X-Content-Type-Options"] = "nosniff"
        # Personal data: no shared cache keeps it, the browser does not store it.
        add_never_cache_headers(respuesta)
        respuesta["Cache-Control"] += ", private"
        return respuesta


# --- PDF ----------------------------------------------------------------------------------


def _estatico(nombre: str) -> Path:
    ruta = finders.find(nombre)
    if not ruta:
        raise FileNotFoundError(nombre)
    return Path(ruta).resolve()


def _buscador_seguro(permitidos: set[Path]):
    """WeasyPrint's URL fetcher limited to ``data:`` URIs and the files in ``permitidos``.

    The record prints names, agencies and positions people typed themselves; templates escape
    them, and even so nothing the document could name is fetched from the network or read
    from disk beyond the fonts and the stylesheet."""
    from weasyprint.urls import URLFetcher

    uris = {p.as_uri() for p in permitidos}

    class BuscadorSeguro(URLFetcher):
        def fetch(self, url, headers=None):
            if url.lower().startswith("file:") and url.split("?")[0] not in uris:
                raise ValueError(f"Archivo no permitido en el expediente: {url}")
            return super().fetch(url, headers)

    return BuscadorSeguro(allowed_protocols={"data", "file"}, allow_redirects=False)


@cache
def _weasy():
    """The stylesheet (with the fonts), the font configuration and the fetcher, built once
    per process: parsing them is most of what a second PDF would repeat."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fuentes_rutas = {clave: _estatico(nombre) for clave, nombre in FUENTES.items()}
    hoja_ruta = _estatico(HOJA_PDF)
    buscador = _buscador_seguro({hoja_ruta, *fuentes_rutas.values()})
    caras = "\n".join(
        f'@font-face {{ font-family: "Lato"; font-weight: {peso}; font-style: {estilo}; '
        f'src: url("{ruta.as_uri()}"); }}'
        for (peso, estilo), ruta in fuentes_rutas.items()
    )
    fuentes = FontConfiguration()
    hojas = [
        CSS(string=caras, font_config=fuentes, url_fetcher=buscador),
        CSS(filename=str(hoja_ruta), font_config=fuentes, url_fetcher=buscador),
    ]
    atexit.register(_weasy.cache_clear)  # let WeasyPrint drop its font folder in time
    return hojas, fuentes, buscador, hoja_ruta.parent.as_uri() + "/"


def html_de_expediente(contexto: dict) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(PLANTILLA_PDF, contexto)


def pdf_de_expediente(contexto: dict) -> bytes:
    from weasyprint import HTML

    hojas, fuentes, buscador, base = _weasy()
    documento = HTML(string=html_de_expediente(contexto), base_url=base, url_fetcher=buscador)
    return documento.write_pdf(stylesheets=hojas, font_config=fuentes)
