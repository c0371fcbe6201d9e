"""StreamField blocks for training content. Shared here so quizzes and certificates reuse them."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class ParrafoBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Texto")
        template = "cursos/blocks/parrafo.html"
        preview_value = (
            "<p>El cambio climático es la variación del clima atribuida a la actividad humana.</p>"
        )
        description = _("Texto con formato: párrafos, listas, enlaces.")


class EncabezadoBlock(blocks.StructBlock):
    texto = blocks.CharBlock(label=_("Texto"), max_length=150)
    nivel = blocks.ChoiceBlock(
        label=_("Nivel"),
        choices=[("h2", _("Sección (H2)")), ("h3", _("Subsección (H3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Encabezado")
        template = "cursos/blocks/encabezado.html"
        preview_value = {"texto": "Mitigación y adaptación", "nivel": "h2"}


class ImagenBlock(blocks.StructBlock):
    imagen = ImageBlock(label=_("Imagen"))
    pie = blocks.CharBlock(label=_("Pie de imagen"), required=False, max_length=250)
    fuente = blocks.CharBlock(label=_("Fuente o crédito"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("Imagen")
        template = "cursos/blocks/imagen.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Dirección del video"), help_text=_("YouTube, Vimeo u otro."))
    titulo = blocks.CharBlock(label=_("Título"), max_length=200)
    duracion = blocks.RegexBlock(
        regex=r"^\d{1,2}(:[0-5]\d){1,2}$",
        label=_("Duración"),
        required=False,
        help_text=_("Minutos y segundos, como 12:30 (o 1:05:00)."),
        error_messages={"invalid": _("Escribe la duración como 12:30 o 1:05:00.")},
    )
    transcripcion = blocks.TextBlock(
        label=_("Transcripción"),
        required=False,
        help_text=_("Recomendada: ayuda a quien no puede escuchar o tiene poca conexión."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "cursos/blocks/video.html"

    def get_context(self, value, parent_context=None):
        """The platform's privacy-enhanced player, loaded only when the learner asks for it
        (cursos/videos.py; site/static/js/video.js)."""
        from cursos.videos import reproductor

        contexto = super().get_context(value, parent_context=parent_context)
        contexto["reproductor"] = reproductor(value["video"].url if value["video"] else "")
        return contexto


class DocumentoBlock(blocks.StructBlock):
    documento = DocumentChooserBlock(label=_("Documento"))
    titulo = blocks.CharBlock(label=_("Título"), required=False, max_length=200)
    descripcion = blocks.TextBlock(label=_("Descripción"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Documento para descargar")
        template = "cursos/blocks/documento.html"


class AvisoBlock(blocks.StructBlock):
    tipo = blocks.ChoiceBlock(
        label=_("Tipo"),
        choices=[
            ("dato", _("Dato")),
            ("importante", _("Importante")),
            ("consejo", _("Consejo práctico")),
            ("reflexion", _("Para reflexionar")),
        ],
        default="dato",
    )
    titulo = blocks.CharBlock(label=_("Título"), required=False, max_length=150)
    texto = ParrafoBlock(label=_("Texto"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["etiqueta_tipo"] = dict(self.child_blocks["tipo"].field.choices).get(
            value["tipo"], ""
        )
        return context

    class Meta:
        icon = "info-circle"
        label = _("Recuadro destacado")
        template = "cursos/blocks/aviso.html"
        preview_value = {
            "tipo": "dato",
            "titulo": "¿Sabías que…?",
            "texto": "<p>El Estado de México tiene 125 municipios.</p>",
        }


class CitaBlock(blocks.StructBlock):
    texto = blocks.TextBlock(label=_("Cita"))
    autor = blocks.CharBlock(label=_("Autor o fuente"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Cita")
        template = "cursos/blocks/cita.html"
        preview_value = {
            "texto": "Lo que no se mide, no se puede mejorar.",
            "autor": "Peter Drucker",
        }


class PuntosClaveBlock(blocks.StructBlock):
    titulo = blocks.CharBlock(label=_("Título"), default=_("Puntos clave"), max_length=150)
    puntos = blocks.ListBlock(blocks.CharBlock(label=_("Punto"), max_length=300), label=_("Puntos"))

    class Meta:
        icon = "list-ul"
        label = _("Puntos clave")
        template = "cursos/blocks/puntos_clave.html"
        preview_value = {
            "titulo": "Puntos clave",
            "puntos": ["Mitigar es reducir emisiones.", "Adaptar es reducir la vulnerabilidad."],
        }


class ActividadBlock(blocks.StructBlock):
    titulo = blocks.CharBlock(label=_("Título"), max_length=150)
    instrucciones = ParrafoBlock(label=_("Instrucciones"))
    duracion_minutos = blocks.IntegerBlock(
        label=_("Duración (minutos)"), required=False, min_value=1, max_value=600
    )

    class Meta:
        icon = "tasks"
        label = _("Actividad práctica")
        template = "cursos/blocks/actividad.html"
        preview_value = {
            "titulo": "Diagnóstico de tu municipio",
            "instrucciones": "<p>Enumera tres riesgos climáticos de tu municipio.</p>",
            "duracion_minutos": 15,
        }


class PreguntaFrecuenteBlock(blocks.StructBlock):
    pregunta = blocks.CharBlock(label=_("Pregunta"), max_length=250)
    respuesta = ParrafoBlock(label=_("Respuesta"))


class PreguntasFrecuentesBlock(blocks.StructBlock):
    titulo = blocks.CharBlock(label=_("Título"), required=False, max_length=150)
    preguntas = blocks.ListBlock(PreguntaFrecuenteBlock(), label=_("Preguntas"))

    class Meta:
        icon = "help"
        label = _("Preguntas frecuentes (desplegables)")
        template = "cursos/blocks/preguntas_frecuentes.html"
        preview_value = {
            "titulo": "Preguntas frecuentes",
            "preguntas": [
                {"pregunta": "¿Qué es la GIRH?", "respuesta": "<p>Gestión integrada.</p>"}
            ],
        }


class TablaBlock(TypedTableBlock):
    def __init__(self, **kwargs):
        super().__init__(
            [
                ("texto", blocks.CharBlock(label=_("Texto"))),
                ("numero", blocks.DecimalBlock(label=_("Número"))),
                ("texto_enriquecido", ParrafoBlock(label=_("Texto con formato"))),
            ],
            **kwargs,
        )

    class Meta:
        icon = "table"
        label = _("Tabla")
        template = "cursos/blocks/tabla.html"


class ContenidoModuloBlock(blocks.StreamBlock):
    """Everything an editor of training content can put in a module."""

    parrafo = ParrafoBlock()
    encabezado = EncabezadoBlock()
    imagen = ImagenBlock()
    video = VideoBlock()
    documento = DocumentoBlock()
    aviso = AvisoBlock()
    cita = CitaBlock()
    puntos_clave = PuntosClaveBlock()
    actividad = ActividadBlock()
    preguntas_frecuentes = PreguntasFrecuentesBlock()
    tabla = TablaBlock()
