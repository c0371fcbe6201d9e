"""Wagtail admin of certificates: templates and signatories for editors, certificates as a record.

Templates and signatories are snippets the editorial team writes (the template with a live
preview of the certificate, as HTML or as the PDF itself). Issued certificates are a read-only
record (``cursos.viewsets.RegistroSoloLecturaViewSet``): filterable, exportable, inspectable,
never edited or deleted. Revoking and re-issuing are admin actions of their own, behind the
``revocar_certificado`` permission, and go through ``certificados.services`` like every change.
The PDFs can be downloaded one by one or, for the filtered listing or the selected rows, in a
ZIP streamed as it is written.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import zipfile

import django_filters
from django.conf import settings
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.text import capfirst, get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import (
    BulkActionsCheckboxColumn,
    Column,
    StatusTagColumn,
    UpdatedAtColumn,
)
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.log_actions import LogFormatter
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from certificados import services
from certificados.codigos import CodigoInvalido, codigo_normalizar
from certificados.forms import ReemitirForm, RevocarForm
from certificados.models import Certificado, EstadoCertificado, Firmante, PlantillaCertificado
from certificados.views import respuesta_pdf
from cursos.acceso import ACCION_DESCARGAR, ACCION_EXPORTAR, registrar_acceso
from cursos.alcance import AlcanceMixin, acotar, filtro_municipio
from cursos.convertidores import ID_MAXIMO
from cursos.exportacion import fecha_hora_local, fecha_hora_para_exportar
from cursos.filtros import IdElegibleFilter
from cursos.models import CursoPage
from cursos.redireccion import destino_seguro
from cursos.services import ReglaIncumplida
from cursos.viewsets import (
    RegistroIndexView,
    RegistroInspectView,
    RegistroSoloLecturaViewSet,
    filtro_tipo_participante,
)

ZIP_MAXIMO = 2000
"""How many PDFs one ZIP may carry (``CERTIFICADOS_ZIP_MAXIMO`` overrides it)."""


def zip_maximo() -> int:
    return getattr(settings, "CERTIFICADOS_ZIP_MAXIMO", ZIP_MAXIMO)


# --- Shared pieces ------------------------------------------------------------------------


def participante_de(certificado: Certificado):
    return getattr(certificado.usuario, "participante", None)


def municipio_de(certificado: Certificado) -> str:
    """The municipality printed on the certificate, else the learner's current one."""
    municipio = certificado.datos.get("titular", {}).get("municipio")
    if municipio:
        return municipio
    participante = participante_de(certificado)
    return participante.municipio.nombre if participante else ""


def sucesor_folio(certificado: Certificado) -> str:
    sucesor = certificado.sucesor
    return sucesor.folio if sucesor else ""


def metodo_no_permitido(permitidos):
    return HttpResponseNotAllowed(
        permitidos,
        content=_("Esta dirección no acepta ese método: usa los botones del administrador."),
        content_type="text/plain; charset=utf-8",
    )


def sin_permiso(request):
    return TemplateResponse(
        request,
        "certificados/admin/sin_permiso.html",
        {"page_title": _("Sin permiso"), "header_title": _("Sin permiso")},
        status=403,
    )


class PermisoEstrictoMixin:
    """A 403 without the permission, not Wagtail's redirect to the dashboard: these addresses
    are reached through buttons shown only to who may use them, so anything else is a
    crafted request, and it is told so plainly."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return sin_permiso(request)


class SoloMetodosPermitidosMixin:
    """A 405 that says why in Spanish, rather than Django's empty one."""

    def http_method_not_allowed(self, request, *args, **kwargs):
        return metodo_no_permitido(self._allowed_methods())


# --- Templates and signatories (editors) --------------------------------------------------


class FirmanteViewSet(SnippetViewSet):
    model = Firmante
    icon = "user"
    menu_label = gettext_lazy("Firmantes")
    menu_name = "firmantes"
    list_display = ["nombre", "cargo", UpdatedAtColumn()]
    # Plain ORM search: a handful of rows, and the position is worth searching too.
    search_backend_name = None
    search_fields = ["nombre", "cargo"]


def curso_o_predeterminada(plantilla: PlantillaCertificado) -> str:
    if plantilla.curso_id:
        return plantilla.curso.title
    return _("Predeterminada (cursos sin plantilla)")


