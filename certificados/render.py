"""The certificate as a document: its HTML (Django template), its PDF (WeasyPrint), its QR (segno).

The stylesheet, the font configuration and the URL fetcher are built once per process and
reused by every render: parsing CSS, loading fonts and loading the CA bundle are most of what
a second render would repeat. Images are scaled and flattened once per process, too. The
signed credential travels inside the PDF as an embedded file (``credencial.json``), so a PDF
a verifier was handed can be checked on its own. Where the time of a render goes, and what
``bench/certificados.py`` measures, is in that script.
"""

from __future__ import annotations

import atexit
import base64
import io
import json
from functools import cache, cached_property, lru_cache
from pathlib import Path

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.dateparse import parse_date
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from certificados import json_seguro

NOMBRE_ADJUNTO = "credencial.json"
NOMBRE_DIVULGACIONES = "divulgaciones.json"
TAMANO_MAXIMO_ADJUNTO = 64 * 1024  # a credential is ~2 KB
PLANTILLA_HTML = "certificados/pdf/certificado.html"
HOJA_DE_ESTILO = "certificados/pdf/certificado.css"


def _ruta_estatica(nombre: str) -> Path:
    ruta = finders.find(nombre)
    if not ruta:
        raise FileNotFoundError(nombre)
    return Path(ruta)


@cache
def _weasy():
    """WeasyPrint's parsed stylesheet, font configuration and URL fetcher, built once per
    process.

    The fetcher matters as much as the other two: WeasyPrint builds a new one for every
    ``HTML`` and ``Attachment`` that is not given one, and each builds an HTTPS context that
    loads the system's CA bundle (~40 ms, a quarter of a render). A certificate only ever
    reads ``data:`` URIs (QR, logo, signatures) and the local ``file:`` fonts, so the fetcher
    refuses any other scheme.
    """
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    buscador = URLFetcher(allowed_protocols={"data", "file"})
    fuentes = FontConfiguration()
    ruta = _ruta_estatica(HOJA_DE_ESTILO)
    hoja = CSS(filename=str(ruta), font_config=fuentes, url_fetcher=buscador)
    # Let go of the fonts' temporary folder while the interpreter can still delete it (left to
    # its teardown, WeasyPrint's clean-up fails with a TypeError).
    atexit.register(_weasy.cache_clear)
    return hoja, fuentes, buscador, ruta.parent.as_uri() + "/"


def preparar() -> None:
    """Load WeasyPrint and parse the stylesheet and fonts now. A command about to fork worker
    processes calls it once, so they inherit all that (about a second) instead of each
    repeating it before its first certificate."""
    _weasy()


class CodigoQR:
    """The verification URL as a QR code (segno; medium error correction), made once and
    written as the page needs it: inline SVG for the certificate's HTML, or a one-page PDF
    that the PDF's variable layer has drawn into the QR's place (``pdf_de_contexto``). Both
    are vector. In a template, ``{{ qr }}`` writes the SVG; it is only made when used."""

    def __init__(self, url: str):
        self.url = url

    @cached_property
    def simbolo(self):
        return segno.make(self.url, error="m", micro=False)

    def svg(self) -> str:
        """SVG markup for the HTML. Inline, WeasyPrint draws it straight from the document
        instead of decoding a data URI and parsing it again. Its title says what an image's
        ``alt`` would."""
        with translation.override(settings.LANGUAGE_CODE):
            titulo = gettext("Código QR de verificación")
        svg = self.simbolo.svg_inline(  # a viewBox, no size: the stylesheet sizes it
            border=0, dark="#000", light=None, lineclass=None, title=titulo, omitsize=True
        )
        return mark_safe(svg)  # noqa: S308 - segno writes it; it escapes the title

    def pdf(self) -> bytes:
        """A PDF page exactly the size of the symbol (no quiet zone), one point per module."""
        salida = io.BytesIO()
        self.simbolo.save(salida, kind="pdf", scale=1, border=0)
        return salida.getvalue()

    def __str__(self):
        return self.svg()

    __html__ = __str__


# The largest box an image prints in (a signature: 60 × 16 mm; the logo is 16 mm high), in
# pixels at 300 dpi. An upload is scaled down to it once per process: WeasyPrint re-encodes
# every PNG it embeds, on every render, at a cost that grows with the pixels (a 1800 × 600
# signature photo costs some 60 ms per certificate; at this size, about 5).
IMAGEN_MAXIMA_PX = (720, 200)


