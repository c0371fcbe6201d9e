"""The map of the Red: geometry (projection, simplification without gaps, once per process),
colour classes for skewed counts, the SVG, and the admin page with its liaison's scope."""

import json
import os
import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import numpy as np
import pytest
import shapely
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from red import mapa
from tests import factories

SVG = "{http://www.w3.org/2000/svg}"
RUTA = settings.RED_GEOMETRIA_MUNICIPIOS


def _xml(svg):
    return ET.fromstring(svg)  # noqa: S314  (our own SVG, not untrusted input)


def _anillos(d):
    """Parse our path data (``M x y l dx dy … z`` per ring) back into absolute rings."""
    anillos = []
    for absoluto, relativo in re.findall(r"M([-\d ]+)l([-\d ]*)z", d):
        numeros = [int(n) for n in re.findall(r"-?\d+", absoluto + " " + relativo)]
        puntos = np.cumsum(np.array(numeros).reshape(-1, 2), axis=0)
        anillos.append(puntos)
    return anillos


def _poligonos(forma):
    return [shapely.Polygon(anillo) for anillo in _anillos(forma.d)]


@pytest.fixture
def geometria():
    return mapa.geometria(RUTA)


# --- Geometry -------------------------------------------------------------------------------


def test_proyeccion_equirectangular_a_la_latitud_media():
    proyectar, alto = mapa.proyeccion((-100.0, 18.0), (-98.0, 20.0), 1000)
    esquinas = proyectar(np.array([[-100.0, 20.0], [-98.0, 18.0], [-99.0, 19.0]]))
    assert esquinas[0].tolist() == [0.0, 0.0]  # north-west corner at the origin, y down
    assert esquinas[1][0] == pytest.approx(1000)
    assert esquinas[2].tolist() == pytest.approx([500, alto / 2], abs=1)
    # A degree of longitude is cos(19°) of a degree of latitude.
    assert 1000 / alto == pytest.approx(np.cos(np.radians(19)), rel=1e-3)


def test_125_municipios_proyectados_en_su_caja(geometria):
    assert len(geometria.formas) == 125
    assert [f.clave_inegi for f in geometria.formas] == [str(c) for c in range(15001, 15126)]
    assert geometria.ancho == 1000 and 1000 < geometria.alto < 1020
    for forma in geometria.formas:
        for anillo in _anillos(forma.d):
            assert anillo.min() >= 0 and anillo[:, 0].max() <= 1000
            assert anillo[:, 1].max() <= geometria.alto
    # The nine municipalities in two parts keep both.
    partes = {f.clave_inegi: len(_anillos(f.d)) for f in geometria.formas}
    assert partes["15004"] == 2 and partes["15106"] == 1


def test_simplificada_sin_huecos_ni_traslapes_entre_vecinos(geometria):
    """Neighbours still meet exactly after simplifying and rounding: the union of the 125 is
    one piece without holes, and adding their areas gives the union's (no overlaps)."""
    municipios = [shapely.MultiPolygon(_poligonos(f)) for f in geometria.formas]
    union = shapely.union_all(municipios)
    assert union.geom_type == "Polygon" and len(union.interiors) == 0
    assert sum(m.area for m in municipios) == pytest.approx(union.area, rel=1e-6)
    assert shapely.coverage_is_valid(municipios)
    # And it is still the same territory: the source projected, within 0.1 % of its area.
    with open(RUTA, encoding="utf-8") as archivo:
        rasgos = json.load(archivo)["features"]
    fuente = [shapely.geometry.shape(r["geometry"]) for r in rasgos]
    x0, y0, x1, y1 = shapely.total_bounds(fuente)
    proyectar, _ = mapa.proyeccion((x0, y0), (x1, y1))
    original = shapely.union_all(shapely.transform(fuente, proyectar))
    assert union.area == pytest.approx(original.area, rel=1e-3)
    assert union.symmetric_difference(original).area < 0.01 * original.area


