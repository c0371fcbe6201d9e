"""The choropleth map of the municipalities, drawn as inline SVG on the server.

Pure code, no ORM: the geometry (projection, simplification, once per process), the colour
classes, and the SVG. The views hand it rows (anything with ``clave_inegi``, ``nombre``,
``capacitados`` and ``integrado``) and say what each municipality links to.

Projection: equirectangular with its standard parallel at the territory's middle latitude
(x = Δlon · cos φ₀, y = −Δlat). The Estado de México spans under 2° of latitude, so the scale
error is at most ±0.6 % at its north and south edges (cos 18.4° / cos 19.3° ≈ 1.006): a few
units on a 1000-unit map, where a conformal projection (UTM 14N) would draw the same shapes.

Simplification: in projected units (1 unit ≈ 200 m, a pixel at 1000 px wide), with
``shapely.coverage_simplify`` (GEOS), which simplifies every edge two neighbours share once, so
they keep meeting exactly; coordinates are then rounded to whole units, identically on both
sides. The whole map stays well under 80 KB (pinned in ``tests/red/test_mapa.py``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import shapely
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

ANCHO = 1000  # viewBox width; heights follow the projection
TOLERANCIA = 1.0  # in viewBox units: about 0.8 px on an 800 px wide map

CAPACITADOS = "capacitados"
INTEGRACION = "integracion"
MODOS = (CAPACITADOS, INTEGRACION)

# ColorBrewer YlGnBu (Cynthia Brewer, Penn State; Apache 2.0): sequential, colour-blind safe and
# readable in grey scale. One list per number of classes, as the scheme defines them.
YLGNBU = {
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
    7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
}
MAX_CLASES = 7  # non-zero classes; the palette's longest list
COLOR_CERO = "#e3e3e3"  # nobody yet / not integrated: neutral, apart from the scale
COLOR_INTEGRADO = "#2c7fb8"
COLOR_AJENO = "#fafafa"  # a municipality outside a liaison's scope: drawn, not coloured


# --- Geometry -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Forma:
    """A municipality's outline as SVG path data, in viewBox units."""

    clave_inegi: str
    nombre: str
    d: str


@dataclass(frozen=True)
class Geometria:
    ancho: int
    alto: int
    formas: tuple[Forma, ...]  # by clave_inegi


def proyeccion(
    minimo: tuple[float, float], maximo: tuple[float, float], ancho: int = ANCHO
) -> tuple[Callable[[np.ndarray], np.ndarray], int]:
    """The projection of a bounding box (lon, lat corners) onto ``ancho`` units, and the
    height it gives: equirectangular, standard parallel at the box's middle latitude, y down."""
    (lon0, lat0), (lon1, lat1) = minimo, maximo
    k = math.cos(math.radians((lat0 + lat1) / 2))
    escala = ancho / ((lon1 - lon0) * k)

    def proyectar(coordenadas: np.ndarray) -> np.ndarray:
        x = (coordenadas[:, 0] - lon0) * k * escala
        y = (lat1 - coordenadas[:, 1]) * escala
        return np.column_stack([x, y])

    # Whole units, as the points are rounded to: the lowest point lies on the bottom edge.
    return proyectar, round((lat1 - lat0) * escala)


def _numeros(valores: Iterable[int]) -> str:
    # The shortest path grammar: a minus sign separates numbers by itself.
    partes = []
    for i, valor in enumerate(valores):
        texto = str(int(valor))
        if i and not texto.startswith("-"):
            partes.append(" ")
        partes.append(texto)
    return "".join(partes)


