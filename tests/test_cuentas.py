"""The account pages and e-mails (django-allauth) in the site's voice: tú, labels above the
fields, errors beside them, no username the person never chose, a confirmation link that changes
nothing on GET."""

import re

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from tests import factories

pytestmark = pytest.mark.django_db

CORREO = "nuevo.desktop@toluca.example"
CONTRASENA = "Clima-Toluca-2026!"
ENLACE = re.compile(r"https?://\S+/cuentas/confirm-email/\S+")
# Words of the formal "usted" register (and the "vete a" of allauth's catalogue).
USTED = re.compile(
    r"\b(usted|su contraseña|su cuenta|su correo|introduzca|ingrese|escriba|seleccione|escoja|"
    r"ha iniciado|ha cerrado|ha confirmado|vete a|haga clic|inténtelo|compruebe|póngase)\b",
    re.IGNORECASE,
)


@pytest.fixture(autouse=True)
def _sin_limites_previos():
    """allauth's rate limits live in the cache, which outlives a test: start each one clean."""
    cache.clear()


def _html(respuesta) -> BeautifulSoup:
    return BeautifulSoup(respuesta.content.decode(), "html.parser")


def _registrar(client, correo=CORREO, contrasena=CONTRASENA, repetida=None):
    return client.post(
        "/cuentas/signup/",
        {"email": correo, "password1": contrasena, "password2": repetida or contrasena},
    )


def test_registro_etiquetas_arriba_reglas_debajo_y_boton_principal(client):
    html = _html(client.get("/cuentas/signup/"))
    assert html.h1.get_text(strip=True) == "Crear cuenta"
    assert "¿Ya tienes una cuenta?" in html.main.get_text()
    contrasena = html.find("input", id="id_password1")
    campo = contrasena.find_parent("div", class_="campo")
    hijos = [h for h in campo.children if getattr(h, "name", None)]
    # Label, then the field, then the rules as help under it.
    assert [h.name for h in hijos] == ["label", "input", "div"]
    assert hijos[0]["for"] == "id_password1"
    assert hijos[0].get_text(strip=True) == "Contraseña"
    ayuda = hijos[2]
    assert "ayuda" in ayuda["class"]
    assert ayuda["id"] in contrasena["aria-describedby"].split()
    reglas = [li.get_text(strip=True) for li in ayuda.find_all("li")]
    assert "Al menos 8 caracteres." in reglas
    assert "Que no sea solo números." in reglas
    boton = html.main.find("button", type="submit")
    assert boton.get_text(strip=True) == "Crear cuenta"
    assert boton["class"] == ["boton"]
    assert not USTED.search(html.main.get_text(" ")), USTED.search(html.main.get_text(" "))


def test_registro_con_errores_junto_a_cada_campo(client):
    respuesta = _registrar(client, correo="no-es-correo", contrasena="12345678")
    assert respuesta.status_code == 200
    html = _html(respuesta)
    resumen = html.find(id="errores")
    assert resumen["role"] == "alert"
    assert resumen.find("a", href="#id_email")
    for nombre in ("email", "password1"):
        entrada = html.find("input", id=f"id_{nombre}")
        error = html.find(id=f"id_{nombre}_error")
        assert error is not None, nombre
        assert f"id_{nombre}_error" in entrada["aria-describedby"].split()
        assert entrada["aria-invalid"] == "true"
        # The error sits in the same field group as its input.
        assert error.find_parent("div", class_="campo") is entrada.find_parent(
            "div", class_="campo"
        )
    assert "Escribe un correo válido" in html.find(id="id_email_error").get_text()
    assert "solo números" in html.find(id="id_password1_error").get_text() or (
        "numérica" in html.find(id="id_password1_error").get_text()
    )
    assert not USTED.search(html.main.get_text(" "))
    assert get_user_model().objects.count() == 0


def test_contrasenas_distintas_en_tu(client):
    html = _html(_registrar(client, repetida="Otra-Cosa-2026!"))
    assert "Escribe la misma contraseña las dos veces." in html.find(id="id_password2_error").text


def test_correo_de_confirmacion_de_aula_climatica_sin_usuario_automatico(client):
    _registrar(client)
    usuario = get_user_model().objects.get(email=CORREO)
    assert usuario.username  # allauth filled one in…
    assert len(mail.outbox) == 1
    correo = mail.outbox[0]
    assert correo.subject == "[Aula Climática] Confirma tu correo"
    cuerpo = correo.body
    assert cuerpo.startswith("¡Hola! Te escribimos de Aula Climática.")
    assert usuario.username not in cuerpo.replace(CORREO, "")  # …which the e-mail never shows
    assert "127.0.0.1" not in cuerpo and "testserver" not in cuerpo.split("http")[0]
    assert not USTED.search(cuerpo), USTED.search(cuerpo)
    assert CORREO in cuerpo
    assert len(ENLACE.findall(cuerpo)) == 1
    assert "El equipo de Aula Climática" in cuerpo


