"""Signal receivers: they only enqueue tasks (the rules live in services)."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from cursos.models import CursoPage, ModuloPage
from cursos.tasks import completitud_recalcular_al_confirmar


@receiver(page_published)
@receiver(page_unpublished)
def requisitos_cambiados(sender, instance, **kwargs):
    """A module published or withdrawn (or made optional) may complete someone's course."""
    pagina = instance.specific if hasattr(instance, "specific") else instance
    if isinstance(pagina, ModuloPage):
        curso = CursoPage.objects.parent_of(pagina).first()
        if curso is not None:
            completitud_recalcular_al_confirmar(curso.pk)
