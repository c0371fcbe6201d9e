"""The Red's reports in the Wagtail admin: participants, the funnel per course, certificates,
the 125 municipalities and one municipality's page.

Each report is a ``ReportView`` (filters, CSV/XLSX export) whose rows come from
``red.selectors``: the filter form only reads what the person chose (a ``FiltrosRed``), and the
selector applies it together with the row-level scope of ``cursos.alcance``, so a municipal
liaison sees, filters and exports only the rows of their municipalities. Only users with the
permission ``red.ver_cifras_red`` get in.
"""

from __future__ import annotations

from urllib.parse import urlencode

import django_filters
from django.core.exceptions import PermissionDenied
from django.forms import Media
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from certificados.models import Certificado, EstadoCertificado
from cursos import alcance
from cursos.acceso import ListadoConDatosPersonalesMixin
from cursos.exportacion import (
    ExportacionSeguraMixin,
    fecha_hora_local,
    fecha_hora_para_exportar,
)
from cursos.filtros import IdElegibleFilter
from cursos.models import CursoPage, Municipio, Participante, TipoParticipante
from red import selectors
from red.metodos import SoloMetodosMixin
from red.models import Embajador
from red.selectors import FiltrosRed

PERMISO = "red.ver_cifras_red"


def puede_ver_cifras(usuario) -> bool:
    return usuario.is_active and usuario.has_perm(PERMISO)


def url_o_nada(nombre: str, *args) -> str | None:
    """The URL of a page another part of the Red provides, or ``None`` while it does not
    exist (a report must not fail because a neighbouring page is missing)."""
    try:
        return reverse(nombre, args=args)
    except NoReverseMatch:
        return None


def si_no(valor: bool) -> str:
    return gettext("Sí") if valor else gettext("No")


def porcentaje_texto(valor) -> str:
    return "—" if valor is None else f"{valor:f} %"