def imagen_para_pdf(datos: bytes) -> tuple[str, bytes]:
    """An uploaded image as cheap to embed as it can be: no larger than it prints, and with
    any transparency flattened onto white (the certificate is white wherever an image sits),
    which spares WeasyPrint splitting off and compressing an alpha mask on every render.
    Returns the media type and the bytes; what Pillow cannot read (an SVG) is kept as it is.
    """
    from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

    try:
        original = Image.open(io.BytesIO(datos))
        original.load()
    except (UnidentifiedImageError, OSError, ValueError):
        return "", datos
    girada = original.getexif().get(ExifTags.Base.Orientation, 1) != 1
    imagen = ImageOps.exif_transpose(original) if girada else original
    grande = imagen.width > IMAGEN_MAXIMA_PX[0] or imagen.height > IMAGEN_MAXIMA_PX[1]
    if original.format == "JPEG" and not (grande or girada):
        return "image/jpeg", datos  # WeasyPrint embeds a JPEG as it is, without decoding it
    if grande:
        imagen.thumbnail(IMAGEN_MAXIMA_PX, Image.Resampling.LANCZOS)
    if original.format == "JPEG":
        salida = io.BytesIO()
        imagen.convert("RGB").save(salida, format="JPEG", quality=92)
        return "image/jpeg", salida.getvalue()
    if imagen.mode in ("RGBA", "LA", "PA") or "transparency" in imagen.info:
        imagen = imagen.convert("RGBA")
        fondo = Image.new("RGB", imagen.size, "white")
        fondo.paste(imagen, mask=imagen.getchannel("A"))
        imagen = fondo
    elif imagen.mode not in ("RGB", "L"):
        imagen = imagen.convert("RGB")
    salida = io.BytesIO()
    imagen.save(salida, format="PNG")
    return "image/png", salida.getvalue()


def _imagenes_uri(ids) -> dict[int, str]:
    """Wagtail images by id as data URIs ready for the PDF, in one query. The prepared bytes
    are cached per file name, so a replaced image file (a new name) is used at once, even by
    a long-lived worker."""
    from wagtail.images import get_image_model

    nombres = dict(
        get_image_model().objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "file")
    )
    return {pk: _archivo_uri(nombre) for pk, nombre in nombres.items()}


@cache
def _archivo_uri(nombre: str) -> str:
    from wagtail.images import get_image_model

    with get_image_model().file.field.storage.open(nombre, "rb") as archivo:
        tipo, datos = imagen_para_pdf(archivo.read())
    tipo = tipo or {
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "webp": "image/webp",
        "svg": "image/svg+xml",
    }.get(Path(nombre).suffix.lower().lstrip("."), "image/png")
    return f"data:{tipo};base64,{base64.b64encode(datos).decode('ascii')}"


def fecha_larga(valor) -> str:
    """``2026-11-20`` → ``20 de noviembre de 2026`` (Spanish, whatever the request's language).

    Django's Spanish month names are capitalised; in running Spanish text they are not.
    """
    fecha = parse_date(valor) if isinstance(valor, str) else valor
    with translation.override(settings.LANGUAGE_CODE):
        return formats.date_format(fecha, "DATE_FORMAT").lower()


def contexto_de_datos(datos: dict, *, url_verificacion: str) -> dict:
    """The template's context from a certificate's snapshot (or a sample of one)."""
    apariencia = datos["plantilla"]
    imagenes = _imagenes_uri(
        [
            apariencia.get("logo_id"),
            apariencia.get("logo_estado_id"),
            *(f.get("firma_id") for f in datos["firmantes"]),
        ]
    )
    from certificados.snapshot import emisor

    nombre_emisor = datos.get("emisor", {}).get("nombre", "")
    return {
        "d": datos,
        "ap": apariencia,
        # The sentence's subject: "El Instituto … otorga la presente constancia a".
        "sujeto": f"{emisor().get('articulo', '')} {nombre_emisor}".strip(),
        "fecha_completado": fecha_larga(datos["completado"]),
        "fecha_emision": fecha_larga(datos["emitido"][:10]),
        "url_verificacion": url_verificacion,
        "qr": CodigoQR(url_verificacion),
        "logo": imagenes.get(apariencia.get("logo_id"), ""),
        "logo_estado": imagenes.get(apariencia.get("logo_estado_id"), ""),
        "firmantes": [
            {**f, "imagen": imagenes.get(f.get("firma_id"), "")} for f in datos["firmantes"]
        ],
    }


