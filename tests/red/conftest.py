"""Staff of the Red for the tests: a coordinator and a liaison of Toluca, with their clients."""

import datetime as dt

import pytest

from cursos.models import Municipio
from red import roles
from red.models import Embajador, EnlaceMunicipal
from tests import factories


def _personal(nombre: str, grupo: str):
    usuario = factories.UsuarioFactory(username=nombre)
    usuario.groups.add(roles.roles_asegurar()[grupo])
    return usuario


@pytest.fixture
def toluca(db):
    return Municipio.objects.get(clave_inegi="15106")


@pytest.fixture
def ecatepec(db):
    return Municipio.objects.get(clave_inegi="15033")


@pytest.fixture
def coordinacion(db):
    return _personal("coordinacion", roles.COORDINACION)


@pytest.fixture
def enlace_toluca(toluca):
    """A municipal liaison who follows Toluca only."""
    usuario = _personal("enlace-toluca", roles.ENLACE_MUNICIPAL)
    EnlaceMunicipal.objects.create(usuario=usuario, municipio=toluca)
    return usuario


@pytest.fixture
def cliente_coordinacion(client, coordinacion):
    client.force_login(coordinacion)
    return client


@pytest.fixture
def cliente_enlace(client, enlace_toluca):
    client.force_login(enlace_toluca)
    return client


@pytest.fixture
def designar():
    """Designate a participant (a user with a profile) as ambassador of a municipality."""

    def _designar(usuario, municipio=None, **datos):
        participante = usuario.participante
        valores = {
            "participante": participante,
            "municipio": municipio or participante.municipio,
            "cargo": "Director(a) de Medio Ambiente",
            "designado_en": dt.date(2026, 1, 15),
        }
        valores.update(datos)
        return Embajador.objects.create(**valores)

    return _designar