class PermisoCifrasMixin:
    """Refuse (403) whoever lacks ``red.ver_cifras_red``: editors, learners, anyone else."""

    def dispatch(self, request, *args, **kwargs):
        if not puede_ver_cifras(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# --- Filters --------------------------------------------------------------------------------


def municipios_para(request):
    """The municipalities a person may choose: a liaison is offered only theirs."""
    return alcance.acotar(Municipio.objects.order_by("nombre"), request.user, "pk")


class FiltrosRedFilterSet(WagtailFilterSet):
    """The filters every report of the Red offers. They do not filter a queryset themselves:
    :meth:`filtros_red` hands what was chosen to the report's selector."""

    etiqueta_fechas = _("Fechas")

    municipio = IdElegibleFilter(
        label=_("Municipio"), queryset=municipios_para, empty_label=_("Todos los municipios")
    )
    curso = IdElegibleFilter(
        label=_("Curso"),
        queryset=lambda request: CursoPage.objects.order_by("title"),
        empty_label=_("Todos los cursos"),
    )
    tipo = django_filters.ChoiceFilter(
        label=_("Tipo de participante"), choices=TipoParticipante.choices, empty_label=_("Todos")
    )
    fechas = django_filters.DateFromToRangeFilter(label=_("Fechas"), widget=DateRangePickerWidget)

    class Meta:
        model = Participante
        fields = ["municipio", "curso", "tipo", "fechas"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["fechas"].label = self.etiqueta_fechas

    def filtros_red(self) -> FiltrosRed:
        """What the person chose; a value that does not validate (a municipality they may not
        see, a date that is not one) is left out and shown as an error on the form."""
        self.is_valid()
        datos = getattr(self.form, "cleaned_data", {})
        fechas = datos.get("fechas")
        desde = hasta = None
        if fechas:
            desde = fechas.start.date() if fechas.start else None
            hasta = fechas.stop.date() if fechas.stop else None
        municipio, curso = datos.get("municipio"), datos.get("curso")
        return FiltrosRed(
            municipios=(municipio.pk,) if municipio else (),
            curso=curso.pk if curso else None,
            tipo=datos.get("tipo") or "",
            desde=desde,
            hasta=hasta,
        )


def filtros_con_fechas(etiqueta):
    return type(
        "FiltrosRedFilterSet",
        (FiltrosRedFilterSet,),
        {"etiqueta_fechas": etiqueta, "Meta": FiltrosRedFilterSet.Meta},
    )


# --- Columns --------------------------------------------------------------------------------


class EtapaColumn(Column):
    """One stage of the funnel: its count and its share of the enrolled, written out, with a
    bar beside them for the eye (``aria-hidden``: the text carries the information)."""

    cell_template_name = "red/reportes/celda_etapa.html"

    class Media:
        css = {"all": ["red/reportes/reportes.css"]}

    def __init__(self, name, *, tasa, **kwargs):
        super().__init__(name, **kwargs)
        self.tasa = tasa

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        tasa = getattr(instance, self.tasa)
        context["ancho"] = "0" if tasa is None else f"{tasa:f}"
        context["tasa"] = porcentaje_texto(tasa)
        return context


# --- Base views -----------------------------------------------------------------------------


class ReporteRedView(PermisoCifrasMixin, SoloMetodosMixin, ExportacionSeguraMixin, ReportView):
    """A report of the Red: filters read into a ``FiltrosRed``, rows from a selector."""

    filterset_class = FiltrosRedFilterSet

    @cached_property
    def filtros(self) -> FiltrosRed:
        return self.filters.filtros_red() if self.filters else FiltrosRed()

    def filter_queryset(self, queryset):
        return queryset  # the selector applied the filters and the scope already

    def order_queryset(self, queryset):
        if not self.ordering:
            return queryset
        return queryset.order_by(self.ordering, "pk")  # a stable order across pages

    def consulta_filtros(self, *nombres) -> str:
        """The current filters named (all by default) as a query string for a link."""
        valores = {
            k: v
            for k, v in self.request.GET.items()
            if v and k != "export" and (not nombres or k.split("_")[0] in nombres)
        }
        return urlencode(valores)


class ReporteDeFilasView(ReporteRedView):
    """A report whose rows are a list computed by a selector, sorted here by column."""

    def filas(self) -> list:
        raise NotImplementedError

    def get_queryset(self):
        filas = self.filas()
        if self.ordering:
            atributo = self.ordering.lstrip("-")
            filas.sort(
                key=lambda f: (getattr(f, atributo) is None, getattr(f, atributo)),
                reverse=self.ordering.startswith("-"),
            )
        return filas

    def get_filtered_queryset(self):
        return self.get_queryset()


# --- Participants ---------------------------------------------------------------------------

EXPORTACION_PARTICIPANTES = {
    "nombre": _("Nombre"),
    "correo": _("Correo"),
    "municipio": _("Municipio"),
    "tipo": _("Tipo de participante"),
    "dependencia": _("Dependencia o área"),
    "cargo": _("Cargo"),
    "registrado": _("Registrado el (hora del centro de México)"),
    "inscritos": _("Cursos inscritos"),
    "completados": _("Cursos completados"),
    "certificados": _("Certificados vigentes"),
    "ultima_actividad": _("Última actividad (hora del centro de México)"),
}


def url_expediente(participante) -> str | None:
    return url_o_nada("red_expediente:detalle", participante.pk)


class ParticipantesReporteView(ListadoConDatosPersonalesMixin, ReporteRedView):
    modelo_datos = Participante
    page_title = _("Participantes de la Red")
    header_icon = "user"
    verbose_name = _("participante")
    verbose_name_plural = _("participantes")
    filterset_class = filtros_con_fechas(_("Registrado entre"))
    index_url_name = "red_reportes:participantes"
    index_results_url_name = "red_reportes:participantes_results"
    is_searchable = True
    search_fields = ["nombre_completo", "usuario__email"]
    search_backend_name = None
    default_ordering = "nombre_completo"
    export_filename = "participantes-de-la-red"
    list_export = list(EXPORTACION_PARTICIPANTES)
    export_headings = EXPORTACION_PARTICIPANTES
    columns = [
        TitleColumn(
            "nombre_completo",
            label=_("Nombre"),
            get_url=url_expediente,
            sort_key="nombre_completo",
        ),
        Column("correo", label=_("Correo"), accessor="usuario.email"),
        Column(
            "municipio",
            label=_("Municipio"),
            accessor="municipio.nombre",
            sort_key="municipio__nombre",
        ),
        Column("tipo", label=_("Tipo"), accessor="get_tipo_display", sort_key="tipo"),
        Column(
            "dependencia",
            label=_("Dependencia y cargo"),
            accessor=lambda p: " · ".join(v for v in (p.dependencia, p.cargo) if v),
        ),
        Column(
            "creado_en",
            label=_("Registrado el"),
            accessor=lambda p: fecha_hora_local(p.creado_en),
            sort_key="creado_en",
        ),
        # Not sortable: ordering 100,000 people by a figure computes it for every one of them.
        NumberColumn("cursos_inscritos", label=_("Cursos inscritos")),
        NumberColumn("cursos_completados", label=_("Cursos completados")),
        NumberColumn("certificados_vigentes", label=_("Certificados vigentes")),
        Column(
            "ultima_actividad",
            label=_("Última actividad"),
            accessor=lambda p: fecha_hora_local(selectors.ultima_actividad(p)) or "—",
        ),
    ]

    def get_base_queryset(self):
        if self.is_export:
            # Plain rows, and the figures from a few GROUP BY queries (``cifras``): model
            # instances and a subquery per person would take minutes for 100,000 people.
            return selectors.participantes(usuario=self.request.user, filtros=self.filtros).values(
                "pk",
                "usuario_id",
                "nombre_completo",
                "usuario__email",
                "municipio__nombre",
                "tipo",
                "dependencia",
                "cargo",
                "creado_en",
            )
        return selectors.participantes_con_cifras(usuario=self.request.user, filtros=self.filtros)

    @cached_property
    def tipos(self) -> dict[str, str]:
        return {valor: str(etiqueta) for valor, etiqueta in TipoParticipante.choices}

    @cached_property
    def cifras(self) -> dict:
        return selectors.cifras_por_persona(
            selectors.participantes(usuario=self.request.user, filtros=self.filtros)
        )

    def to_row_dict(self, item):
        cifras = self.cifras.get(item["usuario_id"]) or selectors.CifrasPersona()
        return {
            "nombre": item["nombre_completo"],
            "correo": item["usuario__email"],
            "municipio": item["municipio__nombre"],
            "tipo": self.tipos.get(item["tipo"], ""),
            "dependencia": item["dependencia"],
            "cargo": item["cargo"],
            "registrado": fecha_hora_para_exportar(item["creado_en"]),
            "inscritos": cifras.cursos_inscritos,
            "completados": cifras.cursos_completados,
            "certificados": cifras.certificados_vigentes,
            "ultima_actividad": fecha_hora_para_exportar(selectors.ultima_actividad(cifras)),
        }


# --- Funnel per course ----------------------------------------------------------------------

EXPORTACION_EMBUDO = {
    "curso": _("Curso"),
    "inscritos": _("Inscritos"),
    "iniciados": _("Iniciaron"),
    "tasa_iniciados": _("Iniciaron (% de inscritos)"),
    "completados": _("Completaron"),
    "tasa_completados": _("Completaron (% de inscritos)"),
    "certificados": _("Con certificado"),
    "tasa_certificados": _("Con certificado (% de inscritos)"),
}


class EmbudoReporteView(ReporteDeFilasView):
    page_title = _("Avance por curso")
    page_subtitle = _("Inscritos → iniciaron → completaron → con certificado")
    header_icon = "list-ol"
    verbose_name = _("curso")
    verbose_name_plural = _("cursos")
    filterset_class = filtros_con_fechas(_("Inscritos entre"))
    index_url_name = "red_reportes:embudo"
    index_results_url_name = "red_reportes:embudo_results"
    default_ordering = "curso"
    paginate_by = None
    export_filename = "avance-por-curso"
    list_export = list(EXPORTACION_EMBUDO)
    export_headings = EXPORTACION_EMBUDO

    def filas(self):
        return selectors.embudo_por_curso(usuario=self.request.user, filtros=self.filtros)

    def url_participantes(self, fila) -> str:
        consulta = urlencode({"curso": fila.curso_id})
        filtros = self.consulta_filtros("municipio", "tipo")
        url = reverse("red_reportes:participantes")
        return f"{url}?{consulta}&{filtros}" if filtros else f"{url}?{consulta}"

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "curso", label=_("Curso"), get_url=self.url_participantes, sort_key="curso"
            ),
            NumberColumn("inscritos", label=_("Inscritos"), sort_key="inscritos"),
            EtapaColumn(
                "iniciados",
                tasa="tasa_iniciados",
                label=_("Iniciaron"),
                sort_key="iniciados",
                classname="red-etapa-celda",
            ),
            EtapaColumn(
                "completados",
                tasa="tasa_completados",
                label=_("Completaron"),
                sort_key="completados",
                classname="red-etapa-celda",
            ),
            EtapaColumn(
                "certificados",
                tasa="tasa_certificados",
                label=_("Con certificado"),
                sort_key="certificados",
                classname="red-etapa-celda",
            ),
        ]

    def to_row_dict(self, item):
        return {campo: getattr(item, campo) for campo in self.list_export}


