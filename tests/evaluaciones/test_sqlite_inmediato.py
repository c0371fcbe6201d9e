"""Two starts of one attempt at the same instant on SQLite, the database of `make demo`.

Real threads, real requests and a real database file (an in-memory test database shares one
cache, whose table locks behave differently). With deferred transactions both requests read,
then both try to write: SQLite refuses one at once with "database is locked" (a 500). With
``transaction_mode = IMMEDIATE`` the second waits for the first and resumes its attempt.
"""

from __future__ import annotations

import sqlite3

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client

from cursos import services as cursos_services
from evaluaciones.models import Intento
from tests import factories
from tests.hilos import en_paralelo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HILOS = 4
RONDAS = 3


def test_la_configuracion_de_sqlite_toma_el_candado_al_empezar():
    opciones = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert opciones.get("transaction_mode") == "IMMEDIATE"


@pytest.fixture
def base_en_archivo(tmp_path, monkeypatch):
    """Threads opened from here on use a copy of the test database in a file."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL's row locks are tested in test_concurrencia.py")

    def copiar():
        archivo = tmp_path / "aula.sqlite3"
        connection.ensure_connection()
        destino = sqlite3.connect(archivo)
        connection.connection.backup(destino)
        destino.close()
        ajustes = {**connections.settings["default"], "NAME": str(archivo)}
        monkeypatch.setitem(connections.settings, "default", ajustes)
        return archivo

    return copiar


def test_dos_inicios_a_la_vez_no_bloquean_la_base(curso_y_modulos, base_en_archivo):
    curso, _ = curso_y_modulos
    evaluaciones = [factories.evaluacion(curso, intentos_maximos=1) for _ in range(RONDAS)]
    aprendiz = factories.participante()
    cursos_services.inscripcion_crear(usuario=aprendiz, curso=curso)
    clientes = []
    for _ in range(HILOS):
        cliente = Client(raise_request_exception=False)
        cliente.force_login(aprendiz)
        clientes.append(cliente)
    base_en_archivo()

    for evaluacion in evaluaciones:
        url = f"/aprendizaje/evaluaciones/{evaluacion.pk}/iniciar/"
        respuestas = en_paralelo([lambda c=c, url=url: c.post(url) for c in clientes])
        assert [getattr(r, "status_code", r) for r in respuestas] == [302] * HILOS
        destinos = {r["Location"] for r in respuestas}
        assert len(destinos) == 1, "every request resumes the same attempt"

    (cuantos,) = en_paralelo([lambda: Intento.objects.filter(usuario=aprendiz).count()])
    assert cuantos == RONDAS
