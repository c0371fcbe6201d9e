"""Right of access: everything about the person, as JSON and as a PDF, only their own."""

import json

import pytest
from pypdf import PdfReader

from cursos.models import EntradaRegistro
from evaluaciones import services as evaluaciones_services
from privacidad import services
from tests import factories


@pytest.fixture
def con_intento(aprendiz, certificado):
    curso = certificado.curso
    evaluacion = factories.evaluacion(curso)
    intento, _ = evaluaciones_services.intento_iniciar(usuario=aprendiz, evaluacion=evaluacion)
    datos = factories.respuestas_incorrectas(intento)
    evaluaciones_services.intento_entregar(usuario=aprendiz, intento_id=intento.pk, datos=datos)
    intento.refresh_from_db()
    return intento


def test_json_con_todo_lo_que_se_guarda(cliente_aprendiz, aprendiz, certificado, con_intento):
    respuesta = cliente_aprendiz.get("/privacidad/mis-datos.json")
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"].startswith("application/json")
    assert "no-store" in respuesta["Cache-Control"]
    assert "private" in respuesta["Cache-Control"]
    assert "attachment" in respuesta["Content-Disposition"]
    datos = json.loads(respuesta.content)
    assert datos["cuenta"]["correo"] == aprendiz.email
    assert datos["perfil"]["nombre_completo"] == "Ana López Martínez"
    assert datos["perfil"]["municipio"] == "Toluca"
    assert len(datos["inscripciones"]) == 1
    assert len(datos["inscripciones"][0]["modulos_completados"]) == 3
    assert datos["certificados"][0]["folio"] == certificado.folio
    assert datos["certificados"][0]["nombre_en_el_certificado"] == "Ana López Martínez"
    intento = datos["intentos"][0]
    assert intento["aprobado"] is False
    primera = intento["preguntas"][0]
    planteada = con_intento.preguntas[0]
    assert primera["enunciado"] == planteada["enunciado"]
    elegida = con_intento.respuestas[planteada["clave"]][0]
    texto = next(o["texto"] for o in planteada["opciones"] if o["clave"] == elegida)
    assert primera["elegidas"] == [texto]
    # Which option was correct is not handed out (the quiz may hide its answers).
    assert "correcta" not in json.dumps(intento)
    assert datos["bitacora"], "the audit trail of the record is included"


def test_otra_persona_no_aparece(cliente_aprendiz, aprendiz, db):
    otra = factories.participante(nombre_completo="Bruno Díaz Pérez")
    respuesta = cliente_aprendiz.get("/privacidad/mis-datos.json")
    contenido = respuesta.content.decode()
    assert "Bruno" not in contenido
    assert otra.email not in contenido


def test_pdf_legible(cliente_aprendiz, certificado, con_intento):
    respuesta = cliente_aprendiz.get("/privacidad/mis-datos.pdf")
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/pdf"
    assert "no-store" in respuesta["Cache-Control"]
    import io

    texto = "".join(p.extract_text() for p in PdfReader(io.BytesIO(respuesta.content)).pages)
    assert "Ana López Martínez" in texto
    assert certificado.folio in texto
    assert con_intento.preguntas[0]["enunciado"] in texto


def test_descarga_queda_en_la_bitacora(cliente_aprendiz, aprendiz):
    cliente_aprendiz.get("/privacidad/mis-datos.json")
    entrada = EntradaRegistro.objects.get(action=services.ACCION_ACCESO)
    assert entrada.user_id == aprendiz.pk
    assert entrada.data == {"formato": "json"}


def test_anonimo_va_al_inicio_de_sesion(client, db):
    for url in ("/privacidad/", "/privacidad/mis-datos.json", "/privacidad/mis-datos.pdf"):
        respuesta = client.get(url)
        assert respuesta.status_code == 302
        assert "/cuentas/login/" in respuesta["Location"]


def test_metodo_equivocado_es_405(cliente_aprendiz):
    respuesta = cliente_aprendiz.post("/privacidad/mis-datos.json")
    assert respuesta.status_code == 405


def test_pagina_de_derechos(cliente_aprendiz):
    respuesta = cliente_aprendiz.get("/privacidad/")
    assert respuesta.status_code == 200
    assert "no-store" in respuesta["Cache-Control"]
    html = respuesta.content.decode()
    assert "/privacidad/mis-datos.pdf" in html
    assert "Cancelación" in html


def test_enlace_desde_el_perfil(cliente_aprendiz):
    assert "/privacidad/" in cliente_aprendiz.get("/aprendizaje/perfil/").content.decode()


def test_consultas_fijas_sin_importar_cuantos_registros(aprendiz, catalogo, completar):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from privacidad import selectors

    def contar():
        with CaptureQueriesContext(connection) as consultas:
            selectors.datos_personales(usuario=aprendiz)
        return len(consultas)

    curso, modulos = factories.curso_con_modulos(2, catalogo=catalogo, title="Uno")
    completar(aprendiz, curso, modulos)
    contar()  # content types are cached by Django after the first read
    una = contar()
    for titulo in ("Dos", "Tres"):
        curso, modulos = factories.curso_con_modulos(3, catalogo=catalogo, title=titulo)
        completar(aprendiz, curso, modulos)
        evaluacion = factories.evaluacion(curso)
        evaluaciones_services.intento_iniciar(usuario=aprendiz, evaluacion=evaluacion)
    assert contar() == una
    assert una <= 12
