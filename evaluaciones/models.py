"""Quizzes: the question bank, the quizzes editors attach to courses and modules, and attempts.

Editorial content (``Pregunta``, ``Evaluacion``) is edited as snippets. Learner records
(``Intento``) keep a snapshot of what was asked, what was answered and how it was graded, so
editing a quiz afterwards never changes a recorded result. The rules that must hold when two
requests race (attempt numbers, one attempt in progress, the attempt limit) are database
constraints; ``evaluaciones.services`` relies on them.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin
from wagtail.search import index

from evaluaciones import calificacion, reglas


class AvisoPatronPanel(HelpPanel):
    """A warning in the quiz editor when options are not shuffled and the correct ones sit in
    a guessable place (see ``reglas.patron_adivinable``); nothing otherwise."""

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            aviso = self.instance.patron_adivinable() if self.instance.pk else ""
            self.content = (
                format_html('<p class="help-block help-warning" role="status">{}</p>', aviso)
                if aviso
                else ""
            )

        def is_shown(self):
            return bool(self.content)


class TipoPregunta(models.TextChoices):
    UNICA = calificacion.UNICA, _("Opción única")
    MULTIPLE = calificacion.MULTIPLE, _("Opción múltiple")
    VERDADERO_FALSO = calificacion.VERDADERO_FALSO, _("Verdadero o falso")


class ModoMultiple(models.TextChoices):
    TODO_O_NADA = calificacion.TODO_O_NADA, _("Todo o nada")
    PARCIAL = calificacion.PARCIAL, _("Crédito parcial")


class MetodoCalificacion(models.TextChoices):
    MAS_ALTA = calificacion.MAS_ALTA, _("Calificación más alta")
    ULTIMA = calificacion.ULTIMA, _("Último intento")


class Revision(models.TextChoices):
    """When a learner may see the correct answers and the feedback of their attempts."""

    INMEDIATA = "inmediata", _("Al entregar cada intento")
    AL_APROBAR = "al_aprobar", _("Después de aprobar")
    AL_TERMINAR = "al_terminar", _("Después del último intento")
    NUNCA = "nunca", _("Nunca")


class PreguntaTag(TaggedItemBase):
    content_object = ParentalKey(
        "evaluaciones.Pregunta", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Pregunta(index.Indexed, ClusterableModel):
    """A question of the bank, reusable in any number of quizzes, organised by theme."""

    enunciado = models.TextField(_("enunciado"), max_length=2000)
    tipo = models.CharField(
        _("tipo"), max_length=20, choices=TipoPregunta.choices, default=TipoPregunta.UNICA
    )
    puntos = models.DecimalField(
        _("puntos"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    modo_multiple = models.CharField(
        _("calificación de opción múltiple"),
        max_length=20,
        choices=ModoMultiple.choices,
        default=ModoMultiple.TODO_O_NADA,
        help_text=_(
            "Sólo para opción múltiple. Con crédito parcial, cada opción correcta elegida suma "
            "y cada incorrecta resta, sin bajar de cero."
        ),
    )
    explicacion = models.TextField(
        _("explicación general"),
        blank=True,
        max_length=2000,
        help_text=_("Se muestra en la revisión del intento, si la evaluación lo permite."),
    )
    tags = ClusterTaggableManager(through=PreguntaTag, blank=True, verbose_name=_("temas"))
    creada_en = models.DateTimeField(_("creada el"), auto_now_add=True)
    actualizada_en = models.DateTimeField(_("actualizada el"), auto_now=True)

    panels = [
        FieldPanel("enunciado"),
        FieldRowPanel([FieldPanel("tipo"), FieldPanel("puntos"), FieldPanel("modo_multiple")]),
        InlinePanel(
            "opciones",
            label=_("Opciones"),
            heading=_("Opciones"),
            min_num=2,
            max_num=10,
        ),
        FieldPanel("explicacion"),
        FieldPanel("tags"),
    ]
    search_fields = [
        index.SearchField("enunciado"),
        index.AutocompleteField("enunciado"),
        index.FilterField("tipo"),
    ]

    class Meta:
        ordering = ["-actualizada_en"]
        verbose_name = _("pregunta")
        verbose_name_plural = _("preguntas")
        constraints = [
            models.CheckConstraint(condition=Q(puntos__gt=0), name="pregunta_puntos_positivos"),
            models.CheckConstraint(
                condition=Q(tipo__in=TipoPregunta.values), name="pregunta_tipo_valido"
            ),
        ]

    def __str__(self):
        texto = " ".join(self.enunciado.split())
        return texto if len(texto) <= 90 else f"{texto[:89]}…"


class Opcion(Orderable):
    pregunta = ParentalKey(Pregunta, on_delete=models.CASCADE, related_name="opciones")
    texto = models.CharField(_("texto"), max_length=500)
    correcta = models.BooleanField(_("correcta"), default=False)
    retroalimentacion = models.CharField(
        _("retroalimentación"),
        max_length=1000,
        blank=True,
        help_text=_("Se muestra a quien eligió esta opción, si la revisión está permitida."),
    )

    panels = [
        FieldRowPanel([FieldPanel("texto"), FieldPanel("correcta")]),
        FieldPanel("retroalimentacion"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("opción")
        verbose_name_plural = _("opciones")

    def __str__(self):
        return self.texto


class Evaluacion(DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """A quiz attached to a course (its final evaluation) or to one of its modules."""

    titulo = models.CharField(_("título"), max_length=200)
    instrucciones = models.TextField(_("instrucciones"), blank=True, max_length=2000)
    curso = models.ForeignKey(
        "cursos.CursoPage",
        on_delete=models.PROTECT,
        related_name="evaluaciones",
        verbose_name=_("curso"),
    )
    modulo = models.ForeignKey(
        "cursos.ModuloPage",
        on_delete=models.PROTECT,
        related_name="evaluaciones",
        verbose_name=_("módulo"),
        null=True,
        blank=True,
        help_text=_("Déjalo vacío para que sea la evaluación final del curso."),
    )
    obligatoria = models.BooleanField(
        _("obligatoria"),
        default=True,
        help_text=_("Las evaluaciones obligatorias deben aprobarse para completar el curso."),
    )
    porcentaje_aprobatorio = models.PositiveSmallIntegerField(
        _("calificación aprobatoria (%)"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    intentos_maximos = models.PositiveSmallIntegerField(
        _("intentos permitidos"),
        null=True,
        blank=True,
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("Déjalo vacío para permitir intentos ilimitados."),
    )
    espera_minutos = models.PositiveIntegerField(_("espera entre intentos (minutos)"), default=0)
    metodo_calificacion = models.CharField(
        _("calificación que cuenta"),
        max_length=20,
        choices=MetodoCalificacion.choices,
        default=MetodoCalificacion.MAS_ALTA,
        help_text=_(
            "Con «último intento», una vez aprobada la evaluación ya no se permiten más intentos, "
            "para que uno posterior no anule la aprobación."
        ),
    )
    limite_minutos = models.PositiveSmallIntegerField(
        _("tiempo límite (minutos)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Déjalo vacío para no limitar el tiempo."),
    )
    barajar_preguntas = models.BooleanField(_("barajar preguntas"), default=False)
    barajar_opciones = models.BooleanField(
        _("barajar opciones"),
        default=True,
        help_text=_(
            "Cada intento muestra las opciones en otro orden (no aplica a verdadero/falso)."
        ),
    )
    preguntas_por_intento = models.PositiveSmallIntegerField(
        _("preguntas por intento"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Sorteadas al azar de las preguntas de abajo en cada intento. Déjalo vacío para "
            "usarlas todas."
        ),
    )
    revision = models.CharField(
        _("mostrar respuestas correctas"),
        max_length=20,
        choices=Revision.choices,
        default=Revision.AL_TERMINAR,
    )

    panels = [
        FieldPanel("titulo"),
        FieldPanel("instrucciones"),
        MultiFieldPanel(
            [
                PageChooserPanel("curso", page_type="cursos.CursoPage"),
                PageChooserPanel("modulo", page_type="cursos.ModuloPage"),
                FieldPanel("obligatoria"),
            ],
            heading=_("Ubicación"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("porcentaje_aprobatorio"), FieldPanel("metodo_calificacion")]
                ),
                FieldRowPanel([FieldPanel("intentos_maximos"), FieldPanel("espera_minutos")]),
                FieldRowPanel([FieldPanel("limite_minutos"), FieldPanel("preguntas_por_intento")]),
                FieldRowPanel([FieldPanel("barajar_preguntas"), FieldPanel("barajar_opciones")]),
                AvisoPatronPanel(),
                FieldPanel("revision"),
            ],
            heading=_("Reglas"),
        ),
        InlinePanel("items", label=_("Pregunta"), heading=_("Preguntas"), min_num=1, max_num=200),
    ]
    search_fields = [index.SearchField("titulo"), index.AutocompleteField("titulo")]
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="evaluacion")

    class Meta:
        verbose_name = _("evaluación")
        verbose_name_plural = _("evaluaciones")
        constraints = [
            models.CheckConstraint(
                condition=Q(porcentaje_aprobatorio__gte=1, porcentaje_aprobatorio__lte=100),
                name="evaluacion_aprobatorio_1_a_100",
            ),
            models.CheckConstraint(
                condition=Q(intentos_maximos__isnull=True) | Q(intentos_maximos__gte=1),
                name="evaluacion_intentos_positivos",
            ),
            models.CheckConstraint(
                condition=Q(limite_minutos__isnull=True) | Q(limite_minutos__gte=1),
                name="evaluacion_limite_positivo",
            ),
            models.CheckConstraint(
                condition=Q(preguntas_por_intento__isnull=True) | Q(preguntas_por_intento__gte=1),
                name="evaluacion_sorteo_positivo",
            ),
        ]

    def __str__(self):
        return self.titulo

    @property
    def es_final(self) -> bool:
        return self.modulo_id is None

    @property
    def intentos_ilimitados(self) -> bool:
        return self.intentos_maximos is None

    def patron_adivinable(self) -> str:
        """The editor's warning when unshuffled options make the answers guessable."""
        if self.barajar_opciones:
            return ""
        posiciones = []
        for item in self.items.all():
            pregunta = item.pregunta
            if pregunta is None or pregunta.tipo == calificacion.VERDADERO_FALSO:
                continue
            opciones = sorted(pregunta.opciones.all(), key=lambda o: (o.sort_order or 0, o.pk))
            posiciones.append([i for i, o in enumerate(opciones) if o.correcta])
        return reglas.patron_adivinable(posiciones)


