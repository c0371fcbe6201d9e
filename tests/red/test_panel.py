"""The Red's dashboard panel: headline figures beside last year's, the monthly chart and its
table, the liaison's own figures, who sees it, and its query budget. Also the pure chart.

Dates are placed relative to now, so the year-ago windows hold whatever day the tests run:

    ana   Toluca    completes «Agua» now (certificate now)
    beto  Toluca    ambassador since two years ago
    carla Ecatepec  certificate issued last year, within the window «January 1 to this day,
                    a year ago»; her course completed within «this month, a year ago»
    eli   Ecatepec  ambassador since ten days ago

    trained: 2 now, 1 a year ago · integrated: 2 of 125, 1 a year ago ·
    certificates this year: 1, 1 a year ago · courses completed this month: 1, 1 a year ago
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cursos.editorial import grupo_editorial_asegurar
from red import graficas, selectors
from red.panel import PanelCifrasRed, diferencia_en_palabras
from tests import factories
from tests.red.test_reportes import certificado_emitido_el, completar_el, mas_participantes

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def _a_medio_camino(desde: dt.datetime, hasta: dt.datetime) -> dt.datetime:
    return desde + (hasta - desde) / 2


@pytest.fixture
def escenario(catalogo, completar, designar, toluca, ecatepec):
    ahora = timezone.now()
    antes = selectors._hace_un_anio(ahora)
    local_antes = timezone.localtime(antes)
    inicio_anio_pasado = local_antes.replace(
        month=1, day=1, hour=0, minute=0, second=0, microsecond=0
    )
    inicio_mes_pasado = local_antes.replace(day=1, hour=0, minute=0, second=0, microsecond=0)

    agua, modulos = factories.curso_con_modulos(2, catalogo=catalogo, title="Agua y clima")
    ana = factories.participante(nombre_completo="Ana López", municipio=toluca)
    beto = factories.participante(nombre_completo="Beto Ruiz", municipio=toluca)
    carla = factories.participante(nombre_completo="Carla Soto", municipio=ecatepec)
    eli = factories.participante(nombre_completo="Eli Mora", municipio=ecatepec)

    completar(ana, agua, modulos)
    completar_el(carla, agua, modulos, _a_medio_camino(inicio_mes_pasado, antes))
    certificado_emitido_el(carla, agua, _a_medio_camino(inicio_anio_pasado, antes), numero=700001)
    hoy = timezone.localdate()
    designar(beto, toluca, designado_en=hoy.replace(year=hoy.year - 2, day=1))
    designar(eli, ecatepec, designado_en=hoy - dt.timedelta(days=10))
    return agua, modulos


def panel_de(cliente) -> str:
    html = cliente.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="red-cifras"' in html or "red-cifras" in html
    return html


def test_panel_cifras_y_hace_un_anio(cliente_coordinacion, coordinacion, escenario):
    cifras = selectors.cifras_generales(usuario=coordinacion)
    assert (cifras.capacitados.actual, cifras.capacitados.hace_un_anio) == (2, 1)
    assert (cifras.municipios_integrados.actual, cifras.municipios_integrados.hace_un_anio) == (
        2,
        1,
    )
    assert cifras.total_municipios == 125
    assert (cifras.certificados_del_anio.actual, cifras.certificados_del_anio.hace_un_anio) == (
        1,
        1,
    )
    assert (
        cifras.cursos_completados_del_mes.actual,
        cifras.cursos_completados_del_mes.hace_un_anio,
    ) == (1, 1)

    html = panel_de(cliente_coordinacion)
    assert "La Red en cifras" in html
    assert "Personas capacitadas" in html
    assert "Hace un año: 1. Ahora hay 1 más." in html
    assert "2 de 125" in html
    assert "Igual que hace un año." in html
    assert "Cifras de tus municipios" not in html


def test_panel_grafica_y_tabla(cliente_coordinacion, escenario):
    html = panel_de(cliente_coordinacion)
    assert '<title id="red-grafica-mensual-titulo">' in html
    assert 'role="img"' in html
    inicio = html.index('<table class="w-sr-only">')
    tabla = html[inicio : html.index("</table>", inicio)]
    filas = tabla.split("<tr>")[1:]
    assert len(filas) == 1 + 24  # the header, then the months, oldest first
    # This month: ana's and carla's enrolments, ana's certificate.
    assert "<td>2</td><td>1</td>" in filas[-1]
    # Carla's certificate of last year, in its own month.
    assert sum("<td>0</td><td>1</td>" in f for f in filas[1:-1]) == 1


def test_panel_enlaza_reportes_y_mapa(cliente_coordinacion, escenario):
    html = panel_de(cliente_coordinacion)
    for nombre in ("participantes", "embudo", "certificados", "municipios"):
        assert f'href="{reverse(f"red_reportes:{nombre}")}"' in html
    assert f'href="{reverse("red_mapa:mapa")}"' in html


def test_panel_del_enlace_dice_de_que_municipio_son_las_cifras(
    cliente_enlace, enlace_toluca, escenario
):
    cifras = selectors.cifras_generales(usuario=enlace_toluca)
    assert (cifras.capacitados.actual, cifras.capacitados.hace_un_anio) == (1, 0)
    assert (cifras.municipios_integrados.actual, cifras.total_municipios) == (1, 1)
    html = panel_de(cliente_enlace)
    assert "Cifras de tu municipio: Toluca." in html
    assert "1 de 1" in html
    assert "Hace un año: 0. Ahora hay 1 más." in html


def test_panel_oculto_sin_permiso(client, catalogo):
    editora = factories.UsuarioFactory(username="editora")
    editora.groups.add(grupo_editorial_asegurar(catalogo=catalogo))
    client.force_login(editora)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "La Red en cifras" not in html
    assert "red-grafica" not in html


def test_diferencia_en_palabras():
    assert diferencia_en_palabras(selectors.Cifra(5, 2)) == "Ahora hay 3 más."
    assert diferencia_en_palabras(selectors.Cifra(1, 4)) == "Ahora hay 3 menos."
    assert diferencia_en_palabras(selectors.Cifra(7, 7)) == "Igual que hace un año."


def _render(usuario) -> tuple[int, str]:
    peticion = RequestFactory().get("/admin/")
    peticion.user = usuario
    with CaptureQueriesContext(connection) as capturadas:
        html = PanelCifrasRed(usuario).render_html({"request": peticion})
    return len(capturadas), html


@pytest.mark.parametrize(("quien", "esperadas"), [("coordinacion", 9), ("enlace_toluca", 10)])
def test_panel_consultas_fijas(request, catalogo, toluca, quien, esperadas):
    curso, modulos = factories.curso_con_modulos(2, catalogo=catalogo)
    mas_participantes(curso, modulos, toluca, 2)
    usuario = request.getfixturevalue(quien)
    con_dos, _html = _render(type(usuario).objects.get(pk=usuario.pk))
    mas_participantes(curso, modulos, toluca, 18)
    con_veinte, html = _render(type(usuario).objects.get(pk=usuario.pk))
    assert (con_dos, con_veinte) == (esperadas, esperadas)
    assert "20" in html  # the 20 people enrolled this month are counted


# --- The chart, a pure function -------------------------------------------------------------


@pytest.mark.parametrize(
    ("maximo", "marcas"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (100, [0, 20, 40, 60, 80, 100]),
        (101, [0, 50, 100, 150]),
        (4321, [0, 1000, 2000, 3000, 4000, 5000]),
    ],
)
def test_marcas_eje(maximo, marcas):
    assert graficas.marcas_eje(maximo) == marcas


def test_barras_agrupadas_es_svg_valido_con_titulo_y_barras():
    svg = graficas.barras_agrupadas(
        ["ene 2025", "feb 2025", "mar <2025>"],
        [graficas.Serie("inscripciones", (3, 0, 5)), graficas.Serie("certificados", (1, 2, 0))],
        titulo="Por mes & más",
        descripcion="Azul y bermellón",
        eje_x="Mes",
        eje_y="Cantidad",
        cada=1,
    )
    raiz = ET.fromstring(str(svg))  # noqa: S314 (our own markup)
    assert raiz.tag == f"{SVG}svg" and raiz.get("role") == "img"
    assert raiz.find(f"{SVG}title").text == "Por mes & más"
    barras = raiz.findall(f"{SVG}rect")
    assert len(barras) == 4  # zeros draw nothing
    textos = [t.text for t in raiz.iter(f"{SVG}text")]
    assert "mar <2025>" in textos and "Mes" in textos and "Cantidad" in textos
    assert "5" in textos  # the y axis reaches the largest value
    alturas = sorted(float(b.get("height")) for b in barras)
    assert alturas[-1] > alturas[0] > 0
    assert {b.get("fill") for b in barras} == {graficas.COLORES[0], graficas.COLORES[1]}


def test_barras_agrupadas_rechaza_series_incompletas():
    with pytest.raises(ValueError):
        graficas.barras_agrupadas(["a", "b"], [graficas.Serie("x", (1,))], titulo="t")