def test_geometria_una_vez_por_proceso_y_otra_si_cambia_el_archivo(tmp_path):
    """Two squares side by side: one computation per version of the file."""

    def cuadrado(x):
        return {
            "type": "Polygon",
            "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]],
        }

    def coleccion(nombre):
        return {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"clave_inegi": "2", "nombre": "B"},
                    "geometry": cuadrado(-99.0),
                },
                {
                    "type": "Feature",
                    "properties": {"clave_inegi": "1", "nombre": nombre},
                    "geometry": cuadrado(-100.0),
                },
            ],
        }

    ruta = tmp_path / "dos.geojson"
    ruta.write_text(json.dumps(coleccion("A")), encoding="utf-8")
    primera = mapa.geometria(ruta)
    assert mapa.geometria(ruta) is primera  # cached
    assert [f.clave_inegi for f in primera.formas] == ["1", "2"]
    a, b = (_anillos(f.d)[0] for f in primera.formas)
    # The shared edge: the same two points on both sides.
    assert {tuple(p) for p in a} & {tuple(p) for p in b} == {(500, 0), (500, primera.alto)}

    ruta.write_text(json.dumps(coleccion("A cambiado")), encoding="utf-8")
    estado = ruta.stat()
    os.utime(ruta, ns=(estado.st_atime_ns, estado.st_mtime_ns + 1_000_000_000))
    segunda = mapa.geometria(ruta)
    assert segunda is not primera and segunda.formas[0].nombre == "A cambiado"


def test_trazo_compacto_y_anillos_degenerados():
    assert mapa.trazo_anillo([(0, 0), (10.4, 0), (10, 5.6), (0, 0)]) == "M0 0l10 0 0 6z"
    # Rounded onto the same points: nothing left to draw.
    assert mapa.trazo_anillo([(0, 0), (0.2, 0.1), (0.1, 0.3), (0, 0)]) == ""


# --- Classes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("maximo", "esperados"),
    [
        (0, [(0, 0)]),
        (2, [(0, 0), (1, 2)]),
        (7, [(0, 0), (1, 2), (3, None)]),
        (45, [(0, 0), (1, 2), (3, 9), (10, 29), (30, None)]),
        (999, [(0, 0), (1, 2), (3, 9), (10, 29), (30, 99), (100, 299), (300, None)]),
        # Past seven colours the 1–3–10 series gives way to 1–10–100.
        (5000, [(0, 0), (1, 2), (3, 9), (10, 99), (100, 999), (1000, None)]),
    ],
)
def test_cortes_logaritmicos_con_cero_aparte_y_menos_de_3_juntos(maximo, esperados):
    assert mapa.cortes(maximo, umbral=3) == esperados


def test_cortes_con_otro_umbral():
    assert mapa.cortes(50, umbral=5)[:3] == [(0, 0), (1, 4), (5, 9)]
    assert mapa.cortes(50, umbral=1) == [(0, 0), (1, 2), (3, 9), (10, 29), (30, None)]


@given(
    maximo=st.integers(min_value=0, max_value=10**7),
    umbral=st.integers(min_value=1, max_value=10),
    valor=st.integers(min_value=0, max_value=10**7),
)
def test_cortes_cubren_todo_sin_huecos_y_caben_en_la_paleta(maximo, umbral, valor):
    rangos = mapa.cortes(maximo, umbral=umbral)
    assert rangos[0] == (0, 0)
    assert len(rangos) - 1 <= mapa.MAX_CLASES
    for (_d1, h1), (d2, _h2) in zip(rangos, rangos[1:], strict=False):
        assert d2 == h1 + 1
    assert rangos[-1][1] is None or rangos[-1][1] >= maximo
    if maximo >= 1 and umbral > 1:
        assert rangos[1] == (1, umbral - 1)  # hidden figures share one class
    if valor <= maximo:
        desde, hasta = rangos[mapa.indice_de_clase(valor, rangos)]
        assert desde <= valor and (hasta is None or valor <= hasta)
    colores = mapa.colores(rangos)
    assert len(colores) == len(rangos) == len(set(colores))


def test_etiquetas_de_la_leyenda():
    assert mapa.etiqueta_rango(1, 2, umbral=3, publico=True) == "menos de 3"
    assert mapa.etiqueta_rango(1, 2, umbral=3, publico=False) == "1 a 2"
    assert mapa.etiqueta_rango(1000, None, umbral=3, publico=True) == "1,000 o más"
    assert mapa.cifra(2, umbral=3, publico=True) == "menos de 3"
    assert mapa.cifra(0, umbral=3, publico=True) == "0"
    assert mapa.cifra(1234, umbral=3, publico=True) == "1,234"


# --- The SVG --------------------------------------------------------------------------------


def _filas(geometria, **capacitados):
    return [
        SimpleNamespace(
            municipio_id=i,
            clave_inegi=f.clave_inegi,
            nombre=f.nombre,
            capacitados=capacitados.get(f"m{f.clave_inegi}", 0),
            integrado=f.clave_inegi == "15106",
        )
        for i, f in enumerate(geometria.formas)
    ]


