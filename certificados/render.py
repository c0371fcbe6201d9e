"""The certificate as a document: its HTML (Django template), its PDF (WeasyPrint), its QR (segno).

The stylesheet and the font configuration are parsed once per process and reused by every
render: parsing CSS and loading fonts is most of what a second render would repeat. The
signed credential travels inside the PDF as an embedded file (``credencial.json``), so a PDF
a verifier was handed can be checked on its own.
"""

from __future__ import annotations

import base64
import io
import json
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.dateparse import parse_date

NOMBRE_ADJUNTO = "credencial.json"
PLANTILLA_HTML = "certificados/pdf/certificado.html"
HOJA_DE_ESTILO = "certificados/pdf/certificado.css"


def _ruta_estatica(nombre: str) -> Path:
    ruta = finders.find(nombre)
    if not ruta:
        raise FileNotFoundError(nombre)
    return Path(ruta)


@cache
def _weasy():
    """WeasyPrint's parsed stylesheet and font configuration, built once per process."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fuentes = FontConfiguration()
    ruta = _ruta_estatica(HOJA_DE_ESTILO)
    hoja = CSS(filename=str(ruta), font_config=fuentes)
    return hoja, fuentes, ruta.parent.as_uri() + "/"


def qr_svg_uri(url: str, *, color: str = "#000000") -> str:
    """The verification URL as a vector QR code (SVG data URI), medium error correction."""
    return segno.make(url, error="m", micro=False).svg_data_uri(
        scale=4, border=0, dark=color, light=None
    )


@cache
def _imagen_uri(imagen_id: int) -> str:
    """A Wagtail image as a data URI, read through its storage (cached per process)."""
    from wagtail.images import get_image_model

    imagen = get_image_model().objects.filter(pk=imagen_id).first()
    if imagen is None:
        return ""
    tipo = {
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "webp": "image/webp",
        "svg": "image/svg+xml",
    }.get(Path(imagen.file.name).suffix.lower().lstrip("."), "image/png")
    with imagen.file.open("rb") as archivo:
        datos = archivo.read()
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
    return {
        "d": datos,
        "ap": apariencia,
        "fecha_completado": fecha_larga(datos["completado"]),
        "fecha_emision": fecha_larga(datos["emitido"][:10]),
        "url_verificacion": url_verificacion,
        "qr": qr_svg_uri(url_verificacion),
        "logo": _imagen_uri(apariencia["logo_id"]) if apariencia.get("logo_id") else "",
        "firmantes": [
            {**f, "imagen": _imagen_uri(f["firma_id"]) if f.get("firma_id") else ""}
            for f in datos["firmantes"]
        ],
    }


def contexto_de_muestra(plantilla, *, request=None) -> dict:
    """A realistic certificate for the editor's live preview of ``plantilla``."""
    from certificados import snapshot

    datos = snapshot.datos_de_muestra(plantilla)
    url = snapshot.url_verificacion(datos["codigo"], request=request)
    return {**contexto_de_datos(datos, url_verificacion=url), "vista_previa": True}


def html_de_contexto(contexto: dict, *, para_pdf: bool) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(PLANTILLA_HTML, {**contexto, "para_pdf": para_pdf})


def pdf_de_html(html: str, *, adjunto: bytes | None = None) -> bytes:
    """Render the HTML with the shared stylesheet and fonts; embed ``adjunto`` if given."""
    from weasyprint import HTML, Attachment

    hoja, fuentes, base = _weasy()
    adjuntos = []
    if adjunto is not None:
        adjuntos.append(
            Attachment(
                string=adjunto,
                name=NOMBRE_ADJUNTO,
                description="Credencial firmada (Ed25519, JSON canónico RFC 8785)",
                relationship="Data",
            )
        )
    return HTML(string=html, base_url=base).write_pdf(
        stylesheets=[hoja], font_config=fuentes, attachments=adjuntos
    )


def pdf_de_contexto(contexto: dict, *, adjunto: bytes | None = None) -> bytes:
    return pdf_de_html(html_de_contexto(contexto, para_pdf=True), adjunto=adjunto)


def adjunto_de_credencial(sobre: dict) -> bytes:
    """The bytes embedded in the PDF: the signed envelope, readable JSON."""
    return json.dumps(sobre, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def credencial_de_pdf(pdf: bytes) -> dict | None:
    """The signed envelope embedded in a PDF, or None if there is none (or it is not JSON).

    Raises ``ValueError`` when the bytes are not a readable PDF.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        lector = PdfReader(io.BytesIO(pdf), strict=False)
        adjuntos = lector.attachments
        contenido = adjuntos.get(NOMBRE_ADJUNTO)
    except (PdfReadError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise ValueError("PDF ilegible") from exc
    if not contenido:
        return None
    try:
        sobre = json.loads(contenido[0])
    except (ValueError, UnicodeDecodeError):
        return None
    return sobre if isinstance(sobre, dict) else None
