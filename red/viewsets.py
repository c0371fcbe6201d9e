"""Wagtail admin of the Red de Embajadores: designations of ambassadors, liaisons'
municipalities and the consents to the public directory.

Designations are history: Coordinación adds and corrects them and ends them with a date and a
reason (an action of its own); nobody deletes one (``DesignacionPermissionPolicy``). A liaison
sees, read-only, the designations of their municipalities: every door (listing, filters,
export, inspect, history, the document) looks rows up through ``cursos.alcance``, so another
municipality's designation is a 404. Every change goes through ``red.services``.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.admin.utils import quote, unquote
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import (
    CreateView,
    DeleteView,
    EditView,
    InspectView,
)
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from cursos import alcance
from cursos.acceso import DetalleConDatosPersonalesMixin, ListadoConDatosPersonalesMixin
from cursos.exportacion import IndexSeguroView, fecha_hora_local, fecha_hora_para_exportar
from cursos.models import Municipio, Participante
from cursos.services import ReglaIncumplida
from cursos.viewsets import SoloLecturaPermissionPolicy
from red import services
from red.forms import ConcluirForm, EmbajadorEditarForm, EmbajadorForm, EnlaceMunicipalForm
from red.models import ConsentimientoDirectorio, Embajador, EnlaceMunicipal
from red.views_embajadores import designaciones_visibles, url_documento

# --- Permission policies -------------------------------------------------------------------


class DesignacionPermissionPolicy(ModelPermissionPolicy):
    """The history of designations is kept: nobody deletes one, not even a superuser. Ending a
    designation is a change (``change_embajador``)."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a != "delete"])


class EnlacePermissionPolicy(ModelPermissionPolicy):
    """An assignment is a pair (liaison, municipality): added or removed, never edited."""

    def user_has_permission(self, user, action):
        if action == "change":
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a != "change"])


# --- Scope ---------------------------------------------------------------------------------


class EnElAlcanceMixin:
    """Look the row up among those the user may see (``cursos.alcance``): a liaison who opens
    another municipality's row gets a 404, whichever door they use."""

    campo_municipio = "municipio"

    def visibles(self):
        return alcance.acotar(
            self.model._default_manager.all(), self.request.user, self.campo_municipio
        )

    def get_base_object_queryset(self):
        return self.visibles()

    def get_object(self, queryset=None):
        if getattr(self, "object", None):
            return self.object
        return get_object_or_404(self.visibles(), pk=unquote(str(self.kwargs[self.pk_url_kwarg])))


class ListadoEnElAlcanceMixin:
    """The listing (and its CSV/XLSX export) narrowed to the rows the user may see. The
    first column of ``list_display`` is the title: it links to the row and carries its
    actions, as Wagtail's own title column does."""

    campo_municipio = "municipio"

    def get_base_queryset(self):
        return alcance.acotar(super().get_base_queryset(), self.request.user, self.campo_municipio)

    @cached_property
    def columns(self):
        primera, *resto = super().columns
        clase = self._get_title_column_class(TitleColumn)
        titulo = clase(
            primera.name,
            label=primera.label,
            accessor=primera.accessor,
            sort_key=primera.sort_key,
            get_url=lambda fila: self.get_edit_url(fila) or self.get_inspect_url(fila),
        )
        return [titulo, *resto]


def municipios_visibles(request):
    return alcance.acotar(Municipio.objects.order_by("nombre"), request.user, "pk")


# --- Participant chooser (for a new designation) -------------------------------------------


class ParticipanteChooserFilterForm(BaseFilterForm):
    """Search by name, e-mail, agency or position, and narrow by municipality."""

    q = forms.CharField(
        label=gettext_lazy("Buscar"),
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": gettext_lazy("Nombre, correo, dependencia o cargo")}
        ),
    )

    def filter(self, objects):
        if busqueda := (self.cleaned_data.get("q") or "").strip():
            objects = objects.filter(
                Q(nombre_completo__icontains=busqueda)
                | Q(usuario__email__icontains=busqueda)
                | Q(dependencia__icontains=busqueda)
                | Q(cargo__icontains=busqueda)
                | Q(municipio__nombre__icontains=busqueda)
            )
            self.is_searching = True
            self.search_query = busqueda
        return super().filter(objects)


