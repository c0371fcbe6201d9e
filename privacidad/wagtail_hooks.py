"""Wagtail wiring of privacy: the admin menu, the read-only policy of requests, the audit
log's actions and where requests log, the editorial team's permissions on the notice, and the
link from the learner's profile to their rights."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from cursos.alcance import registrar_modelo
from cursos.editorial import HOOK_GRUPO_EDITORIAL, permisos_otorgar
from cursos.selectors import HOOK_PERFIL_ENLACES
from cursos.viewsets import SoloLecturaPermissionPolicy
from privacidad import roles, services
from privacidad.models import SolicitudArco
from privacidad.viewsets import AvisoPrivacidadViewSet, SolicitudArcoViewSet

register_permission_policy(SolicitudArco, SoloLecturaPermissionPolicy(SolicitudArco))
registrar_modelo(SolicitudArco, "usuario__participante__municipio")
register_snippet(AvisoPrivacidadViewSet)


@hooks.register("register_admin_viewset")
def registrar_solicitudes():
    return SolicitudArcoViewSet("privacidad_solicitudes")


@hooks.register(HOOK_GRUPO_EDITORIAL)
def permisos_del_equipo_editorial(*, grupo):
    permisos_otorgar(grupo=grupo, app_label="privacidad", codenames=roles.PERMISOS_EDITORIALES)


@hooks.register("register_log_actions")
def acciones_del_historial(actions):
    for accion, etiqueta, mensaje in (
        (
            services.ACCION_SOLICITAR,
            gettext_lazy("Solicitud ARCO"),
            gettext_lazy("Solicitud ARCO recibida"),
        ),
        (
            services.ACCION_APROBAR,
            gettext_lazy("Aprobar solicitud ARCO"),
            gettext_lazy("Solicitud ARCO aprobada"),
        ),
        (
            services.ACCION_RECHAZAR,
            gettext_lazy("Rechazar solicitud ARCO"),
            gettext_lazy("Solicitud ARCO rechazada"),
        ),
        (
            services.ACCION_CANCELAR,
            gettext_lazy("Cancelar cuenta"),
            gettext_lazy("Cuenta cancelada y datos anonimizados"),
        ),
        (
            services.ACCION_ACCESO,
            gettext_lazy("Descarga de datos personales"),
            gettext_lazy("La persona descargó sus datos"),
        ),
        (
            services.ACCION_CONSENTIR,
            gettext_lazy("Consentimiento al aviso"),
            gettext_lazy("Consentimiento al aviso de privacidad"),
        ),
    ):
        actions.register_action(accion, etiqueta, mensaje)


@hooks.register(HOOK_PERFIL_ENLACES)
def enlace_a_mis_derechos(*, usuario):
    return [
        (
            _("Tus datos y tus derechos (acceso, rectificación, cancelación, oposición)"),
            reverse("privacidad:inicio"),
        )
    ]