# --- Certificates ---------------------------------------------------------------------------

EXPORTACION_CERTIFICADOS = {
    "folio": _("Folio"),
    "titular": _("Titular"),
    "correo": _("Correo"),
    "municipio": _("Municipio"),
    "curso": _("Curso"),
    "emitido": _("Emitido el (hora del centro de México)"),
    "estado": _("Estado"),
}


def titular_de(certificado) -> str:
    """The holder's name as in their profile (the name printed on the certificate lives in
    its snapshot, which the report does not read: see ``selectors.certificados_filtrados``)."""
    participante = getattr(certificado.usuario, "participante", None)
    return participante.nombre_completo if participante else certificado.usuario.get_username()


def municipio_del_titular(certificado) -> str:
    participante = getattr(certificado.usuario, "participante", None)
    return participante.municipio.nombre if participante else ""


class CertificadosReporteView(ListadoConDatosPersonalesMixin, ReporteRedView):
    modelo_datos = Certificado
    page_title = _("Certificados de la Red")
    header_icon = "doc-full-inverse"
    verbose_name = _("certificado")
    verbose_name_plural = _("certificados")
    filterset_class = filtros_con_fechas(_("Emitidos entre"))
    index_url_name = "red_reportes:certificados"
    index_results_url_name = "red_reportes:certificados_results"
    is_searchable = True
    search_fields = ["folio", "usuario__participante__nombre_completo", "usuario__email"]
    search_backend_name = None
    default_ordering = "-emitido_en"
    export_filename = "certificados-de-la-red"
    list_export = list(EXPORTACION_CERTIFICADOS)
    export_headings = EXPORTACION_CERTIFICADOS
    columns = [
        TitleColumn(
            "folio",
            label=_("Folio"),
            url_name="certificados_emitidos:inspect",
            sort_key="folio",
        ),
        Column("titular", label=_("Titular"), accessor=titular_de),
        Column("municipio", label=_("Municipio"), accessor=municipio_del_titular),
        Column("curso", label=_("Curso"), accessor="curso.title", sort_key="curso__title"),
        Column(
            "emitido_en",
            label=_("Emitido el"),
            accessor=lambda c: fecha_hora_local(c.emitido_en),
            sort_key="emitido_en",
        ),
        StatusTagColumn(
            "estado",
            label=_("Estado"),
            accessor="get_estado_display",
            primary=lambda c: c.vigente,
            sort_key="estado",
        ),
    ]

    @cached_property
    def estados(self) -> dict[str, str]:
        return {valor: str(etiqueta) for valor, etiqueta in EstadoCertificado.choices}

    def get_base_queryset(self):
        certificados = selectors.certificados_filtrados(
            usuario=self.request.user, filtros=self.filtros
        )
        if self.is_export:
            return certificados.values(
                "pk",
                "folio",
                "usuario__username",
                "usuario__email",
                "usuario__participante__nombre_completo",
                "usuario__participante__municipio__nombre",
                "curso__title",
                "emitido_en",
                "estado",
            )
        return certificados

    def to_row_dict(self, item):
        return {
            "folio": item["folio"],
            "titular": item["usuario__participante__nombre_completo"] or item["usuario__username"],
            "correo": item["usuario__email"],
            "municipio": item["usuario__participante__municipio__nombre"] or "",
            "curso": item["curso__title"],
            "emitido": fecha_hora_para_exportar(item["emitido_en"]),
            "estado": self.estados.get(item["estado"], item["estado"]),
        }


