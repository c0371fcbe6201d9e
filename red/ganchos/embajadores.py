"""Wagtail hooks: embajadores. The «Red de Embajadores» admin menu (designations, liaisons,
consents), the participant chooser, the policies that keep the history, the audit-log
actions and the link from the learner's profile to their consent page."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from cursos.selectors import HOOK_PERFIL_ENLACES
from red import services
from red.models import Embajador
from red.viewsets import (
    POLITICAS,
    ConclusionLogFormatter,
    RedEmbajadoresViewSetGroup,
    participante_chooser,
)

for modelo, politica in POLITICAS.items():
    register_permission_policy(modelo, politica)


@hooks.register("register_admin_viewset")
def registrar_red_de_embajadores():
    return RedEmbajadoresViewSetGroup()


@hooks.register("register_admin_viewset")
def registrar_elegir_participante():
    return participante_chooser


@hooks.register("register_log_actions")
def acciones_del_historial(actions):
    actions.register_action(services.ACCION_CONCLUIR)(ConclusionLogFormatter)
    actions.register_action(
        services.ACCION_CONSENTIR,
        gettext_lazy("Otorgar consentimiento"),
        gettext_lazy("Consentimiento para el directorio otorgado"),
    )
    actions.register_action(
        services.ACCION_RETIRAR_CONSENTIMIENTO,
        gettext_lazy("Retirar consentimiento"),
        gettext_lazy("Consentimiento para el directorio retirado"),
    )


@hooks.register(HOOK_PERFIL_ENLACES)
def enlace_al_consentimiento(*, usuario):
    """Only people with a designation (active or past) see the link."""
    if not Embajador.objects.filter(participante__usuario=usuario).exists():
        return []
    return [
        (
            _("Directorio de embajadores: decide si apareces en él"),
            reverse("red:consentimiento"),
        )
    ]
