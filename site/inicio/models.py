from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cursos.blocks import RICH_TEXT_FEATURES


class HomePage(Page):
    """The Red de Embajadores Climáticos' front page."""

    subtitulo = models.CharField(_("subtítulo"), max_length=250, blank=True)
    introduccion = RichTextField(_("introducción"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("subtitulo"), FieldPanel("introduccion")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cursos.CursosIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("página de inicio")

    def get_context(self, request, *args, **kwargs):
        from cursos import selectors
        from cursos.models import CursoPage

        context = super().get_context(request, *args, **kwargs)
        context["cursos_recientes"] = list(
            CursoPage.objects.live()
            .public()
            .select_related("imagen")
            .prefetch_related("tags")  # each card lists its tags: one query for all three
            .order_by("-first_published_at")[:3]
        )
        context["estados"] = selectors.estados_en_cursos(usuario=request.user)
        return context
