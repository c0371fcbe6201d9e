"""Background work of certificates (Django's tasks framework: a ``db_worker`` in production,
the immediate backend in tests and the demo)."""

from django.db import transaction
from django.tasks import task

from certificados import services
from certificados.models import Certificado
from cursos.models import Inscripcion


@task
def certificado_emitir_tarea(inscripcion_id: int) -> str:
    """Issue the certificate of a completed enrolment and render its PDF. Safe to repeat."""
    certificado, _emitido, _renderizado = services.certificado_entregar(
        inscripcion=Inscripcion.objects.get(pk=inscripcion_id)
    )
    return certificado.folio


@task
def certificado_generar_pdf_tarea(certificado_id: int) -> bool:
    return services.certificado_generar_pdf(certificado=Certificado.objects.get(pk=certificado_id))


def emitir_al_confirmar(inscripcion_id: int) -> None:
    """Enqueue the issue once the completing transaction commits (and only if it does)."""
    transaction.on_commit(lambda: certificado_emitir_tarea.enqueue(inscripcion_id))
