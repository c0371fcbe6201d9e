"""A learner takes a course's required final quiz in the browser: fails, retakes it, passes.

The course, its quiz and the learner's profile and enrolment come from factories; everything the
learner does (logging in, finishing modules, answering, submitting) goes through the UI, and the
retake is answered with the keyboard only. A second journey lets a timed attempt run out.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cursos import services as cursos_services
from cursos.models import Inscripcion
from evaluaciones import services as evaluaciones_services
from evaluaciones.models import EstadoIntento, Intento
from tests import factories
from tests.browser.conftest import captura
from tests.browser.test_recorrido_aprendiz import tabular_hasta

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CORREO = "lucia.ramirez@metepec.example"
CONTRASENA = "contrasena-segura-123"  # UsuarioFactory's password
CURSO = "Agua y clima en el municipio"
MITIGAR = "¿Qué significa mitigar el cambio climático?"
GASES = "¿Cuáles de estos son gases de efecto invernadero?"
RECARGA = "La recarga de acuíferos ayuda a enfrentar las sequías."


def _preguntas():
    """Three questions of the bank, one of each type, with known answers and explanations."""
    return [
        factories.pregunta(
            MITIGAR,
            opciones=[
                ("Medir la temperatura de la ciudad", False),
                ("Reducir las emisiones de gases de efecto invernadero", True),
                ("Reducir la vulnerabilidad ante sus efectos", False),
            ],
            explicacion="Mitigar ataca las causas; adaptar, los efectos.",
        ),
        factories.pregunta(
            GASES,
            tipo="multiple",
            opciones=[("CO₂", True), ("Metano", True), ("Oxígeno", False), ("Argón", False)],
            explicacion="El CO₂ y el metano retienen calor; el oxígeno y el argón, no.",
        ),
        factories.pregunta(
            RECARGA,
            tipo="verdadero_falso",
            explicacion="Más recarga significa más agua en la temporada seca.",
        ),
    ]


@pytest.fixture
def lucia():
    """A learner with a complete profile and a confirmed e-mail, who logs in with it."""
    usuario = factories.UsuarioFactory(username="lucia", email=CORREO)
    return factories.participante(usuario, nombre_completo="Lucía Ramírez Osorio")


@pytest.fixture
def curso_con_evaluacion_final(lucia):
    """A course of two modules and a required final quiz; the learner is enrolled in it."""
    catalogo = factories.CursosIndexPageFactory(parent=factories.inicio(), title="Cursos")
    curso = factories.CursoPageFactory(parent=catalogo, title=CURSO)
    modulos = [
        factories.ModuloPageFactory(parent=curso, title=titulo)
        for titulo in ["El ciclo del agua", "Mitigar y adaptar"]
    ]
    evaluacion = factories.evaluacion(
        curso,
        preguntas=_preguntas(),
        titulo="Evaluación final: agua y clima",
        revision="inmediata",
        intentos_maximos=3,
        barajar_preguntas=False,
        barajar_opciones=False,
    )
    cursos_services.inscripcion_crear(usuario=lucia, curso=curso)
    return curso, modulos, evaluacion


def iniciar_sesion(page, base: str, destino: str):
    page.goto(f"{base}/cuentas/login/?next={destino}")
    page.get_by_label("Correo electrónico").fill(CORREO)
    page.get_by_label("Contraseña").fill(CONTRASENA)
    page.get_by_role("button", name="Iniciar sesión").click()
    expect(page).to_have_url(base + destino)
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()


def pulsar(page, tecla: str, destino):
    """Press ``tecla`` and check the focus landed on ``destino``."""
    page.keyboard.press(tecla)
    expect(destino).to_be_focused()


def pregunta(page, enunciado: str):
    """A question of the attempt form: a fieldset whose legend names the group."""
    return page.get_by_role("group", name=re.compile(re.escape(enunciado)))


def texto_pasos(hechos: int, total: int, pct: int) -> str:
    return f"{hechos} de {total} pasos obligatorios ({pct}\u00a0%)"


def test_reprueba_la_evaluacion_final_y_la_aprueba_con_el_teclado(
    live_server, page, lucia, curso_con_evaluacion_final
):
    curso, modulos, evaluacion = curso_con_evaluacion_final
    base = live_server.url
    iniciar_sesion(page, base, curso.url)

    # --- The course counts the quiz as one more required step.
    expect(page.locator("#progreso-curso")).to_contain_text(texto_pasos(0, 3, 0))
    actividades = page.locator("ul.lista-actividades > li")
    expect(actividades).to_have_count(1)
    expect(actividades.first).to_contain_text("obligatoria · Pendiente")

    # --- Every module, by keyboard: Tab to the link or button, Enter.
    tabular_hasta(page, page.get_by_role("link", name=re.compile(r"^Empezar")))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for modulo in modulos:
        expect(page).to_have_url(base + modulo.url)
        tabular_hasta(page, page.get_by_role("button", name="Marcar como terminado"))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.get_by_role("status")).to_contain_text(
            f"Registramos el módulo «{modulo.title}» como terminado."
        )

    # --- After the last module the site points at what is left: the final quiz.
    expect(page).to_have_url(f"{base}/aprendizaje/evaluaciones/{evaluacion.pk}/")
    expect(page.get_by_role("status")).to_contain_text(
        f"Terminaste los módulos; falta «{evaluacion.titulo}» para completar el curso."
    )

    # --- All modules done, yet the course is not complete: the quiz is pending.
    page.goto(base + curso.url)
    expect(page.locator("#progreso-curso")).to_contain_text(texto_pasos(2, 3, 67))
    expect(page.locator(".progreso-detalle")).to_contain_text(
        "Módulos obligatorios: 2 de 2 · evaluaciones aprobadas: 0 de 1"
    )
    expect(actividades.first).to_contain_text("obligatoria · Pendiente")
    expect(page.locator(".curso-completo")).to_have_count(0)
    assert not Inscripcion.objects.get(usuario=lucia, curso=curso).completado

    # --- The quiz page, then a first attempt.
    # The panel offers the pending quiz as the next step.
    page.get_by_role("link", name=f"Presentar «{evaluacion.titulo}»").click()
    expect(page).to_have_url(f"{base}/aprendizaje/evaluaciones/{evaluacion.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(evaluacion.titulo)
    expect(page.get_by_role("main")).to_contain_text("0 de 3 usados; te quedan 3")
    page.get_by_role("button", name="Iniciar la evaluación").click()
    expect(page).to_have_url(re.compile(r"/aprendizaje/evaluaciones/intentos/\d+/$"))

    # Each question is a fieldset named by its legend; nothing in the page gives away the
    # answers, their feedback or the explanations before the attempt is submitted.
    formulario = page.locator("form[data-intento]")
    expect(formulario.locator("fieldset")).to_have_count(3)
    expect(formulario.locator("fieldset > legend")).to_have_count(3)
    for n, enunciado in enumerate([MITIGAR, GASES, RECARGA], start=1):
        expect(pregunta(page, enunciado)).to_be_visible()
        expect(pregunta(page, enunciado).locator("legend")).to_contain_text(f"Pregunta {n} de 3")
    expect(pregunta(page, GASES).get_by_role("checkbox")).to_have_count(4)
    expect(pregunta(page, MITIGAR).get_by_role("radio")).to_have_count(3)
    html_formulario = formulario.evaluate("f => f.outerHTML")
    assert "correct" not in html_formulario.lower()
    html = page.content()
    for item in evaluacion.items.select_related("pregunta"):
        assert item.pregunta.explicacion not in html
        for opcion in item.pregunta.opciones.all():
            assert opcion.retroalimentacion not in html, opcion.retroalimentacion
            assert f'value="{opcion.pk}"' not in html_formulario
    captura(page, "evaluacion-01-formulario")

    # --- Wrong answers (the true/false one right), submitted.
    pregunta(page, MITIGAR).get_by_label("Reducir la vulnerabilidad ante sus efectos").check()
    pregunta(page, GASES).get_by_label("CO₂").check()
    pregunta(page, RECARGA).get_by_label("Verdadero").check()
    page.get_by_role("button", name="Entregar respuestas").click()

    expect(page).to_have_url(re.compile(r"/intentos/\d+/resultado/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Resultado del intento 1")
    expect(page.get_by_role("heading", level=2, name="No aprobado")).to_be_visible()
    expect(page.locator(".calificacion")).to_have_text(
        "Calificación: 33.33\u00a0% (1 de 3 puntos). Para aprobar se necesita 70\u00a0%."
    )
    expect(page.get_by_role("main")).to_contain_text("Te quedan 2 intentos.")
    expect(page.get_by_role("main")).not_to_contain_text("Completaste el curso")
    # The review, right away: verdicts, the chosen option's feedback, the right answer.
    revision = page.get_by_role("region", name="Revisión de tus respuestas")
    respuestas = revision.locator("ol.revision > li")
    expect(respuestas).to_have_count(3)
    expect(respuestas.nth(0)).to_contain_text("✗ Incorrecta")
    expect(respuestas.nth(0)).to_contain_text("Sobre «Reducir la vulnerabilidad ante sus efectos».")
    expect(respuestas.nth(0).locator("li.es-correcta")).to_contain_text(
        "Reducir las emisiones de gases de efecto invernadero"
    )
    expect(respuestas.nth(0)).to_contain_text("Mitigar ataca las causas; adaptar, los efectos.")
    expect(respuestas.nth(1)).to_contain_text("✗ Incorrecta")
    expect(respuestas.nth(2)).to_contain_text("✓ Correcta")
    captura(page, "evaluacion-02-no-aprobado")

    # --- The retake.
    page.get_by_role("link", name="Volver a la evaluación").click()
    expect(page.get_by_role("main")).to_contain_text("1 de 3 usados; te quedan 2")
    page.get_by_role("button", name="Iniciar otro intento").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Intento 2")

    # Answered with the keyboard only: Tab into each group, arrows to choose within a radio
    # group, Space to tick a checkbox or a radio.
    mitigar = pregunta(page, MITIGAR).get_by_role("radio")
    tabular_hasta(page, mitigar.nth(0))
    expect(mitigar.nth(0)).not_to_be_checked()
    pulsar(page, "ArrowDown", mitigar.nth(1))
    expect(mitigar.nth(1)).to_be_checked()
    gases = pregunta(page, GASES).get_by_role("checkbox")
    pulsar(page, "Tab", gases.nth(0))
    page.keyboard.press("Space")
    pulsar(page, "Tab", gases.nth(1))
    page.keyboard.press("Space")
    pulsar(page, "Tab", gases.nth(2))
    pulsar(page, "Tab", gases.nth(3))
    recarga = pregunta(page, RECARGA).get_by_role("radio")
    pulsar(page, "Tab", recarga.nth(0))
    page.keyboard.press("Space")
    for casilla, marcada in zip(gases.all(), [True, True, False, False], strict=True):
        if marcada:
            expect(casilla).to_be_checked()
        else:
            expect(casilla).not_to_be_checked()
    expect(pregunta(page, RECARGA).get_by_label("Verdadero")).to_be_checked()
    pulsar(page, "Tab", page.get_by_role("button", name="Entregar respuestas"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Resultado del intento 2")
    expect(page.get_by_role("heading", level=2, name="¡Aprobado!")).to_be_visible()
    expect(page.locator(".calificacion")).to_have_text(
        "Calificación: 100\u00a0% (3 de 3 puntos). Para aprobar se necesita 70\u00a0%."
    )
    expect(page.locator(".resultado .curso-completo")).to_have_text(
        f"Completaste el curso «{CURSO}»."
    )
    # The way to the constancia (issued when the request committed), and no invitation to
    # another attempt after the pass.
    expect(page.locator(".resultado")).to_contain_text("Ya aprobaste esta evaluación")
    expect(page.locator(".resultado")).not_to_contain_text("Te queda")
    expect(
        page.locator(".resultado").get_by_role("link", name=re.compile("^Descargar mi constancia"))
    ).to_be_visible()
    expect(respuestas.filter(has_text="✓ Correcta")).to_have_count(3)
    captura(page, "evaluacion-03-aprobado")

    # --- The course is now complete.
    page.get_by_role("link", name="Ir al curso").click()
    expect(page).to_have_url(base + curso.url)
    expect(page.locator("#progreso-curso")).to_contain_text(texto_pasos(3, 3, 100))
    expect(page.locator(".curso-completo")).to_contain_text("Curso completado el ")
    expect(actividades.first).to_contain_text("Aprobada con 100 %")
    expect(actividades.first.locator(".estado-hecho")).to_have_text("Cumplida")
    captura(page, "evaluacion-04-curso-completado")

    intentos = Intento.objects.filter(usuario=lucia, evaluacion=evaluacion).order_by("numero")
    assert [(i.numero, i.aprobado) for i in intentos] == [(1, False), (2, True)]
    assert Inscripcion.objects.get(usuario=lucia, curso=curso).completado


def test_al_acabarse_el_tiempo_el_intento_se_entrega_solo(
    live_server, page, lucia, curso_con_evaluacion_final
):
    curso, _modulos, evaluacion = curso_con_evaluacion_final
    evaluacion.limite_minutos = 1
    evaluacion.save()
    base = live_server.url
    iniciar_sesion(page, base, curso.url)

    # Started through the service 52 seconds ago, so about eight seconds of its minute remain.
    intento, _nuevo = evaluaciones_services.intento_iniciar(
        usuario=lucia, evaluacion=evaluacion, ahora=timezone.now() - timedelta(seconds=52)
    )
    page.goto(f"{base}/aprendizaje/evaluaciones/intentos/{intento.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Intento 1")
    expect(page.locator("#aviso-tiempo")).to_contain_text("Este intento tiene tiempo límite.")
    reloj = page.get_by_role("timer")
    expect(reloj).to_be_visible()
    expect(reloj).to_have_text(re.compile(r"^0 min 0[0-9] s$"))
    expect(page.get_by_text("Tiempo restante:")).to_be_visible()
    pregunta(page, MITIGAR).get_by_label(
        "Reducir las emisiones de gases de efecto invernadero"
    ).check()
    captura(page, "evaluacion-05-tiempo-limite")

    # Nobody presses "Entregar": the page submits itself when the countdown reaches zero.
    expect(page).to_have_url(
        f"{base}/aprendizaje/evaluaciones/intentos/{intento.pk}/resultado/", timeout=20_000
    )
    expect(page.get_by_role("heading", level=2, name="No aprobado")).to_be_visible()
    expect(page.locator(".calificacion")).to_have_text(
        "Calificación: 33.33\u00a0% (1 de 3 puntos). Para aprobar se necesita 70\u00a0%."
    )
    respuestas = page.locator("ol.revision > li")
    expect(respuestas.nth(0)).to_contain_text("✓ Correcta")
    expect(respuestas.nth(1)).to_contain_text("– Sin respuesta")
    expect(respuestas.nth(2)).to_contain_text("– Sin respuesta")
    expect(page.get_by_role("main")).to_contain_text("Se acabó el tiempo")
    captura(page, "evaluacion-06-tiempo-agotado")

    # Graded as submitted, with the answer given before the deadline, not closed as expired.
    intento.refresh_from_db()
    assert intento.estado == EstadoIntento.ENTREGADO
    assert intento.entregado_en <= intento.fecha_limite + timedelta(seconds=5)
    clave_mitigar = intento.preguntas[0]["clave"]
    correcta = next(o["clave"] for o in intento.preguntas[0]["opciones"] if o["correcta"])
    assert intento.respuestas[clave_mitigar] == [correcta]
    assert sum(len(elegidas) for elegidas in intento.respuestas.values()) == 1
