"""The right of access as a readable PDF (WeasyPrint), from the same data as the JSON.

Nothing the document names is fetched from the network or read from disk beyond the
stylesheet and the certificates' typeface: people typed the names, agencies and answers it
prints, and although templates escape them, the fetcher refuses anything else."""

from __future__ import annotations

import atexit
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

PLANTILLA = "privacidad/pdf/datos.html"
HOJA = "privacidad/pdf/datos.css"
FUENTES = {
    (400, "normal"): "certificados/pdf/fuentes/Lato-Regular.ttf",
    (700, "normal"): "certificados/pdf/fuentes/Lato-Bold.ttf",
}


def _estatico(nombre: str) -> Path:
    ruta = finders.find(nombre)
    if not ruta:
        raise FileNotFoundError(nombre)
    return Path(ruta).resolve()


@cache
def _weasy():
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    fuentes_rutas = {clave: _estatico(nombre) for clave, nombre in FUENTES.items()}
    hoja = _estatico(HOJA)
    permitidas = {p.as_uri() for p in (hoja, *fuentes_rutas.values())}

    class Buscador(URLFetcher):
        def fetch(self, url, headers=None):
            if url.lower().startswith("file:") and url.split("?")[0] not in permitidas:
                raise ValueError(f"Archivo no permitido: {url}")
            return super().fetch(url, headers)

    buscador = Buscador(allowed_protocols={"data", "file"}, allow_redirects=False)
    caras = "\n".join(
        f'@font-face {{ font-family: "Lato"; font-weight: {peso}; font-style: {estilo}; '
        f'src: url("{ruta.as_uri()}"); }}'
        for (peso, estilo), ruta in fuentes_rutas.items()
    )
    fuentes = FontConfiguration()
    hojas = [
        CSS(string=caras, font_config=fuentes, url_fetcher=buscador),
        CSS(filename=str(hoja), font_config=fuentes, url_fetcher=buscador),
    ]
    atexit.register(_weasy.cache_clear)
    return hojas, fuentes, buscador, hoja.parent.as_uri() + "/"


def html_de_datos(datos: dict) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(PLANTILLA, {"datos": datos})


def pdf_de_datos(datos: dict) -> bytes:
    from weasyprint import HTML

    hojas, fuentes, buscador, base = _weasy()
    documento = HTML(string=html_de_datos(datos), base_url=base, url_fetcher=buscador)
    return documento.write_pdf(stylesheets=hojas, font_config=fuentes)
