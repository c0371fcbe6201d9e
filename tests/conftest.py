import pytest
from django.db import connection

from cursos import services as cursos_services
from tests import factories
from tests.cuentas import ClienteConSegundoFactor


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


@pytest.fixture(autouse=True)
def _cache_vacia():
    """Each test starts with an empty cache: the database is rolled back between tests (and
    SQLite reuses ids), so sessions, users, sites and fragments cached by an earlier test
    must not leak into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    """The test client, whose ``force_login`` opens the session a sign-in with a second factor
    opens (see ``tests/cuentas.py``): staff pass the admin's check as after a real sign-in."""
    return ClienteConSegundoFactor()


@pytest.fixture
def admin_client(db, admin_user):
    cliente = ClienteConSegundoFactor()
    cliente.force_login(admin_user)
    return cliente


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
