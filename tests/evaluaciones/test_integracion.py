"""Quizzes hang from course pages: the page tree must not lose them by accident."""

import pytest

from cursos.models import CursoPage, ModuloPage
from tests import factories

pytestmark = pytest.mark.django_db


def test_no_se_elimina_un_curso_con_evaluaciones(admin_client, curso_y_modulos):
    curso, _modulos = curso_y_modulos
    factories.evaluacion(curso)
    respuesta = admin_client.post(f"/admin/pages/{curso.pk}/delete/", follow=True)
    assert respuesta.status_code == 200
    assert "tiene evaluaciones y no puede eliminarse" in respuesta.text
    assert CursoPage.objects.filter(pk=curso.pk).exists()


def test_no_se_elimina_un_modulo_con_evaluacion(admin_client, curso_y_modulos):
    curso, modulos = curso_y_modulos
    factories.evaluacion(curso, modulo=modulos[1])
    respuesta = admin_client.post(f"/admin/pages/{modulos[1].pk}/delete/", follow=True)
    assert "tiene evaluaciones y no puede eliminarse" in respuesta.text
    assert ModuloPage.objects.filter(pk=modulos[1].pk).exists()
    # A sibling module without quizzes can still go.
    admin_client.post(f"/admin/pages/{modulos[0].pk}/delete/")
    assert not ModuloPage.objects.filter(pk=modulos[0].pk).exists()
