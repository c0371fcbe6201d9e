import pytest

from cursos import services as cursos_services
from tests import factories


@pytest.fixture
def curso_con_evaluacion(curso_y_modulos):
    """A course with three modules and a required final quiz of three questions (3 attempts)."""
    curso, modulos = curso_y_modulos
    return curso, modulos, factories.evaluacion(curso)


@pytest.fixture
def inscrito(aprendiz, curso_con_evaluacion):
    cursos_services.inscripcion_crear(usuario=aprendiz, curso=curso_con_evaluacion[0])
    return aprendiz
