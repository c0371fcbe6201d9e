"""Staff reach the admin only with a second factor (cursos/segundo_factor.py); learners may
turn it on. Through the same doors a person uses: allauth's login, its MFA pages, the admin."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.cuentas import codigo, dispositivo_totp

CONTRASENA = "contrasena-segura-123"
ADMIN = "/admin/"


@pytest.fixture
def editora(db):
    grupo, _ = Group.objects.get_or_create(name="Editores de prueba")
    grupo.permissions.add(Permission.objects.get(codename="access_admin"))
    usuario = factories.UsuarioFactory(username="editora")
    usuario.groups.add(grupo)
    return usuario


def entrar(cliente, usuario):
    return cliente.post(reverse("account_login"), {"login": usuario.email, "password": CONTRASENA})


def test_el_admin_inicia_sesion_por_allauth(db):
    cliente = Client()
    respuesta = cliente.get(ADMIN)
    assert respuesta.status_code == 302
    assert respuesta.url == f"{reverse('account_login')}?next=/admin/"
    # Wagtail's own password form would skip the second factor: it sends to allauth's.
    respuesta = cliente.get("/admin/login/?next=/admin/pages/")
    assert respuesta.status_code == 302
    assert respuesta.url == f"{reverse('account_login')}?next=/admin/pages/"


def test_personal_sin_dispositivo_lo_activa_antes_de_ver_el_admin(editora):
    cliente = Client()
    assert entrar(cliente, editora).status_code == 302
    respuesta = cliente.get(ADMIN)
    assert respuesta.status_code == 302
    assert respuesta.url == reverse("mfa_activate_totp")
    # No admin page at all, not only the dashboard.
    assert cliente.get("/admin/pages/").url == reverse("mfa_activate_totp")

    # allauth asks for the password again before any change to the second factor.
    pagina = cliente.get(reverse("mfa_activate_totp"))
    assert pagina.url.startswith(reverse("account_reauthenticate"))
    confirmada = cliente.post(pagina.url, {"password": CONTRASENA})
    assert confirmada.url == reverse("mfa_activate_totp")
    pagina = cliente.get(reverse("mfa_activate_totp"))
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert "<svg" in html and "Código QR para tu aplicación de autenticación" in html
    secreto = cliente.session["mfa.totp.secret"]
    assert secreto in html  # the key to type by hand

    mal = cliente.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert mal.status_code == 200
    assert "El código no es correcto" in mal.content.decode()
    assert not Authenticator.objects.filter(user=editora).exists()

    respuesta = cliente.post(reverse("mfa_activate_totp"), {"code": codigo(secreto)})
    assert respuesta.status_code == 302
    assert respuesta.url == reverse("mfa_view_recovery_codes")
    codigos = cliente.get(respuesta.url)
    sin_usar = (
        Authenticator.objects.get(user=editora, type=Authenticator.Type.RECOVERY_CODES)
        .wrap()
        .get_unused_codes()
    )
    assert len(sin_usar) == 10
    assert all(c in codigos.content.decode() for c in sin_usar)
    assert "Continuar a la administración" in codigos.content.decode()
    # The session that proved the new device goes on into the admin.
    assert cliente.get(ADMIN).status_code == 200


def test_personal_con_dispositivo_entra_solo_con_su_codigo(editora):
    secreto, codigos = dispositivo_totp(editora)
    cliente = Client()
    respuesta = entrar(cliente, editora)
    assert respuesta.url == reverse("mfa_authenticate")
    # The password alone opened nothing.
    assert cliente.get(ADMIN).url.startswith(reverse("account_login"))
    entrar(cliente, editora)
    mal = cliente.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert mal.status_code == 200
    assert "El código no es correcto" in mal.content.decode()
    respuesta = cliente.post(reverse("mfa_authenticate"), {"code": codigo(secreto)})
    assert respuesta.status_code == 302
    assert cliente.get(ADMIN).status_code == 200


def test_un_codigo_de_recuperacion_sirve_una_sola_vez(editora):
    _secreto, codigos = dispositivo_totp(editora)
    cliente = Client()
    entrar(cliente, editora)
    assert cliente.post(reverse("mfa_authenticate"), {"code": codigos[0]}).status_code == 302
    assert cliente.get(ADMIN).status_code == 200

    otro = Client()
    entrar(otro, editora)
    again = otro.post(reverse("mfa_authenticate"), {"code": codigos[0]})
    assert again.status_code == 200
    assert "El código no es correcto" in again.content.decode()
    assert otro.get(ADMIN).status_code == 302


def test_un_codigo_de_la_aplicacion_no_sirve_dos_veces(editora):
    secreto, _codigos = dispositivo_totp(editora)
    valor = codigo(secreto)
    primero, segundo = Client(), Client()
    entrar(primero, editora)
    assert primero.post(reverse("mfa_authenticate"), {"code": valor}).status_code == 302
    entrar(segundo, editora)
    assert segundo.post(reverse("mfa_authenticate"), {"code": valor}).status_code == 200


def test_una_sesion_de_personal_sin_segundo_factor_se_rechaza(editora):
    """A session opened without allauth's second step (here Django's plain ``force_login``,
    in production a session from before the device, or any other path) gets no admin page:
    with a device, it is closed and sent to sign in again; without one, to set it up."""
    dispositivo_totp(editora)
    cliente = Client()
    cliente.force_login(editora)
    respuesta = cliente.get("/admin/pages/")
    assert respuesta.status_code == 302
    assert respuesta.url == f"{reverse('account_login')}?next=%2Fadmin%2Fpages%2F"
    assert "_auth_user_id" not in cliente.session

    sin_dispositivo = factories.UsuarioFactory(is_superuser=True, is_staff=True)
    cliente = Client()
    cliente.force_login(sin_dispositivo)
    assert cliente.get(ADMIN).url == reverse("mfa_activate_totp")


def test_el_cliente_de_las_pruebas_abre_la_sesion_con_segundo_factor(client, editora):
    client.force_login(editora)
    assert client.get(ADMIN).status_code == 200


def test_el_personal_no_puede_desactivar_su_segundo_factor(client, editora):
    secreto, _codigos = dispositivo_totp(editora)
    client.force_login(editora)
    client.post(reverse("mfa_reauthenticate"), {"code": codigo(secreto)})
    respuesta = client.post(reverse("mfa_deactivate_totp"))
    assert respuesta.status_code == 200
    assert "no puede desactivarse" in respuesta.content.decode()
    assert Authenticator.objects.filter(user=editora, type=Authenticator.Type.TOTP).exists()


def test_una_aprendiz_puede_activarlo_y_desactivarlo(db):
    aprendiz = factories.participante()
    cliente = Client()  # a learner's session needs no second factor
    entrar(cliente, aprendiz)
    perfil = cliente.get(reverse("cursos:perfil")).content.decode()
    assert reverse("mfa_index") in perfil and "Verificación en dos pasos" in perfil
    assert cliente.get(reverse("cursos:mis_cursos")).status_code == 200
    assert "No está activa" in cliente.get(reverse("mfa_index")).content.decode()

    cliente.post(reverse("account_reauthenticate"), {"password": CONTRASENA})
    cliente.get(reverse("mfa_activate_totp"))
    secreto = cliente.session["mfa.totp.secret"]
    cliente.post(reverse("mfa_activate_totp"), {"code": codigo(secreto)})
    assert Authenticator.objects.filter(user=aprendiz, type=Authenticator.Type.TOTP).exists()
    assert "Volver a mi perfil" in cliente.get(reverse("mfa_view_recovery_codes")).content.decode()

    assert cliente.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=aprendiz, type=Authenticator.Type.TOTP).exists()
    # Learners still never reach the admin.
    assert cliente.get(ADMIN).status_code in (302, 403)
