"""Factories for the course tree and learner records (factory-boy + wagtail-factories)."""

import io
import random

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from cursos import services
from cursos.models import CursoPage, CursosIndexPage, Eje, ModuloPage, Municipio, TipoParticipante
from inicio.models import HomePage


class UsuarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"persona{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@municipio.example")
    password = factory.django.Password("contrasena-segura-123")

    @factory.post_generation
    def correo_confirmado(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


def participante(usuario=None, **datos):
    """A user with a complete profile, created through the same service the site uses."""
    usuario = usuario or UsuarioFactory()
    valores = {
        "nombre_completo": "Ana López Martínez",
        "municipio": Municipio.objects.get(clave_inegi="15106"),
        "dependencia": "Dirección de Ecología",
        "cargo": "Enlace",
        "tipo": TipoParticipante.SERVIDOR_MUNICIPAL,
        "curp": "",
    }
    valores.update(datos)
    services.participante_guardar(usuario=usuario, **valores)
    return usuario


class CursosIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CursosIndexPage

    title = "Cursos"
    slug = factory.Sequence(lambda n: f"cursos-{n}")


class CursoPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CursoPage

    title = factory.Sequence(lambda n: f"Curso {n}")
    slug = factory.Sequence(lambda n: f"curso-{n}")
    resumen = "Un curso de la Red de Embajadores Climáticos."
    objetivos = "<p>Aprender.</p>"
    duracion_horas = 4
    eje = Eje.ACCION_CLIMATICA


class ModuloPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModuloPage

    title = factory.Sequence(lambda n: f"Módulo {n}")
    slug = factory.Sequence(lambda n: f"modulo-{n}")
    tiempo_estimado_minutos = 20
    obligatorio = True
    cuerpo = factory.LazyFunction(lambda: [("parrafo", "<p>Contenido del módulo.</p>")])


def inicio() -> HomePage:
    return HomePage.objects.get()


def curso_con_modulos(n: int = 3, *, catalogo=None, **datos) -> tuple[CursoPage, list[ModuloPage]]:
    """A published course with ``n`` published modules, under a catalogue below the home page."""
    catalogo = catalogo or CursosIndexPageFactory(parent=inicio())
    curso = CursoPageFactory(parent=catalogo, **datos)
    modulos = [ModuloPageFactory(parent=curso) for _ in range(n)]
    return curso, modulos


# --- Evaluaciones -------------------------------------------------------------------------


def pregunta(
    enunciado: str = "¿Qué gas de efecto invernadero emite más el sector energético?",
    *,
    tipo: str = "unica",
    opciones: list[tuple[str, bool]] | None = None,
    puntos=1,
    modo_multiple: str = "todo_o_nada",
    explicacion: str = "El CO₂ de la quema de combustibles fósiles.",
    temas: list[str] | None = None,
):
    """A bank question with its options: ``opciones`` as (texto, correcta) pairs."""
    from evaluaciones.models import Opcion, Pregunta

    if opciones is None:
        opciones = {
            "verdadero_falso": [("Verdadero", True), ("Falso", False)],
            "multiple": [("CO₂", True), ("Metano", True), ("Oxígeno", False), ("Argón", False)],
        }.get(tipo, [("Dióxido de carbono", True), ("Nitrógeno", False), ("Helio", False)])
    p = Pregunta(
        enunciado=enunciado,
        tipo=tipo,
        puntos=puntos,
        modo_multiple=modo_multiple,
        explicacion=explicacion,
    )
    p.opciones = [
        Opcion(texto=texto, correcta=correcta, retroalimentacion=f"Sobre «{texto}».", sort_order=i)
        for i, (texto, correcta) in enumerate(opciones)
    ]
    if temas:
        p.tags.add(*temas)  # held by the cluster until the save below
    p.save()
    return p


def evaluacion(curso, *, preguntas=None, n_preguntas: int = 3, modulo=None, **reglas):
    """A published quiz on ``curso`` (or its ``modulo``) with a pool of bank questions."""
    from evaluaciones.models import Evaluacion, PreguntaDeEvaluacion

    if preguntas is None:
        preguntas = [pregunta(f"Pregunta {i + 1} de {curso.title}") for i in range(n_preguntas)]
    valores = {
        "titulo": f"Evaluación de {modulo.title if modulo else curso.title}",
        "instrucciones": "Lee con atención.",
        "porcentaje_aprobatorio": 70,
        "intentos_maximos": 3,
        "revision": "inmediata",
    }
    valores.update(reglas)
    ev = Evaluacion(curso=curso, modulo=modulo, live=True, **valores)
    ev.items = [PreguntaDeEvaluacion(pregunta=p, sort_order=i) for i, p in enumerate(preguntas)]
    ev.save()
    return ev


def respuestas_correctas(intento) -> dict[str, list[str]]:
    """The POST data that answers every question of ``intento`` right (read from its snapshot)."""
    return {
        f"pregunta-{p['clave']}": [o["clave"] for o in p["opciones"] if o["correcta"]]
        for p in intento.preguntas
    }


def respuestas_incorrectas(intento) -> dict[str, list[str]]:
    """The POST data that answers every question of ``intento`` wrong."""
    return {
        f"pregunta-{p['clave']}": [next(o["clave"] for o in p["opciones"] if not o["correcta"])]
        for p in intento.preguntas
    }


def imagen_dibujada(nombre: str, tamano: tuple[int, int], dibujar):
    """A Wagtail image from a transparent PNG drawn by ``dibujar(ImageDraw)``."""
    from django.core.files.images import ImageFile
    from PIL import Image, ImageDraw
    from wagtail.images import get_image_model

    lienzo = Image.new("RGBA", tamano, (0, 0, 0, 0))
    dibujar(ImageDraw.Draw(lienzo))
    datos = io.BytesIO()
    lienzo.save(datos, format="PNG")
    archivo = ImageFile(io.BytesIO(datos.getvalue()), name=f"{nombre}.png")
    return get_image_model().objects.create(title=nombre, file=archivo)


def firma_manuscrita(semilla: int):
    """A repeatable scribble, drawn like a signature, for ``imagen_dibujada``."""
    azar = random.Random(semilla)  # noqa: S311 (repeatable drawings, not secrets)

    def dibujar(d):
        puntos = [(20 + i * 28, 100 + azar.randint(-60, 60)) for i in range(20)]
        d.line(puntos, fill=(20, 30, 90, 255), width=5, joint="curve")

    return dibujar


def plantilla_con_firmas(firmantes: list[tuple[str, str]], **campos):
    """A certificate template as the Institute would have it: the state's and the Institute's
    logos (plain shapes: no real emblem ships), and signatories
    (``(name, position)``) with their signature images."""
    from certificados.models import FirmaDePlantilla, Firmante, PlantillaCertificado

    logo = imagen_dibujada(
        "logo", (360, 360), lambda d: d.ellipse((10, 10, 350, 350), fill=(27, 94, 32, 255))
    )
    escudo = imagen_dibujada(
        "logo-estado",
        (300, 360),
        lambda d: d.rectangle((20, 10, 280, 350), fill=(110, 20, 50, 255)),
    )
    plantilla = PlantillaCertificado.objects.create(
        **{"nombre": "Predeterminada", **campos}, logo=logo, logo_estado=escudo
    )
    for i, (nombre, cargo) in enumerate(firmantes):
        firma = imagen_dibujada(f"firma-{i}", (600, 200), firma_manuscrita(i))
        firmante = Firmante.objects.create(nombre=nombre, cargo=cargo, firma=firma)
        FirmaDePlantilla.objects.create(plantilla=plantilla, firmante=firmante, sort_order=i)
    return plantilla
