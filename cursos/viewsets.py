"""Wagtail admin views of the learner records: read-only, filterable, exportable, and narrowed
to the municipalities each staff member may see (``cursos.alcance``)."""

import django_filters
from django.contrib.admin.utils import unquote
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import DateColumn, TitleColumn
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.models import DeleteView, EditView, InspectView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies.base import ModelPermissionPolicy

from cursos.acceso import DetalleConDatosPersonalesMixin, ListadoConDatosPersonalesMixin
from cursos.alcance import (
    CAMPO_PREDETERMINADO,
    AlcanceMixin,
    ListadoConAlcanceMixin,
    filtro_municipio,
)
from cursos.exportacion import IndexSeguroView
from cursos.filtros import IdElegibleFilter
from cursos.models import CursoPage, Inscripcion, Participante, TipoParticipante


class SoloLecturaPermissionPolicy(ModelPermissionPolicy):
    """Editors may look at history, never rewrite it: only the ``view`` action is granted."""

    ACCIONES_DE_ESCRITURA = {"add", "change", "delete"}

    def user_has_permission(self, user, action):
        if action in self.ACCIONES_DE_ESCRITURA:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [a for a in actions if a not in self.ACCIONES_DE_ESCRITURA]
        )


HOOK_PARTICIPANTE_BOTONES = "cursos_participante_botones"


def botones_de_participante(*, participante, usuario) -> list:
    """Buttons other apps add to a participant's row in the admin listing and to their
    inspect page (``cursos`` knows nothing of what they open).

    They answer through the ``cursos_participante_botones`` Wagtail hook: a function
    ``(*, participante, usuario) -> list[wagtail.admin.widgets.ListingButton]`` (empty when
    it has nothing for that user). It is called once per row: it must not query the database
    (a permission check on ``usuario`` is cached by Django after the first)."""
    botones = []
    for funcion in hooks.get_hooks(HOOK_PARTICIPANTE_BOTONES):
        botones.extend(funcion(participante=participante, usuario=usuario))
    return botones


def nombre_de_quien(registro) -> str:
    """The learner's name on a record, or their username if they have no profile."""
    participante = getattr(registro.usuario, "participante", None)
    return participante.nombre_completo if participante else registro.usuario.get_username()


# --- Views narrowed to the user's municipalities ------------------------------------------


class RegistroIndexView(ListadoConDatosPersonalesMixin, ListadoConAlcanceMixin, IndexSeguroView):
    """The listing, its search, its filters and its CSV/XLSX export: only the visible rows,
    read in one query with what the columns show (``relacionados``); each page served and each
    export is in the access log (``cursos.acceso``)."""

    relacionados: tuple[str, ...] = ()

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return queryset.select_related(*self.relacionados) if self.relacionados else queryset


class RegistroInspectView(DetalleConDatosPersonalesMixin, AlcanceMixin, InspectView):
    """Another municipality's record is a 404, as if it did not exist; each view of one is in
    the access log."""

    def get_object(self, queryset=None):
        return self.objeto_visible(self.model._default_manager.all(), pk=unquote(str(self.pk)))


class InscripcionInspectView(RegistroInspectView):
    def get_usuario_display_value(self):
        return f"{nombre_de_quien(self.object)} <{self.object.usuario.email}>"


class ParticipanteIndexView(RegistroIndexView):
    def get_list_buttons(self, instance):
        botones = botones_de_participante(participante=instance, usuario=self.request.user)
        return [*botones, *super().get_list_buttons(instance)]


class ParticipanteInspectView(RegistroInspectView):
    @cached_property
    def header_buttons(self):
        botones = botones_de_participante(participante=self.object, usuario=self.request.user)
        return [
            *super().header_buttons,
            *(
                HeaderButton(
                    boton.label,
                    url=boton.url,
                    icon_name=boton.icon_name,
                    attrs=boton.attrs,
                    priority=boton.priority,
                )
                for boton in botones
            ),
        ]


class RegistroHistoryView(AlcanceMixin, HistoryView):
    pass


class RegistroUsageView(AlcanceMixin, UsageView):
    pass


class RegistroEditView(AlcanceMixin, EditView):
    # Nobody may edit a record (the policy refuses it); another municipality's is not even there.
    def get_queryset(self):
        return self.acotar(super().get_queryset())


class RegistroDeleteView(AlcanceMixin, DeleteView):
    def get_queryset(self):
        return self.acotar(super().get_queryset())


def filtro_tipo_participante(campo: str = "usuario__participante__tipo"):
    return django_filters.ChoiceFilter(
        label=_("Tipo de participante"),
        field_name=campo,
        choices=TipoParticipante.choices,
        empty_label=_("Todos los tipos"),
    )


def filtro_curso(campo: str = "curso"):
    return IdElegibleFilter(
        label=_("Curso"),
        field_name=campo,
        queryset=lambda request: CursoPage.objects.order_by("title"),
        empty_label=_("Todos los cursos"),
    )


