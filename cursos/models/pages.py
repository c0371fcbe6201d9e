"""The course tree editors build in Wagtail: catalogue → course → modules."""

from functools import partial

from django.core.paginator import Paginator
from django.db import models
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cursos.blocks import RICH_TEXT_FEATURES, ContenidoModuloBlock


class Eje(models.TextChoices):
    """The three axes of work the climate ambassadors commit to."""

    CULTURA_GOBIERNO = "cultura_gobierno", _("Cultura de gobierno")
    DESARROLLO_HUMANO = "desarrollo_humano", _("Desarrollo humano y tejido social")
    ACCION_CLIMATICA = "accion_climatica", _("Acción climática y ODS 6")


class CursosIndexPage(Page):
    """The catalogue: published courses, filtered by theme (tag), axis and a search."""

    introduccion = RichTextField(_("introducción"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("introduccion")]
    subpage_types = ["cursos.CursoPage"]
    search_fields = Page.search_fields + [index.SearchField("introduccion")]

    CURSOS_POR_PAGINA = 12

    class Meta:
        verbose_name = _("catálogo de cursos")
        verbose_name_plural = _("catálogos de cursos")

    def get_context(self, request, *args, **kwargs):
        from cursos import selectors

        context = super().get_context(request, *args, **kwargs)
        filtros = selectors.FiltrosCatalogo.desde_querydict(request.GET)
        cursos = selectors.cursos_del_catalogo(catalogo=self, filtros=filtros)
        pagina = Paginator(cursos, self.CURSOS_POR_PAGINA).get_page(request.GET.get("pagina"))
        context.update(
            filtros=filtros,
            pagina_cursos=pagina,
            temas=selectors.temas_del_catalogo(catalogo=self),
            ejes=Eje.choices,
            estados=selectors.estados_en_cursos(usuario=request.user),
        )
        return context


class CursoPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "cursos.CursoPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("tema del curso")
        verbose_name_plural = _("temas del curso")


class CursoPage(Page):
    """A course. Its modules are its child pages, in the order editors give them."""

    resumen = models.TextField(
        _("resumen"), max_length=400, help_text=_("Una o dos frases para el catálogo.")
    )
    objetivos = RichTextField(_("objetivos"), features=RICH_TEXT_FEATURES)
    publico = RichTextField(_("¿A quién va dirigido?"), features=RICH_TEXT_FEATURES, blank=True)
    duracion_horas = models.DecimalField(_("duración (horas)"), max_digits=5, decimal_places=1)
    imagen = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("imagen de portada"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    eje = models.CharField(_("eje"), max_length=30, choices=Eje.choices)
    tags = ClusterTaggableManager(through=CursoPageTag, blank=True, verbose_name=_("temas"))

    content_panels = Page.content_panels + [
        FieldPanel("resumen"),
        FieldRowPanel([FieldPanel("eje"), FieldPanel("duracion_horas")]),
        FieldPanel("imagen"),
        FieldPanel("objetivos"),
        FieldPanel("publico"),
        FieldPanel("tags"),
        HelpPanel(
            _(
                "Los módulos del curso se agregan como páginas hijas de este curso; "
                "su orden en el árbol es el orden del curso."
            )
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("resumen"),
        index.SearchField("objetivos"),
        index.SearchField("publico"),
        index.FilterField("eje"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["cursos.CursosIndexPage"]
    subpage_types = ["cursos.ModuloPage"]

    class Meta:
        verbose_name = _("curso")
        verbose_name_plural = _("cursos")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duracion_horas__gt=0), name="curso_duracion_positiva"
            )
        ]

    def get_context(self, request, *args, **kwargs):
        from cursos import contenido, selectors

        context = super().get_context(request, *args, **kwargs)
        modulos = selectors.modulos_del_curso(curso=self)
        avance = selectors.avance_de(usuario=request.user, curso=self)
        actividades = selectors.actividades_del_curso(usuario=request.user, curso=self)
        context.update(
            modulos=modulos,
            inscripcion=avance.inscripcion,
            progreso=selectors.progreso(
                inscripcion=avance.inscripcion,
                modulos=modulos,
                actividades=actividades,
                ids_completados=avance.ids_completados,
            ),
            # Tags are published with the revision: read once per publication.
            temas=contenido.de_la_revision(
                self, "temas", lambda: list(self.tags.all()), request=request
            ),
            # Only asked when the page offers enrolment (a callable: templates call it).
            perfil_completo=partial(selectors.tiene_perfil, usuario=request.user),
            modulos_obligatorios=sum(1 for m in modulos if m.obligatorio),
            constancia=selectors.constancias_de(
                usuario=request.user, inscripciones=[avance.inscripcion]
            ).get(self.pk),
        )
        return context


class ModuloPage(Page):
    """A module: rich content an enrolled learner works through and marks as done."""

    introduccion = models.TextField(_("introducción"), blank=True, max_length=600)
    cuerpo = StreamField(ContenidoModuloBlock(), verbose_name=_("contenido"))
    tiempo_estimado_minutos = models.PositiveSmallIntegerField(
        _("tiempo estimado (minutos)"), default=30
    )
    obligatorio = models.BooleanField(
        _("obligatorio"),
        default=True,
        help_text=_("Sólo los módulos obligatorios cuentan para completar el curso."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduccion"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("tiempo_estimado_minutos"), FieldPanel("obligatorio")])],
            heading=_("Organización"),
        ),
        FieldPanel("cuerpo"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduccion"),
        index.SearchField("cuerpo"),
    ]
    parent_page_types = ["cursos.CursoPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("módulo")
        verbose_name_plural = _("módulos")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tiempo_estimado_minutos__gt=0),
                name="modulo_tiempo_positivo",
            )
        ]

    @cached_property
    def curso(self) -> CursoPage:
        return CursoPage.objects.get(path=self.path[: -self.steplen])

    def serve(self, request, *args, **kwargs):
        from cursos import selectors

        # One read of the learner's enrolment and progress serves the check and the page.
        self._avance = selectors.avance_de(usuario=request.user, curso=self.curso)
        if not selectors.puede_ver_modulo(
            usuario=request.user, modulo=self, inscrito=self._avance.inscripcion is not None
        ):
            return self.serve_bloqueado(request)
        return super().serve(request, *args, **kwargs)

    def serve_bloqueado(self, request):
        """The course overview and a call to enrol, for visitors who may not see the content."""
        from cursos import selectors

        curso = self.curso
        context = {
            "page": self,
            "self": self,
            "curso": curso,
            "modulos": selectors.modulos_del_curso(curso=curso),
            "perfil_completo": partial(selectors.tiene_perfil, usuario=request.user),
        }
        return TemplateResponse(request, "cursos/modulo_bloqueado.html", context, status=403)

    def serve_preview(self, request, mode_name):
        # Editors preview through the admin, where the preview permission is already checked.
        request.vista_previa = True
        return super().serve(request)

    def get_context(self, request, *args, **kwargs):
        from cursos import selectors

        context = super().get_context(request, *args, **kwargs)
        curso = self.curso
        modulos = selectors.modulos_del_curso(curso=curso)
        avance = getattr(self, "_avance", None) or selectors.avance_de(
            usuario=request.user, curso=curso
        )
        inscripcion = avance.inscripcion
        actividades = selectors.actividades_del_curso(usuario=request.user, curso=curso)
        progreso = selectors.progreso(
            inscripcion=inscripcion,
            modulos=modulos,
            actividades=actividades,
            ids_completados=avance.ids_completados,
        )
        anterior, siguiente = selectors.vecinos(modulos=modulos, modulo=self)
        context.update(
            curso=curso,
            modulos=modulos,
            inscripcion=inscripcion,
            progreso=progreso,
            anterior=anterior,
            siguiente=siguiente,
            completado=self.pk in progreso.ids_completados,
            actividades_modulo=progreso.actividades_del_modulo(self.pk),
        )
        return context