class PlantillaCertificadoViewSet(SnippetViewSet):
    model = PlantillaCertificado
    icon = "doc-full"
    menu_label = gettext_lazy("Plantillas")
    menu_name = "plantillas-de-certificado"
    list_display = [
        "nombre",
        Column(
            "curso",
            label=gettext_lazy("Curso"),
            accessor=curso_o_predeterminada,
            sort_key="curso__title",
        ),
        "titulo",
        UpdatedAtColumn(),
    ]
    search_backend_name = None
    search_fields = ["nombre", "titulo", "curso__title"]

    def get_queryset(self, request):
        return PlantillaCertificado.objects.select_related("curso")


# --- Issued certificates (a read-only record) ---------------------------------------------


class CertificadoFilterSet(WagtailFilterSet):
    curso = IdElegibleFilter(
        label=gettext_lazy("Curso"),
        field_name="curso",
        queryset=lambda request: CursoPage.objects.order_by("title"),
        empty_label=gettext_lazy("Todos los cursos"),
    )
    # Only the municipalities the user may see; a liaison's listing is narrowed to their
    # holders' current municipalities anyway (``cursos.alcance``).
    municipio = filtro_municipio(method="filtrar_municipio")
    tipo = filtro_tipo_participante()
    estado = django_filters.ChoiceFilter(
        label=gettext_lazy("Estado"),
        choices=EstadoCertificado.choices,
        empty_label=gettext_lazy("Todos"),
    )
    emitido_en = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Emitido entre"), field_name="emitido_en", widget=DateRangePickerWidget
    )

    class Meta:
        model = Certificado
        fields = ["curso", "municipio", "tipo", "estado", "emitido_en"]

    def filtrar_municipio(self, queryset, name, municipio):
        """The municipality the certificate was issued for, as the column shows it
        (``municipio_de``): the snapshot's, else the learner's current one. A learner who
        moved since keeps their certificates under the municipality printed on them."""
        return queryset.filter(
            Q(datos__titular__municipio=municipio.nombre)
            | (Q(datos__titular__municipio="") & Q(usuario__participante__municipio=municipio))
        )


EXPORTACION = {
    "folio": gettext_lazy("Folio"),
    "codigo": gettext_lazy("Código de verificación"),
    "titular": gettext_lazy("Titular"),
    "correo": gettext_lazy("Correo"),
    "municipio": gettext_lazy("Municipio"),
    "curso": gettext_lazy("Curso"),
    "estado": gettext_lazy("Estado"),
    "emitido_en": gettext_lazy("Emitido el (hora del centro de México)"),
    "revocado_en": gettext_lazy("Revocado el (hora del centro de México)"),
    "motivo_revocacion": gettext_lazy("Motivo de la revocación"),
    "reemplazado_por": gettext_lazy("Reemplazado por (folio)"),
    "sha256": gettext_lazy("SHA-256 del PDF"),
}


def fila_de_certificado(certificado: Certificado, campos) -> dict:
    valores = {
        "folio": lambda: certificado.folio,
        "codigo": lambda: certificado.codigo_legible,
        "titular": lambda: certificado.titular,
        "correo": lambda: certificado.usuario.email,
        "municipio": lambda: municipio_de(certificado),
        "curso": lambda: certificado.curso.title,
        "estado": lambda: certificado.get_estado_display(),
        "emitido_en": lambda: fecha_hora_para_exportar(certificado.emitido_en),
        "revocado_en": lambda: fecha_hora_para_exportar(certificado.revocado_en),
        "motivo_revocacion": lambda: certificado.motivo_revocacion,
        "reemplazado_por": lambda: sucesor_folio(certificado),
        "sha256": lambda: certificado.sha256,
    }
    return {campo: valores[campo]() for campo in campos}


