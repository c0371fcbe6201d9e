"""A learner on a 390 px phone: no page scrolls sideways, not even the quiz page once it
lists an attempt; the verification code stays on one line in "Mis constancias"; the "%"
of the progress never sits alone on its line; the two actions of a constancia do not touch;
a submit button shows it is working while the answer is on its way; and a video loads its
player (privacy-enhanced) only when the learner presses its placeholder, by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from certificados.models import Certificado
from cursos import services as cursos_services
from evaluaciones import services as evaluaciones_services
from tests import factories
from tests.browser.conftest import captura
from tests.browser.test_recorrido_aprendiz import tabular_hasta

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TELEFONO = {"width": 390, "height": 844}
CORREO = "tania.rios@ixtapan.example"
CONTRASENA = "contrasena-segura-123"  # UsuarioFactory's password
VIDEO = "https://www.youtube.com/watch?v=M7lc1UVf-VE"


@pytest.fixture
def escenario(settings, live_server):
    settings.CERTIFICADOS_URL_BASE = live_server.url
    usuario = factories.UsuarioFactory(username="tania", email=CORREO)
    factories.participante(usuario, nombre_completo="Tania Ríos Bustamante")
    catalogo = factories.CursosIndexPageFactory(parent=factories.inicio(), title="Cursos")
    terminado = factories.CursoPageFactory(
        parent=catalogo, title="Huertos urbanos y compostaje", duracion_horas=4
    )
    modulos = [factories.ModuloPageFactory(parent=terminado) for _ in range(2)]
    cursos_services.inscripcion_crear(usuario=usuario, curso=terminado)
    for modulo in modulos:  # commits: the certificate task runs and renders the PDF
        cursos_services.modulo_completar(usuario=usuario, modulo=modulo)
    # A second course in progress: a video module, eight modules (a long progress line), and
    # a quiz with an attempt.
    en_curso = factories.CursoPageFactory(
        parent=catalogo, title="Gestión integral del agua en el municipio", duracion_horas=12
    )
    con_video = factories.ModuloPageFactory(
        parent=en_curso,
        title="La cuenca del río Lerma",
        cuerpo=[
            (
                "video",
                {
                    "video": VIDEO,
                    "titulo": "Recorrido por la cuenca",
                    "duracion": "3:32",
                    "transcripcion": "Bienvenidas y bienvenidos a la cuenca del río Lerma.",
                },
            )
        ],
    )
    otros = [factories.ModuloPageFactory(parent=en_curso) for _ in range(7)]
    evaluacion = factories.evaluacion(en_curso)
    cursos_services.inscripcion_crear(usuario=usuario, curso=en_curso)
    cursos_services.modulo_completar(usuario=usuario, modulo=otros[0])
    intento, _ = evaluaciones_services.intento_iniciar(usuario=usuario, evaluacion=evaluacion)
    evaluaciones_services.intento_entregar(
        usuario=usuario, intento_id=intento.pk, datos=factories.respuestas_incorrectas(intento)
    )
    return usuario, terminado, en_curso, con_video, evaluacion


def entrar(page, base):
    page.goto(f"{base}/cuentas/login/")
    page.get_by_label("Correo electrónico").fill(CORREO)
    page.get_by_label("Contraseña").fill(CONTRASENA)
    page.get_by_role("button", name="Iniciar sesión").click()
    expect(page.get_by_role("link", name="Mis cursos")).to_be_visible()


def sin_desplazamiento_lateral(page):
    ancho = page.evaluate("document.documentElement.scrollWidth")
    assert ancho <= TELEFONO["width"], f"{page.url}: {ancho} px de ancho en 390 px"


def test_en_un_telefono(live_server, page, escenario):
    usuario, terminado, en_curso, con_video, evaluacion = escenario
    base = live_server.url
    page.set_viewport_size(TELEFONO)
    entrar(page, base)

    # --- The quiz page with an attempt in its table: nothing wider than the phone.
    page.goto(f"{base}/aprendizaje/evaluaciones/{evaluacion.pk}/")
    expect(page.get_by_role("heading", name="Tus intentos")).to_be_visible()
    sin_desplazamiento_lateral(page)
    # Each row still names its cells (the header row is hidden on a phone).
    expect(page.locator("table td").first).to_be_visible()
    captura(page, "telefono-01-evaluacion-con-intento")

    # --- A submit button shows it is working while the answer is on its way. The server's
    # answer is held back as a "204 No Content" (the browser then stays on the page, as it
    # does while a slow answer is on its way), so the state can be looked at.
    enviadas = []

    def sin_respuesta(ruta):
        enviadas.append(ruta.request.method)
        ruta.fulfill(status=204)

    page.route(re.compile(r".*/iniciar/?$"), sin_respuesta)
    boton = page.get_by_role("button", name="Iniciar otro intento")
    boton.click()
    ocupado = page.locator("form[aria-busy=true] button[aria-busy=true]")
    expect(ocupado).to_contain_text("Enviando…")
    expect(ocupado).to_be_disabled()
    expect(ocupado.locator(".girador")).to_have_count(1)
    ocupado.click(force=True)  # a second press sends nothing
    assert enviadas == ["POST"]
    page.unroute(re.compile(r".*/iniciar/?$"))

    # --- The module page: the progress "%" is never alone on its line, and the video is a
    # placeholder until asked for; then the privacy-enhanced player, nothing before.
    peticiones = []
    page.on("request", lambda r: peticiones.append(r.url))
    page.route(re.compile(r"https://[^/]*(youtube|ytimg|googlevideo)[^/]*/.*"), lambda r: r.abort())
    page.goto(base + con_video.url)
    sin_desplazamiento_lateral(page)
    for texto in page.locator(".progreso-texto").all():
        renglones_del_porcentaje = texto.evaluate(
            """el => {
                const nodo = [...el.childNodes].find(n => n.nodeType === 3 && n.data.includes("%"));
                const i = nodo.data.lastIndexOf("%");
                let inicio = i;
                while (inicio > 0 && /[\\d\\u00a0 ]/.test(nodo.data[inicio - 1])) inicio--;
                const rango = document.createRange();
                rango.setStart(nodo, inicio);
                rango.setEnd(nodo, i + 1);
                return new Set([...rango.getClientRects()].map(r => Math.round(r.top))).size;
            }"""
        )
        assert renglones_del_porcentaje == 1
    marcador = page.get_by_role("button", name="Reproducir «Recorrido por la cuenca»")
    expect(marcador).to_contain_text("Duración: 3:32")
    expect(page.locator(".video iframe")).to_have_count(0)
    expect(page.get_by_role("link", name="Ir a la transcripción")).to_be_visible()
    assert not [u for u in peticiones if "youtube" in u]
    captura(page, "telefono-02-modulo-con-video")
    tabular_hasta(page, marcador, maximo=60)
    page.keyboard.press("Enter")
    reproductor = page.locator(".video iframe")
    expect(reproductor).to_have_count(1)
    expect(reproductor).to_have_attribute(
        "src", re.compile(r"^https://www\.youtube-nocookie\.com/embed/M7lc1UVf-VE\?autoplay=1")
    )
    expect(reproductor).to_have_attribute("title", "Recorrido por la cuenca")
    expect(reproductor).to_be_focused()

    # --- The course page and "Mis cursos" lead to the constancia; nothing sideways.
    certificado = Certificado.objects.get(usuario=usuario, curso=terminado)
    page.goto(base + terminado.url)
    sin_desplazamiento_lateral(page)
    descarga = page.get_by_role("link", name=re.compile("^Descargar mi constancia"))
    expect(descarga).to_have_attribute("href", certificado.get_descarga_url())
    captura(page, "telefono-03-curso-completado")
    page.goto(base + en_curso.url)
    sin_desplazamiento_lateral(page)
    captura(page, "telefono-04-curso")
    page.goto(f"{base}/aprendizaje/mis-cursos/")
    sin_desplazamiento_lateral(page)
    expect(page.get_by_role("link", name=re.compile("^Descargar mi constancia"))).to_have_count(1)

    # --- "Mis constancias": the code on one line; the two actions apart.
    page.get_by_role("link", name="Mis constancias").click()
    sin_desplazamiento_lateral(page)
    codigo = page.get_by_text(certificado.codigo_legible, exact=True)
    caja = codigo.bounding_box()
    alto_renglon = codigo.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)")
    assert caja["height"] < 1.5 * alto_renglon, "el código se partió en dos renglones"
    pdf = page.get_by_role("link", name=re.compile("^Descargar PDF")).bounding_box()
    verificacion = page.get_by_role("link", name=re.compile("^Página de verificación"))
    otra = verificacion.bounding_box()
    separadas = (
        otra["x"] >= pdf["x"] + pdf["width"] + 4
        or otra["y"] >= pdf["y"] + pdf["height"] + 4
        or pdf["y"] >= otra["y"] + otra["height"] + 4
    )
    assert separadas, (pdf, otra)
    captura(page, "telefono-05-mis-constancias")
