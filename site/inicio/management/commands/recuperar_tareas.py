"""``manage.py recuperar_tareas``: once, requeue the tasks dead workers left RUNNING."""

from django.core.management.base import BaseCommand

from inicio.tareas import tareas_huerfanas_recuperar


class Command(BaseCommand):
    help = (
        "Reencola las tareas que quedaron «en curso» porque su trabajador murió (cada "
        "db_worker ya lo hace al arrancar y periódicamente)."
    )

    def handle(self, *args, **options):
        reencoladas, fallidas = tareas_huerfanas_recuperar()
        self.stdout.write(f"Tareas reencoladas: {reencoladas}; marcadas como fallidas: {fallidas}.")