def test_enlace_de_confirmacion_no_confirma_con_get_y_explica_el_boton(client):
    _registrar(client)
    enlace = ENLACE.search(mail.outbox[0].body).group(0)
    ruta = re.sub(r"^https?://[^/]+", "", enlace)
    respuesta = client.get(ruta)
    assert respuesta.status_code == 200
    # A preview bot or mail scanner that opens the link confirms nothing.
    assert not EmailAddress.objects.get(email=CORREO).verified
    html = _html(respuesta)
    assert html.h1.get_text(strip=True) == "Confirma tu correo"
    assert CORREO in html.main.get_text()
    botones = html.main.find_all("button")
    assert [b.get_text(strip=True) for b in botones] == ["Confirmar mi correo"]
    assert not USTED.search(html.main.get_text(" "))

    siguiente = client.post(ruta)
    assert EmailAddress.objects.get(email=CORREO).verified
    assert siguiente.status_code == 302
    assert siguiente["Location"].endswith("/aprendizaje/perfil/")


def test_enlace_vencido_ofrece_uno_nuevo(client):
    html = _html(client.get("/cuentas/confirm-email/clave-que-no-existe/"))
    texto = html.main.get_text(" ")
    assert "venció o no es válido" in texto
    assert html.main.find("a", string="Pide un enlace nuevo")


def test_mensaje_de_inicio_de_sesion_nombra_a_la_persona_no_al_usuario(client):
    usuario = factories.participante(
        factories.UsuarioFactory(username="nuevo.desktop", email=CORREO)
    )
    respuesta = client.post(
        "/cuentas/login/", {"login": CORREO, "password": "contrasena-segura-123"}, follow=True
    )
    mensajes = [str(m) for m in respuesta.context["messages"]]
    assert mensajes == ["Iniciaste sesión como Ana López Martínez."]
    assert "nuevo.desktop" not in respuesta.content.decode().replace(CORREO, "")
    assert respuesta.wsgi_request.user == usuario


def test_mensaje_sin_perfil_usa_el_correo(client):
    factories.UsuarioFactory(username="nuevo.desktop", email=CORREO)
    respuesta = client.post(
        "/cuentas/login/", {"login": CORREO, "password": "contrasena-segura-123"}, follow=True
    )
    assert [str(m) for m in respuesta.context["messages"]] == [f"Iniciaste sesión como {CORREO}."]


def test_login_fallido_en_tu_y_junto_al_formulario(client):
    factories.UsuarioFactory(email=CORREO)
    html = _html(client.post("/cuentas/login/", {"login": CORREO, "password": "mala"}))
    assert "El correo o la contraseña no son correctos." in html.find(id="errores").get_text()
    assert html.find("a", string="¿Olvidaste tu contraseña?")
    assert not USTED.search(html.main.get_text(" "))


def test_restablecer_contrasena_en_tu_sin_usuario(client):
    factories.UsuarioFactory(username="nuevo.desktop", email=CORREO)
    html = _html(client.get("/cuentas/password/reset/"))
    assert "¿Olvidaste tu contraseña?" in html.main.get_text()
    assert not USTED.search(html.main.get_text(" "))
    respuesta = client.post("/cuentas/password/reset/", {"email": CORREO}, follow=True)
    assert not USTED.search(_html(respuesta).main.get_text(" "))
    assert len(mail.outbox) == 1
    cuerpo = mail.outbox[0].body
    assert "nuevo.desktop" not in cuerpo.replace(CORREO, "")
    assert cuerpo.startswith("¡Hola! Te escribimos de Aula Climática.")
    assert not USTED.search(cuerpo), USTED.search(cuerpo)
    enlace = re.search(r"https?://\S+/cuentas/password/reset/key/\S+", cuerpo).group(0)
    ruta = re.sub(r"^https?://[^/]+", "", enlace)
    formulario = client.get(ruta, follow=True)
    html = _html(formulario)
    assert html.find("input", id="id_password1") is not None
    assert not USTED.search(html.main.get_text(" "))


@pytest.mark.parametrize(
    "ruta", ["/cuentas/email/", "/cuentas/password/change/", "/cuentas/logout/"]
)
def test_paginas_de_la_cuenta_en_tu_con_navegacion(client, ruta):
    client.force_login(factories.participante())
    respuesta = client.get(ruta)
    assert respuesta.status_code == 200
    html = _html(respuesta)
    texto = html.main.get_text(" ")
    assert not USTED.search(texto), USTED.search(texto)
    nav = html.find("nav", attrs={"aria-label": "Tu cuenta"})
    assert nav is not None
    assert nav.find("a", href="/cuentas/email/")
    for boton in html.main.find_all("button"):
        assert "boton" in boton["class"]


def test_perfil_elige_una_opcion_en_espanol(cliente_aprendiz):
    usuario = factories.UsuarioFactory()
    cliente_aprendiz.force_login(usuario)  # no profile yet: the empty form
    html = cliente_aprendiz.get("/aprendizaje/perfil/").content.decode()
    assert "Select an option" not in html
    assert "- Elige una opción -" in html
