import pytest

from cursos import services as cursos_services
from tests import factories


@pytest.fixture
def completar(django_capture_on_commit_callbacks):
    """Complete a course for a learner the way the site does (modules through the service),
    running what commits enqueue (the certificate task, immediate in tests)."""

    def _completar(usuario, curso, modulos):
        cursos_services.inscripcion_crear(usuario=usuario, curso=curso)
        with django_capture_on_commit_callbacks(execute=True):
            for modulo in modulos:
                cursos_services.modulo_completar(usuario=usuario, modulo=modulo)
        return curso.inscripciones.get(usuario=usuario)

    return _completar


@pytest.fixture
def certificado(aprendiz, curso_y_modulos, completar):
    """The learner's issued certificate (PDF rendered) for a completed three-module course."""
    curso, modulos = curso_y_modulos
    completar(aprendiz, curso, modulos)
    return aprendiz.certificados.get()


@pytest.fixture
def otro(db):
    return factories.participante(
        factories.UsuarioFactory(), nombre_completo="Bruno Díaz Pérez", curp=""
    )
