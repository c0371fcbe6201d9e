"""Signal receivers: they only enqueue tasks (the rules live in services)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from cursos.tasks import completitud_recalcular_al_confirmar
from evaluaciones.models import Evaluacion


@receiver(post_save, sender=Evaluacion)
def evaluacion_guardada(sender, instance, **kwargs):
    """A quiz published, withdrawn or made optional may complete someone's course."""
    completitud_recalcular_al_confirmar(instance.curso_id)
