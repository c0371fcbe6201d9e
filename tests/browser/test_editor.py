"""An editor of the course team builds and publishes a course in the Wagtail admin.

The editor is not a superuser: only the group that ``grupo_editorial_asegurar`` creates gives
them access. Afterwards an anonymous visitor finds the course in the public catalogue.
"""

import re

import pytest
from playwright.sync_api import expect

from cursos.editorial import grupo_editorial_asegurar
from cursos.models import CursoPage, Eje, ModuloPage
from tests import factories
from tests.browser.conftest import captura
from tests.browser.sesion import entrar_al_admin
from tests.cuentas import dispositivo_totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

USUARIO = "editora"
CONTRASENA = "contrasena-segura-123"  # UsuarioFactory's password
CURSO = "Huella de carbono municipal"
MODULOS = [
    ("Inventario de emisiones", "Un inventario reúne las emisiones de cada fuente del municipio."),
    ("Metas de reducción", "Las metas se fijan a partir de la línea base del inventario."),
]


def campo(page, etiqueta: str, rol: str = "textbox"):
    """A form control of the Wagtail editor by its role and label ("Resumen*" or "Resumen").

    Wagtail also labels each panel's section and anchors with the field's label, so a plain
    get_by_label would match those too.
    """
    return page.get_by_role(rol, name=re.compile(rf"^\s*{re.escape(etiqueta)}\s*\*?\s*$"))


def esperar_draftail(entrada, texto: str):
    """Wait until Draftail has copied what was typed into its hidden ``entrada``.

    Draftail saves its state to the form's input at most every 250 ms; submitting sooner (a
    script is faster than a person) would lose the text typed last.
    """
    expect(entrada).to_have_value(re.compile(re.escape(texto)))


def publicar(page):
    """Publish from the footer's action menu ("Publicar" sits under "Más acciones")."""
    pie = page.locator("footer")
    pie.get_by_role("button", name="Más acciones").click()
    pie.get_by_role("button", name="Publicar").click()


@pytest.fixture
def catalogo_y_editora():
    catalogo = factories.CursosIndexPageFactory(parent=factories.inicio(), title="Cursos")
    editora = factories.UsuarioFactory(username=USUARIO, email="editora@ieecc.example")
    editora.groups.add(grupo_editorial_asegurar(catalogo=catalogo))
    assert not editora.is_superuser and not editora.is_staff
    dispositivo_totp(editora)  # staff need a second factor (set up as in the site)
    return catalogo, editora


