"""A new notice version asks for consent again at the next sign-in, once, with its date."""

from django.utils import timezone

from privacidad.models import Consentimiento, OrigenConsentimiento


def _entrar(client, usuario):
    assert client.login(username=usuario.email, password="contrasena-segura-123")


def test_nueva_version_pide_consentimiento_al_entrar(client, aprendiz, publicar_aviso):
    aviso = publicar_aviso()
    _entrar(client, aprendiz)
    respuesta = client.get("/aprendizaje/mis-cursos/")
    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith("/privacidad/consentimiento/")
    # The redirect depends on the session: no shared cache may keep it for others.
    assert "cookie" in respuesta["Vary"].lower()
    assert "no-store" in respuesta["Cache-Control"] and "private" in respuesta["Cache-Control"]
    # The notice itself, the rights page, logout and static files stay reachable.
    assert client.get("/aviso-de-privacidad/").status_code == 200
    assert client.get("/privacidad/").status_code == 200
    pagina = client.get(respuesta["Location"])
    assert pagina.status_code == 200
    assert "Nuevas finalidades." in pagina.content.decode()
    assert client.post("/privacidad/consentimiento/", {}).status_code == 400
    assert not Consentimiento.objects.exists()
    aceptar = client.post(
        "/privacidad/consentimiento/", {"acepto": "on", "next": "/aprendizaje/mis-cursos/"}
    )
    assert aceptar.status_code == 302
    assert aceptar["Location"] == "/aprendizaje/mis-cursos/"
    consentimiento = Consentimiento.objects.get()
    assert consentimiento.aviso == aviso and consentimiento.usuario == aprendiz
    assert consentimiento.origen == OrigenConsentimiento.INICIO_SESION
    assert (timezone.now() - consentimiento.otorgado_en).total_seconds() < 60
    assert client.get("/aprendizaje/mis-cursos/").status_code == 200


def test_salir_sin_aceptar(client, aprendiz, publicar_aviso):
    publicar_aviso()
    _entrar(client, aprendiz)
    respuesta = client.post("/cuentas/logout/")
    assert respuesta.status_code == 302
    assert "_auth_user_id" not in client.session


def test_version_siguiente_vuelve_a_preguntar(client, aprendiz, publicar_aviso):
    publicar_aviso()
    _entrar(client, aprendiz)
    client.post("/privacidad/consentimiento/", {"acepto": "on"})
    client.logout()
    _entrar(client, aprendiz)
    assert client.get("/aprendizaje/mis-cursos/").status_code == 200
    client.logout()
    segunda = publicar_aviso()
    _entrar(client, aprendiz)
    assert client.get("/aprendizaje/mis-cursos/").status_code == 302
    client.post("/privacidad/consentimiento/", {"acepto": "on"})
    assert list(
        Consentimiento.objects.order_by("aviso__version").values_list("aviso__version", flat=True)
    ) == [1, segunda.version]


def test_perfil_guardado_despues_cuenta_como_consentimiento(client, publicar_aviso, db):
    from tests import factories

    aviso = publicar_aviso()
    usuario = factories.participante()  # the profile form's acceptance, after publication
    _entrar(client, usuario)
    assert client.get("/aprendizaje/mis-cursos/").status_code == 200
    consentimiento = Consentimiento.objects.get(usuario=usuario)
    assert consentimiento.aviso == aviso
    assert consentimiento.origen == OrigenConsentimiento.PERFIL


def test_sin_aviso_publicado_no_pregunta(client, aprendiz, publicar_aviso):
    _entrar(client, aprendiz)
    assert client.get("/aprendizaje/mis-cursos/").status_code == 200


def test_aviso_publico_muestra_la_version_vigente(client, publicar_aviso, db):
    publicar_aviso(version=3)
    html = client.get("/aviso-de-privacidad/").content.decode()
    assert "Versión 3" in html
    assert "Tratamos tus datos para capacitarte." in html
