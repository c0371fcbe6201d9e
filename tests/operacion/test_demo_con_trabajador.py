"""`make demo` runs as production does: the site enqueues, a task worker renders certificates,
and stopping the supervisor stops both."""

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from certificados.models import Certificado
from config.settings import dev
from evaluaciones import services as evaluaciones_services
from tests import factories

RAIZ = Path(__file__).resolve().parent.parent.parent
VENV_BIN = Path(os.environ.get("VIRTUAL_ENV") or RAIZ / ".venv") / "bin"


def test_la_demo_usa_un_trabajador_de_tareas_real():
    assert dev.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


# Committed for real, as on the site: the worker's loop closes connections that are inside a
# transaction (close_old_connections), and the enqueue happens on commit.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_la_entrega_que_completa_el_curso_encola_la_constancia_sin_dibujarla(
    cliente_aprendiz, aprendiz, curso_y_modulos, completar
):
    """Under the demo's task backend the learner's request only enqueues: the certificate is
    issued and drawn by `db_worker`, afterwards."""
    curso, modulos = curso_y_modulos
    evaluacion = factories.evaluacion(curso)
    completar(aprendiz, curso, modulos)  # the final quiz is still to pass
    intento, _ = evaluaciones_services.intento_iniciar(usuario=aprendiz, evaluacion=evaluacion)
    with override_settings(TASKS=dev.TASKS):
        respuesta = cliente_aprendiz.post(
            reverse("evaluaciones:entregar", args=[intento.pk]),
            factories.respuestas_correctas(intento),
        )
        assert respuesta.status_code == 302, respuesta.content[:500]
        inscripcion = curso.inscripciones.get(usuario=aprendiz)
        assert inscripcion.completado
        # Nothing was issued or rendered inside the request…
        assert not Certificado.objects.filter(usuario=aprendiz).exists()
        pendiente = DBTaskResult.objects.get(
            task_path="certificados.tasks.certificado_emitir_tarea"
        )
        assert pendiente.status == "READY"
        assert pendiente.args_kwargs["args"] == [inscripcion.pk]
        # …until a worker takes the task.
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    pendiente.refresh_from_db()
    assert pendiente.status == "SUCCESSFUL"
    certificado = Certificado.objects.get(usuario=aprendiz, curso=curso)
    assert certificado.listo and certificado.pdf.open("rb").read(5) == b"%PDF-"


def test_detener_la_demo_detiene_el_sitio_y_el_trabajador(tmp_path):
    """honcho runs Procfile.dev (what `make demo` starts); one Ctrl-C stops every process."""
    base = tmp_path / "demo.sqlite3"
    entorno = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)},
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{base}",
        "PATH": f"{VENV_BIN}:{os.environ['PATH']}",
    }
    subprocess.run(  # noqa: S603 - our own manage.py
        [VENV_BIN / "python", RAIZ / "manage.py", "migrate", "--noinput", "-v0"],
        env=entorno,
        check=True,
        timeout=300,
        capture_output=True,
    )
    puerto = 8200 + os.getpid() % 40
    honcho = subprocess.Popen(  # noqa: S603
        [VENV_BIN / "honcho", "-f", "Procfile.dev", "start", "-p", str(puerto)],
        cwd=RAIZ,
        env=entorno,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        _esperar_respuesta(f"http://127.0.0.1:{puerto}/aviso-de-privacidad/", honcho)
        hijos = _descendientes(honcho.pid)
        comandos = " ".join(_comando(p) for p in hijos)
        assert "runserver" in comandos and "db_worker" in comandos, comandos
        honcho.send_signal(signal.SIGINT)  # what Ctrl-C sends
        salida, _ = honcho.communicate(timeout=30)
        assert honcho.returncode is not None
        time.sleep(0.5)
        vivos = [p for p in hijos if Path(f"/proc/{p}").exists() and _comando(p)]
        assert not vivos, f"siguen vivos: {[_comando(p) for p in vivos]}\n{salida}"
    finally:
        if honcho.poll() is None:
            os.killpg(honcho.pid, signal.SIGKILL)


def _esperar_respuesta(url, proceso, plazo=60):
    limite = time.monotonic() + plazo
    while time.monotonic() < limite:
        assert proceso.poll() is None, proceso.stdout.read()
        try:
            with urllib.request.urlopen(url, timeout=5) as respuesta:  # noqa: S310 - local URL
                assert respuesta.status == 200
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} no respondió en {plazo} s")


def _descendientes(pid):
    hijos = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    todos = []
    for hijo in map(int, hijos):
        todos.append(hijo)
        todos.extend(_descendientes(hijo))
    return todos


def _comando(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""