def trazo_anillo(coordenadas) -> str:
    """One closed ring as path data: rounded to whole units, repeated points dropped, the
    first point absolute and the rest relative (``M x y l dx dy … z``). Empty if the ring
    collapses below a triangle."""
    puntos = np.rint(np.asarray(coordenadas, dtype=float)).astype(int)
    if len(puntos) and (puntos[0] == puntos[-1]).all():
        puntos = puntos[:-1]
    if len(puntos) == 0:
        return ""
    distinto = np.ones(len(puntos), dtype=bool)
    distinto[1:] = np.any(puntos[1:] != puntos[:-1], axis=1)
    puntos = puntos[distinto]
    if len(puntos) > 1 and (puntos[0] == puntos[-1]).all():
        puntos = puntos[:-1]
    if len(puntos) < 3:
        return ""
    return f"M{_numeros(puntos[0])}l{_numeros(np.diff(puntos, axis=0).ravel())}z"


def trazo(geometria) -> str:
    """A (Multi)Polygon as path data, its rings in order (drawn with ``fill-rule: evenodd``)."""
    poligonos = geometria.geoms if geometria.geom_type == "MultiPolygon" else [geometria]
    anillos = []
    for poligono in poligonos:
        anillos.append(trazo_anillo(poligono.exterior.coords))
        anillos.extend(trazo_anillo(hueco.coords) for hueco in poligono.interiors)
    return "".join(anillos)


def geometria_de_geojson(
    datos: Mapping, *, ancho: int = ANCHO, tolerancia: float = TOLERANCIA
) -> Geometria:
    """Project and simplify a FeatureCollection of municipalities (properties ``clave_inegi``
    and ``nombre``), which must form a coverage (neighbours share their vertices)."""
    rasgos = sorted(datos["features"], key=lambda rasgo: str(rasgo["properties"]["clave_inegi"]))
    geometrias = [shapely.geometry.shape(rasgo["geometry"]) for rasgo in rasgos]
    x0, y0, x1, y1 = shapely.total_bounds(geometrias)
    proyectar, alto = proyeccion((x0, y0), (x1, y1), ancho)
    proyectadas = shapely.transform(geometrias, proyectar)
    simplificadas = shapely.coverage_simplify(proyectadas, tolerancia)
    formas = []
    for rasgo, simplificada, proyectada in zip(rasgos, simplificadas, proyectadas, strict=True):
        d = trazo(simplificada)
        if not d:  # too small to keep a triangle at this scale: keep its unsimplified outline
            d = trazo(proyectada)
        propiedades = rasgo["properties"]
        formas.append(Forma(str(propiedades["clave_inegi"]), str(propiedades["nombre"]), d))
    return Geometria(ancho, alto, tuple(formas))


@lru_cache(maxsize=4)
def _geometria_cacheada(ruta: str, modificado_ns: int, tamano: int) -> Geometria:
    with open(ruta, encoding="utf-8") as archivo:
        return geometria_de_geojson(json.load(archivo))


def geometria(ruta: str | Path) -> Geometria:
    """The map's geometry from a GeoJSON file, computed once per process for each version of
    the file (the cache is keyed by its path, modification time and size)."""
    estado = Path(ruta).stat()
    return _geometria_cacheada(str(ruta), estado.st_mtime_ns, estado.st_size)


# --- Classes --------------------------------------------------------------------------------

SERIES = ((1, 3), (1,))  # "nice" numbers per decade: 1–3–10–30… first, then 1–10–100…


def cortes(maximo: int, *, umbral: int = 3, max_clases: int = MAX_CLASES) -> list[tuple]:
    """Class ranges ``(desde, hasta)`` (inclusive; ``hasta`` ``None`` on the open last class)
    for counts from 0 to ``maximo``, which are skewed (a few municipalities hold thousands,
    most dozens): 0 alone; 1 to ``umbral - 1`` together (the public page shows them as «menos
    de ``umbral``», so their colour must not tell them apart); then logarithmic breaks on
    round numbers, 3–10–30–100… while they fit in ``max_clases`` non-zero classes, else
    10–100–1000…, the last class open («1,000 o más»). Quantiles were the other choice: they
    move with every update and give breaks like 7–23 that nobody remembers."""
    rangos: list[tuple] = [(0, 0)]
    if maximo <= 0:
        return rangos
    inicio = 1
    if umbral > 1:
        rangos.append((1, umbral - 1))
        inicio = umbral
        if maximo < umbral:
            return rangos
    disponibles = max(1, max_clases - (len(rangos) - 1))
    for serie in SERIES:
        limites = [inicio]
        decada = 1
        while decada <= maximo:
            limites.extend(n * decada for n in serie if inicio < n * decada <= maximo)
            decada *= 10
        if len(limites) <= disponibles:
            break
    limites = limites[:disponibles]
    for i, desde in enumerate(limites):
        hasta = limites[i + 1] - 1 if i + 1 < len(limites) else None
        rangos.append((desde, hasta))
    return rangos


