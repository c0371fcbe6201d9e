"""``manage.py db_worker``: django-tasks-db's worker, plus recovery of tasks a dead worker left
RUNNING (see ``inicio.tareas``). The host's app comes first in INSTALLED_APPS, so this command
takes the name of django-tasks-db's; its options are the same."""

from django_tasks_db.management.commands import db_worker

from inicio.tareas import Vigia


class Command(db_worker.Command):
    help = (
        "Ejecuta tareas en segundo plano (django-tasks-db) y reencola las que dejó en curso un "
        "trabajador que murió."
    )

    def handle(self, *args, **options):
        vigia = Vigia(worker_id=options["worker_id"])
        vigia.start()
        # Nothing is claimed before this worker's presence is held.
        vigia.lista.wait(timeout=60)
        try:
            return super().handle(*args, **options)
        finally:
            vigia.detener()
