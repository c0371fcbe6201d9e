"""CSV exports must not carry formulas that a spreadsheet would run (CSV injection)."""

import csv
import io

import pytest
from django.urls import reverse

from cursos import services as cursos_services
from evaluaciones import services as evaluaciones_services
from tests import factories

pytestmark = pytest.mark.django_db

MALICIOSO = '=HYPERLINK("http://malo.example","clic")'


def _filas(respuesta) -> list[dict]:
    cuerpo = b"".join(respuesta.streaming_content) if respuesta.streaming else respuesta.content
    return list(csv.DictReader(io.StringIO(cuerpo.decode())))


def test_participantes_csv_neutraliza_formulas(admin_client):
    factories.participante(nombre_completo=MALICIOSO, cargo="+52 722 000 0000")
    filas = _filas(admin_client.get("/admin/aprendizaje/participantes/?export=csv"))
    fila = next(f for f in filas if "HYPERLINK" in f["Nombre completo"])
    assert fila["Nombre completo"] == "'" + MALICIOSO
    assert fila["Cargo"] == "'+52 722 000 0000"


def test_reporte_de_intentos_csv_neutraliza_formulas(admin_client, curso_y_modulos):
    curso, _modulos = curso_y_modulos
    pregunta = factories.pregunta(opciones=[("@SUM(1+1)", True), ("Otra", False)])
    evaluacion = factories.evaluacion(curso, preguntas=[pregunta])
    usuario = factories.participante(nombre_completo=MALICIOSO)
    cursos_services.inscripcion_crear(usuario=usuario, curso=curso)
    intento, _ = evaluaciones_services.intento_iniciar(usuario=usuario, evaluacion=evaluacion)
    evaluaciones_services.intento_entregar(
        usuario=usuario, intento_id=intento.pk, datos=factories.respuestas_correctas(intento)
    )
    respuesta = admin_client.get(reverse("evaluaciones_reportes:intentos"), {"export": "csv"})
    (fila,) = _filas(respuesta)
    assert fila["Nombre"] == "'" + MALICIOSO
    assert all(not valor.startswith(("=", "+", "-", "@")) for valor in fila.values())