# --- Municipalities -------------------------------------------------------------------------

EXPORTACION_MUNICIPIOS = {
    "clave_inegi": _("Clave INEGI"),
    "nombre": _("Municipio"),
    "participantes": _("Participantes"),
    "capacitados": _("Personas capacitadas"),
    "cursos_completados": _("Cursos completados"),
    "embajadores": _("Embajadores activos"),
    "integrado": _("Integrado a la Red"),
    "ultima_actividad": _("Última actividad (hora del centro de México)"),
}


def url_municipio(fila) -> str:
    return reverse("red_reportes:municipio", args=[fila.municipio_id])


class MunicipiosReporteView(ReporteDeFilasView):
    page_title = _("Municipios de la Red")
    header_icon = "site"
    verbose_name = _("municipio")
    verbose_name_plural = _("municipios")
    filterset_class = filtros_con_fechas(_("Periodo"))
    index_url_name = "red_reportes:municipios"
    index_results_url_name = "red_reportes:municipios_results"
    default_ordering = "nombre"
    paginate_by = None  # the 125 municipalities on one page
    export_filename = "municipios-de-la-red"
    list_export = list(EXPORTACION_MUNICIPIOS)
    export_headings = EXPORTACION_MUNICIPIOS
    columns = [
        TitleColumn("nombre", label=_("Municipio"), get_url=url_municipio, sort_key="nombre"),
        Column("clave_inegi", label=_("Clave INEGI"), sort_key="clave_inegi"),
        NumberColumn("participantes", label=_("Participantes"), sort_key="participantes"),
        NumberColumn("capacitados", label=_("Personas capacitadas"), sort_key="capacitados"),
        NumberColumn(
            "cursos_completados", label=_("Cursos completados"), sort_key="cursos_completados"
        ),
        NumberColumn("embajadores", label=_("Embajadores activos"), sort_key="embajadores"),
        StatusTagColumn(
            "integrado",
            label=_("Integrado a la Red"),
            accessor=lambda f: si_no(f.integrado),
            primary=lambda f: f.integrado,
            sort_key="integrado",
        ),
        Column(
            "ultima_actividad",
            label=_("Última actividad"),
            accessor=lambda f: fecha_hora_local(f.ultima_actividad) or "—",
            sort_key="ultima_actividad",
        ),
    ]

    def filas(self):
        return selectors.cifras_por_municipio(usuario=self.request.user, filtros=self.filtros)

    def to_row_dict(self, item):
        return {
            "clave_inegi": item.clave_inegi,
            "nombre": item.nombre,
            "participantes": item.participantes,
            "capacitados": item.capacitados,
            "cursos_completados": item.cursos_completados,
            "embajadores": item.embajadores,
            "integrado": si_no(item.integrado),
            "ultima_actividad": fecha_hora_para_exportar(item.ultima_actividad),
        }


