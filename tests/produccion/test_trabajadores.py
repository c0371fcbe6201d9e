"""A db_worker killed with SIGKILL in the middle of a batch of 300 completions, then started
again: every certificate issued exactly once, folios contiguous, no task left behind.

django-tasks-db leaves the task the dead worker had claimed RUNNING forever; the host's
``db_worker`` (``inicio.tareas``) sees that the worker's presence (a PostgreSQL advisory lock)
is gone and puts it back in the queue.
"""

import hashlib
import signal
from pathlib import Path

import pytest

from tests.produccion.conftest import cronometro, esperar

pytestmark = pytest.mark.produccion

LOTE = 300
TAREAS = "django_tasks_database_dbtaskresult"
EMITIR = "%certificado_emitir_tarea"


def test_un_trabajador_muerto_a_media_tanda_no_duplica_ni_pierde_certificados(sitio):
    trabajadores = sitio.trabajadores
    curso = sitio.escenario["curso_lote"]["id"]
    ya_emitidos = sitio.consulta("SELECT count(*) FROM certificados_certificado")[0][0]

    # 300 learners complete the course, each in a transaction of its own: 300 certificate
    # tasks, which both workers start on while the rest are still being enqueued.
    with cronometro("300 finalizaciones (encolar)"):
        usuarios = set(sitio.sembrar("lote", str(LOTE))["usuarios"])
    inscripciones = [
        fila[0]
        for fila in sitio.consulta(
            "SELECT id FROM cursos_inscripcion WHERE curso_id = %s AND completado_en IS NOT NULL",
            [curso],
        )
    ]
    assert len(inscripciones) == LOTE

    def del_lote(condicion: str = "TRUE", parametros=()) -> list[tuple]:
        return sitio.consulta(
            f"SELECT id, status, worker_ids FROM {TAREAS} WHERE task_path LIKE %s "  # noqa: S608
            f"AND (args_kwargs -> 'args' ->> 0)::bigint = ANY(%s) AND {condicion}",
            [EMITIR, inscripciones, *parametros],
        )

    def emitidos() -> int:
        return sitio.consulta(
            "SELECT count(*) FROM certificados_certificado WHERE curso_id = %s", [curso]
        )[0][0]

    # --- Mid-batch, kill worker A while it holds a task. It may finish that task in the
    # instant before the signal lands; then start it again and retry (at most three times).
    esperar(lambda: emitidos() >= LOTE // 6, plazo=120, que="la tanda en marcha")
    victima = "trabajador-a"
    huerfana = None
    with cronometro("matar a un trabajador con una tarea en curso"):
        for intento in range(2, 5):
            esperar(
                lambda v=victima: del_lote("status = 'RUNNING' AND worker_ids ->> -1 = %s", [v]),
                plazo=60,
                cada=0.02,
                que=f"{victima} con una tarea en curso",
            )
            trabajadores.procesos[victima].matar(signal.SIGKILL)
            en_curso = del_lote("status = 'RUNNING' AND worker_ids ->> -1 = %s", [victima])
            if en_curso:
                huerfana = en_curso[0][0]
                break
            victima = f"trabajador-a-{intento}"
            trabajadores.arrancar(victima)
    assert huerfana is not None, "el trabajador nunca murió con una tarea en las manos"
    muerto = victima
    assert not trabajadores.procesos[muerto].vivo()
    pendientes = len(del_lote("status = 'READY'"))
    assert pendientes > 0, "la tanda ya había terminado: el trabajador no murió a media tanda"

    # --- A started again: at start it requeues what its dead predecessor left RUNNING.
    trabajadores.arrancar(f"{muerto}-reiniciado")
    with cronometro("terminar la tanda tras el reinicio"):
        esperar(
            lambda: not del_lote("status <> 'SUCCESSFUL'"),
            plazo=300,
            cada=0.5,
            que="todas las tareas de la tanda terminadas",
        )

    # No task anywhere is left pending, running or failed.
    estados = sitio.consulta(f"SELECT status, count(*) FROM {TAREAS} GROUP BY status")  # noqa: S608
    assert [estado for estado, _ in estados] == ["SUCCESSFUL"], estados
    tareas = del_lote()
    assert len(tareas) == LOTE  # one task per completion, none duplicated by the recovery
    # The orphan was run again by a live worker, after the dead one.
    ((_, estado, worker_ids),) = [t for t in tareas if t[0] == huerfana]
    assert estado == "SUCCESSFUL"
    assert worker_ids[0] == muerto and len(worker_ids) == 2, worker_ids

    # --- Exactly one certificate per (learner, course), each with its PDF.
    certificados = sitio.consulta(
        "SELECT usuario_id, folio, pdf, sha256 FROM certificados_certificado WHERE curso_id = %s",
        [curso],
    )
    assert len(certificados) == LOTE
    assert {c[0] for c in certificados} == usuarios
    directorio = Path(sitio.entorno["CERTIFICADOS_DIRECTORIO"])
    for _, folio, pdf, sha256 in certificados:
        assert pdf and sha256, folio
        assert hashlib.sha256((directorio / pdf).read_bytes()).hexdigest() == sha256, folio

    # --- Folios: unique, and each year's numbers contiguous from 1, as the project promises
    # (a worker killed inside the issuing transaction took no number with it).
    folios = sitio.consulta("SELECT anio, numero, folio FROM certificados_certificado")
    assert len(folios) == ya_emitidos + LOTE
    assert len({f[2] for f in folios}) == len(folios)
    for anio in {f[0] for f in folios}:
        numeros = sorted(f[1] for f in folios if f[0] == anio)
        assert numeros == list(range(1, len(numeros) + 1)), anio

    # --- Nobody was told twice that their certificate is ready.
    avisados = [
        direccion.addr_spec
        for m in sitio.buzon.mensajes
        for direccion in m["To"].addresses
        if direccion.addr_spec.endswith("@lote.example")
    ]
    assert len(avisados) == len(set(avisados))
    assert len(avisados) >= LOTE - 1  # a kill between storing the PDF and mailing loses one
