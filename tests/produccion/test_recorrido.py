"""A learner's whole journey against the site served as in production, over real HTTP: sign up,
confirm the e-mail (read off the SMTP server production's mailer delivers to), profile,
enrolment, modules, the final quiz, then the certificate a db_worker rendered: downloaded as a
PDF and verified as valid."""

import re
from urllib.parse import urlsplit

import lxml.html
import pytest

from certificados import render
from tests.produccion.conftest import (
    TRABAJADORES,
    Navegador,
    esperar,
    opcion_por_texto,
    texto_de,
    texto_visible,
)

pytestmark = pytest.mark.produccion

CORREO = "ana.lopez@toluca.example"
CONTRASENA = "Clima-Toluca-2026!"
ENLACE_CONFIRMACION = re.compile(r"https?://\S+/cuentas/confirm-email/\S+/")


def test_de_registro_a_certificado_rendido_por_un_trabajador(sitio):
    escenario = sitio.escenario
    curso, modulos, evaluacion = (
        escenario["curso"],
        escenario["modulos"],
        escenario["evaluacion"],
    )
    nav = Navegador(sitio.base)

    # --- Sign up; production's SMTP mailer delivers the confirmation.
    r = nav.get("/cuentas/signup/")
    assert r.status_code == 200
    r = nav.enviar(r, "/cuentas/signup/", email=CORREO, password1=CONTRASENA, password2=CONTRASENA)
    assert r.status_code == 200 and urlsplit(r.url).path == "/cuentas/confirm-email/", r.url
    assert CORREO in texto_visible(r)
    correos = esperar(lambda: sitio.buzon.para(CORREO), plazo=15, que="el correo de confirmación")
    assert len(correos) == 1
    assert correos[0]["Subject"].startswith("[Aula Climática] ")
    enlaces = ENLACE_CONFIRMACION.findall(texto_de(correos[0]))
    assert len(enlaces) == 1, texto_de(correos[0])
    assert enlaces[0].startswith(sitio.base)

    # --- Confirming logs the learner in and leads to the profile.
    r = nav.get(enlaces[0])
    assert r.status_code == 200 and CORREO in texto_visible(r)
    r = nav.enviar(r, "/cuentas/confirm-email/")
    assert urlsplit(r.url).path == "/aprendizaje/perfil/", r.url
    assert "Mi perfil de participante" in texto_visible(r)
    r = nav.enviar(
        r,
        None,
        nombre_completo="Ana López Martínez",
        municipio=opcion_por_texto(r, "municipio", "Toluca"),
        dependencia="Dirección de Medio Ambiente",
        cargo="Enlace de cambio climático",
        tipo="servidor_municipal",
        acepto_aviso="on",
    )
    assert urlsplit(r.url).path == "/aprendizaje/mis-cursos/", r.url
    assert "Guardamos tu perfil." in texto_visible(r)

    # --- Enrol, then every module.
    r = nav.get(curso["url"])
    assert r.status_code == 200
    r = nav.enviar(r, f"/aprendizaje/cursos/{curso['id']}/inscripcion/")
    assert f"Te inscribiste a «{curso['titulo']}»" in texto_visible(r)
    for modulo in modulos:
        r = nav.get(modulo["url"])
        assert r.status_code == 200 and modulo["titulo"] in texto_visible(r)
        r = nav.enviar(r, f"/aprendizaje/modulos/{modulo['id']}/completar/")
        assert f"Registramos el módulo «{modulo['titulo']}» como terminado." in texto_visible(r)

    # --- The last module leads to the final quiz; it is answered right and submitted.
    assert urlsplit(r.url).path == f"/aprendizaje/evaluaciones/{evaluacion['id']}/", r.url
    r = nav.enviar(r, f"/aprendizaje/evaluaciones/{evaluacion['id']}/iniciar/")
    assert re.search(r"/aprendizaje/evaluaciones/intentos/\d+/$", r.url), r.url
    pagina = lxml.html.fromstring(r.text)
    (etiqueta,) = pagina.xpath(f'//label[normalize-space()="{evaluacion["respuesta"]}"]')
    (opcion,) = pagina.xpath(f'//input[@id="{etiqueta.get("for")}"]')
    r = nav.enviar(r, "/entregar/", **{opcion.get("name"): opcion.get("value")})
    assert re.search(r"/intentos/\d+/resultado/$", r.url), r.url
    assert "¡Aprobado!" in texto_visible(r)
    assert f"Completaste el curso «{curso['titulo']}»." in texto_visible(r)

    # --- A worker issues and renders the certificate; "Mis constancias" offers the PDF.
    def descarga():
        pagina = nav.get("/certificados/mis-certificados/")
        enlaces = lxml.html.fromstring(pagina.text).xpath(
            '//a[starts-with(normalize-space(), "Descargar PDF")]/@href'
        )
        return enlaces and (pagina, enlaces[0])

    pagina, enlace = esperar(descarga, plazo=60, cada=0.5, que="el PDF del certificado")
    ((folio, codigo, inscripcion),) = sitio.consulta(
        "SELECT c.folio, c.codigo, i.id FROM certificados_certificado c "
        "JOIN auth_user u ON u.id = c.usuario_id JOIN cursos_inscripcion i "
        "ON i.usuario_id = c.usuario_id AND i.curso_id = c.curso_id "
        "WHERE u.email = %s",
        [CORREO],
    )
    assert folio in texto_visible(pagina) and "Válida" in texto_visible(pagina)
    pdf = nav.get(enlace)
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    credencial = render.credencial_de_pdf(pdf.content)
    assert credencial["credencial"]["folio"] == folio

    # The task ran on one of the db_worker processes, not in the learner's request.
    ((estado, worker_ids),) = sitio.consulta(
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE %s AND args_kwargs -> 'args' ->> 0 = %s",
        ["%certificado_emitir_tarea", str(inscripcion)],
    )
    assert estado == "SUCCESSFUL"
    assert worker_ids and worker_ids[-1].startswith(TRABAJADORES)

    # The worker's on-commit e-mail reached the learner too.
    esperar(lambda: len(sitio.buzon.para(CORREO)) == 2, plazo=15, que="el aviso del certificado")

    # --- Anyone verifies it: the page the PDF points at says it is valid.
    url = credencial["credencial"]["verificacion"]
    assert url.startswith(sitio.base), url
    verificador = Navegador(sitio.base)
    r = verificador.get(url)
    assert r.status_code == 200
    visible = texto_visible(r)
    assert "Válida" in visible and folio in visible and curso["titulo"] in visible
    assert CORREO not in visible
    r = verificador.get(f"/certificados/verificar/{codigo}.json")
    assert r.status_code == 200 and r.json()["estado"] == "valido"
