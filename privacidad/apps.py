from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacidadConfig(AppConfig):
    """Privacy rights of every participant (ARCO: acceso, rectificación, cancelación,
    oposición) and the versioned privacy notice with each person's consent.

    Builds on ``cursos``, ``evaluaciones``, ``certificados`` and ``red`` through their models,
    selectors and services; none of them imports it."""

    name = "privacidad"
    label = "privacidad"
    verbose_name = _("Privacidad y derechos ARCO")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from privacidad import receivers

        receivers.conectar()
