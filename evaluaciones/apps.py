from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluacionesConfig(AppConfig):
    """Quizzes authored by editors and graded on the server."""

    name = "evaluaciones"
    label = "evaluaciones"
    verbose_name = _("Evaluaciones")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from evaluaciones import signals  # noqa: F401