class ParticipanteEnAlcanceMixin:
    """Only whoever may designate uses the chooser, and only sees the participants of the
    municipalities in their scope."""

    def dispatch(self, request, *args, **kwargs):
        politica = policy_registry.get_by_type(Embajador)
        if not politica.user_has_any_permission(request.user, ["add", "change"]):
            return TemplateResponse(
                request,
                "red/embajadores/admin/sin_permiso.html",
                {"page_title": _("Sin permiso"), "header_title": _("Sin permiso")},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_object_list(self):
        return alcance.acotar(
            Participante.objects.select_related("municipio", "usuario").order_by(
                "nombre_completo", "pk"
            ),
            self.request.user,
            "municipio",
        )


class ParticipanteColumnasMixin:
    filter_form_class = ParticipanteChooserFilterForm

    @property
    def columns(self):
        return [
            *super().columns,
            Column("municipio", label=gettext_lazy("Municipio"), accessor="municipio.nombre"),
            Column("cargo", label=gettext_lazy("Cargo"), accessor="cargo"),
        ]


class ParticipanteChooserAccesoMixin(ListadoConDatosPersonalesMixin):
    """The chooser lists people by name, municipality and position: each page of rows it
    serves (the modal, each search) is a listing of personal data in the access log."""

    modelo_datos = Participante
    puerta_datos = gettext_lazy("Elegir participante (designación)")


class ParticipanteChooseView(
    ParticipanteChooserAccesoMixin,
    ParticipanteEnAlcanceMixin,
    ParticipanteColumnasMixin,
    ChooseView,
):
    pass


class ParticipanteChooseResultsView(
    ParticipanteChooserAccesoMixin,
    ParticipanteEnAlcanceMixin,
    ParticipanteColumnasMixin,
    ChooseResultsView,
):
    pass


class ParticipanteChosenView(ParticipanteEnAlcanceMixin, ChosenView):
    def get_object(self, pk):
        """The participant ``pk`` in scope; a malformed id (``abc``, ``1e3``) is one that
        does not exist, so Wagtail answers 404 as for any other missing one."""
        try:
            return self.get_object_list().get(pk=pk)
        except (ValueError, TypeError, OverflowError):
            raise Participante.DoesNotExist from None


class ParticipanteChooser(BaseChooser):
    """Wagtail's chooser widget, which would crash re-showing a form posted with a
    malformed id ("abc"): it shows an empty choice instead, beside the form's error."""

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (ValueError, TypeError, OverflowError):
            return None


class ParticipanteChooserViewSet(ChooserViewSet):
    model = Participante
    base_widget_class = ParticipanteChooser
    icon = "user"
    choose_one_text = gettext_lazy("Elegir participante")
    choose_another_text = gettext_lazy("Elegir a otra persona")
    edit_item_text = gettext_lazy("Ver")
    per_page = 20
    choose_view_class = ParticipanteChooseView
    choose_results_view_class = ParticipanteChooseResultsView
    chosen_view_class = ParticipanteChosenView
    # Only this form uses it: other apps' Participante fields keep their own widgets.
    register_widget = False


participante_chooser = ParticipanteChooserViewSet(
    "red_participante_chooser", url_prefix="red/elegir-participante"
)


# --- Designations --------------------------------------------------------------------------


def fecha_corta(valor) -> str:
    """A calendar date as staff write it (31/01/2026); a designation's date is no moment in
    time, so not «hace 9 meses» as Wagtail's date column would show it."""
    return date_format(valor, "d/m/Y") if valor else ""


def estado_de(embajador: Embajador) -> str:
    return _("Activa") if embajador.activo else _("Concluida")


class EmbajadorFilterSet(WagtailFilterSet):
    municipio = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Municipio"),
        queryset=municipios_visibles,
        empty_label=gettext_lazy("Todos los municipios"),
    )
    estado = django_filters.ChoiceFilter(
        label=gettext_lazy("Estado"),
        choices=[("activa", gettext_lazy("Activa")), ("concluida", gettext_lazy("Concluida"))],
        empty_label=gettext_lazy("Todas"),
        method="filtrar_estado",
    )
    designado_en = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Designada entre"),
        field_name="designado_en",
        widget=DateRangePickerWidget,
    )

    class Meta:
        model = Embajador
        fields = ["municipio", "estado", "designado_en"]

    def filtrar_estado(self, queryset, name, valor):
        if valor == "activa":
            return queryset.filter(concluido_en__isnull=True)
        if valor == "concluida":
            return queryset.filter(concluido_en__isnull=False)
        return queryset


