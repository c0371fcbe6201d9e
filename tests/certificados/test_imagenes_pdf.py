"""Uploaded images (logo, signatures) are made cheap to embed once, without changing how they
print: no larger than their box at 300 dpi, transparency flattened onto the white page."""

import io

from PIL import Image

from certificados.render import IMAGEN_MAXIMA_PX, imagen_para_pdf


def archivo(imagen: Image.Image, formato: str, **opciones) -> bytes:
    datos = io.BytesIO()
    imagen.save(datos, format=formato, **opciones)
    return datos.getvalue()


def abrir(datos: bytes) -> Image.Image:
    return Image.open(io.BytesIO(datos))


def test_una_firma_transparente_queda_sobre_blanco_sin_canal_alfa():
    firma = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    firma.paste((20, 30, 90, 255), (100, 90, 500, 110))
    tipo, datos = imagen_para_pdf(archivo(firma, "PNG"))
    resultado = abrir(datos)
    assert (tipo, resultado.format, resultado.mode, resultado.size) == (
        "image/png",
        "PNG",
        "RGB",
        (600, 200),
    )
    assert resultado.getpixel((0, 0)) == (255, 255, 255)
    assert resultado.getpixel((300, 100)) == (20, 30, 90)


def test_una_foto_grande_se_reduce_a_su_caja_conservando_la_proporcion():
    tipo, datos = imagen_para_pdf(archivo(Image.new("RGB", (3000, 1000), "navy"), "PNG"))
    ancho, alto = abrir(datos).size
    assert tipo == "image/png"
    assert ancho <= IMAGEN_MAXIMA_PX[0] and alto <= IMAGEN_MAXIMA_PX[1]
    assert abs(ancho / alto - 3) < 0.02


def test_un_jpeg_que_cabe_se_incrusta_tal_cual_y_uno_grande_sigue_siendo_jpeg():
    pequeno = archivo(Image.new("RGB", (300, 100), "red"), "JPEG")
    assert imagen_para_pdf(pequeno) == ("image/jpeg", pequeno)
    tipo, datos = imagen_para_pdf(archivo(Image.new("RGB", (2400, 800), "red"), "JPEG"))
    assert tipo == "image/jpeg" and abrir(datos).size == (600, 200)  # height-bound


def test_un_jpeg_girado_se_endereza():
    foto = Image.new("RGB", (300, 100), "red")
    exif = foto.getexif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    _, datos = imagen_para_pdf(archivo(foto, "JPEG", exif=exif.tobytes()))
    resultado = abrir(datos)
    assert resultado.height > resultado.width
    assert resultado.getexif().get(0x0112, 1) == 1


def test_lo_que_pillow_no_lee_se_deja_como_esta():
    svg = b"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>"
    assert imagen_para_pdf(svg) == ("", svg)


def test_una_firma_reemplazada_se_usa_en_el_siguiente_pdf(db):
    """A long-lived worker must not keep printing the old signature after an editor replaces
    the image's file (Wagtail keeps the image's id; the file gets a new name)."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from certificados import render

    imagen = get_image_model()(title="Firma")
    imagen.file = ImageFile(io.BytesIO(archivo(Image.new("RGB", (40, 20), "navy"), "PNG")), "f.png")
    imagen.save()
    datos = {
        "plantilla": {"logo_id": None},
        "firmantes": [{"nombre": "X", "firma_id": imagen.pk}],
        "completado": "2026-11-20",
        "emitido": "2026-11-23T10:00:00",
    }
    antes = render.contexto_de_datos(datos, url_verificacion="https://a.example/v/")
    imagen.file = ImageFile(io.BytesIO(archivo(Image.new("RGB", (40, 20), "red"), "PNG")), "g.png")
    imagen.save()
    despues = render.contexto_de_datos(datos, url_verificacion="https://a.example/v/")
    assert antes["firmantes"][0]["imagen"].startswith("data:image/png;base64,")
    assert despues["firmantes"][0]["imagen"] != antes["firmantes"][0]["imagen"]