class PreguntaDeEvaluacion(Orderable):
    """A question of the bank in a quiz's pool, in the editors' order."""

    evaluacion = ParentalKey(Evaluacion, on_delete=models.CASCADE, related_name="items")
    pregunta = models.ForeignKey(
        Pregunta,
        on_delete=models.PROTECT,
        related_name="en_evaluaciones",
        verbose_name=_("pregunta"),
    )

    panels = [FieldPanel("pregunta")]

    class Meta(Orderable.Meta):
        verbose_name = _("pregunta de la evaluación")
        verbose_name_plural = _("preguntas de la evaluación")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluacion", "pregunta"], name="evaluacion_pregunta_una_vez"
            )
        ]


class EstadoIntento(models.TextChoices):
    EN_CURSO = "en_curso", _("En curso")
    ENTREGADO = "entregado", _("Entregado")
    VENCIDO = "vencido", _("Tiempo agotado")


class Intento(models.Model):
    """One attempt of a learner at a quiz, with everything needed to re-read it years later.

    ``preguntas`` is the snapshot fixed when the attempt starts: the drawn questions in the
    order shown, each with its options in the order shown, as a list of
    ``{"clave", "pregunta_id", "tipo", "enunciado", "puntos", "modo_multiple", "explicacion",
    "opciones": [{"clave", "texto", "correcta", "retroalimentacion"}]}``. Option ``clave`` values
    are random per attempt, so the form never carries database ids. ``respuestas`` maps a
    question's ``clave`` to the option ``clave`` values chosen, and ``resultado`` to the points
    earned. None of this changes when the quiz or its questions are edited.
    """

    # Attempts are records, not content: keeping them out of Wagtail's reference index saves
    # a rewrite of its rows on every start and submission.
    wagtail_reference_index_ignore = True

    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="intentos",
        verbose_name=_("usuario"),
    )
    evaluacion = models.ForeignKey(
        Evaluacion, on_delete=models.PROTECT, related_name="intentos", verbose_name=_("evaluación")
    )
    inscripcion = models.ForeignKey(
        "cursos.Inscripcion",
        on_delete=models.CASCADE,
        related_name="intentos",
        verbose_name=_("inscripción"),
    )
    numero = models.PositiveSmallIntegerField(_("número de intento"))
    intentos_permitidos = models.PositiveSmallIntegerField(
        _("intentos permitidos al iniciar"), null=True, blank=True
    )
    estado = models.CharField(
        _("estado"), max_length=20, choices=EstadoIntento.choices, default=EstadoIntento.EN_CURSO
    )
    iniciado_en = models.DateTimeField(_("iniciado el"))
    fecha_limite = models.DateTimeField(_("fecha límite"), null=True, blank=True)
    entregado_en = models.DateTimeField(_("entregado el"), null=True, blank=True)
    porcentaje_aprobatorio = models.PositiveSmallIntegerField(_("calificación aprobatoria (%)"))
    preguntas = models.JSONField(_("preguntas planteadas"))
    respuestas = models.JSONField(_("respuestas"), default=dict, blank=True)
    resultado = models.JSONField(_("calificación por pregunta"), default=dict, blank=True)
    puntaje = models.DecimalField(
        _("puntos obtenidos"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    puntaje_maximo = models.DecimalField(_("puntos posibles"), max_digits=10, decimal_places=2)
    porcentaje = models.DecimalField(
        _("calificación (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    aprobado = models.BooleanField(_("aprobado"), null=True, blank=True)

    class Meta:
        ordering = ["evaluacion", "usuario", "numero"]
        verbose_name = _("intento")
        verbose_name_plural = _("intentos")
        constraints = [
            models.UniqueConstraint(
                fields=["usuario", "evaluacion", "numero"], name="intento_numero_unico"
            ),
            models.UniqueConstraint(
                fields=["usuario", "evaluacion"],
                condition=Q(estado=EstadoIntento.EN_CURSO),
                name="intento_uno_en_curso",
            ),
            models.CheckConstraint(condition=Q(numero__gte=1), name="intento_numero_positivo"),
            models.CheckConstraint(
                condition=Q(intentos_permitidos__isnull=True)
                | Q(numero__lte=F("intentos_permitidos")),
                name="intento_dentro_del_limite",
            ),
            models.CheckConstraint(
                condition=(
                    Q(estado=EstadoIntento.EN_CURSO, entregado_en__isnull=True, porcentaje=None)
                    | (
                        ~Q(estado=EstadoIntento.EN_CURSO)
                        & Q(entregado_en__isnull=False, porcentaje__isnull=False)
                    )
                ),
                name="intento_entregado_calificado",
            ),
            models.CheckConstraint(
                condition=Q(porcentaje__isnull=True) | Q(porcentaje__gte=0, porcentaje__lte=100),
                name="intento_porcentaje_0_a_100",
            ),
        ]
        indexes = [
            models.Index(fields=["evaluacion", "entregado_en"]),
            # Graded attempts as the reports read them: newest first, and the columns the
            # results report aggregates, answered from the index alone (the rows are wide).
            models.Index(
                fields=["entregado_en", "evaluacion", "usuario", "porcentaje", "aprobado"],
                condition=~Q(estado=EstadoIntento.EN_CURSO),
                name="intento_finalizado_idx",
            ),
        ]

    def __str__(self):
        return _("Intento %(numero)s de %(usuario)s en «%(evaluacion)s»") % {
            "numero": self.numero,
            "usuario": self.usuario,
            "evaluacion": self.evaluacion,
        }

    @property
    def en_curso(self) -> bool:
        return self.estado == EstadoIntento.EN_CURSO

    def caducado(self, ahora) -> bool:
        """An open attempt past its deadline and the grace for the trip: it can no longer
        be submitted, only closed without answers."""
        return (
            self.en_curso
            and self.fecha_limite is not None
            and ahora > self.fecha_limite + reglas.GRACIA_ENTREGA
        )

    @cached_property
    def preguntas_calificables(self) -> list[calificacion.PreguntaCalificable]:
        return [calificacion.PreguntaCalificable.desde_instantanea(p) for p in self.preguntas]
