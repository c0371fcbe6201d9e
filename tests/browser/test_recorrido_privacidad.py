"""Privacy rights (ARCO) in the browser, end to end.

A participant signs in after a new privacy notice was published and is asked for consent
before anything else; she accepts, goes from her profile to «Tus datos y tus derechos»,
downloads her data as PDF and as JSON (read back), and asks to close her account. A
coordinator finds the request in the admin with its legal deadline and approves it; her
session ends, her profile is anonymised, and her certificate still verifies publicly.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from cursos import services as cursos_services
from privacidad.models import AvisoPrivacidad, Consentimiento, SolicitudArco
from red import roles
from tests import factories
from tests.browser.conftest import captura
from tests.browser.sesion import entrar_al_admin
from tests.cuentas import dispositivo_totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CONTRASENA = "contrasena-segura-123"


@pytest.fixture
def escenario(live_server):
    coordinacion = factories.UsuarioFactory(username="coordinacion")
    coordinacion.groups.add(roles.roles_asegurar()[roles.COORDINACION])
    dispositivo_totp(coordinacion)  # staff need a second factor (set up as in the site)
    catalogo = factories.CursosIndexPageFactory(parent=factories.inicio(), title="Cursos")
    curso, modulos = factories.curso_con_modulos(2, catalogo=catalogo, title="Agua y clima")
    ana = factories.participante(
        factories.UsuarioFactory(username="ana", email="ana@municipio.example"),
        nombre_completo="Ana Lilia Becerril Colín",
    )
    cursos_services.inscripcion_crear(usuario=ana, curso=curso)
    for modulo in modulos:
        cursos_services.modulo_completar(usuario=ana, modulo=modulo)
    aviso = AvisoPrivacidad(
        version=2,
        titulo="Aviso de privacidad integral",
        resumen_cambios="Añadimos la verificación pública de certificados.",
        texto="<p>Tratamos tus datos para capacitarte y certificarte.</p>",
    )
    aviso.save()
    aviso.save_revision().publish()
    return {"ana": ana, "certificado": ana.certificados.get(), "aviso": aviso}


def test_acceso_cancelacion_y_confirmacion(live_server, page, nueva_pagina, escenario):
    base = live_server.url
    ana, certificado = escenario["ana"], escenario["certificado"]

    # --- Sign-in asks for consent to the new version first.
    page.goto(f"{base}/cuentas/login/")
    page.get_by_label("Correo electrónico").fill(ana.email)
    page.get_by_label("Contraseña").fill(CONTRASENA)
    page.get_by_role("button", name="Iniciar sesión").click()
    expect(page).to_have_url(
        f"{base}/privacidad/consentimiento/?next=%2Faprendizaje%2Fmis-cursos%2F"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("versión 2")
    expect(page.get_by_text("Añadimos la verificación pública")).to_be_visible()
    captura(page, "privacidad-consentimiento")
    page.get_by_label("Leí el aviso de privacidad").check()
    page.get_by_role("button", name="Acepto y continúo").click()
    expect(page).to_have_url(f"{base}/aprendizaje/mis-cursos/")
    assert Consentimiento.objects.get(usuario=ana).aviso.version == 2

    # --- From the profile to the rights page; both downloads.
    page.get_by_role("link", name="Mi perfil").click()
    page.get_by_role("link", name="Tus datos y tus derechos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tus datos y tus derechos")
    with page.expect_download() as descarga_pdf:
        page.get_by_role("link", name="Descargar en PDF").click()
    pdf = descarga_pdf.value
    assert pdf.suggested_filename.endswith(".pdf")
    with open(pdf.path(), "rb") as archivo:
        assert archivo.read(5) == b"%PDF-"
    with page.expect_download() as descarga_json:
        page.get_by_role("link", name="Descargar en JSON").click()
    with open(descarga_json.value.path(), encoding="utf-8") as archivo:
        datos = json.load(archivo)
    assert datos["perfil"]["nombre_completo"] == "Ana Lilia Becerril Colín"
    assert datos["certificados"][0]["folio"] == certificado.folio
    assert datos["consentimientos"]["aviso_de_privacidad"][0]["version"] == 2

    # --- She asks to close her account.
    page.get_by_label("Entiendo que, cuando la Coordinación confirme").check()
    page.get_by_role("button", name="Solicitar la cancelación de mi cuenta").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cancelación")
    expect(page.get_by_text("Pendiente")).to_be_visible()
    solicitud = SolicitudArco.objects.get(usuario=ana)
    expect(page.locator("dd").nth(2)).to_have_text(solicitud.vence_el.strftime("%d/%m/%Y"))
    captura(page, "privacidad-solicitud-recibida")

    # --- The coordinator approves it in the admin.
    admin = nueva_pagina()
    # allauth's login, then the code of the coordinator's authenticator app.
    entrar_al_admin(admin, base, get_user_model().objects.get(username="coordinacion"))
    admin.goto(f"{base}/admin/privacidad/solicitudes/")
    fila = admin.locator("tbody tr").filter(has_text="Ana Lilia Becerril Colín")
    expect(fila).to_contain_text("Cancelación")
    expect(fila).to_contain_text("Vence en")
    captura(admin, "privacidad-admin-solicitudes")
    fila.get_by_role("link", name=str(solicitud.pk)).click()
    admin.get_by_role("link", name="Resolver").click()
    expect(admin.get_by_text("No se puede deshacer")).to_be_visible()
    admin.get_by_label("Aprobar y ejecutar").check()
    admin.get_by_label("Respuesta a la persona").fill("Cuenta cerrada; tus certificados siguen.")
    admin.get_by_role("button", name="Resolver").click()
    expect(admin.get_by_text("Solicitud aprobada y ejecutada.")).to_be_visible()

    # --- Her session is over; her profile anonymised; the certificate still verifies.
    page.goto(f"{base}/privacidad/")
    expect(page).to_have_url(f"{base}/cuentas/login/?next=/privacidad/")
    ana.refresh_from_db()
    assert not ana.is_active and ana.email == ""
    assert ana.participante.nombre_completo.startswith("Persona dada de baja")
    publico = nueva_pagina()
    publico.goto(f"{base}{certificado.get_absolute_url()}")
    expect(publico.locator(".veredicto--valido")).to_be_visible()
    captura(publico, "privacidad-certificado-tras-cancelacion")
