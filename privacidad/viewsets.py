"""Wagtail admin of privacy: the notice's versions (a snippet editors and the Coordinación
draft and publish) and ARCO requests (a read-only record with their legal deadline, and a
«Resolver» action behind ``privacidad.resolver_solicitudarco`` that goes through
``privacidad.services``)."""

from __future__ import annotations

import django_filters
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import SnippetViewSet

from cursos.acceso import ACCION_CONSULTAR, registrar_acceso
from cursos.alcance import AlcanceMixin
from cursos.services import ReglaIncumplida
from cursos.viewsets import RegistroIndexView, RegistroInspectView, RegistroSoloLecturaViewSet
from privacidad import plazos, services
from privacidad.forms import ResolverForm
from privacidad.models import AvisoPrivacidad, EstadoSolicitud, SolicitudArco, TipoSolicitud

PERMISO_RESOLVER = "privacidad.resolver_solicitudarco"


def titular_de(solicitud: SolicitudArco) -> str:
    participante = getattr(solicitud.usuario, "participante", None)
    nombre = participante.nombre_completo if participante else solicitud.usuario.get_username()
    return nombre


def plazo_texto(solicitud: SolicitudArco, hoy=None) -> str:
    """«Vence en N días hábiles», «Vence hoy», «Vencida hace N días hábiles», or the
    resolution date."""
    if not solicitud.pendiente:
        return _("Resuelta el %s") % timezone.localtime(solicitud.resuelta_en).strftime("%d/%m/%Y")
    hoy = hoy or timezone.localdate()
    restantes = plazos.dias_habiles_entre(hoy, solicitud.vence_el)
    if solicitud.vence_el < hoy:
        return _("VENCIDA hace %s días hábiles") % -restantes
    if solicitud.vence_el == hoy:
        return _("Vence hoy")
    return _("Vence en %s días hábiles") % restantes


class PlazoColumn(Column):
    """The deadline and how far it is; an overdue request stands out (icon, bold, colour,
    and the word «VENCIDA» for whoever does not see colour)."""

    def get_value(self, instance):
        texto = plazo_texto(instance)
        if instance.vencida:
            return format_html(
                '<strong class="w-text-critical-200">⚠ {} · {}</strong>',
                instance.vence_el.strftime("%d/%m/%Y"),
                texto,
            )
        return f"{instance.vence_el:%d/%m/%Y} · {texto}"


class SolicitudFilterSet(WagtailFilterSet):
    estado = django_filters.ChoiceFilter(
        label=gettext_lazy("Estado"),
        choices=EstadoSolicitud.choices,
        empty_label=gettext_lazy("Todos los estados"),
    )
    tipo = django_filters.ChoiceFilter(
        label=gettext_lazy("Derecho"),
        choices=TipoSolicitud.choices,
        empty_label=gettext_lazy("Todos los derechos"),
    )
    vencidas = django_filters.BooleanFilter(
        label=gettext_lazy("Solo pendientes vencidas"),
        method="filtrar_vencidas",
        widget=django_filters.widgets.BooleanWidget,
    )

    class Meta:
        model = SolicitudArco
        fields = ["estado", "tipo"]

    def filtrar_vencidas(self, queryset, name, valor):
        if valor:
            return queryset.filter(
                estado=EstadoSolicitud.PENDIENTE, vence_el__lt=timezone.localdate()
            )
        return queryset


class SolicitudIndexView(RegistroIndexView):
    pass


class SolicitudInspectView(RegistroInspectView):
    @cached_property
    def header_buttons(self):
        botones = list(super().header_buttons)
        if self.object.pendiente and self.request.user.has_perm(PERMISO_RESOLVER):
            botones.append(
                HeaderButton(
                    _("Resolver"),
                    url=reverse("privacidad_solicitudes:resolver", args=[quote(self.object.pk)]),
                    icon_name="tasks",
                )
            )
        return botones

    def get_usuario_display_value(self):
        return f"{titular_de(self.object)} <{self.object.usuario.email}>"

    def get_vence_el_display_value(self):
        return f"{self.object.vence_el:%d/%m/%Y} · {plazo_texto(self.object)}"


