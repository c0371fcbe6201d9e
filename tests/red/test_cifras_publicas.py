"""The public page «La Red en cifras»: anonymous, cached, light, and no figure that singles
out a person."""

import gzip
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificados import services as certificados_services
from cursos import services as cursos_services
from cursos.models import Municipio
from tests import factories

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
CREDITO = "Fuente: INEGI, Marco Geoestadístico (división municipal); geometría simplificada."


@pytest.fixture(autouse=True)
def cache_vacia():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def capacitar(curso_y_modulos):
    """``capacitar(clave, n)``: n people of that municipality complete the course and get
    their certificate (issued through the service; the PDF is not rendered)."""
    curso, modulos = curso_y_modulos
    contador = iter(range(10_000))

    def _capacitar(clave, n):
        municipio = Municipio.objects.get(clave_inegi=clave)
        for _ in range(n):
            i = next(contador)
            usuario = factories.participante(
                factories.UsuarioFactory(username=f"persona-secreta-{i}"),
                municipio=municipio,
                nombre_completo=f"Xochitl Secreta Número{i}",
            )
            cursos_services.inscripcion_crear(usuario=usuario, curso=curso)
            for modulo in modulos:
                cursos_services.modulo_completar(usuario=usuario, modulo=modulo)
            certificados_services.certificado_emitir(
                inscripcion=curso.inscripciones.get(usuario=usuario)
            )
        return municipio

    return _capacitar


@pytest.fixture
def pocos(capacitar):
    """Acambay 1 person trained, Acolman 2, Toluca 5, Ecatepec 12 (no one elsewhere)."""
    capacitar("15001", 1)
    capacitar("15002", 2)
    capacitar("15106", 5)
    capacitar("15033", 12)


def _pagina(client, **parametros):
    respuesta = client.get(reverse("red:cifras"), parametros)
    assert respuesta.status_code == 200
    return respuesta, respuesta.content.decode()


def _svg(html):
    inicio, fin = html.index("<svg xmlns="), html.index("</svg>", html.index("<svg xmlns="))
    return html[inicio : fin + len("</svg>")]


