"""Wagtail wiring of certificates: audit-log actions (viewsets arrive with the admin)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def acciones_del_historial(actions):
    actions.register_action(
        "certificados.emitir", _("Emitir certificado"), _("Certificado emitido")
    )
    actions.register_action(
        "certificados.revocar", _("Revocar certificado"), _("Certificado revocado")
    )
    actions.register_action(
        "certificados.reemitir",
        _("Reemitir certificado"),
        _("Certificado reemplazado por uno nuevo"),
    )
