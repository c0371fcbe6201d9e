from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluacionesConfig(AppConfig):
    """Quizzes authored by editors and graded on the server (arrives with its own issue)."""

    name = "evaluaciones"
    label = "evaluaciones"
    verbose_name = _("Evaluaciones")
    default_auto_field = "django.db.models.BigAutoField"