EXPORTACION = {
    "municipio": gettext_lazy("Municipio"),
    "clave_inegi": gettext_lazy("Clave INEGI"),
    "nombre": gettext_lazy("Nombre"),
    "correo": gettext_lazy("Correo"),
    "cargo": gettext_lazy("Cargo"),
    "designado_en": gettext_lazy("Fecha de designación"),
    "estado": gettext_lazy("Estado"),
    "concluido_en": gettext_lazy("Concluyó el"),
    "motivo_conclusion": gettext_lazy("Motivo de conclusión"),
    "documento": gettext_lazy("Documento"),
    "creado_en": gettext_lazy("Registrada el (hora del centro de México)"),
}


def fila_de_designacion(embajador: Embajador, campos) -> dict:
    participante = embajador.participante
    valores = {
        "municipio": lambda: embajador.municipio.nombre,
        "clave_inegi": lambda: embajador.municipio.clave_inegi,
        "nombre": lambda: participante.nombre_completo,
        "correo": lambda: participante.usuario.email,
        "cargo": lambda: embajador.cargo,
        "designado_en": lambda: embajador.designado_en,
        "estado": lambda: estado_de(embajador),
        "concluido_en": lambda: embajador.concluido_en or "",
        "motivo_conclusion": lambda: embajador.motivo_conclusion,
        "documento": lambda: _("Sí") if embajador.documento else _("No"),
        "creado_en": lambda: fecha_hora_para_exportar(embajador.creado_en),
    }
    return {campo: valores[campo]() for campo in campos}


class EmbajadorIndexView(ListadoConDatosPersonalesMixin, ListadoEnElAlcanceMixin, IndexSeguroView):
    concluir_url_name = None

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("participante__usuario", "municipio")
            .order_by("municipio__nombre", "-designado_en", "pk")
        )

    def get_list_more_buttons(self, instance):
        botones = list(super().get_list_more_buttons(instance))
        if instance.activo and self.user_has_permission("change"):
            botones.append(
                Button(
                    _("Concluir designación"),
                    url=reverse(self.concluir_url_name, args=[quote(instance.pk)]),
                    icon_name="calendar-check",
                    priority=40,
                )
            )
        if instance.documento:
            botones.append(
                Button(
                    _("Descargar documento"),
                    url=url_documento(instance),
                    icon_name="download",
                    priority=50,
                )
            )
        return botones

    def to_row_dict(self, item):
        return fila_de_designacion(item, self.list_export)