def contexto_de_muestra(plantilla, *, request=None) -> dict:
    """A realistic certificate for the editor's live preview of ``plantilla``."""
    from certificados import snapshot

    datos = snapshot.datos_de_muestra(plantilla)
    url = snapshot.url_verificacion(datos["codigo"], request=request)
    return {**contexto_de_datos(datos, url_verificacion=url), "vista_previa": True}


def html_de_contexto(contexto: dict, *, para_pdf: bool, capa: str = "") -> str:
    """The certificate's HTML: whole (``capa=""``), or only its fixed or variable layer."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(PLANTILLA_HTML, {**contexto, "para_pdf": para_pdf, "capa": capa})


def _documento(html: str):
    """WeasyPrint's laid-out document, with the shared stylesheet, fonts and fetcher."""
    from weasyprint import HTML

    hoja, fuentes, buscador, base = _weasy()
    return HTML(string=html, base_url=base, url_fetcher=buscador).render(
        stylesheets=[hoja], font_config=fuentes
    )


def _escribir(documento, *, adjunto: bytes | None, divulgaciones: bytes | None) -> bytes:
    """The document as PDF, with the signed credential (``adjunto``) and the private fields'
    disclosures embedded if given."""
    from weasyprint import Attachment

    _hoja, _fuentes, buscador, _base = _weasy()
    adjuntos = []
    for contenido, nombre, descripcion in (
        (adjunto, NOMBRE_ADJUNTO, "Credencial firmada (Ed25519, JSON canónico RFC 8785)"),
        (
            divulgaciones,
            NOMBRE_DIVULGACIONES,
            "Municipio y calificación con sus sales; sus resúmenes van firmados en la credencial",
        ),
    ):
        if contenido is not None:
            adjuntos.append(
                Attachment(
                    string=contenido,
                    url_fetcher=buscador,
                    name=nombre,
                    description=descripcion,
                    relationship="Data",
                )
            )
    return documento.write_pdf(attachments=adjuntos)


def pdf_de_html(
    html: str, *, adjunto: bytes | None = None, divulgaciones: bytes | None = None
) -> bytes:
    """Render the HTML in one pass; embed the signed credential and the disclosures if given."""
    return _escribir(_documento(html), adjunto=adjunto, divulgaciones=divulgaciones)


@lru_cache(maxsize=16)
def _pdf_de_capa_fija(html: str) -> bytes:
    """The fixed layer's PDF, once per design and process. Keyed by the layer's own HTML,
    which holds everything it prints (texts, colour, the images' bytes): an edited template,
    course or signature is new HTML, so a stale layer cannot be reused."""
    return pdf_de_html(html)


PUNTOS_POR_PX = 0.75  # CSS: 96 px per inch; PDF: 72 points


def _lugar_del_qr(documento):
    """Where the variable layer left room for the QR code: the rectangle of its link (the
    element of class ``qr``), in PDF points from the page's lower left corner. Found by the
    element, not by the URL, which WeasyPrint reports resolved and IRI-encoded."""
    import pikepdf

    pagina = documento.pages[0]
    for _tipo, _destino, (x0, y0, x1, y1), caja in pagina.links:
        if "qr" in (caja.element.get("class") or "").split():
            # Corners in CSS pixels from the top left → points from the bottom left.
            return pikepdf.Rectangle(
                x0 * PUNTOS_POR_PX,
                (pagina.height - y1) * PUNTOS_POR_PX,
                x1 * PUNTOS_POR_PX,
                (pagina.height - y0) * PUNTOS_POR_PX,
            )
    raise ValueError("La capa variable del certificado no tiene el enlace del código QR.")


def componer(frente: bytes, fondo: bytes, qr: bytes, lugar) -> bytes:
    """One page from three: ``fondo`` drawn under ``frente``, the ``qr`` page drawn over it
    in the rectangle ``lugar``. qpdf, through pikepdf, does it by reference (form XObjects),
    with no re-rendering. The result keeps ``frente``'s metadata, link and embedded files."""
    import pikepdf

    with (
        pikepdf.open(io.BytesIO(frente)) as pdf,
        pikepdf.open(io.BytesIO(fondo)) as debajo,
        pikepdf.open(io.BytesIO(qr)) as encima,
    ):
        pagina = pdf.pages[0]
        pagina.add_underlay(debajo.pages[0])
        pagina.add_overlay(encima.pages[0], lugar)
        salida = io.BytesIO()
        pdf.save(
            salida,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            deterministic_id=True,
        )
    return salida.getvalue()


