from django.apps import AppConfig


class InicioConfig(AppConfig):
    name = "inicio"
    verbose_name = "Inicio"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from inicio import servir, usuarios  # noqa: F401  (their signal receivers)
