"""Query counts that must not grow with the amount of content: pinned here.

Each page is measured with 5 and with 50 modules; the counts must be equal and must match the
pinned number (a change in that number is a conscious decision, made here).

Each page asks once which quizzes its course has (``cursos_actividades`` hook); with quizzes,
one more query reads the learner's attempts (pinned in tests/evaluaciones/test_consultas.py).

Counts are those of a running server: each URL is requested once first, which fills the
caches a first visit fills (the signed-in user and its permissions, the site, the page's route,
what a published revision renders the same for everyone). The budget of issue 11: at most 8
queries for any learner page, whatever the content size. What those caches must never do
(serve stale content, or one learner's state to another) is tested in tests/test_cache.py.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cursos import services
from tests import factories

PRESUPUESTO = 8


def _consultas(cliente, url, estado=200, *, calentar=True):
    if calentar:
        cliente.get(url)
    with CaptureQueriesContext(connection) as contexto:
        respuesta = cliente.get(url)
    assert respuesta.status_code == estado
    return len(contexto.captured_queries)


def _curso_avanzado(catalogo, usuario, n):
    curso, modulos = factories.curso_con_modulos(n, catalogo=catalogo)
    curso.tags.add("Agua", "Riesgos")
    curso.save_revision().publish()
    services.inscripcion_crear(usuario=usuario, curso=curso)
    for modulo in modulos[: n // 2]:
        services.modulo_completar(usuario=usuario, modulo=modulo)
    return curso, modulos


@pytest.mark.django_db
def test_pagina_del_curso_no_crece_con_los_modulos(client, catalogo):
    usuario = factories.participante()
    client.force_login(usuario)
    chico, _ = _curso_avanzado(catalogo, usuario, 5)
    grande, _ = _curso_avanzado(catalogo, usuario, 50)
    # The page, its view restrictions, the enrolment with its finished modules (one join),
    # the modules, the course's quizzes.
    assert _consultas(client, chico.url) == _consultas(client, grande.url) == 5 <= PRESUPUESTO


@pytest.mark.django_db
def test_pagina_del_modulo_no_crece_con_los_modulos(client, catalogo):
    usuario = factories.participante()
    client.force_login(usuario)
    _, chicos = _curso_avanzado(catalogo, usuario, 5)
    _, grandes = _curso_avanzado(catalogo, usuario, 50)
    # The page, its view restrictions, its course, the enrolment with its finished modules
    # (one join), the modules, the course's quizzes.
    assert (
        _consultas(client, chicos[2].url) == _consultas(client, grandes[25].url) == 6 <= PRESUPUESTO
    )


@pytest.mark.django_db
def test_mis_cursos_no_crece_con_los_cursos(client, catalogo):
    uno = factories.participante()
    varios = factories.participante()
    _curso_avanzado(catalogo, uno, 5)
    for _ in range(6):
        _curso_avanzado(catalogo, varios, 8)
    url = reverse("cursos:mis_cursos")
    client.force_login(uno)
    con_uno = _consultas(client, url)
    client.force_login(varios)
    assert _consultas(client, url) == con_uno == 6 <= PRESUPUESTO


@pytest.mark.django_db
def test_catalogo_no_crece_con_los_cursos(client, catalogo):
    for _ in range(2):
        _curso_avanzado(catalogo, factories.participante(), 3)
    con_dos = _consultas(client, catalogo.url)
    for _ in range(10):
        _curso_avanzado(catalogo, factories.participante(), 3)
    assert _consultas(client, catalogo.url) == con_dos == 6 <= PRESUPUESTO
