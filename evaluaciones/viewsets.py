"""Wagtail admin of the quizzes: the question bank, the quizzes, the attempts and the reports.

Questions and quizzes are snippets edited by the editorial team; attempts are learner records,
read-only like the rest of the history (``cursos.viewsets.RegistroSoloLecturaViewSet``). The
reports are ``ReportView`` listings with filters and CSV/XLSX export; their figures come from
``evaluaciones.estadisticas``.
"""

from __future__ import annotations

from urllib.parse import urlencode

import django_filters
from django import forms
from django.contrib.admin.utils import unquote
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import (
    Column,
    LiveStatusTagColumn,
    NumberColumn,
    TitleColumn,
    UpdatedAtColumn,
)
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.models import Revision
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cursos import alcance
from cursos.acceso import ListadoConDatosPersonalesMixin
from cursos.alcance import ListadoConAlcanceMixin
from cursos.exportacion import (
    ExportacionSeguraMixin,
    fecha_hora_local,
    fecha_hora_para_exportar,
)
from cursos.filtros import IdElegibleFilter
from cursos.models import CursoPage
from cursos.viewsets import (
    RegistroIndexView,
    RegistroInspectView,
    RegistroSoloLecturaViewSet,
    filtro_tipo_participante,
)
from evaluaciones import estadisticas
from evaluaciones.forms import EvaluacionAdminForm, PreguntaAdminForm
from evaluaciones.models import (
    EstadoIntento,
    Evaluacion,
    Intento,
    Pregunta,
    PreguntaTag,
    TipoPregunta,
)

# --- Shared pieces ------------------------------------------------------------------------


def temas_del_banco():
    """The themes (tags) in use in the question bank, by name."""
    return Tag.objects.filter(pk__in=PreguntaTag.objects.values("tag_id").distinct()).order_by(
        "name"
    )


def temas_de(pregunta: Pregunta) -> str:
    return ", ".join(sorted(tag.name for tag in pregunta.tags.all()))


def preguntas_con_tema(tema):
    # A subquery rather than a join on the tags, so that no question is listed twice.
    return PreguntaTag.objects.filter(tag=tema).values("content_object_id")


def si_no(valor) -> str:
    if valor is None:
        return ""
    return str(_("Sí")) if valor else str(_("No"))


def nombre_participante(intento: Intento) -> str:
    participante = getattr(intento.usuario, "participante", None)
    return participante.nombre_completo if participante else intento.usuario.get_username()


def municipio_participante(intento: Intento) -> str:
    participante = getattr(intento.usuario, "participante", None)
    return participante.municipio.nombre if participante else ""


def filtro_curso(field_name="evaluacion__curso"):
    return IdElegibleFilter(
        label=_("Curso"),
        field_name=field_name,
        queryset=lambda request: CursoPage.objects.order_by("title"),
        empty_label=_("Todos los cursos"),
    )


def filtro_evaluacion():
    return IdElegibleFilter(
        label=_("Evaluación"),
        field_name="evaluacion",
        queryset=lambda request: Evaluacion.objects.order_by("titulo"),
        empty_label=_("Todas las evaluaciones"),
    )


def filtro_municipio():
    # Only the municipalities the user may see (a liaison: theirs).
    return alcance.filtro_municipio()


def filtro_entrega():
    return django_filters.DateFromToRangeFilter(
        label=_("Entregado entre"), field_name="entregado_en", widget=DateRangePickerWidget
    )


class PorcentajeColumn(Column):
    """A percentage as text, «85.5 %», right where a reader expects the number."""

    @staticmethod
    def texto(valor) -> str:
        return "" if valor is None else f"{valor.normalize():f} %"

    def get_value(self, instance):
        return self.texto(super().get_value(instance))


class BarraColumn(Column):
    """A percentage drawn as a bar, with the figure written beside it.

    The bar is decoration for sighted readers (``aria-hidden``); the number next to it is
    what screen readers announce and what anyone who cannot tell colours apart reads.
    """

    cell_template_name = "evaluaciones/admin/celda_barra.html"

    class Media:
        css = {"all": ["evaluaciones/admin/reportes.css"]}

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        valor = context["raw_value"]
        context["ancho"] = "0" if valor is None else f"{valor:f}"
        context["texto"] = PorcentajeColumn.texto(valor)
        return context