def _regiones(svg):
    """``{clave: (path, title, href)}``, titles read from the path or its link."""
    raiz = _xml(svg)
    nombres = {}
    for grupo in raiz.iter(f"{SVG}g"):
        for hijo in grupo:
            path = hijo.find(f"{SVG}path") if hijo.tag == f"{SVG}a" else hijo
            titulo = hijo.find(f"{SVG}title")
            assert path is not None and titulo is not None and titulo.text
            nombres[titulo.text.split(":")[0]] = (path, titulo.text, hijo.get("href"))
    return nombres


def test_svg_bien_formado_125_con_titulo_y_enlace_y_menos_de_80_kb(geometria):
    filas = _filas(geometria, m15106=1234, m15033=56, m15001=2)
    dibujo = mapa.construir(
        geometria,
        filas,
        # The longest links the admin could give, and titles with figures in them.
        enlace=lambda f: f"/admin/reportes/red/municipios/{100000 + f.municipio_id}/",
        titulo="Personas capacitadas por municipio",
    )
    assert len(dibujo.svg.encode()) < 80 * 1024
    raiz = _xml(dibujo.svg)
    assert raiz.get("viewBox") == f"0 0 1000 {geometria.alto}" and raiz.get("width") == "100%"
    assert raiz.find(f"{SVG}title").text == "Personas capacitadas por municipio"
    regiones = _regiones(dibujo.svg)
    assert len(regiones) == 125 and len(list(raiz.iter(f"{SVG}path"))) == 125
    path, titulo, href = regiones["Toluca"]
    assert titulo == "Toluca: 1,234 personas capacitadas"
    assert href == "/admin/reportes/red/municipios/100105/"
    assert regiones["Acambay de Ruíz Castañeda"][1].endswith(": 2 personas capacitadas")
    assert regiones["Aculco"][1].endswith(": 0 personas capacitadas")
    # Classes: 0 apart, and each class has its colour in the SVG's own style sheet.
    clases = {n: p.get("class") for n, (p, _t, _h) in regiones.items()}
    assert clases["Aculco"] == "c0" and clases["Toluca"] == f"c{len(dibujo.leyenda) - 1}"
    assert [c.etiqueta for c in dibujo.leyenda] == [
        "0",
        "1 a 2",
        "3 a 9",
        "10 a 29",
        "30 a 99",
        "100 a 299",
        "300 a 999",
        "1,000 o más",
    ]
    for clase in dibujo.leyenda:
        assert f".{clase.css}{{fill:{clase.color}}}" in dibujo.svg
    assert not dibujo.resaltados


def test_por_integracion(geometria):
    dibujo = mapa.construir(geometria, _filas(geometria), modo=mapa.INTEGRACION)
    regiones = _regiones(dibujo.svg)
    assert regiones["Toluca"][1] == "Toluca: integrado a la Red"
    assert regiones["Toluca"][0].get("class") == "c1"
    assert regiones["Aculco"][0].get("class") == "c0"
    assert [c.etiqueta for c in dibujo.leyenda] == ["Aún no integrado", "Integrado a la Red"]
    with pytest.raises(ValueError):
        mapa.construir(geometria, [], modo="otro")


def test_enlace_resaltado_y_los_demas_en_blanco(geometria):
    filas = [f for f in _filas(geometria, m15106=7) if f.clave_inegi == "15106"]
    dibujo = mapa.construir(
        geometria, filas, enlace=lambda f: "/toluca/", resaltar=["15106"], titulo="Mapa"
    )
    regiones = _regiones(dibujo.svg)
    assert regiones["Toluca"][0].get("class") == "c2 r" and regiones["Toluca"][2] == "/toluca/"
    ecatepec = regiones["Ecatepec de Morelos"]
    assert ecatepec[0].get("class") == "x" and ecatepec[1] == "Ecatepec de Morelos"
    assert ecatepec[2] is None
    assert dibujo.resaltados and dibujo.leyenda[-1].etiqueta == "Fuera de tus municipios"
    # Drawn last, so no neighbour covers its outline.
    ultimo = list(_xml(dibujo.svg).iter(f"{SVG}g"))[0][-1]
    assert ultimo.get("href") == "/toluca/"


# --- The admin page -------------------------------------------------------------------------


@pytest.fixture
def sin_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def datos(db, toluca, ecatepec, designar):
    for i in range(3):
        factories.participante(factories.UsuarioFactory(username=f"toluca-{i}"), municipio=toluca)
    ecatepense = factories.participante(
        factories.UsuarioFactory(username="ecatepec-0"), municipio=ecatepec
    )
    designar(ecatepense)