def pdf_de_contexto(
    contexto: dict, *, adjunto: bytes | None = None, divulgaciones: bytes | None = None
) -> bytes:
    """The certificate's PDF, made of two layers laid out by the same template and stylesheet
    at fixed places (``certificado.html``):

    - the fixed layer (band, frame, header, logo, signatures, legend), rendered once per
      design and process and kept;
    - the variable layer (the person's text; folio, code and dates after their labels), the
      only one WeasyPrint renders for every certificate, with a link where the QR code goes;
    - the QR code itself, which segno writes as a vector PDF page, drawn into that link's
      rectangle (WeasyPrint would parse its SVG path, ~2,000 commands, on every render).

    The page is the one a single render of the whole HTML gives (``test_capas.py`` compares
    them pixel by pixel), at about half the cost (``bench/certificados.py``).
    """
    fondo = _pdf_de_capa_fija(html_de_contexto(contexto, para_pdf=True, capa="fija"))
    documento = _documento(html_de_contexto(contexto, para_pdf=True, capa="variable"))
    lugar = _lugar_del_qr(documento)
    frente = _escribir(documento, adjunto=adjunto, divulgaciones=divulgaciones)
    return componer(frente, fondo, contexto["qr"].pdf(), lugar)


class AdjuntoNoAdmitido(ValueError):
    """A PDF whose embedded credential cannot be trusted as read; the message says why."""


def adjunto_de_credencial(sobre: dict) -> bytes:
    """The bytes embedded in the PDF: the signed envelope, readable JSON."""
    return json.dumps(sobre, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def adjuntos_de_pdf(pdf: bytes) -> dict[str, dict]:
    """The JSON objects embedded in a PDF by name (only ours, only small ones).

    A verifier's upload is hostile input: decompression is capped (pypdf's configuration) and
    an attachment larger than a credential could ever be is ignored, so a small PDF that
    inflates to gigabytes costs nothing. Raises ``ValueError`` when the PDF is unreadable,
    ``AdjuntoNoAdmitido`` (a ``ValueError`` whose message says why) when it embeds one of
    our names twice (readers disagree on which one counts) or JSON outside
    :mod:`certificados.json_seguro`'s bounds.
    """
    from pypdf import PdfReader, apply_configuration

    encontrados = {}
    limite = 1_000_000
    try:
        with apply_configuration(
            zlib_maximum_output_length=limite,
            lzw_maximum_output_length=limite,
            run_length_maximum_output_length=limite,
            jbig2_maximum_output_length=limite,
            array_based_stream_maximum_output_length=limite,
        ):
            lector = PdfReader(io.BytesIO(pdf), strict=False)
            adjuntos = lector.attachments
            for nombre in (NOMBRE_ADJUNTO, NOMBRE_DIVULGACIONES):
                contenido = adjuntos.get(nombre)
                if contenido and len(contenido) > 1:
                    raise AdjuntoNoAdmitido(
                        f"El PDF trae dos adjuntos llamados «{nombre}»: distintos programas "
                        "mostrarían uno u otro, así que no se puede confiar en ninguno."
                    )
                if contenido and len(contenido[0]) <= TAMANO_MAXIMO_ADJUNTO:
                    encontrados[nombre] = contenido[0]
    except AdjuntoNoAdmitido:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        raise ValueError("PDF ilegible") from exc
    resultado = {}
    for nombre, contenido in encontrados.items():
        try:
            valor = json_seguro.cargar(contenido)
        except json_seguro.JsonIlegible:
            continue  # damaged, as a file cut short: as if it carried no credential
        except json_seguro.JsonNoAdmitido as exc:
            raise AdjuntoNoAdmitido(f"El adjunto «{nombre}» no se admite: {exc}.") from exc
        if isinstance(valor, dict):
            resultado[nombre] = valor
    return resultado


def credencial_de_pdf(pdf: bytes) -> dict | None:
    """The signed envelope embedded in a PDF, or None if there is none (or it is not JSON).

    Raises ``ValueError`` when the bytes are not a readable PDF.
    """
    return adjuntos_de_pdf(pdf).get(NOMBRE_ADJUNTO)


def divulgaciones_de_pdf(pdf: bytes) -> dict | None:
    return adjuntos_de_pdf(pdf).get(NOMBRE_DIVULGACIONES)
