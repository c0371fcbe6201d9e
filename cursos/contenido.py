"""Published content rendered once and kept in the cache, shared by every visitor.

Two kinds of entries, both for what is the same for everyone (never a learner's own state):

- per page revision (``de_la_revision``): what a published revision holds, such as a module's
  rendered body or a course's tags. The key carries the page's live revision and publication
  time, so a new publication is a new key even in a cache other processes do not share;
- per state of the page tree (``del_arbol``): what depends on several pages, such as the
  catalogue's themes or its URL.

Both families are also dropped whenever a page is published, unpublished, moved or deleted
(the receivers below): a rendered body holds links to other pages, which may have moved.
Previews never read or write the cache.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cursos import generaciones

FAMILIA = "paginas"
# A revision's rendering is keyed by the revision itself, so it may live long. What follows the
# tree lives a minute: with a cache each process keeps to itself (no REDIS_URL), the other
# processes never hear of the invalidation, and a minute is how late a proxy may be too.
DURACION = 6 * 3600
DURACION_ARBOL = 60


def _es_vista_previa(request) -> bool:
    return bool(
        request is not None
        and (getattr(request, "is_preview", False) or getattr(request, "vista_previa", False))
    )


def de_la_revision(pagina, nombre: str, calcular, *, request=None):
    """``calcular()`` for the published revision of ``pagina``, computed once."""
    if _es_vista_previa(request):
        return calcular()
    publicada = pagina.last_published_at.timestamp() if pagina.last_published_at else ""
    clave = f"aula:revision:{pagina.pk}:{pagina.live_revision_id}:{publicada}:{nombre}"
    return generaciones.leer_o_calcular(FAMILIA, clave, calcular, DURACION)


def del_arbol(nombre: str, calcular):
    """``calcular()`` for the current state of the page tree, computed once."""
    return generaciones.leer_o_calcular(FAMILIA, f"aula:arbol:{nombre}", calcular, DURACION_ARBOL)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(page_slug_changed)
def _arbol_cambiado(sender, **kwargs):
    generaciones.invalidar(FAMILIA)


@receiver(post_delete)
def _pagina_borrada(sender, instance, **kwargs):
    if isinstance(instance, Page):
        generaciones.invalidar(FAMILIA)
