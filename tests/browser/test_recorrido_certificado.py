"""A certificate's life in the browser: earned, downloaded, scanned, verified, revoked.

The learner finishes a course through the UI and downloads the PDF the background task
rendered (immediate task backend, run when the completing request commits). A verifier,
without an account, reads the QR code off the downloaded PDF (rendered to an image and decoded
with zxing-cpp), opens it and sees «Válida»; types the code by hand, sloppily, and lands on the
same page; uploads the file and is told it is the original. A coordinator revokes it in the
Wagtail admin with a reason; the verifier's page then says «Revocada» with that reason.
"""

import re

import pypdfium2
import pytest
import zxingcpp
from playwright.sync_api import expect

from certificados import render
from certificados.models import Certificado
from cursos import services as cursos_services
from tests import factories
from tests.browser.conftest import captura
from tests.browser.sesion import entrar_al_admin
from tests.browser.test_recorrido_aprendiz import tabular_hasta
from tests.cuentas import dispositivo_totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CORREO = "rosa.mendoza@tenancingo.example"
CONTRASENA = "contrasena-segura-123"  # UsuarioFactory's password
NOMBRE = "Rosa Elena Mendoza Quiroz"
CURSO = "Captación de agua de lluvia en el municipio"
MOTIVO = "El registro de asistencia no corresponde a la participante."


@pytest.fixture
def escenario(settings, live_server):
    # The QR code and the printed URL must lead to this test's server.
    settings.CERTIFICADOS_URL_BASE = live_server.url
    usuario = factories.UsuarioFactory(username="rosa", email=CORREO)
    factories.participante(usuario, nombre_completo=NOMBRE)
    catalogo = factories.CursosIndexPageFactory(parent=factories.inicio(), title="Cursos")
    curso = factories.CursoPageFactory(parent=catalogo, title=CURSO, duracion_horas=6)
    modulos = [
        factories.ModuloPageFactory(parent=curso, title=t)
        for t in ["¿Cuánta lluvia cae en tu municipio?", "Diseño de un sistema de captación"]
    ]
    cursos_services.inscripcion_crear(usuario=usuario, curso=curso)
    coordinador = factories.UsuarioFactory(
        username="coordinacion",
        email="coordinacion@ieecc.example",
        is_staff=True,
        is_superuser=True,
    )
    dispositivo_totp(coordinador)  # staff need a second factor (set up as in the site)
    return usuario, curso, modulos, coordinador


def leer_qr(pdf: bytes) -> str:
    """What a phone camera would read: the page rendered to pixels, the QR code decoded."""
    documento = pypdfium2.PdfDocument(pdf)
    try:
        imagen = documento[0].render(scale=3).to_pil()
    finally:
        documento.close()
    codigos = zxingcpp.read_barcodes(imagen)
    assert len(codigos) == 1, "se esperaba exactamente un código QR en el certificado"
    assert codigos[0].format == zxingcpp.BarcodeFormat.QRCode
    return codigos[0].text


def test_certificado_de_principio_a_fin(live_server, page, nueva_pagina, escenario, tmp_path):
    usuario, curso, modulos, coordinador = escenario
    base = live_server.url

    # --- The learner finishes the course in the browser.
    page.goto(f"{base}/cuentas/login/?next={curso.url}")
    page.get_by_label("Correo electrónico").fill(CORREO)
    page.get_by_label("Contraseña").fill(CONTRASENA)
    page.get_by_role("button", name="Iniciar sesión").click()
    expect(page).to_have_url(base + curso.url)
    for modulo in modulos:
        page.goto(base + modulo.url)
        tabular_hasta(page, page.get_by_role("button", name="Marcar como terminado"))
        with page.expect_navigation():
            page.keyboard.press("Enter")
    expect(page.locator(".curso-completo").first).to_be_visible()

    # --- "Mis certificados": the PDF is ready (the task ran when the request committed).
    page.get_by_role("link", name="Mis constancias").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mis constancias")
    certificado = Certificado.objects.get(usuario=usuario, curso=curso)
    tarjeta = page.locator("article", has_text=CURSO)
    expect(tarjeta).to_contain_text(certificado.folio)
    expect(tarjeta).to_contain_text("Válida")
    captura(page, "certificado-01-mis-certificados")
    with page.expect_download() as descarga:
        tarjeta.get_by_role("link", name=re.compile("^Descargar PDF")).click()
    assert descarga.value.suggested_filename == f"constancia-{certificado.folio}.pdf"
    archivo = tmp_path / descarga.value.suggested_filename
    descarga.value.save_as(archivo)
    pdf = archivo.read_bytes()
    assert render.credencial_de_pdf(pdf) == certificado.credencial

    # --- A verifier scans the QR code and opens what it says: no account needed.
    url = leer_qr(pdf)
    assert url == f"{base}/certificados/verificar/{certificado.codigo_legible}/"
    verificador = nueva_pagina()
    verificador.goto(url)
    expect(verificador.get_by_role("status")).to_contain_text("Válida")
    principal = verificador.get_by_role("main")
    for dato in (
        NOMBRE,
        CURSO,
        "6 horas",
        certificado.folio,
        "Instituto Estatal de Energía y Cambio Climático",
    ):
        expect(principal).to_contain_text(dato)
    expect(principal).not_to_contain_text(CORREO)
    expect(principal).not_to_contain_text("Tenancingo")
    captura(verificador, "certificado-02-verificacion-valida")

    # --- ...or types it from the paper, in lower case and without hyphens.
    verificador.goto(f"{base}/certificados/verificar/")
    verificador.get_by_role("textbox", name="Código de verificación").fill(
        certificado.codigo.lower()
    )
    verificador.get_by_role("button", name="Verificar código").click()
    expect(verificador).to_have_url(url)
    expect(verificador.get_by_role("status")).to_contain_text("Válida")

    # --- ...or uploads the file they were handed.
    verificador.goto(f"{base}/certificados/verificar/")
    verificador.get_by_label("Archivo PDF de la constancia").set_input_files(str(archivo))
    verificador.get_by_role("button", name="Comprobar archivo").click()
    expect(verificador.get_by_role("main")).to_contain_text("Archivo original")
    expect(verificador.get_by_role("main")).to_contain_text(certificado.folio)
    captura(verificador, "certificado-03-archivo-original")

    # --- A coordinator revokes it in the Wagtail admin, with a reason.
    coordinacion = nueva_pagina()
    # allauth's login, then the code of the coordinator's authenticator app.
    entrar_al_admin(coordinacion, base, coordinador)
    coordinacion.goto(f"{base}/admin/certificados/emitidos/revocar/{certificado.pk}/")
    coordinacion.get_by_label(re.compile("Motivo de la revocación")).fill(MOTIVO)
    captura(coordinacion, "certificado-04-revocar")
    coordinacion.get_by_role("button", name=re.compile("Revocar")).click()
    expect(coordinacion.locator(".messages")).to_contain_text("revoc")
    certificado.refresh_from_db()
    assert certificado.estado == "revocado" and certificado.motivo_revocacion == MOTIVO

    # --- The same verification URL now says so, with the date and the reason.
    verificador.goto(url)
    expect(verificador.get_by_role("status")).to_contain_text("Revocada")
    expect(verificador.get_by_role("main")).to_contain_text(MOTIVO)
    captura(verificador, "certificado-05-verificacion-revocada")
    # And the learner can no longer download it; the list explains why.
    page.goto(f"{base}/certificados/mis-certificados/")
    expect(page.locator("article", has_text=CURSO)).to_contain_text("Revocada")