class CertificadoIndexView(SoloMetodosPermitidosMixin, RegistroIndexView):
    """The listing: one query for the rows whatever their number, checkboxes for the bulk
    ZIP, and a header button that downloads the PDFs of what the filters let through."""

    zip_url_name = None
    pdf_url_name = None

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("curso", "usuario__participante__municipio", "reemplazado_por")
            .defer("credencial", "reemplazado_por__credencial", "reemplazado_por__datos")
        )

    def search_queryset(self, queryset):
        # By substring in the folio, the name on the certificate, the profile and the e-mail;
        # and a code as people write it (any case, with hyphens or without).
        if not self.is_searching:
            return queryset
        consulta = Q()
        for campo in self.search_fields:
            consulta |= Q(**{f"{campo}__icontains": self.search_query})
        with contextlib.suppress(CodigoInvalido):
            consulta |= Q(codigo=codigo_normalizar(self.search_query))
        return queryset.filter(consulta)

    @cached_property
    def columns(self):
        return [BulkActionsCheckboxColumn("bulk_actions", obj_type="certificado"), *super().columns]

    def _get_title_column(self, *args, **kwargs):
        return super()._get_title_column(
            *args, **kwargs, get_title_id=lambda c: f"certificado_{quote(c.pk)}_title"
        )

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            Button(
                _("Descargar PDF"),
                url=reverse(self.pdf_url_name, args=[quote(instance.pk)]),
                icon_name="download",
                priority=30,
            ),
        ]

    @property
    def zip_url(self) -> str:
        parametros = self.request.GET.copy()
        for clave in (self.page_kwarg, "export", "_w_filter_fragment"):
            parametros.pop(clave, None)
        url = reverse(self.zip_url_name)
        return f"{url}?{parametros.urlencode()}" if parametros else url

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Descargar ZIP"),
                url=self.zip_url,
                icon_name="download",
                attrs={"title": _("Los PDF de los certificados de esta lista, con sus filtros")},
            ),
        ]

    def to_row_dict(self, item):
        return fila_de_certificado(item, self.list_export)


