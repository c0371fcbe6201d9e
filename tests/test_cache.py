"""What the speed caches of issue 11 must never do: serve stale content, or one person's state
to another. Every test goes through the same doors as a visitor (the test client) and an
editor (Wagtail's publish, unpublish and move)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import PageViewRestriction

from cursos import services
from tests import factories

pytestmark = pytest.mark.django_db


def _html(cliente, url, estado=200):
    respuesta = cliente.get(url)
    assert respuesta.status_code == estado
    return respuesta.content.decode()


@pytest.fixture
def curso(catalogo):
    return factories.curso_con_modulos(3, catalogo=catalogo)


def test_el_cuerpo_publicado_se_renueva_al_publicar(client, curso):
    _, modulos = curso
    aprendiz = factories.participante()
    services.inscripcion_crear(usuario=aprendiz, curso=curso[0])
    client.force_login(aprendiz)
    modulo = modulos[0]
    assert "Contenido del módulo." in _html(client, modulo.url)

    modulo.cuerpo = [("parrafo", "<p>Texto corregido por el equipo editorial.</p>")]
    modulo.save_revision()  # a draft: learners still see the published text
    assert "Contenido del módulo." in _html(client, modulo.url)
    modulo.get_latest_revision().publish()
    html = _html(client, modulo.url)
    assert "Texto corregido por el equipo editorial." in html
    assert "Contenido del módulo." not in html


def test_despublicar_o_mover_no_deja_una_ruta_vieja(client, catalogo, curso):
    pagina, modulos = curso
    anonimo_curso = pagina.url
    assert _html(client, anonimo_curso)
    pagina.unpublish()
    _html(client, anonimo_curso, estado=404)
    pagina.save_revision().publish()
    assert _html(client, anonimo_curso)

    otro_catalogo = factories.CursosIndexPageFactory(
        parent=factories.inicio(), title="Otros", slug="otros"
    )
    pagina.move(otro_catalogo, pos="last-child")
    pagina.refresh_from_db()
    assert pagina.url.startswith("/otros/")
    # The old address is not served from the cache: it redirects (Wagtail's automatic redirect
    # on a move) to the new one.
    antigua = client.get(anonimo_curso)
    assert antigua.status_code == 301 and antigua["Location"] == pagina.url
    assert pagina.title in _html(client, pagina.url)


def test_los_temas_y_el_catalogo_siguen_a_lo_publicado(client, catalogo, curso):
    pagina, _ = curso
    pagina.tags.add("Agua")
    pagina.save_revision().publish()
    assert "Agua" in _html(client, pagina.url)
    assert "?tema=agua" in _html(client, catalogo.url)

    pagina.tags.set(["Clima"])
    pagina.save_revision().publish()
    html = _html(client, pagina.url)
    assert "Clima" in html and ">Agua<" not in html
    assert "?tema=clima" in _html(client, catalogo.url)
    assert "?tema=agua" not in _html(client, catalogo.url)


def test_nadie_ve_el_avance_de_otra_persona(client, curso):
    pagina, modulos = curso
    ana, beto = factories.participante(), factories.participante()
    services.inscripcion_crear(usuario=ana, curso=pagina)
    services.modulo_completar(usuario=ana, modulo=modulos[0])
    client.force_login(ana)
    assert "Ya terminaste este módulo." in _html(client, modulos[0].url)
    assert "Continuar" in _html(client, pagina.url)

    services.inscripcion_crear(usuario=beto, curso=pagina)
    client.force_login(beto)
    html = _html(client, modulos[0].url)
    assert "Ya terminaste este módulo." not in html
    assert "Marcar como terminado" in html
    assert "Empezar" in _html(client, pagina.url)

    client.logout()
    html = _html(client, pagina.url)
    assert "Tu avance" not in html and "Crear cuenta para inscribirme" in html
    _html(client, modulos[0].url, estado=403)


def test_un_usuario_desactivado_o_con_otra_contrasena_pierde_la_sesion(client, curso):
    pagina, modulos = curso
    ana = factories.participante()
    services.inscripcion_crear(usuario=ana, curso=pagina)
    client.force_login(ana)
    _html(client, modulos[0].url)  # the user is now in the cache
    ana.is_active = False
    ana.save()
    _html(client, modulos[0].url, estado=403)

    ana.is_active = True
    ana.save()
    client.force_login(ana)
    _html(client, modulos[0].url)
    ana.set_password("otra-contrasena-larga")
    ana.save()
    _html(client, modulos[0].url, estado=403)


def test_un_permiso_nuevo_del_grupo_vale_en_la_siguiente_peticion(client, curso):
    """Editors see modules without enrolling: a permission given through a group counts at
    once, though the user (with its permissions) is cached."""
    _, modulos = curso
    persona = factories.participante()
    grupo = Group.objects.create(name="Equipo editorial de prueba")
    persona.groups.add(grupo)
    client.force_login(persona)
    _html(client, modulos[0].url, estado=403)
    grupo.permissions.add(Permission.objects.get(codename="access_admin"))
    _html(client, modulos[0].url)
    persona.groups.remove(grupo)
    _html(client, modulos[0].url, estado=403)


def test_cabeceras_para_un_proxy(client, curso):
    pagina, modulos = curso
    respuesta = client.get(pagina.url)
    assert "public" in respuesta["Cache-Control"]
    assert "Cookie" in respuesta["Vary"]

    aprendiz = factories.participante()
    services.inscripcion_crear(usuario=aprendiz, curso=pagina)
    client.force_login(aprendiz)
    for url in (pagina.url, modulos[0].url):
        respuesta = client.get(url)
        assert "private" in respuesta["Cache-Control"]
        assert "public" not in respuesta["Cache-Control"]
        assert "Cookie" in respuesta["Vary"]


def test_una_restriccion_de_vista_vale_aunque_la_ruta_este_en_cache(client, catalogo, curso):
    pagina, _ = curso
    assert "public" in client.get(pagina.url)["Cache-Control"]
    PageViewRestriction.objects.create(page=catalogo, restriction_type=PageViewRestriction.LOGIN)
    respuesta = client.get(pagina.url)
    assert respuesta.status_code == 302
    assert "public" not in respuesta.get("Cache-Control", "")


def test_la_vista_previa_muestra_el_borrador_no_la_cache(admin_client, curso):
    _, modulos = curso
    modulo = modulos[0]
    assert "Contenido del módulo." in _html(admin_client, modulo.url)
    modulo.cuerpo = [("parrafo", "<p>Borrador sin publicar.</p>")]
    modulo.save_revision()
    vista_previa = reverse("wagtailadmin_pages:view_draft", args=[modulo.pk])
    html = _html(admin_client, vista_previa)
    assert "Borrador sin publicar." in html
    assert "Contenido del módulo." in _html(admin_client, modulo.url)
