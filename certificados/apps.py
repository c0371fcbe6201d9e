from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificadosConfig(AppConfig):
    """Signed, verifiable certificates (arrives with its own issue)."""

    name = "certificados"
    label = "certificados"
    verbose_name = _("Certificados")
    default_auto_field = "django.db.models.BigAutoField"