class DescargarZipView(PermisoEstrictoMixin, CertificadoIndexView):
    """The PDFs of the filtered (and searched) listing, as one ZIP."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        regreso = reverse(self.index_url_name)
        if request.GET:
            regreso += "?" + request.GET.urlencode()
        if self.filters and not self.filters.is_valid():
            messages.error(request, _("Algún filtro no es válido: corrígelo y vuelve a intentar."))
            return redirect(regreso)
        respuesta = respuesta_zip(request, self.get_queryset(), regreso=regreso)
        if respuesta.status_code == 200:
            registrar_acceso(
                request,
                accion=ACCION_EXPORTAR,
                puerta=_("PDF de los certificados, en un ZIP"),
                modelo=Certificado,
                formato="zip",
            )
        return respuesta


class _Salida(io.RawIOBase):
    """A write-only, unseekable file: zipfile writes the archive into it and the response
    hands each piece on as soon as it is written, so no ZIP is held whole in memory."""

    def __init__(self):
        super().__init__()
        self._trozos: list[bytes] = []

    def writable(self):
        return True

    def write(self, datos):
        self._trozos.append(bytes(datos))
        return len(datos)

    def vaciar(self) -> bytes:
        datos = b"".join(self._trozos)
        self._trozos.clear()
        return datos


def nombre_en_zip(certificado: Certificado) -> str:
    return get_valid_filename(f"{certificado.folio}.pdf")


def _zip_en_trozos(certificados):
    salida = _Salida()
    with zipfile.ZipFile(salida, mode="w", compression=zipfile.ZIP_DEFLATED) as archivo:
        for certificado in certificados:
            if not certificado.listo:
                # Its background render has not run yet: render it now, through the service.
                services.certificado_generar_pdf(certificado=certificado)
            fecha = timezone.localtime(certificado.emitido_en, timezone.get_default_timezone())
            info = zipfile.ZipInfo(nombre_en_zip(certificado), date_time=fecha.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            with certificado.pdf.open("rb") as pdf, archivo.open(info, mode="w") as destino:
                shutil.copyfileobj(pdf, destino, 256 * 1024)
            yield salida.vaciar()
    yield salida.vaciar()


def respuesta_zip(request, certificados, *, regreso: str):
    """A streamed ZIP of the certificates' PDFs, named by folio; or, when there are none or
    more than ``zip_maximo()``, a Spanish message back at ``regreso``."""
    certificados = certificados.select_related(None).only("pk", "folio", "pdf", "emitido_en")
    total = certificados.count()
    if total == 0:
        messages.warning(request, _("No hay certificados que descargar con esta selección."))
        return redirect(regreso)
    maximo = zip_maximo()
    if total > maximo:
        messages.error(
            request,
            _(
                "La selección tiene %(total)s certificados y un ZIP admite hasta %(maximo)s. "
                "Acota la lista con los filtros (curso, municipio, estado o fechas) y descarga "
                "por partes."
            )
            % {
                "total": number_format(total, force_grouping=True),
                "maximo": number_format(maximo, force_grouping=True),
            },
        )
        return redirect(regreso)
    lista = list(certificados)  # at most zip_maximo() small rows: read before streaming
    marca = timezone.localtime(timezone.now(), timezone.get_default_timezone())
    respuesta = StreamingHttpResponse(_zip_en_trozos(lista), content_type="application/zip")
    nombre = f"certificados-{marca:%Y%m%d-%H%M}.zip"
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    respuesta["Cache-Control"] = "private, no-store"
    return respuesta


class DescargarZipBulkAction(BulkAction):
    """«Descargar ZIP» for the rows ticked in the listing (or all of it, with its filters)."""

    display_name = gettext_lazy("Descargar ZIP")
    action_type = "descargar-zip"
    aria_label = gettext_lazy("Descargar en un ZIP los PDF de los certificados seleccionados")
    models = [Certificado]
    action_priority = 10
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        if not policy_registry.get_by_type(Certificado).user_has_permission(request.user, "view"):
            return sin_permiso(request)
        ids = request.GET.getlist("id")
        if "all" in ids:
            # «Select all in listing» sends the listing's own filters: the filtered ZIP.
            parametros = request.GET.copy()
            for clave in ("id", "next", "childOf"):
                parametros.pop(clave, None)
            url = reverse("certificados_emitidos:zip")
            return redirect(f"{url}?{parametros.urlencode()}" if parametros else url)
        pks = [int(i) for i in ids if i.isascii() and i.isdigit() and int(i) <= ID_MAXIMO]
        # Another municipality's certificate among the ids is left out, as if it did not exist.
        certificados = acotar(Certificado.objects.filter(pk__in=pks), request.user)
        respuesta = respuesta_zip(
            request, certificados.order_by("folio"), regreso=destino_seguro(request, request.path)
        )
        if respuesta.status_code == 200:
            registrar_acceso(
                request,
                accion=ACCION_EXPORTAR,
                puerta=_("PDF de los certificados seleccionados, en un ZIP"),
                modelo=Certificado,
                formato="zip",
            )
        return respuesta

    def http_method_not_allowed(self, request, *args, **kwargs):
        return metodo_no_permitido(self._allowed_methods())


class CertificadoInspectView(RegistroInspectView):
    """Everything about one certificate: what it certifies (its frozen snapshot), its state,
    its file and where it is verified, with the actions staff may take on it."""

    inspect_url_name = None
    history_url_name = None
    pdf_url_name = None
    revocar_url_name = None
    reemitir_url_name = None

    def get_object(self, queryset=None):
        return self.objeto_visible(
            Certificado.objects.select_related(
                "curso", "plantilla", "usuario__participante__municipio", "reemplaza"
            ),
            pk=self.pk,
        )

    @cached_property
    def puede_revocar(self) -> bool:
        return self.user_has_permission("revocar")

    def url(self, nombre, certificado=None) -> str:
        return reverse(nombre, args=[quote((certificado or self.object).pk)])

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(_("Descargar PDF"), url=self.url(self.pdf_url_name), icon_name="download")
        ]

    @cached_property
    def header_more_buttons(self):
        botones = list(super().header_more_buttons)
        if self.puede_revocar and self.object.reemitible:
            botones.append(
                Button(
                    _("Reemitir"),
                    url=self.url(self.reemitir_url_name),
                    icon_name="resubmit",
                    priority=30,
                )
            )
        if self.puede_revocar and self.object.vigente:
            botones.append(
                Button(
                    _("Revocar"),
                    url=self.url(self.revocar_url_name),
                    icon_name="cross",
                    priority=40,
                )
            )
        botones.append(
            Button(
                _("Historial"),
                url=self.url(self.history_url_name),
                icon_name="history",
                priority=50,
            )
        )
        return botones

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificado = self.object
        participante = participante_de(certificado)
        sucesor = certificado.sucesor
        context.update(
            {
                "datos": certificado.datos,
                "municipio": municipio_de(certificado),
                "participante": participante,
                "nombre_en_perfil": participante.nombre_completo if participante else "",
                "completado": date_format(parse_date(certificado.datos["completado"]), "d/m/Y"),
                "emitido_en": fecha_hora_local(certificado.emitido_en),
                "revocado_en": fecha_hora_local(certificado.revocado_en),
                "pdf_generado_en": fecha_hora_local(certificado.pdf_generado_en),
                "url_verificacion": certificado.credencial["credencial"].get("verificacion")
                or self.request.build_absolute_uri(certificado.get_absolute_url()),
                "url_pdf": self.url(self.pdf_url_name),
                "url_historial": self.url(self.history_url_name),
                "url_revocar": self.url(self.revocar_url_name) if self.puede_revocar else "",
                "url_reemitir": self.url(self.reemitir_url_name) if self.puede_revocar else "",
                "sucesor": sucesor,
                "url_sucesor": self.url(self.inspect_url_name, sucesor) if sucesor else "",
                "url_anterior": (
                    self.url(self.inspect_url_name, certificado.reemplaza)
                    if certificado.reemplaza_id
                    else ""
                ),
            }
        )
        return context


class RevocacionLogFormatter(LogFormatter):
    """«Certificado revocado: <reason>» in the object's history and the site history."""

    label = gettext_lazy("Revocar certificado")

    def format_message(self, log_entry):
        motivo = log_entry.data.get("motivo")
        if motivo:
            return _("Certificado revocado: «%(motivo)s»") % {"motivo": motivo}
        return _("Certificado revocado")


