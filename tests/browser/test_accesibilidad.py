"""Every learner-facing and public page, in the states a person meets, on a 390 px phone:
axe-core finds no violation and the page does not scroll sideways.

axe-core comes bundled in axe-playwright-python (no CDN). The states: anonymous visitor, forms
with errors, a new account without a profile, enrolled, in progress (with a failed attempt and
one under way), completed with a valid certificate, and a revoked certificate.
"""

import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse

from certificados import services as certificados_services
from certificados.models import Certificado
from cursos import services as cursos_services
from evaluaciones import services as evaluaciones_services
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TELEFONO = {"width": 390, "height": 844}
# Pages known to fail, with the reason: {nombre: motivo}. Strict, like xfail(strict=True): a page
# listed here that passes fails the test, so the list only shrinks.
FALLAS_CONOCIDAS: dict[str, str] = {}
# The status a state answers with, when it is not 200.
ESTADO_HTTP = {
    "modulo-sin-sesion": 403,
    "verificar-codigo-mal-escrito": 400,
    "verificacion-no-encontrada": 400,
    "no-encontrada-404": 404,
}


def entrar(contexto, base: str, usuario) -> None:
    """Give the browser context the session of ``usuario`` (login is tested elsewhere)."""
    cliente = Client()
    cliente.force_login(usuario)
    cookie = cliente.cookies[settings.SESSION_COOKIE_NAME]
    contexto.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base}])


def aprendiz(nombre: str, correo: str):
    return factories.participante(factories.UsuarioFactory(email=correo), nombre_completo=nombre)


def completar_curso(usuario, curso, modulos, evaluacion):
    cursos_services.inscripcion_crear(usuario=usuario, curso=curso)
    for modulo in modulos:
        cursos_services.modulo_completar(usuario=usuario, modulo=modulo)
    intento, _ = evaluaciones_services.intento_iniciar(usuario=usuario, evaluacion=evaluacion)
    evaluaciones_services.intento_entregar(
        usuario=usuario, intento_id=intento.pk, datos=factories.respuestas_correctas(intento)
    )
    return intento


@pytest.fixture
def escenario(settings, live_server):
    settings.CERTIFICADOS_URL_BASE = live_server.url
    catalogo = factories.CursosIndexPageFactory(parent=factories.inicio(), title="Cursos")
    curso = factories.CursoPageFactory(
        parent=catalogo, title="Agua y municipio", resumen="Gestión del agua en lo local."
    )
    modulos = [
        factories.ModuloPageFactory(parent=curso, title=t)
        for t in ("El ciclo del agua", "Plan municipal del agua")
    ]
    curso.tags.add("Agua")
    curso.save_revision().publish()
    evaluacion = factories.evaluacion(curso, titulo="Evaluación final", intentos_maximos=3)

    sin_perfil = factories.UsuarioFactory(email="sin.perfil@toluca.example")

    inscrita = aprendiz("Inés Inscrita Ruiz", "ines@toluca.example")
    cursos_services.inscripcion_crear(usuario=inscrita, curso=curso)

    avanza = aprendiz("Abril Avanza Soto", "abril@metepec.example")
    cursos_services.inscripcion_crear(usuario=avanza, curso=curso)
    cursos_services.modulo_completar(usuario=avanza, modulo=modulos[0])
    reprobado, _ = evaluaciones_services.intento_iniciar(usuario=avanza, evaluacion=evaluacion)
    evaluaciones_services.intento_entregar(
        usuario=avanza, intento_id=reprobado.pk, datos=factories.respuestas_incorrectas(reprobado)
    )
    en_curso, _ = evaluaciones_services.intento_iniciar(usuario=avanza, evaluacion=evaluacion)

    termino = aprendiz("Teresa Terminó Vega", "teresa@zinacantepec.example")
    aprobado = completar_curso(termino, curso, modulos, evaluacion)
    certificado = Certificado.objects.get(usuario=termino, curso=curso)

    revocada = aprendiz("Rita Revocada Luna", "rita@tenancingo.example")
    completar_curso(revocada, curso, modulos, evaluacion)
    revocado = certificados_services.certificado_revocar(
        certificado=Certificado.objects.get(usuario=revocada, curso=curso),
        motivo="El registro de asistencia no corresponde a la participante.",
    )

    pendiente = factories.UsuarioFactory(email="pendiente@toluca.example", correo_confirmado=False)
    direccion = EmailAddress.objects.create(
        user=pendiente, email=pendiente.email, verified=False, primary=True
    )
    return {
        "catalogo": catalogo,
        "curso": curso,
        "modulos": modulos,
        "evaluacion": evaluacion,
        "sin_perfil": sin_perfil,
        "inscrita": inscrita,
        "avanza": avanza,
        "reprobado": reprobado,
        "en_curso": en_curso,
        "termino": termino,
        "aprobado": aprobado,
        "certificado": certificado,
        "revocada": revocada,
        "revocado": revocado,
        "clave_confirmacion": EmailConfirmationHMAC(direccion).key,
    }


