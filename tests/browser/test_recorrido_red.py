"""La Red en cifras in the browser: a coordinator follows the figures down to one person; a
liaison sees only their municipality; anyone reads the public page without JavaScript.

The coordinator opens the admin's dashboard (headline figures and the monthly chart), the map,
follows Toluca's outline to its report, opens one public servant's record from there, and
exports the municipality's participants as CSV (read back). A liaison of Toluca signs in and
finds only Toluca's people; another municipality's record is a 404. The public page works
with JavaScript disabled and hides the small figure that could single out a person.
"""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from cursos import services as cursos_services
from cursos.models import Municipio
from red import roles
from red import services as red_services
from red.models import EnlaceMunicipal
from tests import factories
from tests.browser.conftest import captura
from tests.browser.sesion import entrar_al_admin
from tests.cuentas import dispositivo_totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CONTRASENA = "contrasena-segura-123"  # UsuarioFactory's password


@pytest.fixture
def red(live_server):
    toluca = Municipio.objects.get(clave_inegi="15106")
    ecatepec = Municipio.objects.get(clave_inegi="15033")
    grupos = roles.roles_asegurar()
    coordinacion = factories.UsuarioFactory(username="coordinacion")
    coordinacion.groups.add(grupos[roles.COORDINACION])
    enlace = factories.UsuarioFactory(username="enlace")
    enlace.groups.add(grupos[roles.ENLACE_MUNICIPAL])
    EnlaceMunicipal.objects.create(usuario=enlace, municipio=toluca)
    for personal in (coordinacion, enlace):
        dispositivo_totp(personal)  # staff need a second factor (set up as in the site)

    catalogo = factories.CursosIndexPageFactory(parent=factories.inicio(), title="Cursos")
    curso, modulos = factories.curso_con_modulos(
        2, catalogo=catalogo, title="Gestión integral del agua"
    )
    ana = factories.participante(
        factories.UsuarioFactory(username="ana"),
        nombre_completo="Ana Lilia Becerril Colín",
        municipio=toluca,
    )
    beto = factories.participante(
        factories.UsuarioFactory(username="beto"),
        nombre_completo="Bernardo Ortiz Mejía",
        municipio=ecatepec,
    )
    cursos_services.inscripcion_crear(usuario=ana, curso=curso)
    for modulo in modulos:
        cursos_services.modulo_completar(usuario=ana, modulo=modulo)
    cursos_services.inscripcion_crear(usuario=beto, curso=curso)
    import datetime as dt

    red_services.embajador_designar(
        participante=ana.participante,
        cargo="Embajadora Climática",
        designado_en=dt.date(2026, 2, 1),
    )
    return {"toluca": toluca, "ana": ana, "beto": beto, "curso": curso}


def _entrar_al_admin(page, base, usuario):
    """allauth's login, then the code of the staff member's authenticator app."""
    entrar_al_admin(page, base, get_user_model().objects.get(username=usuario))


def test_coordinacion_sigue_las_cifras_hasta_una_persona_y_exporta(
    live_server, page, nueva_pagina, red
):
    base = live_server.url
    toluca = red["toluca"]

    # --- The dashboard: headline figures and the chart with its data table.
    _entrar_al_admin(page, base, "coordinacion")
    panel = page.get_by_role("region", name="La Red en cifras")
    expect(panel).to_contain_text("La Red en cifras")
    expect(panel).to_contain_text("Municipios integrados")
    expect(panel.locator("figure svg")).to_have_count(1)
    captura(page, "red-01-panel")

    # --- The map: 125 outlines; Toluca's is a link to its report.
    page.goto(f"{base}/admin/mapa/red/")
    mapa = page.locator("svg.mapa-red__svg")
    expect(mapa.locator("path")).to_have_count(125)
    captura(page, "red-02-mapa")
    enlace_toluca = mapa.locator(f"a[href$='/municipios/{toluca.pk}/']")
    expect(enlace_toluca).to_have_count(1)
    enlace_toluca.click()
    expect(page.get_by_role("heading", name="Toluca en cifras")).to_be_visible()
    expect(page.get_by_text("Ana Lilia Becerril Colín").first).to_be_visible()

    # --- From the municipality to its participants, and to one person's record.
    page.get_by_role("link", name="Ver sus participantes").click()
    expect(page.get_by_role("link", name="Ana Lilia Becerril Colín")).to_be_visible()
    expect(page.get_by_text("Bernardo Ortiz Mejía")).to_have_count(0)
    url_reporte = page.url
    page.get_by_role("link", name="Ana Lilia Becerril Colín").click()
    expect(page.get_by_role("heading", name="Ana Lilia Becerril Colín").first).to_be_visible()
    expect(page.get_by_text("Gestión integral del agua").first).to_be_visible()
    captura(page, "red-03-expediente")

    # --- The municipality's participants exported as CSV, read back.
    page.goto(url_reporte)
    url_csv = url_reporte + ("&" if "?" in url_reporte else "?") + "export=csv"
    with page.expect_download() as descarga:
        page.evaluate("url => { window.location.href = url; }", url_csv)
    texto = descarga.value.path().read_text(encoding="utf-8-sig")
    filas = list(csv.reader(io.StringIO(texto)))
    nombres = [fila[0] for fila in filas[1:]]
    assert nombres == ["Ana Lilia Becerril Colín"]

    # --- A liaison of Toluca: only Toluca's people; Bernardo's record does not exist for them.
    enlace = nueva_pagina()
    _entrar_al_admin(enlace, base, "enlace")
    expect(enlace.get_by_role("region", name="La Red en cifras")).to_contain_text("Toluca")
    enlace.goto(f"{base}/admin/reportes/red/participantes/")
    expect(enlace.get_by_role("link", name="Ana Lilia Becerril Colín")).to_be_visible()
    expect(enlace.get_by_text("Bernardo Ortiz Mejía")).to_have_count(0)
    respuesta = enlace.goto(f"{base}/admin/red/expedientes/{red['beto'].participante.pk}/")
    assert respuesta.status == 404
    captura(enlace, "red-04-enlace")


def test_la_pagina_publica_funciona_sin_javascript(live_server, navegador, red):
    contexto = navegador.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}, locale="es-MX"
    )
    try:
        page = contexto.new_page()
        respuesta = page.goto(f"{live_server.url}/red/cifras/")
        assert respuesta.status == 200
        expect(page.get_by_role("heading", level=1)).to_contain_text("La Red en cifras")
        expect(page.locator("svg.mapa-red__svg path")).to_have_count(125)
        fila = page.locator("tr", has=page.get_by_role("rowheader", name="Toluca"))
        # One person trained in Toluca: shown as «menos de 3», never as 1.
        expect(fila).to_contain_text("menos de 3")
        expect(page.get_by_text("Ana Lilia Becerril Colín")).to_have_count(0)
        # No sideways scrolling on a phone: the page is as wide as the screen.
        ancho = page.evaluate("document.documentElement.scrollWidth")
        assert ancho <= 390
        captura(page, "red-05-publica-telefono")
    finally:
        contexto.close()
