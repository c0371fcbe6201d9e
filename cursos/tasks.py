"""Background work of the courses app (Django's tasks framework)."""

from django.tasks import task

from cursos import services
from cursos.models import Inscripcion


@task
def completitud_recalcular(curso_id: int) -> int:
    """Complete the enrolments of a course whose requirements are now all met.

    Enqueued when the requirements change (a module or a quiz published, unpublished, made
    optional): a learner who already did everything that is still required must not wait for
    an action of their own that may no longer exist. Returns how many were completed.
    """
    completadas = 0
    for inscripcion in Inscripcion.objects.filter(curso_id=curso_id, completado_en__isnull=True):
        if services.inscripcion_actualizar_completitud(inscripcion=inscripcion):
            completadas += 1
    return completadas


def completitud_recalcular_al_confirmar(curso_id: int) -> None:
    """Enqueue the recount once the current transaction commits (and only if it does)."""
    from django.db import transaction

    transaction.on_commit(lambda: completitud_recalcular.enqueue(curso_id))
