import pytest
from django.utils import timezone

from privacidad.models import AvisoPrivacidad
from red import roles
from tests import factories


@pytest.fixture
def certificado(aprendiz, curso_y_modulos, completar):
    curso, modulos = curso_y_modulos
    completar(aprendiz, curso, modulos)
    return aprendiz.certificados.get()


@pytest.fixture
def coordinacion(db):
    usuario = factories.UsuarioFactory(username="coordinacion")
    usuario.groups.add(roles.roles_asegurar()[roles.COORDINACION])
    return usuario


@pytest.fixture
def cliente_coordinacion(client, coordinacion):
    client.force_login(coordinacion)
    return client


@pytest.fixture
def publicar_aviso(db):
    """Publish a notice version (as the admin's «Publicar» does, through its revision)."""

    def _publicar(version=None, **campos):
        aviso = AvisoPrivacidad(
            titulo="Aviso de privacidad integral",
            texto="<p>Tratamos tus datos para capacitarte.</p>",
            resumen_cambios=campos.pop("resumen_cambios", "Nuevas finalidades."),
            **campos,
        )
        if version is not None:
            aviso.version = version
        aviso.save()
        aviso.save_revision().publish()
        aviso.refresh_from_db()
        return aviso

    return _publicar


def ahora():
    return timezone.now()
