"""The Content-Security-Policy is enforced and nothing the site or the Wagtail admin needs is
blocked by it (issue 12): Chromium reports every violation as a ``securitypolicyviolation``
event and a console error; the test opens the page editor, the snippets, the reports and the
learner's pages and expects none."""

import re

import pytest
from playwright.sync_api import expect

from cursos import services as cursos_services
from tests import factories
from tests.browser.sesion import entrar_al_admin
from tests.cuentas import dispositivo_totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CONTRASENA = "contrasena-segura-123"
ESCUCHA = """
window.__violaciones = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violaciones.push(
    `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def vigilar(page):
    consola = []
    page.on(
        "console",
        lambda m: consola.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.add_init_script(ESCUCHA)
    return consola


def visitar(page, url, consola, *, vistas):
    respuesta = page.goto(url)
    assert respuesta.status < 400, (url, respuesta.status)
    assert "default-src 'self'" in respuesta.headers["content-security-policy"], url
    page.wait_for_load_state("networkidle")
    violaciones = page.evaluate("window.__violaciones")
    assert not violaciones, (url, violaciones)
    assert not consola, (url, consola)
    vistas.append(url)


def iniciar_sesion(page, base, correo):
    page.goto(base + "/cuentas/login/")
    page.locator("#id_login").fill(correo)
    page.locator("#id_password").fill(CONTRASENA)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")


def test_el_admin_y_el_sitio_funcionan_con_la_csp(page, live_server):
    base = live_server.url
    catalogo = factories.CursosIndexPageFactory(parent=factories.inicio(), title="Cursos")
    curso, modulos = factories.curso_con_modulos(2, catalogo=catalogo, title="Agua y clima")
    evaluacion = factories.evaluacion(curso, barajar_opciones=False)
    pregunta = evaluacion.items.first().pregunta
    admin = factories.UsuarioFactory(
        username="admin", email="admin@ieecc.example", is_staff=True, is_superuser=True
    )
    aprendiz = factories.participante()
    cursos_services.inscripcion_crear(usuario=aprendiz, curso=curso)

    dispositivo_totp(admin)  # staff need a second factor (set up as in the site)

    consola = vigilar(page)
    vistas = []
    # allauth's login and the second step run under the site's policy too.
    entrar_al_admin(page, base, admin)
    for url in (
        "/admin/",
        f"/admin/pages/{curso.pk}/edit/",
        f"/admin/pages/{modulos[0].pk}/edit/",
        f"/admin/pages/{catalogo.pk}/",
        "/admin/snippets/",
        "/admin/snippets/evaluaciones/evaluacion/",
        f"/admin/snippets/evaluaciones/evaluacion/edit/{evaluacion.pk}/",
        "/admin/snippets/evaluaciones/evaluacion/add/",
        f"/admin/snippets/evaluaciones/pregunta/edit/{pregunta.pk}/",
        "/admin/reports/site-history/",
        "/admin/reportes/evaluaciones/",
        "/admin/reportes/red/participantes/",
        "/admin/reportes/red/avance/",
        "/admin/mapa/red/",
        "/admin/aprendizaje/participantes/",
        "/admin/certificados/emitidos/",
        "/admin/red/embajadores/new/",
    ):
        visitar(page, base + url, consola, vistas=vistas)
    # The editor's inline panel still works (its script is inline): adding a question row.
    page.goto(base + f"/admin/snippets/evaluaciones/evaluacion/edit/{evaluacion.pk}/")
    filas = page.locator("[data-inline-panel-child]:not(.deleted)")
    antes = filas.count()
    page.get_by_role("button", name=re.compile("(Añadir|Agregar) pregunta", re.I)).first.click()
    expect(filas).to_have_count(antes + 1)
    # And it shows the warning of a quiz that does not shuffle its options.
    expect(page.get_by_text(re.compile("respuesta correcta ocupa la posición"))).to_be_visible()

    # The learner's side, under the strict policy (no inline script at all).
    page.context.clear_cookies()
    iniciar_sesion(page, base, aprendiz.email)
    for url in (
        catalogo.url,
        curso.url,
        modulos[0].url,
        f"/aprendizaje/evaluaciones/{evaluacion.pk}/",
        "/aprendizaje/mis-cursos/",
        "/aprendizaje/perfil/",
        "/certificados/verificar/",
    ):
        visitar(page, base + url if url.startswith("/") else url, consola, vistas=vistas)
    page.goto(f"{base}/aprendizaje/evaluaciones/{evaluacion.pk}/")
    page.get_by_role("button", name="Iniciar la evaluación").click()
    page.wait_for_load_state("networkidle")
    assert "/intentos/" in page.url
    assert not page.evaluate("window.__violaciones")
    assert len(vistas) == 24
