from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedConfig(AppConfig):
    """La Red en cifras: ambassadors, roles, each public servant's record, reports and the map.

    Builds on ``cursos``, ``evaluaciones`` and ``certificados`` through their selectors and
    hooks; none of them imports it."""

    name = "red"
    label = "red"
    verbose_name = _("Red de Embajadores")
    default_auto_field = "django.db.models.BigAutoField"
