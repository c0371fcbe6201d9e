from django.apps import AppConfig


class InicioConfig(AppConfig):
    name = "inicio"
    verbose_name = "Inicio"
    default_auto_field = "django.db.models.BigAutoField"