class ResolverView(AlcanceMixin, WagtailAdminTemplateMixin, FormView):
    """Approve (and carry out) or reject a pending request, with an answer. A request already
    resolved, by a second click or a colleague first, is a 409 that says who and when."""

    template_name = "privacidad/admin/resolver.html"
    form_class = ResolverForm
    page_title = gettext_lazy("Resolver solicitud ARCO")
    header_icon = "tasks"
    http_method_names = ["get", "post"]
    campo_alcance = "usuario__participante__municipio"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISO_RESOLVER):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def solicitud(self):
        return get_object_or_404(
            self.acotar(SolicitudArco.objects.select_related("usuario__participante__municipio")),
            pk=self.kwargs["pk"],
        )

    def get_page_subtitle(self):
        return str(self.solicitud)

    def inspect_url(self):
        return reverse("privacidad_solicitudes:inspect", args=[quote(self.solicitud.pk)])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("privacidad_solicitudes:index"), "label": _("Solicitudes ARCO")},
            {"url": self.inspect_url(), "label": str(self.solicitud)},
            {"url": "", "label": self.get_page_title()},
        ]

    def ya_resuelta(self):
        self.solicitud.refresh_from_db()
        return self.render_to_response(self.get_context_data(ya_resuelta=True), status=409)

    def get(self, request, *args, **kwargs):
        if not self.solicitud.pendiente:
            respuesta = self.ya_resuelta()
        else:
            respuesta = super().get(request, *args, **kwargs)
        # The page shows the request and its holder's name and data (also when it says the
        # request was already resolved): one access entry, as the inspect view writes.
        registrar_acceso(
            request,
            accion=ACCION_CONSULTAR,
            puerta=self.get_page_title(),
            objeto=self.solicitud,
        )
        return respuesta

    def post(self, request, *args, **kwargs):
        if not self.solicitud.pendiente:
            return self.ya_resuelta()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        decision = form.cleaned_data["decision"]
        respuesta = form.cleaned_data["respuesta"]
        try:
            if decision == "aprobar":
                services.solicitud_aprobar(
                    solicitud=self.solicitud, usuario=self.request.user, respuesta=respuesta
                )
            else:
                services.solicitud_rechazar(
                    solicitud=self.solicitud, usuario=self.request.user, respuesta=respuesta
                )
        except services.SolicitudYaResuelta:
            return self.ya_resuelta()
        except ReglaIncumplida as error:
            form.add_error(None, str(error.mensaje))
            return self.form_invalid(form)
        if decision == "aprobar":
            messages.success(self.request, _("Solicitud aprobada y ejecutada."))
        else:
            messages.success(self.request, _("Solicitud rechazada; la persona verá el motivo."))
        return redirect(self.inspect_url())

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        contexto = super().get_context_data(**kwargs)
        contexto.update(
            {
                "solicitud": self.solicitud,
                "titular": titular_de(self.solicitud),
                "plazo": plazo_texto(self.solicitud),
                "es_cancelacion": self.solicitud.tipo == TipoSolicitud.CANCELACION,
                "es_rectificacion": self.solicitud.tipo == TipoSolicitud.RECTIFICACION,
            }
        )
        return contexto


class SolicitudArcoViewSet(RegistroSoloLecturaViewSet):
    model = SolicitudArco
    icon = "tasks"
    menu_label = gettext_lazy("Solicitudes ARCO")
    url_prefix = "privacidad/solicitudes"
    url_namespace = "privacidad_solicitudes"
    add_to_admin_menu = True
    menu_order = 260
    index_view_class = SolicitudIndexView
    inspect_view_class = SolicitudInspectView
    search_fields = ["usuario__email", "usuario__participante__nombre_completo", "detalle"]
    relacionados = ("usuario__participante",)
    list_display = [
        TitleColumn(
            "numero",
            label=gettext_lazy("Núm."),
            accessor="pk",
            url_name="privacidad_solicitudes:inspect",
            sort_key="pk",
        ),
        Column("titular", label=gettext_lazy("Persona titular"), accessor=titular_de),
        Column("tipo", label=gettext_lazy("Derecho"), accessor="get_tipo_display"),
        DateColumn("recibida_en", label=gettext_lazy("Recibida el")),
        PlazoColumn("vence_el", label=gettext_lazy("Plazo legal"), sort_key="vence_el"),
        Column("estado", label=gettext_lazy("Estado"), accessor="get_estado_display"),
    ]
    filterset_class = SolicitudFilterSet
    list_export = ["pk", "tipo", "estado", "recibida_en", "vence_el", "resuelta_en"]
    export_headings = {"pk": gettext_lazy("Núm.")}
    export_filename = "solicitudes-arco"
    inspect_view_fields = [
        "usuario",
        "tipo",
        "estado",
        "detalle",
        "recibida_en",
        "vence_el",
        "resuelta_en",
        "resuelta_por",
        "respuesta",
        "resultado",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("resolver/<int:pk>/", ResolverView.as_view(), name="resolver"),
        ]


class AvisoPrivacidadViewSet(SnippetViewSet):
    model = AvisoPrivacidad
    icon = "doc-full"
    menu_label = gettext_lazy("Aviso de privacidad")
    url_prefix = "privacidad/avisos"
    list_display = ["version", "titulo", "live", "first_published_at"]
    copy_view_enabled = False
