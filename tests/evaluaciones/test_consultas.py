"""Query counts of the quiz pages and actions, pinned: they must not grow with the questions.

Each request is measured on a quiz of 3 and of 30 questions (4 options each), or with 1 and
10 previous attempts, after a warm-up request like tests/test_consultas.py does (the
session, the user and its permissions then come from the cache: inicio/usuarios.py). The counts
must be equal and match the pinned number; a change in that number is a conscious decision,
made here. The counts include the SAVEPOINT/RELEASE pairs of the services' atomic blocks
(the test runs inside a transaction), which are plain BEGIN/COMMIT in production.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cursos import services as cursos_services
from cursos.models import Inscripcion
from evaluaciones import services
from tests import factories

pytestmark = pytest.mark.django_db

CHICA, GRANDE = 3, 30
RESULTADO = 3  # the result page of a submitted attempt


def _consultas(cliente, url, datos=None, *, estado=200):
    with CaptureQueriesContext(connection) as contexto:
        respuesta = cliente.get(url) if datos is None else cliente.post(url, datos)
    assert respuesta.status_code == estado, respuesta
    return len(contexto.captured_queries)


def _preguntas(n, prefijo):
    return [
        factories.pregunta(
            f"{prefijo}: pregunta {i + 1}",
            opciones=[("Correcta", True), ("Uno", False), ("Dos", False), ("Tres", False)],
        )
        for i in range(n)
    ]


def _evaluacion_inscrita(catalogo, usuario, n_preguntas, *, n_modulos=2, **reglas):
    """A course of ``n_modulos`` modules with a final quiz of ``n_preguntas``; the learner
    enrolled."""
    curso, modulos = factories.curso_con_modulos(n_modulos, catalogo=catalogo)
    evaluacion = factories.evaluacion(
        curso, preguntas=_preguntas(n_preguntas, curso.title), **reglas
    )
    cursos_services.inscripcion_crear(usuario=usuario, curso=curso)
    return evaluacion, modulos


def _iniciado(usuario, evaluacion):
    intento, _ = services.intento_iniciar(usuario=usuario, evaluacion=evaluacion)
    return intento


def _entregado(usuario, evaluacion, respuestas=factories.respuestas_incorrectas):
    intento = _iniciado(usuario, evaluacion)
    services.intento_entregar(usuario=usuario, intento_id=intento.pk, datos=respuestas(intento))
    intento.refresh_from_db()
    return intento


@pytest.fixture
def aprendiz_en_sesion(client, aprendiz):
    client.force_login(aprendiz)
    return aprendiz


def test_iniciar_no_crece_con_las_preguntas(client, catalogo, aprendiz_en_sesion):
    evaluaciones = [
        _evaluacion_inscrita(catalogo, aprendiz_en_sesion, n)[0] for n in (CHICA, CHICA, GRANDE)
    ]
    calentamiento, chica, grande = (
        reverse("evaluaciones:iniciar", args=[e.pk]) for e in evaluaciones
    )
    _consultas(client, calentamiento, {}, estado=302)
    # Two read the pool (questions, then all their options). Attempts stay out of Wagtail's
    # reference index (``wagtail_reference_index_ignore``), which cost five more per save.
    assert (
        _consultas(client, chica, {}, estado=302)
        == _consultas(client, grande, {}, estado=302)
        == 11
    )


@pytest.mark.parametrize(
    ("respuestas", "modulos_hechos", "completa", "consultas"),
    [
        pytest.param(factories.respuestas_incorrectas, True, False, 4, id="reprobada"),
        pytest.param(factories.respuestas_correctas, False, False, 10, id="aprobada-sin-completar"),
        pytest.param(
            factories.respuestas_correctas, True, True, 18, id="aprobada-completa-el-curso"
        ),
    ],
)
def test_entregar_no_crece_con_las_preguntas(
    client, catalogo, aprendiz_en_sesion, respuestas, modulos_hechos, completa, consultas
):
    envios = []
    for n in (CHICA, CHICA, GRANDE):
        evaluacion, modulos = _evaluacion_inscrita(catalogo, aprendiz_en_sesion, n)
        if modulos_hechos:
            for modulo in modulos:
                cursos_services.modulo_completar(usuario=aprendiz_en_sesion, modulo=modulo)
        intento = _iniciado(aprendiz_en_sesion, evaluacion)
        envios.append((reverse("evaluaciones:entregar", args=[intento.pk]), respuestas(intento)))
    calentamiento, chica, grande = envios
    _consultas(client, *calentamiento, estado=302)
    # A passed attempt adds the completion check (6 more: lock, course, modules, completed
    # modules…) and, when it completes the course, the activities and the enrolment's save.
    assert (
        _consultas(client, *chica, estado=302)
        == _consultas(client, *grande, estado=302)
        == consultas
    )
    completados = Inscripcion.objects.filter(
        usuario=aprendiz_en_sesion, completado_en__isnull=False
    ).count()
    assert completados == (3 if completa else 0)


def test_formulario_y_resultado_no_crecen_con_las_preguntas(client, catalogo, aprendiz_en_sesion):
    evaluaciones = [
        _evaluacion_inscrita(catalogo, aprendiz_en_sesion, n)[0] for n in (CHICA, CHICA, GRANDE)
    ]
    abiertos = [_iniciado(aprendiz_en_sesion, e) for e in evaluaciones]
    calentamiento, chica, grande = (
        reverse("evaluaciones:responder", args=[i.pk]) for i in abiertos
    )
    _consultas(client, calentamiento)
    assert _consultas(client, chica) == _consultas(client, grande) == 1

    for intento in abiertos:
        services.intento_entregar(
            usuario=aprendiz_en_sesion,
            intento_id=intento.pk,
            datos=factories.respuestas_incorrectas(intento),
        )
    calentamiento, chica, grande = (
        reverse("evaluaciones:resultado", args=[i.pk]) for i in abiertos
    )
    _consultas(client, calentamiento)
    assert _consultas(client, chica) == _consultas(client, grande) == RESULTADO


def test_pagina_de_la_evaluacion_no_crece_con_los_intentos(client, catalogo, aprendiz_en_sesion):
    calentamiento, con_uno, con_diez = (
        _evaluacion_inscrita(catalogo, aprendiz_en_sesion, CHICA, intentos_maximos=None)[0]
        for _ in range(3)
    )
    ultimos = {}
    for evaluacion, n in ((calentamiento, 1), (con_uno, 1), (con_diez, 10)):
        for _ in range(n):
            ultimos[evaluacion.pk] = _entregado(aprendiz_en_sesion, evaluacion)

    def detalle(evaluacion):
        return reverse("evaluaciones:detalle", args=[evaluacion.pk])

    def resultado(evaluacion):
        return reverse("evaluaciones:resultado", args=[ultimos[evaluacion.pk].pk])

    _consultas(client, detalle(calentamiento))
    assert _consultas(client, detalle(con_uno)) == _consultas(client, detalle(con_diez)) == 3
    _consultas(client, resultado(calentamiento))
    assert (
        _consultas(client, resultado(con_uno))
        == _consultas(client, resultado(con_diez))
        == RESULTADO
    )


def _curso_avanzado_con_evaluacion(catalogo, usuario, n_preguntas):
    """tests/test_consultas.py's advanced course (5 modules, tags, half of them done), plus a
    final quiz the learner has attempted once."""
    curso, modulos = factories.curso_con_modulos(5, catalogo=catalogo)
    curso.tags.add("Agua", "Riesgos")
    curso.save_revision().publish()
    cursos_services.inscripcion_crear(usuario=usuario, curso=curso)
    for modulo in modulos[:2]:
        cursos_services.modulo_completar(usuario=usuario, modulo=modulo)
    evaluacion = factories.evaluacion(curso, preguntas=_preguntas(n_preguntas, curso.title))
    _entregado(usuario, evaluacion)
    return curso


def test_pagina_del_curso_con_evaluacion_no_crece_con_las_preguntas(
    client, catalogo, aprendiz_en_sesion
):
    chico = _curso_avanzado_con_evaluacion(catalogo, aprendiz_en_sesion, CHICA)
    grande = _curso_avanzado_con_evaluacion(catalogo, aprendiz_en_sesion, GRANDE)
    _consultas(client, chico.url)
    _consultas(client, grande.url)  # each page's route and tags are cached on its first visit
    # One more than the course page without quizzes in tests/test_consultas.py (5): there,
    # the query for the course's quizzes finds none; here a second one reads the learner's
    # finished attempts at them (evaluaciones.selectors._previos_por_evaluacion).
    assert _consultas(client, chico.url) == _consultas(client, grande.url) == 6