def indice_de_clase(valor: int, rangos: list[tuple]) -> int:
    """The index of the range that holds ``valor`` (ranges as :func:`cortes` gives them)."""
    for i, (desde, hasta) in enumerate(rangos):
        if valor >= desde and (hasta is None or valor <= hasta):
            return i
    raise ValueError(f"{valor} está fuera de las clases")


def colores(rangos: list[tuple]) -> list[str]:
    """One colour per range: neutral grey for 0, then the YlGnBu scheme of that many classes."""
    n = len(rangos) - 1
    if n <= 0:
        return [COLOR_CERO]
    paleta = YLGNBU[max(3, min(n, MAX_CLASES))]
    if n < 3:
        paleta = paleta[:n]
    return [COLOR_CERO, *paleta]


@dataclass(frozen=True)
class Clase:
    css: str  # class name inside the SVG: c0, c1…
    color: str
    etiqueta: str


def _numero(n: int) -> str:
    return number_format(n, force_grouping=True)


def etiqueta_rango(desde: int, hasta: int | None, *, umbral: int, publico: bool) -> str:
    if hasta == desde:
        return _numero(desde)
    if publico and desde >= 1 and hasta is not None and hasta < umbral:
        return _("menos de %(n)s") % {"n": _numero(umbral)}
    if hasta is None:
        return _("%(n)s o más") % {"n": _numero(desde)}
    return _("%(desde)s a %(hasta)s") % {"desde": _numero(desde), "hasta": _numero(hasta)}


def cifra(valor: int, *, umbral: int, publico: bool) -> str:
    """A count as people read it; on the public page 1 to ``umbral - 1`` read «menos de N»."""
    if publico and 0 < valor < umbral:
        return _("menos de %(n)s") % {"n": _numero(umbral)}
    return _numero(valor)


# --- The map --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    """What one municipality shows: its class, its accessible title, where it links."""

    css: str
    titulo: str
    href: str | None = None
    resaltada: bool = False


@dataclass(frozen=True)
class Mapa:
    svg: str
    leyenda: tuple[Clase, ...]
    resaltados: bool  # whether the legend must explain the thick outline


def _titulo(fila, modo: str, *, umbral: int, publico: bool) -> str:
    if modo == INTEGRACION:
        estado = _("integrado a la Red") if fila.integrado else _("aún no integrado a la Red")
        return f"{fila.nombre}: {estado}"
    n = fila.capacitados
    personas = ngettext("persona capacitada", "personas capacitadas", n)
    if publico and 0 < n < umbral:
        personas = _("personas capacitadas")
    return f"{fila.nombre}: {cifra(n, umbral=umbral, publico=publico)} {personas}"