class ServicioEnFormularioMixin:
    """Save through ``red.services``; a rule the service refuses (a lost race, say) comes
    back to the form as its error, in Spanish."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ReglaIncumplida as error:
            form.add_error(None, str(error.mensaje))
            return self.form_invalid(form)


class EmbajadorCreateView(ServicioEnFormularioMixin, CreateView):
    def save_instance(self):
        datos = self.form.cleaned_data
        return services.embajador_designar(
            participante=datos["participante"],
            municipio=datos.get("municipio"),
            cargo=datos["cargo"],
            designado_en=datos["designado_en"],
            documento=datos.get("documento"),
            usuario=self.request.user,
        )

    def get_success_message(self, instance=None):
        return _("Se registró la designación de %(persona)s en %(municipio)s.") % {
            "persona": self.object.participante,
            "municipio": self.object.municipio,
        }


class ConcluirEnCabeceraMixin:
    """«Concluir designación» in the header's menu of an active designation, for who may
    change it (the edit and inspect views share it)."""

    concluir_url_name = None

    @cached_property
    def header_more_buttons(self):
        botones = list(super().header_more_buttons)
        if self.object.activo and self.user_has_permission("change"):
            botones.append(
                Button(
                    _("Concluir designación"),
                    url=reverse(self.concluir_url_name, args=[quote(self.object.pk)]),
                    icon_name="calendar-check",
                    priority=40,
                )
            )
        return botones


class EmbajadorEditView(
    ConcluirEnCabeceraMixin, ServicioEnFormularioMixin, EnElAlcanceMixin, EditView
):
    def save_instance(self):
        datos = self.form.cleaned_data
        return services.embajador_actualizar(
            embajador=self.object,
            cargo=datos["cargo"],
            designado_en=datos["designado_en"],
            documento=datos.get("documento"),
            usuario=self.request.user,
        )

    def get_success_message(self):
        return _("Se guardaron los cambios en la designación de %(persona)s.") % {
            "persona": self.object.participante
        }


class EmbajadorInspectView(
    DetalleConDatosPersonalesMixin, ConcluirEnCabeceraMixin, EnElAlcanceMixin, InspectView
):
    fields = [
        "participante",
        "municipio",
        "cargo",
        "designado_en",
        "estado",
        "concluido_en",
        "motivo_conclusion",
        "documento",
        "registrado_por",
        "creado_en",
    ]

    def visibles(self):
        return designaciones_visibles(self.request.user)

    def get_field_label(self, field_name, field):
        if field_name == "estado":
            return _("Estado")
        return super().get_field_label(field_name, field)

    def get_estado_display_value(self):
        return estado_de(self.object)

    def get_concluido_en_display_value(self):
        return self.object.concluido_en or "—"

    def get_motivo_conclusion_display_value(self):
        return self.object.motivo_conclusion or "—"

    def get_registrado_por_display_value(self):
        usuario = self.object.registrado_por
        return (usuario.get_full_name() or usuario.get_username()) if usuario else "—"

    def get_creado_en_display_value(self):
        return fecha_hora_local(self.object.creado_en)

    def get_documento_display_value(self):
        if not self.object.documento:
            return _("Sin documento")
        return format_html(
            '<a href="{}" download>{}</a>', url_documento(self.object), _("Descargar PDF")
        )

    @cached_property
    def header_buttons(self):
        botones = []
        if self.object.documento:
            botones.append(
                HeaderButton(
                    _("Descargar documento"),
                    url=url_documento(self.object),
                    icon_name="download",
                )
            )
        return botones


class EmbajadorHistoryView(EnElAlcanceMixin, HistoryView):
    # Reading the history needs only ``view``: a liaison reads their municipality's.
    any_permission_required = ["add", "change", "view"]


class EmbajadorUsageView(EnElAlcanceMixin, UsageView):
    pass


class EmbajadorDeleteView(EnElAlcanceMixin, DeleteView):
    """Never reached with success: the policy refuses ``delete`` to everyone."""


class ConcluirView(EnElAlcanceMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """End an active designation: a form (GET) and the change (POST), for who may change
    designations. Ending one that already ended is a 409 that says when it ended."""

    model = Embajador
    permission_required = "change"
    http_method_names = ["get", "post"]
    pk_url_kwarg = "pk"
    page_title = gettext_lazy("Concluir designación")
    template_name = "red/embajadores/admin/concluir.html"
    form_class = ConcluirForm
    header_icon = "calendar-check"
    index_url_name = None
    inspect_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = self.get_object()

    def visibles(self):
        return designaciones_visibles(self.request.user)

    def get_page_subtitle(self):
        return str(self.object)

    def inspect_url(self) -> str:
        return reverse(self.inspect_url_name, args=[quote(self.object.pk)])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(Embajador._meta.verbose_name_plural),
            },
            {"url": self.inspect_url(), "label": str(self.object)},
            {"url": "", "label": self.get_page_title(), "sublabel": str(self.object)},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "embajador": self.object}

    def concluida(self):
        """A 409 that says when it ended: a second click, or a rival request first."""
        self.object.refresh_from_db(fields=["concluido_en", "motivo_conclusion"])
        return self.render_to_response(
            self.get_context_data(
                ya_concluida=True,
                mensaje=services.DesignacionConcluida.de(self.object).mensaje,
            ),
            status=409,
        )

    def get(self, request, *args, **kwargs):
        if not self.object.activo:
            return self.concluida()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.object.activo:
            return self.concluida()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.embajador_concluir(
                embajador=self.object,
                concluido_en=form.cleaned_data["concluido_en"],
                motivo=form.cleaned_data["motivo"],
                usuario=self.request.user,
            )
        except services.DesignacionConcluida:
            return self.concluida()
        except ReglaIncumplida as error:
            form.add_error(None, str(error.mensaje))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Concluyó la designación de %(persona)s en %(municipio)s.")
            % {"persona": self.object.participante, "municipio": self.object.municipio},
        )
        return redirect(self.inspect_url())

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        contexto = super().get_context_data(**kwargs)
        contexto.update(
            {
                "embajador": self.object,
                "action_url": self.request.path,
                "inspect_url": self.inspect_url(),
            }
        )
        return contexto


class ConclusionLogFormatter(LogFormatter):
    label = gettext_lazy("Concluir designación")

    def format_message(self, log_entry):
        return _("Designación concluida el %(fecha)s: «%(motivo)s»") % {
            "fecha": log_entry.data.get("concluido_en", ""),
            "motivo": log_entry.data.get("motivo", ""),
        }


class EmbajadorViewSet(ModelViewSet):
    model = Embajador
    icon = "user"
    menu_label = gettext_lazy("Designaciones")
    menu_name = "designaciones"
    url_prefix = "red/embajadores"
    url_namespace = "red_embajadores"
    add_to_admin_menu = False
    index_view_class = EmbajadorIndexView
    add_view_class = EmbajadorCreateView
    edit_view_class = EmbajadorEditView
    inspect_view_class = EmbajadorInspectView
    history_view_class = EmbajadorHistoryView
    usage_view_class = EmbajadorUsageView
    delete_view_class = EmbajadorDeleteView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["participante__nombre_completo", "cargo", "municipio__nombre"]
    list_display = [
        Column(
            "participante",
            label=gettext_lazy("Embajador(a)"),
            accessor="participante.nombre_completo",
            sort_key="participante__nombre_completo",
        ),
        Column(
            "municipio",
            label=gettext_lazy("Municipio"),
            accessor="municipio.nombre",
            sort_key="municipio__nombre",
        ),
        "cargo",
        Column(
            "designado_en",
            label=gettext_lazy("Designada el"),
            accessor=lambda e: fecha_corta(e.designado_en),
            sort_key="designado_en",
        ),
        StatusTagColumn(
            "estado",
            label=gettext_lazy("Estado"),
            accessor=estado_de,
            primary=lambda e: e.activo,
            sort_key="concluido_en",
        ),
        Column(
            "concluido_en",
            label=gettext_lazy("Concluyó el"),
            accessor=lambda e: fecha_corta(e.concluido_en),
            sort_key="concluido_en",
        ),
    ]
    filterset_class = EmbajadorFilterSet
    list_export = list(EXPORTACION)
    export_headings = EXPORTACION
    export_filename = "embajadores"

    def get_form_class(self, for_update=False):
        if for_update:
            return EmbajadorEditarForm

        class Form(EmbajadorForm):
            class Meta(EmbajadorForm.Meta):
                widgets = {
                    **EmbajadorForm.Meta.widgets,
                    "participante": participante_chooser.widget_class(),
                }

        return Form

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"inspect_url_name": self.get_url_name("inspect"), **kwargs}
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            concluir_url_name=self.get_url_name("concluir"), **kwargs
        )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            concluir_url_name=self.get_url_name("concluir"), **kwargs
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            concluir_url_name=self.get_url_name("concluir"), **kwargs
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("concluir/<id:pk>/", self.construct_view(ConcluirView), name="concluir"),
        ]


# --- Liaisons ------------------------------------------------------------------------------


class EnlaceFilterSet(WagtailFilterSet):
    municipio = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Municipio"),
        queryset=lambda request: Municipio.objects.order_by("nombre"),
        empty_label=gettext_lazy("Todos los municipios"),
    )

    class Meta:
        model = EnlaceMunicipal
        fields = ["municipio"]


def nombre_de_usuario(usuario) -> str:
    nombre = usuario.get_full_name() or usuario.get_username()
    return f"{nombre} ({usuario.email})" if usuario.email else nombre


class EnlaceIndexView(ListadoEnElAlcanceMixin, IndexSeguroView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("usuario", "municipio")


class EnlaceCreateView(ServicioEnFormularioMixin, CreateView):
    def save_instance(self):
        datos = self.form.cleaned_data
        return services.enlace_asignar(
            usuario=datos["usuario"], municipio=datos["municipio"], asignado_por=self.request.user
        )

    def get_success_message(self, instance=None):
        return _("%(persona)s ya es enlace de %(municipio)s.") % {
            "persona": nombre_de_usuario(self.object.usuario),
            "municipio": self.object.municipio,
        }


class EnlaceDeleteView(EnElAlcanceMixin, DeleteView):
    page_title = gettext_lazy("Retirar municipio")

    def delete_action(self):
        services.enlace_retirar(enlace=self.object, retirado_por=self.request.user)

    def get_success_message(self):
        return _("%(persona)s dejó de ser enlace de %(municipio)s.") % {
            "persona": nombre_de_usuario(self.object.usuario),
            "municipio": self.object.municipio,
        }


class EnlaceInspectView(EnElAlcanceMixin, InspectView):
    fields = ["usuario", "municipio", "asignado_en"]

    def get_usuario_display_value(self):
        return nombre_de_usuario(self.object.usuario)

    def get_asignado_en_display_value(self):
        return fecha_hora_local(self.object.asignado_en)


class EnlaceMunicipalViewSet(ModelViewSet):
    model = EnlaceMunicipal
    icon = "site"
    menu_label = gettext_lazy("Enlaces municipales")
    menu_name = "enlaces-municipales"
    url_prefix = "red/enlaces"
    url_namespace = "red_enlaces"
    add_to_admin_menu = False
    index_view_class = EnlaceIndexView
    add_view_class = EnlaceCreateView
    delete_view_class = EnlaceDeleteView
    inspect_view_class = EnlaceInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    search_fields = [
        "usuario__username",
        "usuario__first_name",
        "usuario__last_name",
        "usuario__email",
        "municipio__nombre",
    ]
    list_display = [
        Column(
            "usuario",
            label=gettext_lazy("Enlace"),
            accessor=lambda e: nombre_de_usuario(e.usuario),
            sort_key="usuario__username",
        ),
        Column(
            "municipio",
            label=gettext_lazy("Municipio"),
            accessor="municipio.nombre",
            sort_key="municipio__nombre",
        ),
        Column(
            "asignado_en",
            label=gettext_lazy("Asignado el"),
            accessor=lambda e: fecha_hora_local(e.asignado_en),
            sort_key="asignado_en",
        ),
    ]
    filterset_class = EnlaceFilterSet

    def get_form_class(self, for_update=False):
        return EnlaceMunicipalForm


# --- Consents (read-only record) -----------------------------------------------------------


class ConsentimientoIndexView(
    ListadoConDatosPersonalesMixin, ListadoEnElAlcanceMixin, IndexSeguroView
):
    campo_municipio = "participante__municipio"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("participante__municipio")


class ConsentimientoViewSet(ModelViewSet):
    """Who consented to the public directory and when, and who withdrew: the rows stay."""

    model = ConsentimientoDirectorio
    icon = "tick-inverse"
    menu_label = gettext_lazy("Consentimientos del directorio")
    menu_name = "consentimientos-directorio"
    url_prefix = "red/consentimientos"
    url_namespace = "red_consentimientos"
    add_to_admin_menu = False
    index_view_class = ConsentimientoIndexView
    inspect_view_enabled = False
    copy_view_enabled = False
    exclude_form_fields = []  # never used: the policy refuses add and change
    search_backend_name = None
    search_fields = ["participante__nombre_completo", "participante__municipio__nombre"]
    list_display = [
        Column(
            "participante",
            label=gettext_lazy("Participante"),
            accessor="participante.nombre_completo",
            sort_key="participante__nombre_completo",
        ),
        Column(
            "municipio",
            label=gettext_lazy("Municipio"),
            accessor="participante.municipio.nombre",
        ),
        Column(
            "otorgado_en",
            label=gettext_lazy("Otorgado el"),
            accessor=lambda c: fecha_hora_local(c.otorgado_en),
            sort_key="otorgado_en",
        ),
        Column(
            "retirado_en",
            label=gettext_lazy("Retirado el"),
            accessor=lambda c: fecha_hora_local(c.retirado_en) or "—",
            sort_key="retirado_en",
        ),
    ]


class RedEmbajadoresViewSetGroup(ModelViewSetGroup):
    items = (EmbajadorViewSet, EnlaceMunicipalViewSet, ConsentimientoViewSet)
    menu_label = gettext_lazy("Red de Embajadores")
    menu_name = "red-de-embajadores"
    menu_icon = "group"
    menu_order = 270


POLITICAS = {
    Embajador: DesignacionPermissionPolicy(Embajador),
    EnlaceMunicipal: EnlacePermissionPolicy(EnlaceMunicipal),
    ConsentimientoDirectorio: SoloLecturaPermissionPolicy(ConsentimientoDirectorio),
}
