"""Headers and account limits of issue 12: CSP and Permissions-Policy everywhere, no caching of
pages with personal data, no gravatar, a Spanish 405 JSON for a POST to the verification JSON,
and failed sign-ins limited per account and address together."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from cursos import services as cursos_services
from evaluaciones import services as evaluaciones_services
from tests import factories

pytestmark = pytest.mark.django_db

CONTRASENA = "contrasena-segura-123"


@pytest.fixture(autouse=True)
def _limites_limpios():
    cache.clear()
    yield
    cache.clear()


def test_csp_y_permisos_en_cada_respuesta(client, catalogo):
    for url in ("/", catalogo.url, "/certificados/verificar/", "/cuentas/login/"):
        respuesta = client.get(url)
        csp = respuesta["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        directiva_script = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
        assert "'self'" in directiva_script and "unsafe" not in directiva_script
        assert "object-src 'none'" in csp
        assert "frame-ancestors 'self'" in csp
        assert "camera=()" in respuesta["Permissions-Policy"]
        assert "geolocation=()" in respuesta["Permissions-Policy"]


def sin_cache(respuesta) -> bool:
    valores = {v.strip() for v in respuesta.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= valores and "public" not in valores


def test_paginas_con_datos_personales_no_se_guardan_en_cache(aprendiz, curso_y_modulos, completar):
    curso, modulos = curso_y_modulos
    evaluacion = factories.evaluacion(curso)
    completar(aprendiz, curso, modulos)
    intento, _ = evaluaciones_services.intento_iniciar(usuario=aprendiz, evaluacion=evaluacion)
    cliente = Client()
    cliente.force_login(aprendiz)
    urls = [
        "/aprendizaje/perfil/",
        "/aprendizaje/mis-cursos/",
        f"/aprendizaje/evaluaciones/{evaluacion.pk}/",
        f"/aprendizaje/evaluaciones/intentos/{intento.pk}/",
        "/certificados/mis-certificados/",
        "/cuentas/email/",
        "/cuentas/password/change/",
        curso.url,
        modulos[0].url,
    ]
    certificado = aprendiz.certificados.first()
    if certificado is not None:
        urls.append(f"/certificados/{certificado.uuid}/descargar/")
    for url in urls:
        respuesta = cliente.get(url)
        assert respuesta.status_code == 200, url
        assert sin_cache(respuesta), (url, respuesta.get("Cache-Control"))
    entregado = cliente.post(
        f"/aprendizaje/evaluaciones/intentos/{intento.pk}/entregar/",
        factories.respuestas_correctas(intento),
    )
    resultado = cliente.get(entregado["Location"])
    assert resultado.status_code == 200 and sin_cache(resultado)


def test_las_paginas_de_cuentas_no_se_guardan_aunque_no_haya_sesion(client):
    for url in ("/cuentas/login/", "/cuentas/signup/", "/cuentas/password/reset/"):
        assert sin_cache(client.get(url)), url


def test_el_catalogo_publico_si_puede_guardarse(client, catalogo):
    assert "no-store" not in client.get(catalogo.url).get("Cache-Control", "")


def test_sin_gravatar():
    from wagtail.users.utils import get_gravatar_url

    assert get_gravatar_url("editora@municipio.example") is None


def test_post_al_json_de_verificacion_es_405_en_json():
    cliente = Client(enforce_csrf_checks=True)
    for url in ("/certificados/verificar/ABCD-EFGH-JKMN.json", "/certificados/claves.json"):
        respuesta = cliente.post(url, {"x": "1"})
        assert respuesta.status_code == 405, url
        assert respuesta["Content-Type"].startswith("application/json")
        assert "Solo se admiten consultas GET" in respuesta.json()["mensaje"]


def iniciar_sesion(correo, contrasena, ip):
    cliente = Client(REMOTE_ADDR=ip)
    respuesta = cliente.post("/cuentas/login/", {"login": correo, "password": contrasena})
    return cliente, respuesta


def test_quien_falla_con_el_correo_de_otra_persona_no_la_deja_fuera(db):
    duena = factories.UsuarioFactory(email="servidora@toluca.gob.mx")
    atacante = "203.0.113.9"
    for _ in range(5):
        _, respuesta = iniciar_sesion(duena.email, "adivinanza", atacante)
        assert respuesta.status_code == 200  # the form again, «no coinciden»
    # The attacker's address is now limited for this account, even with the right password.
    cliente, respuesta = iniciar_sesion(duena.email, CONTRASENA, atacante)
    assert "_auth_user_id" not in cliente.session
    assert "Demasiados intentos" in respuesta.content.decode() or respuesta.status_code == 429
    # The owner, from her office, signs in.
    cliente, respuesta = iniciar_sesion(duena.email, CONTRASENA, "198.51.100.20")
    assert respuesta.status_code == 302
    assert cliente.session["_auth_user_id"] == str(duena.pk)


def test_una_direccion_no_prueba_muchas_cuentas(db):
    """The per-address part still holds across accounts."""
    atacante = "203.0.113.10"
    respuestas = [
        iniciar_sesion(f"persona{i}@municipio.example", "adivinanza", atacante)[1]
        for i in range(25)
    ]
    assert any(
        r.status_code == 429 or "Demasiados intentos" in r.content.decode() for r in respuestas
    )


def test_inscripcion_y_cursos_no_dependen_de_la_cache(aprendiz, curso_y_modulos):
    """Sanity: the enrolment page still works with the headers on (redirect, not a 500)."""
    curso, _ = curso_y_modulos
    cliente = Client()
    cliente.force_login(aprendiz)
    respuesta = cliente.post(f"/aprendizaje/cursos/{curso.pk}/inscripcion/")
    assert respuesta.status_code == 302
    assert cursos_services is not None


def test_una_pagina_publica_sin_sesion_no_varia_por_cookie(client):
    """Deciding on the cache headers never reads a session that is not there (the Red's public
    figures are shared by proxies)."""
    respuesta = client.get("/red/cifras/")
    assert respuesta.status_code == 200
    assert "Cookie" not in respuesta.get("Vary", "")
    assert "Permissions-Policy" in respuesta
