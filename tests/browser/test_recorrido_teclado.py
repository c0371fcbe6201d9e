"""A newcomer's first hour on a phone (390×844), by keyboard alone: from creating an account to
downloading the certificate. No click, no fill: Tab, typing, Space, arrows and Enter. The only
thing not done with keys is opening the link of the confirmation e-mail, which arrives in the
mailbox. Every step leaves a screenshot in artefactos/capturas/teclado-*.png.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from certificados.models import Certificado
from cursos.models import Inscripcion, Participante
from evaluaciones.models import Intento
from tests import factories
from tests.browser.conftest import captura
from tests.browser.test_recorrido_aprendiz import tabular_hasta

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TELEFONO = {"width": 390, "height": 844}
CORREO = "lucia.perez@ixtapan.example"
CONTRASENA = "Lluvia-Ixtapan-2026!"
NOMBRE = "Lucía Pérez Jiménez"
ENLACE_CONFIRMACION = re.compile(r"https?://\S+/cuentas/confirm-email/\S+")


@pytest.fixture
def curso_con_evaluacion(settings, live_server):
    settings.CERTIFICADOS_URL_BASE = live_server.url
    catalogo = factories.CursosIndexPageFactory(parent=factories.inicio(), title="Cursos")
    curso = factories.CursoPageFactory(
        parent=catalogo, title="Calor urbano y salud", resumen="Olas de calor en el municipio."
    )
    modulos = [
        factories.ModuloPageFactory(parent=curso, title=t)
        for t in ("¿Qué es una isla de calor?", "Medidas para tu municipio")
    ]
    evaluacion = factories.evaluacion(
        curso, titulo="Evaluación final", n_preguntas=2, intentos_maximos=2
    )
    return catalogo, curso, modulos, evaluacion


def enfocar(page, destino, maximo: int = 120) -> None:
    """Tab from the top of the page until ``destino`` has the focus."""
    tabular_hasta(page, destino, maximo=maximo)


def escribir(page, destino, texto: str) -> None:
    """Tab to a field and type into it."""
    enfocar(page, destino)
    page.keyboard.type(texto)


def siguiente(page, destino) -> None:
    """One Tab forward must land on ``destino``."""
    page.keyboard.press("Tab")
    expect(destino).to_be_focused()


def pulsar_enter(page, destino) -> None:
    """Tab to a link or a button and press Enter; wait for the page it leads to."""
    enfocar(page, destino)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def sin_desplazamiento_lateral(page) -> None:
    ancho, visible = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert ancho <= visible, f"{page.url}: {ancho} px en una pantalla de {visible} px"


def paso(page, nombre: str) -> None:
    sin_desplazamiento_lateral(page)
    captura(page, f"teclado-{nombre}")


def test_de_crear_cuenta_a_descargar_la_constancia_solo_con_teclado_en_telefono(
    live_server, navegador, curso_con_evaluacion
):
    catalogo, curso, modulos, evaluacion = curso_con_evaluacion
    base = live_server.url
    contexto = navegador.new_context(
        viewport=TELEFONO,
        locale="es-MX",
        timezone_id="America/Mexico_City",
        is_mobile=True,
        has_touch=True,
        accept_downloads=True,
    )
    page = contexto.new_page()
    try:
        # --- Home: the header's "Crear cuenta".
        page.goto(base + "/")
        paso(page, "01-inicio")
        pulsar_enter(page, page.get_by_role("link", name="Crear cuenta"))

        # --- Sign-up: three fields in a row, then Enter.
        expect(page.get_by_role("heading", level=1)).to_have_text("Crear cuenta")
        escribir(page, page.get_by_label("Correo electrónico"), CORREO)
        siguiente(page, page.get_by_label("Contraseña", exact=True))
        page.keyboard.type(CONTRASENA)
        siguiente(page, page.get_by_label("Contraseña (otra vez)"))
        page.keyboard.type(CONTRASENA)
        paso(page, "02-crear-cuenta")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Revisa tu correo")
        expect(page.get_by_role("main")).to_contain_text(CORREO)
        paso(page, "03-revisa-tu-correo")

        # --- The e-mail's link (opened from the mailbox), then one button.
        assert len(mail.outbox) == 1
        enlace = ENLACE_CONFIRMACION.search(mail.outbox[0].body).group(0)
        page.goto(enlace)
        expect(page.get_by_role("heading", level=1)).to_have_text("Confirma tu correo")
        expect(page.get_by_role("main")).to_contain_text(CORREO)
        paso(page, "04-confirma-tu-correo")
        pulsar_enter(page, page.get_by_role("button", name="Confirmar mi correo"))

        # --- The profile: typing, type-ahead in the selects, Space on the checkbox.
        expect(page.get_by_role("heading", level=1)).to_have_text("Mi perfil de participante")
        escribir(page, page.get_by_label("Nombre completo"), NOMBRE)
        siguiente(page, page.get_by_label("Municipio"))
        page.keyboard.type("Ixtapan de la Sal")
        expect(page.get_by_label("Municipio")).not_to_have_value("")
        siguiente(page, page.get_by_label("Dependencia o área"))
        page.keyboard.type("Protección Civil")
        siguiente(page, page.get_by_label("Cargo"))
        page.keyboard.type("Coordinadora")
        siguiente(page, page.get_by_label("Tipo de participante"))
        page.keyboard.press("ArrowDown")
        expect(page.get_by_label("Tipo de participante")).not_to_have_value("")
        aviso = page.get_by_label("He leído y acepto el aviso de privacidad.")
        enfocar(page, aviso)
        page.keyboard.press("Space")
        expect(aviso).to_be_checked()
        paso(page, "05-perfil")
        pulsar_enter(page, page.get_by_role("button", name="Guardar mi perfil"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Mis cursos")
        paso(page, "06-mis-cursos-vacio")

        # --- Catalogue, course, enrolment.
        pulsar_enter(page, page.get_by_role("link", name="Explora el catálogo"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Cursos")
        paso(page, "07-catalogo")
        pulsar_enter(page, page.get_by_role("link", name=curso.title))
        expect(page.get_by_role("heading", level=1)).to_have_text(curso.title)
        paso(page, "08-curso")
        pulsar_enter(page, page.get_by_role("button", name="Inscribirme a este curso"))
        expect(page.get_by_role("status")).to_contain_text(f"Te inscribiste a «{curso.title}»")

        # --- The modules: "Empezar", then "Marcar como terminado" opens the next one.
        pulsar_enter(page, page.get_by_role("link", name=re.compile(r"^Empezar")))
        for numero, modulo in enumerate(modulos, start=1):
            expect(page.get_by_role("heading", level=1)).to_have_text(modulo.title)
            paso(page, f"09-modulo-{numero}")
            pulsar_enter(page, page.get_by_role("button", name="Marcar como terminado"))

        # --- The final quiz (the last module leads to it), answered with the arrow keys.
        if page.url == base + curso.url:
            pulsar_enter(page, page.get_by_role("link", name=evaluacion.titulo).first)
        expect(page).to_have_url(re.compile(rf"/evaluaciones/{evaluacion.pk}/$"))
        paso(page, "10-evaluacion")
        pulsar_enter(page, page.get_by_role("button", name="Iniciar la evaluación"))
        intento = Intento.objects.get(usuario__email=CORREO, evaluacion=evaluacion)
        for pregunta in intento.preguntas:
            correcta = next(o["clave"] for o in pregunta["opciones"] if o["correcta"])
            grupo = page.locator(f"input[type=radio][name='pregunta-{pregunta['clave']}']")
            enfocar(page, grupo.first)
            objetivo = page.locator(f"#opcion-{correcta}")
            if objetivo.evaluate("el => el === document.activeElement"):
                page.keyboard.press("Space")
            for _ in range(len(pregunta["opciones"])):
                if objetivo.evaluate("el => el === document.activeElement"):
                    break
                page.keyboard.press("ArrowDown")
            expect(objetivo).to_be_focused()
            expect(objetivo).to_be_checked()
        paso(page, "11-intento-respondido")
        pulsar_enter(page, page.get_by_role("button", name="Entregar respuestas"))
        expect(page.get_by_role("main")).to_contain_text("Completaste el curso")
        paso(page, "12-resultado")

        inscripcion = Inscripcion.objects.get(usuario__email=CORREO, curso=curso)
        assert inscripcion.completado_en is not None
        certificado = Certificado.objects.get(usuario__email=CORREO, curso=curso)

        # --- Mis certificados (menu), and the download.
        pulsar_enter(
            page, page.get_by_role("link", name=re.compile(r"^Mis (certificados|constancias)$"))
        )
        expect(page.get_by_role("main")).to_contain_text(certificado.folio)
        paso(page, "13-mis-constancias")
        enfocar(page, page.get_by_role("link", name=re.compile(r"^Descargar")).first)
        with page.expect_download() as descarga:
            page.keyboard.press("Enter")
        archivo = descarga.value.path()
        with open(archivo, "rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
        assert certificado.folio in descarga.value.suggested_filename

        participante = Participante.objects.get(usuario__email=CORREO)
        assert participante.nombre_completo == NOMBRE
        assert participante.municipio.nombre == "Ixtapan de la Sal"
        assert participante.aviso_privacidad_aceptado_en is not None
    finally:
        contexto.close()
