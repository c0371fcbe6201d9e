"""/salud/, the load balancer's health check: fast, nothing sensitive, 503 on each failure."""

import json
import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import django
import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from certificados import firma
from cursos.tasks import completitud_recalcular

RAIZ = Path(__file__).resolve().parent.parent.parent
COLA_EN_BD = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _sin_nada_sensible(texto):
    for secreto in (
        django.get_version(),
        str(RAIZ),
        socket.gethostname(),
        "Traceback",
        "Error",
        "127.0.0.1",
        "pem",
    ):
        assert secreto not in texto, secreto


@pytest.mark.django_db
@override_settings(TASKS=COLA_EN_BD)
def test_sano_responde_200_en_una_consulta_sin_guardarse_en_cache(
    client, django_assert_max_num_queries
):
    completitud_recalcular.enqueue(1)  # a task just enqueued: the workers are keeping up
    with django_assert_max_num_queries(1):
        respuesta = client.get("/salud/")
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/json"
    assert "no-store" in respuesta["Cache-Control"]
    datos = respuesta.json()
    assert datos["estado"] == "ok"
    assert datos["comprobaciones"] == {
        "base_de_datos": "ok",
        "clave_de_firma": "ok",
        "tareas": "ok",
    }
    assert datos["tarea_pendiente_mas_antigua_s"] < 60
    _sin_nada_sensible(respuesta.text)
    assert client.head("/salud/").status_code == 200


@pytest.mark.django_db
def test_con_tareas_inmediatas_solo_comprueba_base_y_clave(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        respuesta = client.get("/salud/")
    assert respuesta.status_code == 200
    assert respuesta.json()["comprobaciones"] == {"base_de_datos": "ok", "clave_de_firma": "ok"}


@pytest.mark.django_db
@override_settings(TASKS=COLA_EN_BD, SALUD_ESPERA_MAXIMA_TAREAS=900)
def test_una_tarea_pendiente_vieja_da_503(client):
    """A task nobody took for an hour: the workers are down or far behind."""
    resultado = completitud_recalcular.enqueue(1)
    DBTaskResult.objects.filter(pk=resultado.id).update(
        enqueued_at=timezone.now() - timedelta(hours=1)
    )
    respuesta = client.get("/salud/")
    assert respuesta.status_code == 503
    assert "no-store" in respuesta["Cache-Control"]
    datos = respuesta.json()
    assert datos["estado"] == "falla"
    assert datos["comprobaciones"]["tareas"] == "atrasada"
    assert datos["comprobaciones"]["base_de_datos"] == "ok"
    assert 3600 <= datos["tarea_pendiente_mas_antigua_s"] < 3700
    # Finished tasks do not count, however old.
    DBTaskResult.objects.filter(pk=resultado.id).update(status="SUCCESSFUL")
    assert client.get("/salud/").status_code == 200
    # With the check turned off the age is still reported, and the host stays in the pool.
    DBTaskResult.objects.filter(pk=resultado.id).update(status="READY")
    with override_settings(SALUD_ESPERA_MAXIMA_TAREAS=0):
        respuesta = client.get("/salud/")
    assert respuesta.status_code == 200
    assert respuesta.json()["tarea_pendiente_mas_antigua_s"] >= 3600


@pytest.mark.django_db
def test_sin_clave_de_firma_da_503_sin_decir_donde_la_busca(client, tmp_path):
    falta = tmp_path / "claves" / "no-existe.pem"
    with override_settings(CERTIFICADOS_CLAVE_PRIVADA="", CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO=falta):
        respuesta = client.get("/salud/")
    assert respuesta.status_code == 503
    datos = respuesta.json()
    assert datos["estado"] == "falla"
    assert datos["comprobaciones"] == {"base_de_datos": "ok", "clave_de_firma": "falla"}
    assert str(tmp_path) not in respuesta.text
    _sin_nada_sensible(respuesta.text)
    # A damaged key is no better than none.
    dañada = tmp_path / "dañada.pem"
    dañada.write_text("-----BEGIN PRIVATE KEY-----\nno\n-----END PRIVATE KEY-----\n")
    with override_settings(
        CERTIFICADOS_CLAVE_PRIVADA="", CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO=dañada
    ):
        assert client.get("/salud/").status_code == 503
    assert client.get("/salud/").status_code == 200


@pytest.mark.django_db
def test_otro_metodo_es_405(client):
    respuesta = client.post("/salud/")
    assert respuesta.status_code == 405
    assert respuesta["Allow"] == "GET, HEAD"
    assert respuesta.json()["estado"] == "metodo_no_permitido"


def test_sin_base_de_datos_da_503_sin_revelar_el_error():
    """Production settings with a PostgreSQL server that is not there (a closed port): the
    connection is really refused, and the answer says only which check failed. The balancer
    asks over plain HTTP: /salud/ is not redirected to https."""
    programa = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/salud/', HTTP_HOST='aula.example.gob.mx')\n"
        "print(json.dumps({'status': r.status_code, 'cc': r['Cache-Control'],"
        " 'cuerpo': r.content.decode()}))\n"
    )
    entorno = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "aula.example.gob.mx",
        "DATABASE_URL": "postgres://aula:aula@127.0.0.1:1/aula_no_existe",
        "CERTIFICADOS_CLAVE_PRIVADA": firma.clave_generar_pem().decode(),
        "PYTHONPATH": f"{RAIZ}:{RAIZ / 'site'}",
    }
    resultado = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", programa],
        env=entorno,
        cwd=RAIZ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resultado.returncode == 0, resultado.stderr
    # The refusal is logged for the operators (stderr), not shown to whoever asks.
    assert "Salud: la base de datos no responde" in resultado.stderr
    respuesta = json.loads(resultado.stdout.strip().splitlines()[-1])
    assert respuesta["status"] == 503
    assert "no-store" in respuesta["cc"]
    datos = json.loads(respuesta["cuerpo"])
    assert datos["estado"] == "falla"
    assert datos["comprobaciones"] == {
        "base_de_datos": "falla",
        "clave_de_firma": "ok",
        "tareas": "falla",
    }
    _sin_nada_sensible(respuesta["cuerpo"])
    for detalle in ("psycopg", "aula_no_existe", "refused", "5432", ":1"):
        assert detalle not in respuesta["cuerpo"]