class MunicipioReporteView(
    ListadoConDatosPersonalesMixin,
    PermisoCifrasMixin,
    SoloMetodosMixin,
    WagtailAdminTemplateMixin,
    TemplateView,
):
    """One municipality: its figures, its active ambassadors, the funnel of its people per
    course, and links to its participants and certificates. A municipality the person may
    not see, or one that does not exist, is a 404."""

    template_name = "red/reportes/municipio.html"
    header_icon = "site"
    # It lists the municipality's active ambassadors by name: a listing of personal data.
    modelo_datos = Embajador
    puerta_datos = _("Red: página de un municipio")

    @cached_property
    def municipio(self) -> Municipio:
        municipio = selectors.municipio_visible(
            usuario=self.request.user, pk=self.kwargs["municipio_pk"]
        )
        if municipio is None:
            raise Http404(gettext("No existe ese municipio o no lo tienes asignado."))
        return municipio

    def get_page_title(self):
        return self.municipio.nombre

    def get_page_subtitle(self):
        return gettext("Clave INEGI %(clave)s") % {"clave": self.municipio.clave_inegi}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("red_reportes:municipios"), "label": gettext("Municipios de la Red")},
            {"url": "", "label": self.municipio.nombre},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        municipio = self.municipio
        filtros = FiltrosRed(municipios=(municipio.pk,))
        (fila,) = selectors.cifras_por_municipio(usuario=self.request.user, filtros=filtros)
        consulta = urlencode({"municipio": municipio.pk})
        embajadores = list(selectors.embajadores_activos(municipio=municipio))
        for embajador in embajadores:
            embajador.url = url_expediente(embajador.participante)
        context.update(
            {
                "municipio": municipio,
                "fila": fila,
                "embajadores": embajadores,
                "embudo": selectors.embudo_por_curso(usuario=self.request.user, filtros=filtros),
                "url_participantes": f"{reverse('red_reportes:participantes')}?{consulta}",
                "url_certificados": f"{reverse('red_reportes:certificados')}?{consulta}",
                "url_embudo": f"{reverse('red_reportes:embudo')}?{consulta}",
                "url_mapa": url_o_nada("red_mapa:mapa"),
                "media": Media(css={"all": ["red/reportes/reportes.css"]}),
            }
        )
        return context
