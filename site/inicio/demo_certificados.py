"""The demo's certificate design: the default template and two signatories with signatures.

The signature images are drawn here with Pillow (a few strokes), so the demo needs no binary
files and looks like a real certificate.
"""

import io
import math

from django.core.files.images import ImageFile
from PIL import Image as PilImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from certificados.models import FirmaDePlantilla, Firmante, PlantillaCertificado

FIRMANTES = [
    (
        "Mtra. Laura Gómez Ruiz",
        "Directora General del Instituto Estatal de Energía y Cambio Climático",
        3,
    ),
    ("Ing. Pedro Salas Morales", "Coordinador de la Red de Embajadores Climáticos", 5),
]


def _firma_png(semilla: int) -> bytes:
    """A handwritten-looking flourish: a few overlapping loops, dark blue on transparent."""
    ancho, alto = 480, 160
    imagen = PilImage.new("RGBA", (ancho, alto), (255, 255, 255, 0))
    trazo = ImageDraw.Draw(imagen)
    puntos = []
    for i in range(400):
        t = i / 399
        x = 30 + t * (ancho - 60)
        y = (
            alto / 2
            + math.sin(t * math.pi * semilla) * 38 * (1 - t * 0.6)
            + math.cos(t * math.pi * (semilla + 2)) * 14
        )
        puntos.append((x, y))
    trazo.line(puntos, fill=(20, 40, 110, 255), width=5, joint="curve")
    trazo.line([(60, alto - 30), (ancho - 80, alto - 38)], fill=(20, 40, 110, 255), width=3)
    salida = io.BytesIO()
    imagen.save(salida, format="PNG")
    return salida.getvalue()


def _firmante(nombre: str, cargo: str, semilla: int) -> Firmante:
    firmante = Firmante.objects.filter(nombre=nombre).first()
    if firmante is not None:
        return firmante
    Imagen = get_image_model()
    imagen = Imagen(title=f"Firma de {nombre}")
    imagen.file = ImageFile(io.BytesIO(_firma_png(semilla)), name=f"firma-{semilla}.png")
    imagen.save()
    return Firmante.objects.create(nombre=nombre, cargo=cargo, firma=imagen)


def plantilla_certificados_asegurar() -> PlantillaCertificado:
    """The default template (for courses without their own), created once."""
    plantilla = PlantillaCertificado.objects.filter(curso__isnull=True).first()
    if plantilla is not None:
        return plantilla
    plantilla = PlantillaCertificado.objects.create(nombre="Constancia del Instituto")
    for orden, (nombre, cargo, semilla) in enumerate(FIRMANTES):
        FirmaDePlantilla.objects.create(
            plantilla=plantilla, firmante=_firmante(nombre, cargo, semilla), sort_order=orden
        )
    return plantilla
