"""Signal receivers: they only enqueue tasks (the rules live in services)."""

from django.dispatch import receiver

from certificados.tasks import emitir_al_confirmar
from cursos.senales import curso_completado


@receiver(curso_completado)
def emitir_certificado(sender, inscripcion, **kwargs):
    emitir_al_confirmar(inscripcion.pk)