def test_editora_crea_y_publica_un_curso_con_dos_modulos(
    live_server, page, nueva_pagina, catalogo_y_editora
):
    catalogo, editora = catalogo_y_editora
    base = live_server.url

    # --- Log into the admin: allauth's login, then the authenticator app's code.
    entrar_al_admin(page, base, editora)

    # --- The course, under the catalogue. The catalogue only takes courses, so "add child
    # page" opens the course form straight away.
    page.goto(f"{base}/admin/pages/{catalogo.pk}/")
    page.get_by_role("link", name=re.compile(r"Añadir.*página hija", re.I)).first.click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/add/cursos/cursopage/{catalogo.pk}/$"))
    expect(page.get_by_role("heading", name="Nuevo: Curso")).to_be_attached()

    campo(page, "Título").fill(CURSO)
    campo(page, "Resumen").fill("Cómo medir y reducir las emisiones del ayuntamiento.")
    campo(page, "Eje", "combobox").select_option(label=str(Eje.CULTURA_GOBIERNO.label))
    campo(page, "Duración (horas)", "spinbutton").fill("6")
    page.locator('[data-contentpath="objetivos"]').get_by_role("textbox").click()
    page.keyboard.type("Medir las emisiones de gases de efecto invernadero del ayuntamiento.")
    esperar_draftail(page.locator("#id_objetivos"), "Medir las emisiones")
    page.locator('[data-contentpath="tags"] input.ui-autocomplete-input').click()
    page.keyboard.type("Mitigación")
    page.keyboard.press("Enter")
    expect(page.locator('[data-contentpath="tags"] .tagit-label')).to_have_text(["Mitigación"])
    captura(page, "editor-01-formulario-curso", alto=1800)
    publicar(page)

    expect(page).to_have_url(f"{base}/admin/pages/{catalogo.pk}/")
    expect(page.get_by_role("status")).to_contain_text(f"'{CURSO}' creada y publicada")
    curso = CursoPage.objects.get(title=CURSO)

    # --- Two modules under the course, each with a paragraph of text.
    for titulo, texto in MODULOS:
        page.goto(f"{base}/admin/pages/{curso.pk}/add_subpage/")
        expect(page).to_have_url(re.compile(rf"/admin/pages/add/cursos/modulopage/{curso.pk}/$"))
        expect(page.get_by_role("heading", name="Nuevo: Módulo")).to_be_attached()
        campo(page, "Título").fill(titulo)
        campo(page, "Tiempo estimado (minutos)", "spinbutton").fill("25")
        cuerpo = page.locator('[data-contentpath="cuerpo"]')
        cuerpo.get_by_role("button", name="Insertar un bloque").first.click()
        page.get_by_role("option", name="Texto", exact=True).click()
        cuerpo.get_by_role("textbox").click()
        page.keyboard.type(texto)
        expect(cuerpo.get_by_role("textbox")).to_have_text(texto)
        esperar_draftail(cuerpo.locator('input[name="cuerpo-0-value"]'), texto)
        if titulo == MODULOS[0][0]:
            captura(page, "editor-02-formulario-modulo", alto=1300)
        publicar(page)
        expect(page).to_have_url(f"{base}/admin/pages/{curso.pk}/")
        expect(page.get_by_role("status")).to_contain_text(f"'{titulo}' creada y publicada")

    # --- The database: a live course with its fields, and two live modules in order.
    curso.refresh_from_db()
    assert curso.live and not curso.has_unpublished_changes
    assert curso.owner == editora
    assert curso.get_parent().specific == catalogo
    assert curso.eje == Eje.CULTURA_GOBIERNO
    assert curso.duracion_horas == 6
    assert "Medir las emisiones de gases de efecto invernadero" in curso.objetivos
    assert [t.name for t in curso.tags.all()] == ["Mitigación"]
    modulos = list(ModuloPage.objects.child_of(curso).order_by("path"))
    assert [(m.title, m.live, m.tiempo_estimado_minutos) for m in modulos] == [
        (titulo, True, 25) for titulo, _texto in MODULOS
    ]
    for modulo, (_titulo, texto) in zip(modulos, MODULOS, strict=True):
        assert [b.block_type for b in modulo.cuerpo] == ["parrafo"]
        assert texto in modulo.cuerpo[0].value.source

    # --- An anonymous visitor: the catalogue lists the course, the course lists the modules.
    visitante = nueva_pagina()
    visitante.goto(base + catalogo.url)
    expect(visitante.get_by_role("button", name="Cerrar sesión")).to_have_count(0)
    expect(visitante.locator("#resultados")).to_have_text("1 curso")
    expect(visitante.get_by_label("Tema", exact=True).locator("option")).to_have_text(
        ["Todos los temas", "Mitigación (1)"]
    )
    tarjeta = visitante.locator("article.tarjeta")
    expect(tarjeta).to_contain_text("Cómo medir y reducir las emisiones del ayuntamiento.")
    expect(tarjeta).to_contain_text("6 horas")
    tarjeta.get_by_role("link", name=CURSO).click()

    expect(visitante).to_have_url(base + curso.url)
    expect(visitante.get_by_role("heading", level=1)).to_have_text(CURSO)
    expect(visitante.locator(".etiqueta-eje")).to_have_text(str(Eje.CULTURA_GOBIERNO.label))
    expect(visitante.locator(".curso-encabezado .meta")).to_have_text("6 horas · 2 módulos")
    expect(visitante.get_by_role("list", name="Temas")).to_have_text("Mitigación")
    expect(visitante.locator(".prosa")).to_contain_text("Medir las emisiones de gases")
    expect(visitante.locator("ol.lista-modulos > li")).to_have_text(
        [re.compile(rf"^\s*{re.escape(titulo)}\b") for titulo, _texto in MODULOS]
    )
    expect(visitante.get_by_role("link", name="Crear cuenta para inscribirme")).to_be_visible()
    captura(visitante, "editor-03-curso-publicado")
