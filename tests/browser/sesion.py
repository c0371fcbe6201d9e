"""Signing in through the site's own doors, second step included (allauth's login, then the
code an authenticator app would show, computed from the device's secret)."""

from playwright.sync_api import expect

from tests.cuentas import codigo, secreto_de

CONTRASENA = "contrasena-segura-123"  # UsuarioFactory's password


def iniciar_sesion(page, base, usuario, *, contrasena=CONTRASENA):
    """Fill allauth's login form (the page must be on it)."""
    page.locator("#id_login").fill(usuario.email)
    page.locator("#id_password").fill(contrasena)
    page.locator("#id_password").press("Enter")


def escribir_codigo(page, valor: str):
    expect(page.get_by_role("heading", name="Verificación en dos pasos")).to_be_visible()
    page.get_by_label("Código de verificación").fill(valor)
    page.get_by_role("button", name="Entrar").click()


def entrar_al_admin(page, base, usuario, *, destino="/admin/"):
    """From the admin's address to the page asked for: login, then the TOTP code."""
    page.goto(f"{base}{destino}")
    expect(page).to_have_url(f"{base}/cuentas/login/?next={destino}")
    iniciar_sesion(page, base, usuario)
    escribir_codigo(page, codigo(secreto_de(usuario)))
    expect(page).to_have_url(f"{base}{destino}")
