"""Recovery of tasks a dead worker left RUNNING (``inicio.tareas``): which are requeued, which
failed, which are left alone. The whole story with real processes killed by SIGKILL is in
tests/produccion/test_trabajadores.py."""

from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from inicio import tareas


def en_curso(*worker_ids: str, hace: timedelta = timedelta(0)) -> DBTaskResult:
    """A task claimed (RUNNING) by ``worker_ids[-1]``, after the others died holding it."""
    return DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="certificados.tasks.certificado_emitir_tarea",
        backend_name="default",
        run_after=get_date_max(),
        started_at=timezone.now() - hace,
        worker_ids=list(worker_ids),
    )


@pytest.mark.postgres
@pytest.mark.django_db
def test_se_reencola_la_tarea_de_un_trabajador_sin_presencia(settings):
    settings.TAREAS_INTENTOS_MAXIMOS = 3
    viva = en_curso("vivo")
    huerfana = en_curso("muerto")
    agotada = en_curso("a", "b", "c")
    terminada = en_curso("muerto")
    DBTaskResult.objects.filter(pk=terminada.pk).update(status="SUCCESSFUL")
    # The live worker holds its presence on a connection of its own, as Vigia does.
    presencia = connections.create_connection("default")
    try:
        with presencia.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [tareas.clave_presencia("vivo")])
        assert tareas.tareas_huerfanas_recuperar() == (1, 1)
        viva.refresh_from_db()
        assert viva.status == "RUNNING" and viva.started_at is not None
    finally:
        presencia.close()

    huerfana.refresh_from_db()
    assert huerfana.status == "READY" and huerfana.started_at is None
    assert huerfana.worker_ids == ["muerto"]  # the history stays: it counts the attempts
    agotada.refresh_from_db()
    assert agotada.status == "FAILED" and agotada.finished_at is not None
    assert agotada.exception_class_path == "inicio.tareas.TrabajadorPerdido"
    assert "a, b, c" in agotada.traceback
    terminada.refresh_from_db()
    assert terminada.status == "SUCCESSFUL"

    # Its worker gone too (the connection closed), the last one is requeued; nothing else moves.
    assert tareas.tareas_huerfanas_recuperar() == (1, 0)
    viva.refresh_from_db()
    assert viva.status == "READY"
    assert tareas.tareas_huerfanas_recuperar() == (0, 0)


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="en PostgreSQL decide la presencia, no la duración (prueba anterior)",
)
@pytest.mark.django_db
def test_sin_postgres_una_tarea_en_curso_demasiado_tiempo_se_reencola(settings):
    settings.TAREAS_DURACION_MAXIMA = 600
    reciente = en_curso("x", hace=timedelta(seconds=30))
    vieja = en_curso("y", hace=timedelta(seconds=601))
    assert tareas.tareas_huerfanas_recuperar() == (1, 0)
    reciente.refresh_from_db()
    vieja.refresh_from_db()
    assert reciente.status == "RUNNING"
    assert vieja.status == "READY"
