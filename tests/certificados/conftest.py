import pytest

from tests import factories


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
