"""Small charts drawn on the server as SVG: pure functions, no ORM, no JavaScript.

The SVG is decoration with a text alternative: it carries a ``<title>`` and a ``<desc>``, and
the page that shows it also gives the same figures as a table (see the dashboard panel).
Colours come from the Okabe–Ito palette, told apart by people with any common colour-vision
deficiency; text and axes use ``currentColor`` so they follow the admin's light or dark theme.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Okabe & Ito (2008): blue and vermillion, distinct under protan, deutan and tritan vision.
COLORES = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")


@dataclass(frozen=True)
class Serie:
    nombre: str
    valores: tuple[int, ...]


def marcas_eje(maximo: int, *, max_marcas: int = 5) -> list[int]:
    """Round tick values from 0 covering ``maximo``: steps of 1, 2 or 5 times a power of ten,
    at most ``max_marcas`` steps. An empty chart still gets the ticks 0 and 1."""
    maximo = max(int(maximo), 1)
    bruto = maximo / max_marcas
    potencia = 10 ** math.floor(math.log10(bruto)) if bruto >= 1 else 1
    paso = next(m * potencia for m in (1, 2, 5, 10) if m * potencia >= bruto)
    paso = max(int(paso), 1)
    tope = math.ceil(maximo / paso) * paso
    return list(range(0, tope + 1, paso))


def _n(valor: float) -> str:
    """A coordinate with at most one decimal, without trailing zeros (a lighter SVG)."""
    texto = f"{valor:.1f}"
    return texto[:-2] if texto.endswith(".0") else texto


def barras_agrupadas(
    etiquetas: list[str],
    series: list[Serie],
    *,
    titulo: str,
    descripcion: str = "",
    eje_x: str = "",
    eje_y: str = "",
    cada: int | None = None,
    ancho: int = 720,
    alto: int = 260,
    id_base: str = "grafica",
) -> SafeString:
    """A grouped bar chart: one group per label (a month), one bar per series.

    ``cada`` writes every n-th label on the x axis (by default enough to keep about eight);
    ``eje_x`` and ``eje_y`` are the axes' titles. Every text is escaped. The chart scales to
    its container's width (``viewBox``), so it fits a phone."""
    if any(len(s.valores) != len(etiquetas) for s in series):
        raise ValueError("Cada serie necesita un valor por etiqueta.")
    izquierda, derecha, arriba, abajo = 52, 8, 12, 46 if eje_x else 30
    ancho_util = ancho - izquierda - derecha
    alto_util = alto - arriba - abajo
    marcas = marcas_eje(max((v for s in series for v in s.valores), default=0))
    tope = marcas[-1]
    n = max(len(etiquetas), 1)
    hueco = ancho_util / n
    ancho_barra = hueco * 0.8 / max(len(series), 1)
    cada = cada or max(1, math.ceil(n / 8))

    def y(valor: float) -> float:
        return arriba + alto_util - valor / tope * alto_util

    partes = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {ancho} {alto}" '
        f'class="red-grafica" role="img" aria-labelledby="{id_base}-titulo {id_base}-desc" '
        f'font-size="11" font-family="inherit">',
        f'<title id="{id_base}-titulo">{escape(titulo)}</title>',
        f'<desc id="{id_base}-desc">{escape(descripcion)}</desc>',
    ]
    # Horizontal grid and the y axis's tick labels.
    for marca in marcas:
        alto_marca = _n(y(marca))
        partes.append(
            f'<line x1="{izquierda}" x2="{ancho - derecha}" y1="{alto_marca}" y2="{alto_marca}" '
            f'stroke="currentColor" stroke-opacity="{0.6 if marca == 0 else 0.15}"/>'
        )
        partes.append(
            f'<text x="{izquierda - 6}" y="{alto_marca}" text-anchor="end" '
            f'dominant-baseline="middle" fill="currentColor">{marca}</text>'
        )
    # The bars, each with its own tooltip for a pointer.
    for i, etiqueta in enumerate(etiquetas):
        inicio = izquierda + i * hueco + hueco * 0.1
        for j, serie in enumerate(series):
            valor = serie.valores[i]
            if valor <= 0:
                continue
            arriba_barra = y(valor)
            partes.append(
                f'<rect x="{_n(inicio + j * ancho_barra)}" y="{_n(arriba_barra)}" '
                f'width="{_n(ancho_barra)}" height="{_n(arriba + alto_util - arriba_barra)}" '
                f'fill="{COLORES[j % len(COLORES)]}">'
                f"<title>{escape(etiqueta)}: {valor} {escape(serie.nombre)}</title></rect>"
            )
        if i % cada == 0:
            partes.append(
                f'<text x="{_n(izquierda + (i + 0.5) * hueco)}" y="{arriba + alto_util + 16}" '
                f'text-anchor="middle" fill="currentColor">{escape(etiqueta)}</text>'
            )
    if eje_x:
        partes.append(
            f'<text x="{_n(izquierda + ancho_util / 2)}" y="{alto - 6}" text-anchor="middle" '
            f'fill="currentColor">{escape(eje_x)}</text>'
        )
    if eje_y:
        centro = _n(arriba + alto_util / 2)
        partes.append(
            f'<text x="12" y="{centro}" text-anchor="middle" fill="currentColor" '
            f'transform="rotate(-90 12 {centro})">{escape(eje_y)}</text>'
        )
    partes.append("</svg>")
    return mark_safe("".join(partes))  # noqa: S308 (every text above is escaped)