def construir(
    geometria: Geometria,
    filas: Iterable,
    *,
    modo: str = CAPACITADOS,
    umbral: int = 3,
    publico: bool = False,
    enlace: Callable[[object], str | None] | None = None,
    resaltar: Iterable[str] = (),
    titulo: str = "",
    id_base: str = "mapa-red",
) -> Mapa:
    """The map of ``filas`` (one per municipality the reader may see; the others are drawn
    blank, without figure or link), coloured by people trained or by integration.

    ``enlace(fila)`` gives each municipality's link; ``resaltar`` the ``clave_inegi`` of the
    municipalities drawn with a thick outline (a liaison's own)."""
    if modo not in MODOS:
        raise ValueError(modo)
    filas = {str(fila.clave_inegi): fila for fila in filas}
    resaltar = set(resaltar)
    if modo == INTEGRACION:
        leyenda = [
            Clase("c0", COLOR_CERO, _("Aún no integrado")),
            Clase("c1", COLOR_INTEGRADO, _("Integrado a la Red")),
        ]

        def css_de(fila):
            return "c1" if fila.integrado else "c0"

    else:
        rangos = cortes(max((f.capacitados for f in filas.values()), default=0), umbral=umbral)
        leyenda = [
            Clase(f"c{i}", color, etiqueta_rango(*rango, umbral=umbral, publico=publico))
            for i, (rango, color) in enumerate(zip(rangos, colores(rangos), strict=True))
        ]

        def css_de(fila):
            return f"c{indice_de_clase(fila.capacitados, rangos)}"

    ajenos = len(filas) < len(geometria.formas)
    if ajenos:
        leyenda.append(Clase("x", COLOR_AJENO, _("Fuera de tus municipios")))
    regiones = {}
    for forma in geometria.formas:
        fila = filas.get(forma.clave_inegi)
        if fila is None:
            regiones[forma.clave_inegi] = Region("x", forma.nombre)
            continue
        regiones[forma.clave_inegi] = Region(
            css_de(fila),
            _titulo(fila, modo, umbral=umbral, publico=publico),
            enlace(fila) if enlace else None,
            forma.clave_inegi in resaltar,
        )
    svg = dibujar(geometria, regiones, leyenda, titulo=titulo, id_base=id_base)
    return Mapa(svg, tuple(leyenda), any(r.resaltada for r in regiones.values()))


def dibujar(
    geometria: Geometria,
    regiones: Mapping[str, Region],
    leyenda: Iterable[Clase],
    *,
    titulo: str,
    id_base: str,
) -> str:
    """The SVG: one ``<path>`` per municipality with its ``<title>``, inside an ``<a>`` when
    it links somewhere; highlighted ones last, so their outline is drawn over the neighbours'."""
    estilos = "".join(f".{c.css}{{fill:{c.color}}}" for c in leyenda if c.css != "x")
    partes = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {geometria.ancho} '
        f'{geometria.alto}" width="100%" class="mapa-red__svg" '
        f'aria-labelledby="{id_base}-titulo" aria-describedby="{id_base}-desc">',
        f'<title id="{id_base}-titulo">{escape(titulo)}</title>',
        f'<desc id="{id_base}-desc">'
        + escape(_("Las cifras de cada municipio están en la tabla que sigue al mapa."))
        + "</desc>",
        "<style>path{stroke:#666;stroke-width:.5px;stroke-linejoin:round;"
        "vector-effect:non-scaling-stroke}"
        f"{estilos}.x{{fill:{COLOR_AJENO};stroke:#bdbdbd}}.r{{stroke:#111;stroke-width:2.5px}}"
        "a:focus path,a:hover path{stroke:#111;stroke-width:3px}"
        "a:focus{outline:none}</style>",
        '<g fill-rule="evenodd">',
    ]
    resaltadas = []
    for forma in geometria.formas:
        region = regiones.get(forma.clave_inegi) or Region("x", forma.nombre)
        (resaltadas if region.resaltada else partes).append(_elemento(forma, region))
    partes.extend(resaltadas)
    partes.append("</g></svg>")
    return "".join(partes)


def _elemento(forma: Forma, region: Region) -> str:
    css = f"{region.css} r" if region.resaltada else region.css
    titulo = f"<title>{escape(region.titulo)}</title>"
    if region.href:
        return f'<a href={quoteattr(region.href)}>{titulo}<path class="{css}" d="{forma.d}"/></a>'
    return f'<path class="{css}" d="{forma.d}">{titulo}</path>'
