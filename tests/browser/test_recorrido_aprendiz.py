"""The learner's whole journey, through the browser only: from signing up to finishing a course.

Only the catalogue and its courses come from factories (editors make them in the admin, see
test_editor.py). Every step the learner takes goes through the UI: no force_login, no services.
"""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from cursos.models import Inscripcion, ModuloCompletado, Participante, TipoParticipante
from tests import factories
from tests.browser.conftest import captura

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CORREO = "ana.lopez@toluca.example"
CONTRASENA = "Clima-Toluca-2026!"
ENLACE_CONFIRMACION = re.compile(r"https?://\S+/cuentas/confirm-email/\S+")
MESES = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
]  # fmt: skip


def tabular_hasta(page, destino, maximo: int = 40) -> int:
    """Press Tab from the top of the page until ``destino`` has the focus; return the count."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.evaluate("window.scrollTo(0, 0)")
    for pulsaciones in range(1, maximo + 1):
        page.keyboard.press("Tab")
        if destino.evaluate("el => el === document.activeElement"):
            expect(destino).to_be_focused()
            return pulsaciones
    raise AssertionError(f"{destino} no recibió el foco tras {maximo} pulsaciones de Tab")


def boton_modulo(accion: str, modulo) -> re.Pattern:
    """The accessible name of "Empezar"/"Continuar": the visible verb, then the hidden title.

    Chromium puts a space before the visually hidden part (it is absolutely positioned).
    """
    return re.compile(rf"^{accion}\s*:\s*{re.escape(modulo.title)}$")


def texto_progreso(hechos: int, total: int, pct: int) -> str:
    return f"{hechos} de {total} módulos obligatorios ({pct}\u00a0%)"


@pytest.fixture
def catalogo_con_temas():
    """A catalogue with the course the learner takes (3 modules) and one with another theme."""
    catalogo = factories.CursosIndexPageFactory(parent=factories.inicio(), title="Cursos")
    curso = factories.CursoPageFactory(
        parent=catalogo, title="Agua y municipio", resumen="Gestión del agua en lo local."
    )
    modulos = [
        factories.ModuloPageFactory(parent=curso, title=titulo)
        for titulo in ["El ciclo del agua", "Cuencas del Estado de México", "Plan municipal"]
    ]
    curso.tags.add("Agua", "Adaptación")
    curso.save_revision().publish()
    # Filtering by "Agua" must visibly leave this one out.
    otro = factories.CursoPageFactory(parent=catalogo, title="Gobierno abierto")
    factories.ModuloPageFactory(parent=otro)
    otro.tags.add("Gobernanza")
    otro.save_revision().publish()
    return catalogo, curso, modulos


def test_recorrido_completo_del_aprendiz(live_server, page, catalogo_con_temas):
    catalogo, curso, modulos = catalogo_con_temas
    base = live_server.url

    # --- Home page, keyboard: the skip link is the first thing Tab reaches, and it works.
    page.goto(base + "/")
    page.keyboard.press("Tab")
    saltar = page.get_by_role("link", name="Saltar al contenido")
    expect(saltar).to_be_focused()
    expect(saltar).to_be_visible()  # shown on focus, not only to screen readers
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#contenido$"))
    expect(page.locator("main#contenido")).to_be_focused()

    # --- Sign up with e-mail and password.
    page.get_by_role("link", name="Crear cuenta").click()
    expect(page).to_have_url(re.compile(r"/cuentas/signup/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Crear cuenta")
    page.get_by_label("Correo electrónico").fill(CORREO)
    page.get_by_label("Contraseña", exact=True).fill(CONTRASENA)
    page.get_by_label("Contraseña (otra vez)").fill(CONTRASENA)
    captura(page, "aprendiz-01-registro")
    page.get_by_role("button", name="Crear cuenta").click()
    expect(page).to_have_url(re.compile(r"/cuentas/confirm-email/$"))
    expect(page.get_by_role("main")).to_contain_text(CORREO)

    # --- The confirmation e-mail, and its link.
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    correo = mail.outbox[0]
    assert correo.to == [CORREO]
    assert correo.subject.startswith("[Aula Climática] ")
    enlaces = ENLACE_CONFIRMACION.findall(correo.body)
    assert len(enlaces) == 1, correo.body
    enlace = enlaces[0]
    assert enlace.startswith(base), (enlace, base)

    page.goto(enlace)
    expect(page.get_by_role("main")).to_contain_text(CORREO)
    page.get_by_role("button", name="Confirmar mi correo").click()

    # --- Confirming logs the learner in and sends them to the profile form.
    expect(page).to_have_url(re.compile(r"/aprendizaje/perfil/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mi perfil de participante")
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()

    page.get_by_label("Nombre completo").fill("Ana López Martínez")
    page.get_by_label("Municipio").select_option(label="Toluca")
    page.get_by_label("Dependencia o área").fill("Dirección de Medio Ambiente")
    page.get_by_label("Cargo").fill("Enlace de cambio climático")
    page.get_by_label("Tipo de participante").select_option(
        label=str(TipoParticipante.SERVIDOR_MUNICIPAL.label)
    )
    page.get_by_label("He leído y acepto el aviso de privacidad.").check()
    captura(page, "aprendiz-02-perfil")
    page.get_by_role("button", name="Guardar mi perfil").click()

    expect(page).to_have_url(re.compile(r"/aprendizaje/mis-cursos/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mis cursos")
    expect(page.get_by_role("status")).to_contain_text("Guardamos tu perfil.")
    expect(page.get_by_role("main")).to_contain_text("Todavía no te inscribes a ningún curso.")

    # --- The catalogue, filtered by a theme (tag link).
    page.get_by_role("link", name="Explora el catálogo").click()
    expect(page).to_have_url(base + catalogo.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Cursos")
    expect(page.locator("#resultados")).to_have_text("2 cursos")
    temas = page.get_by_role("navigation", name="Temas")
    temas.get_by_role("link", name="Agua", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?tema=agua$"))
    expect(page.locator("#resultados")).to_have_text("1 curso")
    expect(temas.get_by_role("link", name="Agua", exact=True)).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.get_by_label("Tema", exact=True)).to_have_value("agua")
    expect(page.get_by_role("link", name="Agua y municipio")).to_be_visible()
    expect(page.get_by_role("link", name="Gobierno abierto")).to_have_count(0)
    expect(page.get_by_role("link", name="Quitar filtros")).to_be_visible()
    captura(page, "aprendiz-03-catalogo-filtrado")

    # --- The course, before enrolling.
    page.get_by_role("link", name="Agua y municipio").click()
    expect(page).to_have_url(base + curso.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Agua y municipio")
    expect(page.get_by_role("heading", name="Inscripción")).to_be_visible()
    expect(page.locator("progress")).to_have_count(0)
    lista = page.locator("ol.lista-modulos > li")
    expect(lista).to_have_count(3)
    for item, modulo in zip(lista.all(), modulos, strict=True):
        expect(item).to_contain_text(modulo.title)
    inscribirme = page.get_by_role("button", name="Inscribirme a este curso")
    expect(inscribirme).to_be_visible()
    captura(page, "aprendiz-04-curso-antes-de-inscribirse")

    # --- Enrol with the keyboard: Tab, from the top of the page, reaches the button; Enter
    # submits the form.
    tabular_hasta(page, inscribirme)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(base + curso.url)
    expect(page.get_by_role("status")).to_contain_text(
        "¡Listo! Te inscribiste a «Agua y municipio»."
    )
    expect(page.get_by_role("heading", name="Tu avance")).to_be_visible()
    expect(page.locator("#progreso-curso")).to_have_text(texto_progreso(0, 3, 0))
    expect(page.locator("progress")).to_have_attribute("value", "0")
    expect(page.get_by_role("button", name="Inscribirme a este curso")).to_have_count(0)

    # --- Module 1 through "Empezar".
    page.get_by_role("link", name=boton_modulo("Empezar", modulos[0])).click()
    expect(page).to_have_url(base + modulos[0].url)
    expect(page.get_by_role("heading", level=1)).to_have_text(modulos[0].title)
    expect(page.locator(".cuerpo")).to_contain_text("Contenido del módulo.")
    expect(page.locator("#progreso-indice")).to_have_text(texto_progreso(0, 3, 0))
    expect(page.get_by_role("link", name=re.compile(r"^Anterior"))).to_have_count(0)
    expect(page.get_by_role("link", name=f"Siguiente {modulos[1].title}")).to_be_visible()
    captura(page, "aprendiz-05-modulo")
    page.get_by_role("button", name="Marcar como terminado").click()

    # After finishing a module, the next one opens.
    expect(page).to_have_url(base + modulos[1].url)
    expect(page.get_by_role("status")).to_contain_text(
        f"Registramos el módulo «{modulos[0].title}» como terminado."
    )
    expect(page.locator("#progreso-indice")).to_have_text(texto_progreso(1, 3, 33))
    expect(page.locator("progress")).to_have_attribute("value", "33")

    # --- Back to the course page; "Continuar" leads to the first unfinished module.
    page.get_by_role("navigation", name="Ruta").get_by_role("link", name=curso.title).click()
    expect(page).to_have_url(base + curso.url)
    expect(page.locator("#progreso-curso")).to_have_text(texto_progreso(1, 3, 33))
    expect(page.locator("progress")).to_have_attribute("value", "33")
    expect(lista.nth(0)).to_contain_text("Terminado")
    page.get_by_role("link", name=boton_modulo("Continuar", modulos[1])).click()
    expect(page).to_have_url(base + modulos[1].url)
    page.get_by_role("button", name="Marcar como terminado").click()

    expect(page).to_have_url(base + modulos[2].url)
    expect(page.locator("#progreso-indice")).to_have_text(texto_progreso(2, 3, 67))
    expect(page.get_by_role("link", name=f"Anterior {modulos[1].title}")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Siguiente"))).to_have_count(0)
    page.get_by_role("button", name="Marcar como terminado").click()

    # --- The last module completes the course.
    expect(page).to_have_url(base + curso.url)
    expect(page.get_by_role("status")).to_contain_text(
        "¡Felicidades! Completaste el curso «Agua y municipio»."
    )
    expect(page.locator("#progreso-curso")).to_have_text(texto_progreso(3, 3, 100))
    expect(page.locator("progress")).to_have_attribute("value", "100")
    expect(page.locator("ol.lista-modulos .estado-hecho")).to_have_count(3)
    expect(page.get_by_role("link", name=re.compile(r"^(Continuar|Empezar)"))).to_have_count(0)

    # --- The database agrees with what the learner saw.
    inscripcion = Inscripcion.objects.select_related("usuario").get(
        usuario__email=CORREO, curso=curso
    )
    assert inscripcion.completado_en is not None
    assert set(
        ModuloCompletado.objects.filter(inscripcion=inscripcion).values_list("modulo_id", flat=True)
    ) == {m.pk for m in modulos}
    participante = Participante.objects.select_related("municipio").get(usuario=inscripcion.usuario)
    assert participante.municipio.nombre == "Toluca"
    assert participante.tipo == TipoParticipante.SERVIDOR_MUNICIPAL
    assert participante.aviso_privacidad_aceptado_en is not None
    assert inscripcion.usuario.emailaddress_set.get(email=CORREO).verified

    dia = timezone.localtime(inscripcion.completado_en)  # America/Mexico_City
    fecha = f"{dia.day} de {MESES[dia.month - 1]} de {dia.year}"
    expect(page.locator(".curso-completo")).to_have_text(f"Curso completado el {fecha}.")
    captura(page, "aprendiz-06-curso-completado")
