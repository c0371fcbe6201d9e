"""Quizzes hang from course pages: the page tree must not lose them by accident."""

import pytest

from cursos import services as cursos_services
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


def test_un_modulo_con_evaluacion_no_se_muda_a_otro_curso(admin_client, curso_y_modulos, catalogo):
    curso, modulos = curso_y_modulos
    factories.evaluacion(curso, modulo=modulos[0])
    otro, _ = factories.curso_con_modulos(1, catalogo=catalogo)
    url = f"/admin/pages/{modulos[0].pk}/move/{otro.pk}/confirm/"
    respuesta = admin_client.post(url, follow=True)
    assert "tiene una evaluación de su curso y no puede pasar a otro curso" in respuesta.text
    assert ModuloPage.objects.get(pk=modulos[0].pk).get_parent().pk == curso.pk


def test_un_modulo_con_avances_no_se_muda_pero_uno_nuevo_si(
    admin_client, curso_y_modulos, catalogo, aprendiz
):
    curso, modulos = curso_y_modulos
    cursos_services.inscripcion_crear(usuario=aprendiz, curso=curso)
    cursos_services.modulo_completar(usuario=aprendiz, modulo=modulos[0])
    otro, _ = factories.curso_con_modulos(1, catalogo=catalogo)
    respuesta = admin_client.post(
        f"/admin/pages/{modulos[0].pk}/move/{otro.pk}/confirm/", follow=True
    )
    assert "ya tiene avances registrados en su curso" in respuesta.text
    assert ModuloPage.objects.get(pk=modulos[0].pk).get_parent().pk == curso.pk
    # A module nobody has done and without a quiz can move.
    admin_client.post(f"/admin/pages/{modulos[1].pk}/move/{otro.pk}/confirm/")
    assert ModuloPage.objects.get(pk=modulos[1].pk).get_parent().pk == otro.pk