def enviar_vacio(boton: str):
    """Submit a form as it is (empty or half filled) to reach its error state."""

    def accion(page):
        with page.expect_navigation():
            page.get_by_role("button", name=boton).click()

    return accion


def llenar_y_enviar(campos: dict[str, str], boton: str):
    def accion(page):
        for etiqueta, valor in campos.items():
            page.get_by_label(etiqueta, exact=True).fill(valor)
        with page.expect_navigation():
            page.get_by_role("button", name=boton).click()

    return accion


def subir_archivo_que_no_es_pdf(page):
    page.get_by_label("Archivo PDF de la constancia").set_input_files(
        {"name": "constancia.pdf", "mimeType": "application/pdf", "buffer": b"no soy un PDF"}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Comprobar archivo").click()


def estados(e) -> list[tuple[str, object, str, object]]:
    """(name, who, path, what to do on the page) for every page state a person meets."""
    curso, modulos, evaluacion = e["curso"], e["modulos"], e["evaluacion"]
    detalle = reverse("evaluaciones:detalle", args=[evaluacion.pk])
    return [
        # Anyone.
        ("inicio", None, "/", None),
        ("catalogo", None, e["catalogo"].url, None),
        ("catalogo-filtrado", None, e["catalogo"].url + "?tema=agua", None),
        ("curso-sin-sesion", None, curso.url, None),
        ("modulo-sin-sesion", None, modulos[0].url, None),
        ("verificar", None, reverse("certificados:verificar"), None),
        (
            "verificar-codigo-mal-escrito",
            None,
            reverse("certificados:verificar") + "?codigo=%25%25",
            None,
        ),
        ("verificacion-valida", None, e["certificado"].get_absolute_url(), None),
        ("verificacion-revocada", None, e["revocado"].get_absolute_url(), None),
        ("verificacion-no-encontrada", None, "/certificados/verificar/ABCD-EFGH-JKMN/", None),
        (
            "verificar-archivo-con-errores",
            None,
            reverse("certificados:verificar"),
            subir_archivo_que_no_es_pdf,
        ),
        ("red-en-cifras", None, reverse("red:cifras"), None),
        ("directorio-de-embajadores", None, reverse("red:directorio"), None),
        ("aviso-de-privacidad", None, reverse("aviso_privacidad"), None),
        ("no-encontrada-404", None, "/esta-pagina-no-existe/", None),
        # Account pages (allauth), empty and with errors.
        ("entrar", None, reverse("account_login"), None),
        (
            "entrar-con-errores",
            None,
            reverse("account_login"),
            llenar_y_enviar(
                {"Correo electrónico": "nadie@toluca.example", "Contraseña": "x"}, "Iniciar sesión"
            ),
        ),
        ("crear-cuenta", None, reverse("account_signup"), None),
        (
            "crear-cuenta-con-errores",
            None,
            reverse("account_signup"),
            llenar_y_enviar(
                {"Correo electrónico": "no-es-correo", "Contraseña": "12345678"}, "Crear cuenta"
            ),
        ),
        ("restablecer-contrasena", None, reverse("account_reset_password"), None),
        (
            "restablecer-contrasena-con-errores",
            None,
            reverse("account_reset_password"),
            enviar_vacio("Enviarme el enlace"),
        ),
        (
            "confirmar-correo",
            None,
            reverse("account_confirm_email", args=[e["clave_confirmacion"]]),
            None,
        ),
        (
            "confirmar-correo-enlace-vencido",
            None,
            reverse("account_confirm_email", args=["vencida"]),
            None,
        ),
        # A new account, before the profile.
        ("perfil-vacio", e["sin_perfil"], reverse("cursos:perfil"), None),
        (
            "perfil-con-errores",
            e["sin_perfil"],
            reverse("cursos:perfil"),
            enviar_vacio("Guardar mi perfil"),
        ),
        # Enrolled, nothing done yet.
        ("mis-cursos-inscrita", e["inscrita"], reverse("cursos:mis_cursos"), None),
        ("curso-inscrita", e["inscrita"], curso.url, None),
        ("modulo-inscrita", e["inscrita"], modulos[0].url, None),
        ("evaluacion-sin-intentos", e["inscrita"], detalle, None),
        ("mis-certificados-vacio", e["inscrita"], reverse("certificados:mis_certificados"), None),
        ("mi-perfil", e["inscrita"], reverse("cursos:perfil"), None),
        ("mis-correos", e["inscrita"], reverse("account_email"), None),
        ("cambiar-contrasena", e["inscrita"], reverse("account_change_password"), None),
        (
            "cambiar-contrasena-con-errores",
            e["inscrita"],
            reverse("account_change_password"),
            enviar_vacio("Cambiar contraseña"),
        ),
        ("cerrar-sesion", e["inscrita"], reverse("account_logout"), None),
        ("mis-datos-personales", e["inscrita"], reverse("privacidad:inicio"), None),
        # In progress: a module done, a failed attempt, another under way.
        ("mis-cursos-en-progreso", e["avanza"], reverse("cursos:mis_cursos"), None),
        ("curso-en-progreso", e["avanza"], curso.url, None),
        ("evaluacion-con-intentos", e["avanza"], detalle, None),
        (
            "intento-en-curso",
            e["avanza"],
            reverse("evaluaciones:responder", args=[e["en_curso"].pk]),
            None,
        ),
        (
            "resultado-reprobado",
            e["avanza"],
            reverse("evaluaciones:resultado", args=[e["reprobado"].pk]),
            None,
        ),
        # Completed, with a valid certificate.
        ("mis-cursos-completado", e["termino"], reverse("cursos:mis_cursos"), None),
        ("curso-completado", e["termino"], curso.url, None),
        (
            "resultado-aprobado",
            e["termino"],
            reverse("evaluaciones:resultado", args=[e["aprobado"].pk]),
            None,
        ),
        ("mis-certificados-valido", e["termino"], reverse("certificados:mis_certificados"), None),
        # A revoked certificate.
        (
            "mis-certificados-revocado",
            e["revocada"],
            reverse("certificados:mis_certificados"),
            None,
        ),
    ]


def revisar(page) -> list[str]:
    """What is wrong with the page as shown: axe-core's violations and sideways scrolling."""
    problemas = []
    ancho = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    if ancho[0] > ancho[1]:
        anchos = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5)
                .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
                     + ' → ' + Math.round(el.getBoundingClientRect().right) + ' px')"""
        )
        problemas.append(f"se desplaza de lado: {ancho[0]} px en {ancho[1]} px ({anchos})")
    resultado = Axe().run(page)
    for violacion in resultado.response["violations"]:
        nodos = [" ".join(n["target"]) for n in violacion["nodes"]][:3]
        problemas.append(f"axe {violacion['id']} ({violacion['impact']}): {nodos}")
    return problemas


def test_paginas_accesibles_y_sin_desplazamiento_lateral_en_telefono(
    live_server, navegador, escenario, subtests
):
    base = live_server.url
    contextos = {}
    revisadas = 0
    try:
        for nombre, quien, ruta, accion in estados(escenario):
            clave = quien.pk if quien else None
            if clave not in contextos:
                contexto = navegador.new_context(
                    viewport=TELEFONO, locale="es-MX", timezone_id="America/Mexico_City"
                )
                if quien:
                    entrar(contexto, base, quien)
                contextos[clave] = contexto.new_page()
            page = contextos[clave]
            with subtests.test(pagina=nombre):
                respuesta = page.goto(base + ruta)
                assert respuesta is not None
                if accion:
                    accion(page)
                assert respuesta.status == ESTADO_HTTP.get(nombre, 200), (nombre, respuesta.status)
                assert re.match(r"^\S", page.title()), f"{nombre}: sin <title>"
                problemas = revisar(page)
                revisadas += 1
                if nombre in FALLAS_CONOCIDAS:
                    assert problemas, f"{nombre} ya pasa: quítala de FALLAS_CONOCIDAS"
                else:
                    assert not problemas, f"{nombre} ({ruta}):\n  " + "\n  ".join(problemas)
    finally:
        for page in contextos.values():
            page.context.close()
    assert revisadas == len(estados(escenario))
