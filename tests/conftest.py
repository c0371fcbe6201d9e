import pytest
from django.db import connection

from tests import factories


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests fail loudly elsewhere instead of being skipped in silence.

    `make test` deselects them with ``-m "not postgres"``; CI's PostgreSQL leg runs them.
    """
    for item in items:
        if item.get_closest_marker("postgres"):
            item.fixturenames.insert(0, "_exige_postgres")


@pytest.fixture
def _exige_postgres(django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.fail(
            "This test needs PostgreSQL: run it with DATABASE_URL=postgres://… "
            "(CI's PostgreSQL leg does), or deselect it with -m 'not postgres'."
        )


@pytest.fixture
def catalogo(db):
    return factories.CursosIndexPageFactory(parent=factories.inicio())


@pytest.fixture
def curso_y_modulos(catalogo):
    return factories.curso_con_modulos(3, catalogo=catalogo)


@pytest.fixture
def aprendiz(db):
    return factories.participante()


@pytest.fixture
def cliente_aprendiz(client, aprendiz):
    client.force_login(aprendiz)
    return client
