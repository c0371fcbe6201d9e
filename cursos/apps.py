from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CursosConfig(AppConfig):
    """Courses as Wagtail pages, participants, enrolment and progress."""

    name = "cursos"
    label = "cursos"
    verbose_name = _("Cursos")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cursos import compat, convertidores, signals  # noqa: F401

        compat.aplicar()
        convertidores.registrar()