# --- Question bank ------------------------------------------------------------------------


class PreguntaFilterSet(WagtailFilterSet):
    tipo = django_filters.ChoiceFilter(
        label=_("Tipo"),
        choices=TipoPregunta.choices,
        empty_label=_("Todos"),
        widget=forms.RadioSelect,
    )
    tema = IdElegibleFilter(
        label=_("Tema"),
        queryset=lambda request: temas_del_banco(),
        empty_label=_("Todos los temas"),
        method="filtrar_tema",
    )

    class Meta:
        model = Pregunta
        fields = ["tipo", "tema"]

    def filtrar_tema(self, queryset, name, value):
        return queryset.filter(pk__in=preguntas_con_tema(value)) if value else queryset


class PreguntaChooserFilterForm(BaseFilterForm):
    """The chooser's search box, plus a theme and a type to narrow a large bank.

    The search is a plain ``icontains`` on the wording, like the bank's listing: Wagtail's
    search backend refuses to search a queryset narrowed by theme (a filter on the primary
    key, which ``Pregunta.search_fields`` does not declare as a ``FilterField``).
    """

    q = forms.CharField(
        label=_("Buscar"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Buscar en el enunciado")}),
    )
    tema = forms.ModelChoiceField(
        label=_("Tema"),
        queryset=Tag.objects.none(),
        required=False,
        empty_label=_("Todos los temas"),
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )
    tipo = forms.ChoiceField(
        label=_("Tipo"),
        choices=[("", _("Todos los tipos")), *TipoPregunta.choices],
        required=False,
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tema"].queryset = temas_del_banco()

    def filter(self, objects):
        if tema := self.cleaned_data.get("tema"):
            objects = objects.filter(pk__in=preguntas_con_tema(tema))
        if tipo := self.cleaned_data.get("tipo"):
            objects = objects.filter(tipo=tipo)
        if busqueda := self.cleaned_data.get("q"):
            objects = objects.filter(enunciado__icontains=busqueda)
            self.is_searching = True
            self.search_query = busqueda
        return super().filter(objects)


class PreguntaChooserColumnsMixin:
    filter_form_class = PreguntaChooserFilterForm

    @property
    def columns(self):
        return [
            *super().columns,
            Column("tipo", label=_("Tipo"), accessor="get_tipo_display"),
        ]


class PreguntaChooseView(PreguntaChooserColumnsMixin, ChooseView):
    pass


class PreguntaChooseResultsView(PreguntaChooserColumnsMixin, ChooseResultsView):
    pass


class PreguntaChooserViewSet(SnippetChooserViewSet):
    choose_view_class = PreguntaChooseView
    choose_results_view_class = PreguntaChooseResultsView


class PreguntaViewSet(SnippetViewSet):
    model = Pregunta
    icon = "help"
    menu_label = _("Banco de preguntas")
    menu_name = "banco-de-preguntas"
    list_display = [
        "__str__",
        "tipo",
        "puntos",
        Column("temas", label=_("Temas"), accessor=temas_de),
        UpdatedAtColumn(),
    ]
    filterset_class = PreguntaFilterSet
    # Plain ORM search: Wagtail's search backend would refuse the theme filter (see
    # PreguntaChooserFilterForm), and editors search the wording, not a ranking.
    search_backend_name = None
    search_fields = ["enunciado"]
    copy_view_enabled = True
    chooser_viewset_class = PreguntaChooserViewSet
    chooser_per_page = 20
    edit_handler = ObjectList(Pregunta.panels, base_form_class=PreguntaAdminForm)

    def get_queryset(self, request):
        return Pregunta.objects.prefetch_related("tags")


# --- Quizzes ------------------------------------------------------------------------------


class EvaluacionFilterSet(WagtailFilterSet):
    curso = filtro_curso(field_name="curso")
    obligatoria = django_filters.BooleanFilter(label=_("Obligatoria"), widget=BooleanRadioSelect)
    live = django_filters.BooleanFilter(label=_("Publicada"), widget=BooleanRadioSelect)

    class Meta:
        model = Evaluacion
        fields = ["curso", "obligatoria", "live"]


class EvaluacionIndexView(SnippetIndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Wagtail's status column asks every row for its scheduled revision, one query each;
        # answer from the prefetch made in EvaluacionViewSet.get_queryset instead.
        for evaluacion in context["object_list"]:
            programadas = getattr(evaluacion, "revisiones_programadas", None)
            if programadas is not None:
                evaluacion.scheduled_revision = programadas[0] if programadas else None
        return context


class EvaluacionViewSet(SnippetViewSet):
    model = Evaluacion
    icon = "tasks"
    menu_label = _("Evaluaciones")
    menu_name = "evaluaciones-de-cursos"
    list_display = [
        "titulo",
        "curso",
        "modulo",
        Column("obligatoria", label=_("Obligatoria"), accessor=lambda e: si_no(e.obligatoria)),
        NumberColumn("num_preguntas", label=_("Preguntas"), sort_key="num_preguntas"),
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    filterset_class = EvaluacionFilterSet
    # The quizzes' search index has only the title: the filters above are plain ORM filters,
    # which Wagtail's search backends would refuse on fields they do not index.
    search_backend_name = None
    search_fields = ["titulo"]
    edit_handler = ObjectList(Evaluacion.panels, base_form_class=EvaluacionAdminForm)
    index_view_class = EvaluacionIndexView

    def get_queryset(self, request):
        programadas = Revision.objects.filter(approved_go_live_at__isnull=False).order_by("pk")
        return (
            Evaluacion.objects.select_related("curso", "modulo")
            .annotate(num_preguntas=Count("items"))
            .prefetch_related(
                Prefetch("_revisions", queryset=programadas, to_attr="revisiones_programadas")
            )
        )


# --- Attempts -----------------------------------------------------------------------------


class IntentoFilterSet(WagtailFilterSet):
    evaluacion = filtro_evaluacion()
    curso = filtro_curso()
    municipio = filtro_municipio()
    tipo = filtro_tipo_participante()
    estado = django_filters.ChoiceFilter(
        label=_("Estado"), choices=EstadoIntento.choices, empty_label=_("Todos")
    )
    entregado_en = filtro_entrega()

    class Meta:
        model = Intento
        fields = ["evaluacion", "curso", "municipio", "tipo", "estado", "entregado_en"]


class IntentoIndexView(RegistroIndexView):
    def get_base_queryset(self):
        queryset = (
            super()
            .get_base_queryset()
            .select_related("usuario__participante__municipio", "evaluacion__curso")
        )
        if not self.is_export:
            # The listing never shows the snapshots; only the export spells out the answers.
            queryset = queryset.defer("preguntas", "respuestas", "resultado")
        return queryset

    def to_row_dict(self, item):
        return fila_de_intento(item, self.list_export)


class IntentoInspectView(RegistroInspectView):
    def get_object(self, queryset=None):
        return self.objeto_visible(
            Intento.objects.select_related(
                "usuario__participante__municipio", "evaluacion__curso", "evaluacion__modulo"
            ),
            pk=unquote(str(self.pk)),
        )

    # Wagtail's inspect view prints datetimes as stored (UTC); editors read local time.
    def get_iniciado_en_display_value(self):
        return fecha_hora_local(self.object.iniciado_en)

    def get_entregado_en_display_value(self):
        return fecha_hora_local(self.object.entregado_en) or _("Sin entregar")

    def get_fecha_limite_display_value(self):
        return fecha_hora_local(self.object.fecha_limite) or _("Sin límite de tiempo")

    def get_porcentaje_display_value(self):
        return PorcentajeColumn.texto(self.object.porcentaje) or "—"

    def get_aprobado_display_value(self):
        return si_no(self.object.aprobado) or "—"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["participante"] = getattr(self.object.usuario, "participante", None)
        context["respuestas"] = estadisticas.respuestas_legibles(self.object)
        return context


EXPORTACION_INTENTOS = {
    "nombre": _("Nombre"),
    "correo": _("Correo"),
    "municipio": _("Municipio"),
    "curso": _("Curso"),
    "evaluacion": _("Evaluación"),
    "numero": _("Intento"),
    "estado": _("Estado"),
    "entregado_en": _("Entregado el (hora del centro de México)"),
    "porcentaje": _("Calificación (%)"),
    "aprobado": _("Aprobado"),
    "respuestas": _("Respuestas"),
}


def fila_de_intento(intento: Intento, campos) -> dict:
    """An attempt as a spreadsheet row; dates in local time, answers as readable text."""
    valores = {
        "nombre": lambda: nombre_participante(intento),
        "correo": lambda: intento.usuario.email,
        "municipio": lambda: municipio_participante(intento),
        "curso": lambda: intento.evaluacion.curso.title,
        "evaluacion": lambda: intento.evaluacion.titulo,
        "numero": lambda: intento.numero,
        "estado": lambda: intento.get_estado_display(),
        "entregado_en": lambda: fecha_hora_para_exportar(intento.entregado_en),
        "porcentaje": lambda: intento.porcentaje,
        "aprobado": lambda: si_no(intento.aprobado),
        "respuestas": lambda: estadisticas.respuestas_como_texto(intento),
    }
    return {campo: valores[campo]() for campo in campos}


class IntentoViewSet(RegistroSoloLecturaViewSet):
    model = Intento
    icon = "doc-full"
    menu_label = _("Intentos")
    url_prefix = "evaluaciones/intentos"
    url_namespace = "evaluaciones_intentos"
    index_view_class = IntentoIndexView
    inspect_view_class = IntentoInspectView
    inspect_template_name = "evaluaciones/admin/intento_inspect.html"
    inspect_view_fields = [
        "evaluacion",
        "numero",
        "estado",
        "iniciado_en",
        "fecha_limite",
        "entregado_en",
        "puntaje",
        "puntaje_maximo",
        "porcentaje",
        "porcentaje_aprobatorio",
        "aprobado",
    ]
    search_fields = ["usuario__email", "usuario__participante__nombre_completo"]
    list_display = [
        TitleColumn(
            "participante",
            label=_("Participante"),
            accessor=nombre_participante,
            url_name="evaluaciones_intentos:inspect",
            sort_key="usuario__participante__nombre_completo",
        ),
        "evaluacion",
        Column("numero", label=_("Intento"), sort_key="numero"),
        "estado",
        Column(
            "entregado_en",
            label=_("Entregado el"),
            accessor=lambda i: fecha_hora_local(i.entregado_en),
            sort_key="entregado_en",
        ),
        PorcentajeColumn("porcentaje", label=_("Calificación"), sort_key="porcentaje"),
        Column("aprobado", label=_("Aprobado"), accessor=lambda i: si_no(i.aprobado)),
    ]
    filterset_class = IntentoFilterSet
    list_export = list(EXPORTACION_INTENTOS)
    export_headings = EXPORTACION_INTENTOS
    export_filename = "intentos"


class EvaluacionesViewSetGroup(SnippetViewSetGroup):
    items = (PreguntaViewSet, EvaluacionViewSet, IntentoViewSet)
    menu_label = _("Evaluaciones")
    menu_name = "evaluaciones"
    menu_icon = "clipboard-list"
    menu_order = 250


# --- Reports ------------------------------------------------------------------------------


def puede_ver_reportes(user) -> bool:
    """Reports show learners' results: only who may see attempts may see them."""
    return policy_registry.get_by_type(Intento).user_has_permission(user, "view")


class ReporteMenuItem(MenuItem):
    def is_shown(self, request):
        return puede_ver_reportes(request.user)


class FiltrosDeIntentos(WagtailFilterSet):
    """What narrows the attempts a report counts: course, municipality, participant type,
    hand-in dates."""

    curso = filtro_curso()
    municipio = filtro_municipio()
    tipo = filtro_tipo_participante()
    entregado_en = filtro_entrega()

    class Meta:
        model = Intento
        fields = ["curso", "municipio", "tipo", "entregado_en"]


class FiltrosDetalle(WagtailFilterSet):
    """The detail of one quiz: its course is fixed, so municipality, participant type, dates."""

    municipio = filtro_municipio()
    tipo = filtro_tipo_participante()
    entregado_en = filtro_entrega()

    class Meta:
        model = Intento
        fields = ["municipio", "tipo", "entregado_en"]


class FiltrosIntentosReporte(WagtailFilterSet):
    curso = filtro_curso()
    evaluacion = filtro_evaluacion()
    municipio = filtro_municipio()
    tipo = filtro_tipo_participante()
    entregado_en = filtro_entrega()

    class Meta:
        model = Intento
        fields = ["curso", "evaluacion", "municipio", "tipo", "entregado_en"]


class ReporteDeIntentosView(ListadoConAlcanceMixin, ExportacionSeguraMixin, ReportView):
    """A report over the graded attempts, readable by whoever may view attempts; a liaison's
    counts and rows are those of their municipalities only."""

    model = Intento  # whose permission policy guards the report
    permission_required = "view"

    def intentos(self):
        """The graded attempts the filters let through, among those the user may see."""
        return self.filter_queryset(self.acotar(estadisticas.intentos_finalizados()))


class ReporteAgregadoView(ReporteDeIntentosView):
    """A report whose rows are computed in Python from the filtered attempts, then sorted."""

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
        return self.get_queryset()  # the filters were applied to the attempts already


class ResultadosPorEvaluacionView(ReporteAgregadoView):
    page_title = _("Resultados por evaluación")
    header_icon = "tasks"
    verbose_name = _("evaluación")
    verbose_name_plural = _("evaluaciones")
    filterset_class = FiltrosDeIntentos
    index_url_name = "evaluaciones_reportes:resultados"
    index_results_url_name = "evaluaciones_reportes:resultados_results"
    export_filename = "resultados-por-evaluacion"
    list_export = [
        "curso",
        "titulo",
        "modulo",
        "intentos",
        "participantes",
        "promedio",
        "mediana",
        "tasa_aprobacion_intentos",
        "tasa_aprobacion_participantes",
    ]
    export_headings = {
        "curso": _("Curso"),
        "titulo": _("Evaluación"),
        "modulo": _("Módulo"),
        "intentos": _("Intentos entregados"),
        "participantes": _("Participantes"),
        "promedio": _("Calificación promedio (%)"),
        "mediana": _("Mediana (%)"),
        "tasa_aprobacion_intentos": _("Intentos aprobados (%)"),
        "tasa_aprobacion_participantes": _("Participantes que aprobaron (%)"),
    }

    def filas(self):
        return estadisticas.resultados_por_evaluacion(self.intentos())

    def url_detalle(self, fila) -> str:
        # The detail keeps the municipality, participant type and dates chosen here.
        filtros = {
            k: v
            for k, v in self.request.GET.items()
            if k.startswith(("municipio", "tipo", "entregado_en"))
        }
        url = reverse("evaluaciones_reportes:detalle", args=[fila.evaluacion_id])
        return f"{url}?{urlencode(filtros)}" if filtros else url

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "titulo", label=_("Evaluación"), get_url=self.url_detalle, sort_key="titulo"
            ),
            Column(
                "curso",
                label=_("Curso y módulo"),
                accessor=lambda f: f"{f.curso} · {f.modulo}" if f.modulo else f.curso,
                sort_key="curso",
            ),
            NumberColumn("intentos", label=_("Intentos"), sort_key="intentos"),
            NumberColumn("participantes", label=_("Participantes"), sort_key="participantes"),
            PorcentajeColumn("promedio", label=_("Promedio"), sort_key="promedio"),
            PorcentajeColumn("mediana", label=_("Mediana"), sort_key="mediana"),
            PorcentajeColumn(
                "tasa_aprobacion_intentos",
                label=_("Intentos aprobados"),
                sort_key="tasa_aprobacion_intentos",
            ),
            PorcentajeColumn(
                "tasa_aprobacion_participantes",
                label=_("Participantes que aprobaron"),
                sort_key="tasa_aprobacion_participantes",
            ),
        ]


class DetalleEvaluacionView(ReporteAgregadoView):
    page_title = _("Resultados por pregunta")
    header_icon = "help"
    verbose_name = _("pregunta")
    verbose_name_plural = _("preguntas")
    filterset_class = FiltrosDetalle
    list_export = ["enunciado", "pregunta_id", "veces", "aciertos", "porcentaje_aciertos"]
    export_headings = {
        "enunciado": _("Pregunta"),
        "pregunta_id": _("Id en el banco"),
        "veces": _("Veces planteada"),
        "aciertos": _("Respondida correctamente"),
        "porcentaje_aciertos": _("Aciertos (%)"),
    }
    columns = [
        Column("enunciado", label=_("Pregunta")),
        NumberColumn("veces", label=_("Veces planteada"), sort_key="veces"),
        NumberColumn("aciertos", label=_("Respondida correctamente"), sort_key="aciertos"),
        BarraColumn(
            "porcentaje_aciertos",
            label=_("Aciertos"),
            sort_key="porcentaje_aciertos",
            classname="evaluaciones-barra-celda",
        ),
    ]

    @cached_property
    def evaluacion(self):
        return get_object_or_404(Evaluacion.objects.select_related("curso"), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.evaluacion.titulo

    def get_filename(self):
        return f"resultados-por-pregunta-{self.evaluacion.pk}"

    def get_index_url(self):
        return reverse("evaluaciones_reportes:detalle", args=[self.evaluacion.pk])

    def get_index_results_url(self):
        return reverse("evaluaciones_reportes:detalle_results", args=[self.evaluacion.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("evaluaciones_reportes:resultados"),
                "label": _("Resultados por evaluación"),
            },
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def filas(self):
        return estadisticas.resultados_por_pregunta(
            self.intentos().filter(evaluacion=self.evaluacion)
        )


class IntentosPorParticipanteView(ListadoConDatosPersonalesMixin, ReporteDeIntentosView):
    page_title = _("Intentos por participante")
    header_icon = "user"
    verbose_name = _("intento")
    verbose_name_plural = _("intentos")
    filterset_class = FiltrosIntentosReporte
    index_url_name = "evaluaciones_reportes:intentos"
    index_results_url_name = "evaluaciones_reportes:intentos_results"
    is_searchable = True
    search_fields = ["usuario__email", "usuario__participante__nombre_completo"]
    search_backend_name = None
    default_ordering = "-entregado_en"
    export_filename = "intentos-por-participante"
    list_export = [
        "nombre",
        "correo",
        "municipio",
        "curso",
        "evaluacion",
        "numero",
        "entregado_en",
        "porcentaje",
        "aprobado",
        "respuestas",
    ]
    export_headings = EXPORTACION_INTENTOS
    columns = [
        TitleColumn(
            "nombre",
            label=_("Participante"),
            accessor=nombre_participante,
            url_name="evaluaciones_intentos:inspect",
            sort_key="usuario__participante__nombre_completo",
        ),
        Column("correo", label=_("Correo"), accessor="usuario.email"),
        Column("municipio", label=_("Municipio"), accessor=municipio_participante),
        Column("curso", label=_("Curso"), accessor="evaluacion.curso.title"),
        Column("evaluacion", label=_("Evaluación"), accessor="evaluacion.titulo"),
        Column("numero", label=_("Intento"), sort_key="numero"),
        Column(
            "entregado_en",
            label=_("Entregado el"),
            accessor=lambda i: fecha_hora_local(i.entregado_en),
            sort_key="entregado_en",
        ),
        PorcentajeColumn("porcentaje", label=_("Calificación"), sort_key="porcentaje"),
        Column("aprobado", label=_("Aprobado"), accessor=lambda i: si_no(i.aprobado)),
    ]

    def get_queryset(self):
        queryset = estadisticas.intentos_finalizados().select_related(
            "usuario__participante__municipio", "evaluacion__curso"
        )
        if not self.is_export:
            queryset = queryset.defer("preguntas", "respuestas", "resultado")
        self.queryset = queryset
        return super().get_queryset()

    def get_filtered_queryset(self):
        return self.get_queryset()  # BaseListingView.get_queryset filters already

    def to_row_dict(self, item):
        return fila_de_intento(item, self.list_export)
