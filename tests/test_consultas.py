"""Query counts that must not grow with the amount of content: pinned here.

Each page is measured with 5 and with 50 modules; the counts must be equal and must match the
pinned number (a change in that number is a conscious decision, made here).

Each page asks once which quizzes its course has (``cursos_actividades`` hook); with quizzes,
one more query reads the learner's attempts (pinned in tests/evaluaciones/test_consultas.py).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cursos import services
from tests import factories


def _consultas(cliente, url, estado=200):
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
    _consultas(client, chico.url)  # warm the site-root cache like any served request
    assert _consultas(client, chico.url) == _consultas(client, grande.url) == 19


@pytest.mark.django_db
def test_pagina_del_modulo_no_crece_con_los_modulos(client, catalogo):
    usuario = factories.participante()
    client.force_login(usuario)
    _, chicos = _curso_avanzado(catalogo, usuario, 5)
    _, grandes = _curso_avanzado(catalogo, usuario, 50)
    _consultas(client, chicos[2].url)
    assert _consultas(client, chicos[2].url) == _consultas(client, grandes[25].url) == 22


@pytest.mark.django_db
def test_mis_cursos_no_crece_con_los_cursos(client, catalogo):
    uno = factories.participante()
    varios = factories.participante()
    _curso_avanzado(catalogo, uno, 5)
    for _ in range(6):
        _curso_avanzado(catalogo, varios, 8)
    url = reverse("cursos:mis_cursos")
    client.force_login(uno)
    _consultas(client, url)
    con_uno = _consultas(client, url)
    client.force_login(varios)
    assert _consultas(client, url) == con_uno == 12


@pytest.mark.django_db
def test_catalogo_no_crece_con_los_cursos(client, catalogo):
    for _ in range(2):
        _curso_avanzado(catalogo, factories.participante(), 3)
    _consultas(client, catalogo.url)
    con_dos = _consultas(client, catalogo.url)
    for _ in range(10):
        _curso_avanzado(catalogo, factories.participante(), 3)
    assert _consultas(client, catalogo.url) == con_dos
