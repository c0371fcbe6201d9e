"""Tasks a dead worker left RUNNING, put back in the queue (``manage.py db_worker`` does it).

django-tasks-db (0.13) claims a task by committing it as RUNNING with the worker's id, then runs
it outside any transaction. If the worker dies there (SIGKILL, out of memory, a lost machine),
nothing ever touches the row again: the task stays RUNNING forever and its work is never done.

Here every worker holds, for as long as it lives, a PostgreSQL session-level advisory lock keyed
on its worker id, on a connection of its own: its *presence*. PostgreSQL lets go of the lock the
moment that connection dies with the process, so a RUNNING task whose last worker's lock can be
taken has lost its worker. Such a task is put back to READY for another worker (or marked FAILED
once ``TAREAS_INTENTOS_MAXIMOS`` workers have died holding it). Every worker does this when it
starts and then every ``TAREAS_INTERVALO_RECUPERACION`` seconds; ``manage.py recuperar_tareas``
does it once. Without PostgreSQL there are no advisory locks: a task RUNNING for longer than
``TAREAS_DURACION_MAXIMA`` is taken as abandoned instead.

A requeued task runs again from the start, so tasks must be safe to repeat. The certificate's
is: issuing locks the enrolment and returns the certificate it already has, and the PDF is
stored once under a row lock. If a live worker loses its presence (its connection cut), its
task may run twice, which that same property makes harmless.
"""

import contextlib
import hashlib
import logging
import threading

from django.db import connections, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from inicio import conf

logger = logging.getLogger(__name__)


class TrabajadorPerdido(Exception):
    """The workers that claimed the task died while running it, too many times."""


def clave_presencia(worker_id: str) -> int:
    """The advisory lock key (a signed 64-bit integer) of a worker id."""
    resumen = hashlib.blake2b(f"aula-climatica:trabajador:{worker_id}".encode(), digest_size=8)
    return int.from_bytes(resumen.digest(), "big", signed=True)


def _sin_trabajador(cursor, worker_id: str) -> bool:
    """True if no live session holds the worker's presence (we could take it, and let it go)."""
    clave = clave_presencia(worker_id)
    cursor.execute("SELECT pg_try_advisory_lock(%s)", [clave])
    (tomada,) = cursor.fetchone()
    if tomada:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [clave])
    return tomada


def tareas_huerfanas_recuperar() -> tuple[int, int]:
    """Requeue the RUNNING tasks whose worker is gone; fail those that lost too many.

    Returns how many were requeued and how many were marked FAILED. Safe to run from any number
    of processes at once: each task row is locked (rows another recoverer holds are skipped).
    """
    alias = DBTaskResult.objects.db
    conexion = connections[alias]
    con_presencia = conexion.vendor == "postgresql"
    ahora = timezone.now()
    reencoladas = fallidas = 0
    with transaction.atomic(using=alias):
        corriendo = DBTaskResult.objects.running().select_for_update(skip_locked=True)
        if not con_presencia:
            corriendo = corriendo.filter(started_at__lt=ahora - conf.duracion_maxima())
        with conexion.cursor() as cursor:
            for tarea in corriendo:
                if con_presencia and not (
                    tarea.worker_ids and _sin_trabajador(cursor, tarea.worker_ids[-1])
                ):
                    continue
                if len(tarea.worker_ids) >= conf.intentos_maximos():
                    tarea.status = TaskResultStatus.FAILED
                    tarea.finished_at = ahora
                    tarea.return_value = None
                    tarea.exception_class_path = (
                        f"{TrabajadorPerdido.__module__}.{TrabajadorPerdido.__qualname__}"
                    )
                    tarea.traceback = (
                        f"{len(tarea.worker_ids)} trabajadores murieron con esta tarea en curso: "
                        + ", ".join(tarea.worker_ids)
                    )
                    tarea.save(
                        update_fields=[
                            "status",
                            "finished_at",
                            "return_value",
                            "exception_class_path",
                            "traceback",
                        ]
                    )
                    fallidas += 1
                    logger.error("Tarea %s fallida: %s", tarea.id, tarea.traceback)
                else:
                    tarea.status = TaskResultStatus.READY
                    tarea.started_at = None
                    tarea.save(update_fields=["status", "started_at"])
                    reencoladas += 1
                    logger.warning(
                        "Tarea %s (%s) reencolada: su trabajador %s ya no existe.",
                        tarea.id,
                        tarea.task_path,
                        tarea.worker_ids[-1] if tarea.worker_ids else "?",
                    )
    return reencoladas, fallidas


class Vigia(threading.Thread):
    """A worker's companion thread: holds the worker's presence and, at once and then every
    interval, requeues what dead workers left. ``lista`` is set after the first round, so the
    worker claims nothing before its presence is held."""

    def __init__(self, *, worker_id: str, intervalo: float | None = None):
        super().__init__(name=f"vigia-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.intervalo = conf.intervalo_recuperacion() if intervalo is None else intervalo
        self.lista = threading.Event()
        self._alto = threading.Event()
        self._presencia = None

    def _asegurar_presencia(self) -> None:
        alias = DBTaskResult.objects.db
        if connections[alias].vendor != "postgresql":
            return
        if self._presencia is not None:
            if self._presencia.connection is not None and self._presencia.is_usable():
                return
            # Lost (the database restarted, the network blinked): the lock went with it.
            perdida, self._presencia = self._presencia, None
            with contextlib.suppress(Exception):
                perdida.close()
        # A connection of its own, never closed by the worker's request-like cycle.
        self._presencia = connections.create_connection(alias)
        with self._presencia.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [clave_presencia(self.worker_id)])
            (tomada,) = cursor.fetchone()
        if not tomada:
            logger.error("Otro proceso usa el id de trabajador %s.", self.worker_id)

    def run(self) -> None:
        while not self._alto.is_set():
            try:
                self._asegurar_presencia()
                tareas_huerfanas_recuperar()
            except Exception:
                # The database may be away for a moment; the next round tries again.
                logger.exception("No se pudieron revisar las tareas huérfanas.")
            finally:
                connections[DBTaskResult.objects.db].close()
                self.lista.set()
            self._alto.wait(self.intervalo)
        # Connections belong to the thread that opened them: this one closes its own.
        if self._presencia is not None:
            with contextlib.suppress(Exception):
                self._presencia.close()

    def detener(self) -> None:
        """Stop and let the presence go (a worker that ends, e.g. ``--batch`` or in-process)."""
        self._alto.set()
        self.join(timeout=30)
