"""A staff member's first sign-in: forced to set up the second factor, gets recovery codes,
signs out, signs in with the authenticator app's code and reaches the admin; a recovery code
opens the account once, and no more."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import captura
from tests.browser.sesion import escribir_codigo, iniciar_sesion
from tests.cuentas import codigo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
CONTRASENA = "contrasena-segura-123"  # UsuarioFactory's password


def cerrar_sesion(page, base):
    page.goto(f"{base}/cuentas/logout/")
    page.locator("main form[action='/cuentas/logout/'] button[type=submit]").first.click()
    page.goto(f"{base}/admin/")
    expect(page).to_have_url(re.compile(r"/cuentas/login/\?next=/admin/$"))


def test_personal_activa_el_segundo_paso_y_entra_con_codigo_y_recuperacion(live_server, page):
    base = live_server.url
    grupo, _ = Group.objects.get_or_create(name="Coordinación de prueba")
    grupo.permissions.add(Permission.objects.get(codename="access_admin"))
    coordinadora = factories.UsuarioFactory(username="coordinadora")
    coordinadora.groups.add(grupo)

    # First sign-in: the password opens the account, but not the admin.
    page.goto(f"{base}/admin/")
    expect(page).to_have_url(re.compile(r"/cuentas/login/\?next=/admin/$"))
    iniciar_sesion(page, base, coordinadora)
    # allauth asks for the password again before any change to the second factor.
    expect(page).to_have_url(re.compile(r"/cuentas/reauthenticate/"))
    expect(page.get_by_text("activa primero la verificación en dos pasos")).to_be_visible()
    page.locator("#id_password").fill(CONTRASENA)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(f"{base}/cuentas/2fa/totp/activate/")
    expect(
        page.get_by_role("img", name="Código QR para tu aplicación de autenticación")
    ).to_be_visible()
    captura(page, "segundo-factor-activar")
    secreto = page.get_by_label("Clave para escribir a mano").input_value()
    page.get_by_label("Código de la aplicación").fill("000000")
    page.get_by_role("button", name="Activar").click()
    expect(page.get_by_text("El código no es correcto")).to_be_visible()
    page.get_by_label("Código de la aplicación").fill(codigo(secreto))
    page.get_by_role("button", name="Activar").click()

    # The recovery codes, shown once the app is set up.
    expect(page).to_have_url(f"{base}/cuentas/2fa/recovery-codes/")
    codigos = [c.strip() for c in page.locator(".codigos-recuperacion code").all_inner_texts()]
    assert len(codigos) == 10
    captura(page, "segundo-factor-codigos")
    page.get_by_role("link", name="Continuar a la administración").click()
    expect(page).to_have_url(f"{base}/admin/")

    # Signed out, back in with the app's code.
    cerrar_sesion(page, base)
    iniciar_sesion(page, base, coordinadora)
    escribir_codigo(page, codigo(secreto, desfase=1))
    expect(page).to_have_url(f"{base}/admin/")

    # A recovery code opens the account once.
    cerrar_sesion(page, base)
    iniciar_sesion(page, base, coordinadora)
    escribir_codigo(page, codigos[0])
    expect(page).to_have_url(f"{base}/admin/")
    cerrar_sesion(page, base)
    iniciar_sesion(page, base, coordinadora)
    escribir_codigo(page, codigos[0])
    expect(page.get_by_text("El código no es correcto")).to_be_visible()
    # Still only halfway through the sign-in: the admin sends back to it.
    page.goto(f"{base}/admin/")
    expect(page).to_have_url(re.compile(r"/cuentas/(login|2fa/authenticate)/"))
