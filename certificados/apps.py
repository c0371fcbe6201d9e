from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificadosConfig(AppConfig):
    """Signed PDF certificates that anyone can verify, revoke-able, issued in the background."""

    name = "certificados"
    label = "certificados"
    verbose_name = _("Certificados")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from certificados import checks, signals  # noqa: F401