def _celdas(html, clave):
    fila = re.search(rf'<tr id="m{clave}">(.*?)</tr>', html).group(1)
    return [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", fila)]


def _xml(svg):
    return ET.fromstring(svg)  # noqa: S314  (the page's own SVG, not untrusted input)


def _regiones(svg):
    """``{name: (class, title)}`` for every municipality drawn."""
    raiz = _xml(svg)
    regiones = {}
    for grupo in raiz.iter(f"{SVG}g"):
        for hijo in grupo:
            if hijo.tag == f"{SVG}a":
                titulo, path = hijo.find(f"{SVG}title").text, hijo.find(f"{SVG}path")
            else:
                titulo, path = hijo.find(f"{SVG}title").text, hijo
            regiones[titulo.split(":")[0]] = (path.get("class"), titulo, hijo.get("href"))
    return regiones


def test_pagina_publica_para_cualquiera_con_mapa_cifras_y_tabla(client, pocos):
    respuesta, html = _pagina(client)
    assert "La Red en cifras" in html
    assert CREDITO in html
    regiones = _regiones(_svg(html))
    assert len(regiones) == 125
    assert len(re.findall(r'<tr id="m15\d{3}">', html)) == 125
    assert _celdas(html, "15033")[:4] == ["Ecatepec de Morelos", "12", "12", "12"]
    assert _celdas(html, "15004")[1:3] == ["0", "0"]  # nobody yet: 0, not hidden
    # The municipalities link to their row of the table, never to the admin.
    assert regiones["Toluca"][2] == "#m15106"
    assert "/admin/" not in html
    assert "Personas servidoras públicas capacitadas" in html


def test_cifras_de_uno_y_dos_se_leen_menos_de_3_y_no_se_distinguen_en_el_mapa(client, pocos):
    _respuesta, html = _pagina(client)
    acambay, acolman = _celdas(html, "15001"), _celdas(html, "15002")
    assert acambay[1:4] == ["menos de 3"] * 3
    assert acolman[1:4] == ["menos de 3"] * 3
    assert _celdas(html, "15106")[2] == "5"
    regiones = _regiones(_svg(html))
    clase_acambay, titulo_acambay, _ = regiones["Acambay de Ruíz Castañeda"]
    clase_acolman, titulo_acolman, _ = regiones["Acolman"]
    assert clase_acambay == clase_acolman != regiones["Toluca"][0]
    assert titulo_acambay.endswith("menos de 3 personas capacitadas")
    assert titulo_acolman.endswith("menos de 3 personas capacitadas")
    assert not re.search(r": [12] personas? capacitadas?", html)
    # The legend names that class «menos de 3», no range that would tell 1 from 2.
    assert "menos de 3</li>" in html and "1 a 2" not in html
    # The statewide figure is worked out from the table (5 + 12 + 1 + 1), never the exact 20
    # (which minus the table would give the hidden 1 + 2 back).
    assert "al menos 19" in html
    assert ">20<" not in html and "hace un año: —" in html


def _sin_fecha(html):
    return re.sub(r"Cifras al [^<]*", "", html)


def test_un_municipio_que_oculta_cifras_no_cambia_nada_de_la_pagina_entre_1_y_2(client, capacitar):
    """No difference of published numbers gives a hidden figure back: between 1 and 2 people
    trained in Acambay, not one byte of the page changes (totals, classes, legend)."""
    capacitar("15106", 5)
    capacitar("15033", 12)
    capacitar("15001", 1)
    una = _sin_fecha(_pagina(client)[1])
    cache.clear()
    capacitar("15001", 1)
    dos = _sin_fecha(_pagina(client)[1])
    assert una == dos
    assert "al menos 18" in dos


def test_totales_publicos_se_deducen_de_la_tabla():
    from types import SimpleNamespace

    from red.views_cifras import total_publico

    def fila(pk, n):
        return SimpleNamespace(municipio_id=pk, capacitados=n)

    hoy = [fila(1, 40), fila(2, 2), fila(3, 0), fila(4, 1)]
    hace_un_anio = [fila(1, 30), fila(2, 2), fila(3, 0), fila(4, 0)]
    assert total_publico(hoy, hace_un_anio, "capacitados", 3) == (
        "al menos 42",
        "al menos 30",
        True,
    )
    # Nothing hidden: exact; a small year-ago total is hidden as any other small count.
    hoy, hace_un_anio = [fila(1, 40), fila(3, 0)], [fila(1, 2), fila(3, 0)]
    assert total_publico(hoy, hace_un_anio, "capacitados", 3) == ("40", "menos de 3", False)
    assert total_publico([fila(1, 2)], [fila(1, 0)], "capacitados", 3) == ("al menos 1", "—", True)


def test_sin_datos_personales(client, pocos, designar):
    from red.models import Embajador

    embajador = Embajador.objects.select_related("participante").first()
    assert embajador is None  # nobody designated yet: designate one of the trained people
    usuario = factories.participante(
        factories.UsuarioFactory(username="embajadora"),
        nombre_completo="Tonantzin Embajadora Pública",
        municipio=Municipio.objects.get(clave_inegi="15106"),
    )
    designar(usuario)
    _respuesta, html = _pagina(client)
    for dato in ("Xochitl", "Secreta", "persona-secreta", "@municipio.example", "Tonantzin"):
        assert dato not in html
    assert _celdas(html, "15106")[4] == "Sí"


def test_modo_integracion_y_modo_desconocido(client, pocos, designar):
    designar(
        factories.participante(
            factories.UsuarioFactory(username="emb"),
            municipio=Municipio.objects.get(clave_inegi="15033"),
        )
    )
    _respuesta, html = _pagina(client, ver="integracion")
    regiones = _regiones(_svg(html))
    assert regiones["Ecatepec de Morelos"][1] == "Ecatepec de Morelos: integrado a la Red"
    assert regiones["Toluca"][1] == "Toluca: aún no integrado a la Red"
    assert regiones["Ecatepec de Morelos"][0] != regiones["Toluca"][0]
    assert 'aria-current="page">Integración a la Red' in html

    respuesta = client.get(reverse("red:cifras"), {"ver": "<script>"})
    assert respuesta.status_code == 400
    assert "No conocemos esa forma de colorear el mapa" in respuesta.content.decode()
    assert "<script>" not in respuesta.content.decode()


def test_ligera_svg_bien_formado_y_pesos(client, pocos):
    respuesta, html = _pagina(client)
    svg = _svg(html)
    raiz = _xml(svg)
    assert raiz.get("viewBox").startswith("0 0 1000 ")
    assert raiz.get("width") == "100%"
    assert len(svg.encode()) < 80 * 1024
    assert len(respuesta.content) < 120 * 1024
    # Compressed for the clients that accept it (all browsers): a few dozen KB on the wire.
    comprimida = client.get(reverse("red:cifras"), headers={"accept-encoding": "gzip"})
    assert comprimida["Content-Encoding"] == "gzip"
    assert len(comprimida.content) < 40 * 1024
    assert gzip.decompress(comprimida.content) == respuesta.content
    assert "Accept-Encoding" in comprimida["Vary"]


def test_cache_publica_sin_vary_cookie_y_segunda_peticion_sin_consultas(
    client, pocos, django_assert_num_queries, settings
):
    settings.RED_CACHE_PUBLICO_SEGUNDOS = 600
    primera, html = _pagina(client)
    assert "public" in primera["Cache-Control"]
    edad = int(re.search(r"max-age=(\d+)", primera["Cache-Control"]).group(1))
    assert 590 <= edad <= 600
    assert "cookie" not in primera.get("Vary", "").lower()
    assert "Set-Cookie" not in primera.headers and not primera.cookies
    assert "csrfmiddlewaretoken" not in html

    with django_assert_num_queries(0):
        segunda, html2 = _pagina(client)
    assert html2 == html
    assert "public" in segunda["Cache-Control"]
    assert "cookie" not in segunda.get("Vary", "").lower()

    # New data shows once the cached copy expires, not before.
    Municipio.objects.filter(clave_inegi="15033").update(nombre="Ecatepec Cambiado")
    assert "Ecatepec Cambiado" not in _pagina(client)[1]
    cache.clear()
    assert "Ecatepec Cambiado" in _pagina(client)[1]


def test_la_misma_pagina_para_quien_inicio_sesion(client, pocos):
    anonima = _pagina(client)[1]
    cache.clear()
    usuario = factories.UsuarioFactory(
        username="con-sesion", first_name="Citlali", last_name="Con Sesión"
    )
    client.force_login(usuario)
    respuesta, html = _pagina(client)
    assert "cookie" not in respuesta.get("Vary", "").lower()
    assert "Citlali" not in html and "Cerrar sesión" not in html
    assert _sin_fecha(html) == _sin_fecha(anonima)


def test_consultas_fijas_aunque_crezcan_los_datos(client, capacitar):
    capacitar("15001", 1)
    with CaptureQueriesContext(connection) as pocas:
        _pagina(client)
    cache.clear()
    capacitar("15002", 3)
    capacitar("15106", 4)
    with CaptureQueriesContext(connection) as mas:
        _pagina(client)
    assert len(mas) == len(pocas)


def test_solo_lectura(client):
    assert client.post(reverse("red:cifras")).status_code == 405
