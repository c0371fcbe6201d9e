"""Settings of the host's task workers (``manage.py db_worker``), read here with their defaults."""

from datetime import timedelta

from django.conf import settings


def intervalo_recuperacion() -> float:
    """Seconds between two looks, by every worker, for tasks a dead worker left RUNNING."""
    return float(getattr(settings, "TAREAS_INTERVALO_RECUPERACION", 30))


def duracion_maxima() -> timedelta:
    """Without PostgreSQL (no advisory locks to tell a live worker from a dead one), a task
    RUNNING for longer than this is taken as abandoned."""
    return timedelta(seconds=float(getattr(settings, "TAREAS_DURACION_MAXIMA", 30 * 60)))


def intentos_maximos() -> int:
    """How many workers may die holding the same task before it is marked FAILED instead of
    requeued (a task that kills its worker must not kill every worker in turn)."""
    return int(getattr(settings, "TAREAS_INTENTOS_MAXIMOS", 3))