class ReemisionLogFormatter(LogFormatter):
    """«Certificado reemplazado por <new folio>», and why, if staff said."""

    label = gettext_lazy("Reemitir certificado")

    def format_message(self, log_entry):
        nuevo = log_entry.data.get("nuevo_folio", "")
        motivo = log_entry.data.get("motivo")
        if motivo:
            return _("Certificado reemplazado por %(folio)s: «%(motivo)s»") % {
                "folio": nuevo,
                "motivo": motivo,
            }
        return _("Certificado reemplazado por %(folio)s") % {"folio": nuevo}


class CertificadoHistoryView(AlcanceMixin, HistoryView):
    """The certificate's audit log (issued, revoked, replaced). Wagtail's history asks for a
    write permission nobody has on a certificate; reading it needs only ``view``."""

    any_permission_required = ["view"]
    inspect_url_name = None

    def get_edit_url(self, instance):
        # No edit view: the breadcrumbs link the certificate's inspect page instead.
        return reverse(self.inspect_url_name, args=[quote(instance.pk)])

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Ver certificado"), url=self.get_edit_url(self.object), icon_name="info-circle"
            )
        ]


class AccionSobreCertificadoView(
    AlcanceMixin,
    PermisoEstrictoMixin,
    SoloMetodosPermitidosMixin,
    PermissionCheckedMixin,
    WagtailAdminTemplateMixin,
    FormView,
):
    """A confirmation form (GET) and the change it confirms (POST), for a valid certificate
    and for whoever holds ``revocar_certificado`` and may view certificates; anyone else
    gets a 403."""

    model = Certificado
    # Both: revoking without seeing certificates would mean acting on what one cannot read
    # (the form shows the holder and the course).
    permission_required = "revocar"
    any_permission_required = ["view"]
    http_method_names = ["get", "post"]
    header_icon = "doc-full"
    index_url_name = None
    inspect_url_name = None

    @cached_property
    def object(self) -> Certificado:
        # Looked up after the permission check: no 404/403 difference tells a stranger
        # which certificates exist. Another municipality's certificate is a 404 even for
        # whoever may revoke.
        return self.objeto_visible(
            Certificado.objects.select_related("curso", "usuario__participante__municipio"),
            pk=self.kwargs["pk"],
        )

    def get_page_subtitle(self):
        return self.object.folio

    def inspect_url(self, certificado=None) -> str:
        return reverse(self.inspect_url_name, args=[quote((certificado or self.object).pk)])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(Certificado._meta.verbose_name_plural),
            },
            {"url": self.inspect_url(), "label": self.object.folio},
            {"url": "", "label": self.get_page_title(), "sublabel": self.object.folio},
        ]

    def no_vigente(self, mensaje=None):
        messages.error(self.request, str(mensaje or services.CertificadoNoVigente.mensaje))
        return redirect(self.inspect_url())

    def permitida(self) -> bool:
        """Whether the action applies to this certificate in its current state."""
        return self.object.vigente

    def get(self, request, *args, **kwargs):
        if not self.permitida():
            return self.no_vigente()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.permitida():
            return self.no_vigente()
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        participante = participante_de(self.object)
        context.update(
            {
                "certificado": self.object,
                "municipio": municipio_de(self.object),
                "nombre_en_perfil": participante.nombre_completo if participante else "",
                "action_url": self.request.path,
                "inspect_url": self.inspect_url(),
            }
        )
        return context


class RevocarView(AccionSobreCertificadoView):
    page_title = gettext_lazy("Revocar certificado")
    template_name = "certificados/admin/revocar.html"
    form_class = RevocarForm

    def form_valid(self, form):
        try:
            services.certificado_revocar(
                certificado=self.object,
                motivo=form.cleaned_data["motivo"],
                usuario=self.request.user,
            )
        except ReglaIncumplida as error:
            return self.no_vigente(error.mensaje)
        messages.success(
            self.request,
            _("Se revocó el certificado %(folio)s. Su página de verificación ya lo indica.")
            % {"folio": self.object.folio},
        )
        return redirect(self.inspect_url())