def _celdas(html, clave):
    fila = re.search(rf'<tr id="m{clave}">(.*?)</tr>', html).group(1)
    return [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", fila)]


def _svg(html):
    inicio = html.index("<svg xmlns=")
    return html[inicio : html.index("</svg>", inicio) + len("</svg>")]


def test_coordinacion_ve_los_125_con_enlace_a_su_reporte(
    cliente_coordinacion, datos, toluca, sin_cache
):
    respuesta = cliente_coordinacion.get(reverse("red_mapa:mapa"))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    regiones = _regiones(_svg(html))
    assert len(regiones) == 125
    url_toluca = reverse("red_reportes:municipio", args=[toluca.pk])
    assert regiones["Toluca"][2] == url_toluca
    assert all(h for _p, _t, h in regiones.values())
    assert len(re.findall(r'<tr id="m15\d{3}">', html)) == 125
    assert _celdas(html, "15106")[:2] == ["Toluca", "3"]
    assert _celdas(html, "15033")[5] == "Sí"
    assert "Fuente: INEGI, Marco Geoestadístico (división municipal)" in html
    assert "Tus municipios" not in html
    assert "<title>Mapa de la Red" in html


def test_enlace_ve_solo_su_municipio_resaltado(cliente_enlace, datos, toluca, sin_cache):
    html = cliente_enlace.get(reverse("red_mapa:mapa")).content.decode()
    regiones = _regiones(_svg(html))
    assert len(regiones) == 125
    path, titulo, href = regiones["Toluca"]
    assert "r" in path.get("class").split() and titulo == "Toluca: 0 personas capacitadas"
    assert href == reverse("red_reportes:municipio", args=[toluca.pk])
    path, titulo, href = regiones["Ecatepec de Morelos"]
    assert (path.get("class"), titulo, href) == ("x", "Ecatepec de Morelos", None)
    assert re.findall(r'<tr id="m(\d+)">', html) == ["15106"]
    assert "Tus municipios (contorno grueso)" in html


def test_enlace_y_coordinacion_no_comparten_la_cache(
    client, coordinacion, enlace_toluca, datos, sin_cache
):
    client.force_login(enlace_toluca)
    assert 'id="m15033"' not in client.get(reverse("red_mapa:mapa")).content.decode()
    client.force_login(coordinacion)
    assert 'id="m15033"' in client.get(reverse("red_mapa:mapa")).content.decode()
    client.force_login(enlace_toluca)
    assert 'id="m15033"' not in client.get(reverse("red_mapa:mapa")).content.decode()


def test_por_integracion_y_modo_desconocido(cliente_coordinacion, datos, sin_cache):
    html = cliente_coordinacion.get(reverse("red_mapa:mapa"), {"ver": "integracion"}).content
    regiones = _regiones(_svg(html.decode()))
    assert regiones["Ecatepec de Morelos"][1] == "Ecatepec de Morelos: integrado a la Red"
    respuesta = cliente_coordinacion.get(reverse("red_mapa:mapa"), {"ver": "nada"})
    assert respuesta.status_code == 400
    assert "No conocemos esa forma de colorear el mapa" in respuesta.content.decode()


def test_sin_permiso_no_entra(client, db):
    editor = factories.UsuarioFactory(username="editor", is_staff=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    respuesta = client.get(reverse("red_mapa:mapa"))
    assert respuesta.status_code in (302, 403)
    assert "<svg xmlns=" not in respuesta.content.decode()
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("red_mapa:mapa") not in menu


def test_menu_para_quien_puede_ver_cifras(cliente_coordinacion):
    html = cliente_coordinacion.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("red_mapa:mapa") in html


def test_datos_del_mapa_en_cache_y_consultas_fijas(
    coordinacion, datos, toluca, sin_cache, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from red.admin_mapa import datos_del_mapa

    with CaptureQueriesContext(connection) as pocas:
        primera = datos_del_mapa(coordinacion, mapa.CAPACITADOS)
    with django_assert_num_queries(0):
        assert datos_del_mapa(coordinacion, mapa.CAPACITADOS)["mapa"].svg == primera["mapa"].svg
    cache.clear()
    for i in range(5):
        factories.participante(factories.UsuarioFactory(username=f"mas-{i}"), municipio=toluca)
    del coordinacion._cursos_municipios_visibles
    with CaptureQueriesContext(connection) as mas:
        datos_del_mapa(coordinacion, mapa.CAPACITADOS)
    assert len(mas) == len(pocas)