def filtro_fechas(campo: str, etiqueta):
    return django_filters.DateFromToRangeFilter(
        label=etiqueta, field_name=campo, widget=DateRangePickerWidget
    )


class RegistroSoloLecturaViewSet(ModelViewSet):
    """Listing, inspect and export of learner records; writes are refused by the policy.

    Every view it builds that knows the scope (``AlcanceMixin``) is told ``campo_alcance``,
    the path from the model to the learner's municipality."""

    add_to_admin_menu = False
    index_view_class = RegistroIndexView
    inspect_view_class = RegistroInspectView
    history_view_class = RegistroHistoryView
    usage_view_class = RegistroUsageView
    edit_view_class = RegistroEditView
    delete_view_class = RegistroDeleteView
    inspect_view_enabled = True
    copy_view_enabled = False
    exclude_form_fields = []  # never used: the permission policy forbids add and edit
    search_backend_name = None
    campo_alcance = CAMPO_PREDETERMINADO
    #: What the listing's columns and export read, joined into the rows' query.
    relacionados: tuple[str, ...] = ()

    def construct_view(self, view_class, **kwargs):
        if issubclass(view_class, AlcanceMixin):
            kwargs.setdefault("campo_alcance", self.campo_alcance)
        return super().construct_view(view_class, **kwargs)

    def get_index_view_kwargs(self, **kwargs):
        if self.relacionados:
            kwargs.setdefault("relacionados", self.relacionados)
        return super().get_index_view_kwargs(**kwargs)


class InscripcionFilterSet(WagtailFilterSet):
    curso = filtro_curso()
    municipio = filtro_municipio()
    tipo = filtro_tipo_participante()
    inscrito_en = filtro_fechas("inscrito_en", _("Inscrito entre"))
    completado_en = filtro_fechas("completado_en", _("Completado entre"))

    class Meta:
        model = Inscripcion
        fields = ["curso", "municipio", "tipo", "inscrito_en", "completado_en"]


class ParticipanteFilterSet(WagtailFilterSet):
    municipio = filtro_municipio("municipio")
    tipo = filtro_tipo_participante("tipo")

    class Meta:
        model = Participante
        fields = ["municipio", "tipo"]


class InscripcionViewSet(RegistroSoloLecturaViewSet):
    model = Inscripcion
    icon = "group"
    menu_label = _("Inscripciones")
    url_prefix = "aprendizaje/inscripciones"
    url_namespace = "aprendizaje_inscripciones"
    inspect_view_class = InscripcionInspectView
    search_fields = ["usuario__email", "usuario__participante__nombre_completo", "curso__title"]
    relacionados = ("usuario__participante__municipio", "curso")
    list_display = [
        TitleColumn(
            "participante",
            label=_("Participante"),
            accessor=nombre_de_quien,
            url_name="aprendizaje_inscripciones:inspect",
            sort_key="usuario__participante__nombre_completo",
        ),
        "curso",
        DateColumn("inscrito_en", label=_("Inscrito el")),
        DateColumn("completado_en", label=_("Completado el")),
    ]
    filterset_class = InscripcionFilterSet
    list_export = [
        "usuario.participante.nombre_completo",
        "usuario.email",
        "usuario.participante.municipio.nombre",
        "curso.title",
        "inscrito_en",
        "completado_en",
    ]
    export_headings = {
        "usuario.participante.nombre_completo": _("Nombre"),
        "usuario.email": _("Correo"),
        "usuario.participante.municipio.nombre": _("Municipio"),
        "curso.title": _("Curso"),
        "inscrito_en": _("Inscrito el"),
        "completado_en": _("Completado el"),
    }
    export_filename = "inscripciones"


class ParticipanteViewSet(RegistroSoloLecturaViewSet):
    model = Participante
    icon = "user"
    menu_label = _("Participantes")
    url_prefix = "aprendizaje/participantes"
    url_namespace = "aprendizaje_participantes"
    index_view_class = ParticipanteIndexView
    inspect_view_class = ParticipanteInspectView
    search_fields = ["nombre_completo", "usuario__email", "dependencia", "cargo"]
    relacionados = ("municipio", "usuario")
    list_display = ["nombre_completo", "municipio", "tipo", "dependencia", "cargo"]
    filterset_class = ParticipanteFilterSet
    campo_alcance = "municipio"
    list_export = [
        "nombre_completo",
        "usuario.email",
        "municipio.nombre",
        "tipo",
        "dependencia",
        "cargo",
        "aviso_privacidad_aceptado_en",
    ]
    export_headings = {
        "usuario.email": _("Correo"),
        "municipio.nombre": _("Municipio"),
        "tipo": _("Tipo"),
    }
    export_filename = "participantes"
    inspect_view_fields_exclude = ["curp"]


class AprendizajeViewSetGroup(ModelViewSetGroup):
    items = (ParticipanteViewSet, InscripcionViewSet)
    menu_label = _("Aprendizaje")
    menu_icon = "folder-open-inverse"