class ReemitirView(AccionSobreCertificadoView):
    page_title = gettext_lazy("Reemitir certificado")
    template_name = "certificados/admin/reemitir.html"
    form_class = ReemitirForm

    def permitida(self) -> bool:
        return self.object.reemitible

    def form_valid(self, form):
        try:
            nuevo = services.certificado_reemitir(
                certificado=self.object,
                motivo=form.cleaned_data["motivo"],
                usuario=self.request.user,
            )
        except ReglaIncumplida as error:
            return self.no_vigente(error.mensaje)
        messages.success(
            self.request,
            _(
                "Se emitió el certificado %(nuevo)s, que reemplaza a %(anterior)s. "
                "Su PDF se está generando."
            )
            % {"nuevo": nuevo.folio, "anterior": self.object.folio},
        )
        return redirect(self.inspect_url(nuevo))


class DescargarPdfView(
    AlcanceMixin, PermisoEstrictoMixin, SoloMetodosPermitidosMixin, PermissionCheckedMixin, View
):
    """One certificate's PDF for staff who may view certificates, whatever its state;
    rendered first (through the service) if its background render has not run yet."""

    model = Certificado
    permission_required = "view"
    http_method_names = ["get"]

    def get(self, request, pk):
        certificado = self.objeto_visible(Certificado.objects.defer("credencial"), pk=pk)
        if not certificado.listo:
            services.certificado_generar_pdf(certificado=certificado)
        respuesta = respuesta_pdf(certificado)
        registrar_acceso(
            request,
            accion=ACCION_DESCARGAR,
            puerta=_("PDF del certificado"),
            objeto=certificado,
            formato="pdf",
        )
        return respuesta


class CertificadoViewSet(RegistroSoloLecturaViewSet):
    model = Certificado
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Certificados emitidos")
    menu_name = "certificados-emitidos"
    url_prefix = "certificados/emitidos"
    url_namespace = "certificados_emitidos"
    index_view_class = CertificadoIndexView
    inspect_view_class = CertificadoInspectView
    history_view_class = CertificadoHistoryView
    index_template_name = "certificados/admin/certificado_index.html"
    inspect_template_name = "certificados/admin/certificado_inspect.html"
    search_fields = [
        "folio",
        "codigo",
        "datos__titular__nombre",
        "usuario__email",
        "usuario__participante__nombre_completo",
    ]
    list_display = [
        "folio",
        Column("titular", label=gettext_lazy("Titular"), accessor="titular"),
        Column(
            "curso", label=gettext_lazy("Curso"), accessor="curso.title", sort_key="curso__title"
        ),
        Column("municipio", label=gettext_lazy("Municipio"), accessor=municipio_de),
        StatusTagColumn(
            "estado",
            label=gettext_lazy("Estado"),
            accessor="get_estado_display",
            primary=lambda c: c.vigente,
            sort_key="estado",
        ),
        Column(
            "emitido_en",
            label=gettext_lazy("Emitido el"),
            accessor=lambda c: fecha_hora_local(c.emitido_en),
            sort_key="emitido_en",
        ),
    ]
    filterset_class = CertificadoFilterSet
    list_export = list(EXPORTACION)
    export_headings = EXPORTACION
    export_filename = "certificados"

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "inspect_url_name": self.get_url_name("inspect"),
                "pdf_url_name": self.get_url_name("pdf"),
                "zip_url_name": self.get_url_name("zip"),
                "revocar_url_name": self.get_url_name("revocar"),
                "reemitir_url_name": self.get_url_name("reemitir"),
                **kwargs,
            }
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("pdf/<id:pk>/", self.construct_view(DescargarPdfView), name="pdf"),
            path(
                "zip/",
                self.construct_view(DescargarZipView, **self.get_index_view_kwargs()),
                name="zip",
            ),
            path("revocar/<id:pk>/", self.construct_view(RevocarView), name="revocar"),
            path("reemitir/<id:pk>/", self.construct_view(ReemitirView), name="reemitir"),
        ]


class CertificadosViewSetGroup(SnippetViewSetGroup):
    items = (CertificadoViewSet, PlantillaCertificadoViewSet, FirmanteViewSet)
    menu_label = gettext_lazy("Certificados")
    menu_name = "certificados"
    menu_icon = "doc-full-inverse"
    menu_order = 260
