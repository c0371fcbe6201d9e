"""The production leg: the site run as production runs it, driven from outside over HTTP.

One session builds it all on the PostgreSQL server of DATABASE_URL and the Redis of REDIS_URL
(CI's `.ci/run` starts Debian's redis-server): a database of its own (``<name>_produccion``,
dropped at the end), a signing key, collected static files, gunicorn with 2 sync workers under
``config.settings.production``, two ``manage.py db_worker`` processes and a local SMTP sink
(aiosmtpd) that production's SMTP mailer delivers to. Every process runs in its own process
group and is killed at teardown, whatever happened.

`make test` and `make test-postgres` deselect these tests (marker ``produccion``);
`make test-produccion` runs them.
"""

import contextlib
import email
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from email import policy
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import lxml.html
import psycopg
import pytest
import redis
import requests
from aiosmtpd.controller import Controller

RAIZ = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PUERTOS_HTTP = range(8250, 8300)
ESPERA = 60  # seconds for anything to get ready
LIMITE_CONSULTAS = 20
TRABAJADORES = ("trabajador-a", "trabajador-b")


def puerto_libre(candidatos=PUERTOS_HTTP) -> int:
    for puerto in candidatos:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", puerto))
            except OSError:
                continue
            return puerto
    raise RuntimeError(f"No hay puerto libre en {candidatos}.")


# Seconds each step of the session took, printed at the end of the run (the leg's timings).
TIEMPOS: dict[str, float] = {}


class cronometro:
    def __init__(self, paso: str):
        self.paso = paso

    def __enter__(self):
        self.inicio = time.monotonic()

    def __exit__(self, *exc):
        TIEMPOS[self.paso] = time.monotonic() - self.inicio


def pytest_terminal_summary(terminalreporter):
    if TIEMPOS:
        terminalreporter.section("tiempos de la prueba de producción")
        for paso, segundos in TIEMPOS.items():
            terminalreporter.write_line(f"{paso:<40} {segundos:7.1f} s")


def esperar(condicion, *, plazo: float = ESPERA, cada: float = 0.2, que: str = ""):
    """Poll ``condicion`` until it returns something truthy; fail after ``plazo`` seconds."""
    limite = time.monotonic() + plazo
    while True:
        valor = condicion()
        if valor:
            return valor
        if time.monotonic() > limite:
            pytest.fail(f"Tras {plazo:.0f} s no se cumplió: {que}")
        time.sleep(cada)


def cola_de(ruta: Path, lineas: int = 40) -> str:
    try:
        return "\n".join(ruta.read_text(errors="replace").splitlines()[-lineas:])
    except FileNotFoundError:
        return "(sin registro)"


# --- Processes -------------------------------------------------------------------------------


class Proceso:
    """A child in its own process group, its output in a log file."""

    def __init__(self, nombre: str, orden: list[str], *, entorno: dict, registro: Path):
        self.nombre = nombre
        self.registro = registro
        self._salida = registro.open("ab")
        self.popen = subprocess.Popen(  # noqa: S603 (our own fixed command lines)
            orden,
            cwd=RAIZ,
            env=entorno,
            stdout=self._salida,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def vivo(self) -> bool:
        return self.popen.poll() is None

    def matar(self, senal=signal.SIGKILL) -> None:
        """Send ``senal`` to the whole group, then make sure it is gone."""
        # The whole group, even if its leader is gone: gunicorn's workers outlive a dead master.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, senal)
        try:
            self.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)
        self._salida.close()

    def detener(self) -> None:
        self.matar(signal.SIGTERM)


class Trabajadores:
    """The db_worker processes, by worker id: started, killed and started again by the tests."""

    def __init__(self, entorno: dict, directorio: Path):
        self.entorno = entorno
        self.directorio = directorio
        self.procesos: dict[str, Proceso] = {}

    def arrancar(self, worker_id: str) -> Proceso:
        proceso = Proceso(
            worker_id,
            [
                str(BIN / "python"),
                "manage.py",
                "db_worker",
                "--worker-id",
                worker_id,
                "--interval",
                "0.2",
                "--no-startup-delay",
            ],
            entorno=self.entorno,
            registro=self.directorio / f"{worker_id}.log",
        )
        self.procesos[worker_id] = proceso
        return proceso

    def detener_todos(self) -> None:
        for proceso in self.procesos.values():
            proceso.detener()


# --- SMTP sink -------------------------------------------------------------------------------


class Buzon:
    """What production's SMTP mailer delivered, as parsed messages."""

    def __init__(self):
        self.mensajes: list[email.message.EmailMessage] = []
        self._cerrojo = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook)
        mensaje = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._cerrojo:
            self.mensajes.append(mensaje)
        return "250 OK"

    def para(self, destinatario: str) -> list:
        with self._cerrojo:
            return [m for m in self.mensajes if destinatario in str(m["To"])]


def texto_de(mensaje) -> str:
    return mensaje.get_body(preferencelist=("plain", "html")).get_content()


# --- The site --------------------------------------------------------------------------------


class Sitio:
    def __init__(self, *, base, entorno, bd_url, directorio, buzon, trabajadores, escenario):
        self.base = base
        self.entorno = entorno
        self.bd_url = bd_url
        self.directorio = directorio
        self.buzon = buzon
        self.trabajadores = trabajadores
        self.escenario = escenario
        self.acceso = directorio / "gunicorn-acceso.log"

    def consulta(self, sql: str, parametros=()) -> list[tuple]:
        with psycopg.connect(self.bd_url, autocommit=True) as conexion:
            return conexion.execute(sql, parametros).fetchall()

    def manage(self, *argumentos: str, plazo: float = 300) -> str:
        return ejecutar([str(BIN / "python"), "manage.py", *argumentos], self.entorno, plazo)

    def sembrar(self, *argumentos: str) -> dict:
        salida = ejecutar(
            [str(BIN / "python"), "tests/produccion/sembrar.py", *argumentos], self.entorno, 300
        )
        return json.loads(salida.strip().splitlines()[-1])


def ejecutar(orden: list[str], entorno: dict, plazo: float) -> str:
    resultado = subprocess.run(  # noqa: S603 (our own fixed command lines)
        orden, cwd=RAIZ, env=entorno, capture_output=True, text=True, timeout=plazo
    )
    if resultado.returncode != 0:
        pytest.fail(f"Falló {' '.join(orden[1:])}:\n{resultado.stdout}\n{resultado.stderr}")
    return resultado.stdout


def _url_con_base(url: str, base: str) -> str:
    partes = urlsplit(url)
    return urlunsplit(partes._replace(path="/" + base))


@pytest.fixture(scope="session")
def bd_produccion():
    """A database of its own on DATABASE_URL's server, dropped at the end."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.fail(
            "Las pruebas de producción necesitan PostgreSQL: define DATABASE_URL=postgres://… "
            "(`.ci/run` lo hace) o exclúyelas con -m 'not produccion'."
        )
    nombre = urlsplit(url).path.lstrip("/") + "_produccion"
    mantenimiento = _url_con_base(url, "postgres")  # DATABASE_URL's own may not exist yet
    with psycopg.connect(mantenimiento, autocommit=True) as conexion:
        conexion.execute(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')
        conexion.execute(f'CREATE DATABASE "{nombre}"')
    yield _url_con_base(url, nombre)
    with psycopg.connect(mantenimiento, autocommit=True) as conexion:
        conexion.execute(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.fail(
            "Las pruebas de producción necesitan Redis: define REDIS_URL=redis://… "
            "(`.ci/run` arranca redis-server y la define)."
        )
    redis.Redis.from_url(url).ping()
    return url


@pytest.fixture(scope="session")
def buzon():
    buzon = Buzon()
    controlador = Controller(buzon, hostname="127.0.0.1", port=puerto_libre(range(8290, 8300)))
    controlador.start()
    yield buzon, controlador.port
    controlador.stop()


@pytest.fixture(scope="session")
def sitio(tmp_path_factory, bd_produccion, redis_url, buzon):
    directorio = tmp_path_factory.mktemp("produccion")
    buzon, puerto_smtp = buzon
    puerto = puerto_libre()
    base = f"http://127.0.0.1:{puerto}"
    entorno = {
        clave: valor
        for clave, valor in os.environ.items()
        if not clave.startswith(("DJANGO_", "CERTIFICADOS_", "EMAIL_"))
    }
    entorno.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL=bd_produccion,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        REDIS_URL=redis_url,
        CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO=str(directorio / "claves" / "certificados.pem"),
        CERTIFICADOS_DIRECTORIO=str(directorio / "certificados"),
        RED_DOCUMENTOS_DIRECTORIO=str(directorio / "designaciones"),
        CERTIFICADOS_URL_BASE=base,
        WAGTAILADMIN_BASE_URL=base,
        CERTIFICADOS_LIMITE_CONSULTAS=f"{LIMITE_CONSULTAS}/h",
        STATIC_ROOT=str(directorio / "static"),
        MEDIA_ROOT=str(directorio / "media"),
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(puerto_smtp),
        EMAIL_USE_TLS="0",
        PYTHONUNBUFFERED="1",
    )
    preparacion = Sitio(
        base=base,
        entorno=entorno,
        bd_url=bd_produccion,
        directorio=directorio,
        buzon=buzon,
        trabajadores=None,
        escenario=None,
    )
    with cronometro("clave de firma"):
        preparacion.manage("crear_clave_certificados")
    with cronometro("migrate y collectstatic, a la vez"):
        estaticos = Proceso(
            "collectstatic",
            [str(BIN / "python"), "manage.py", "collectstatic", "--noinput"],
            entorno=entorno,
            registro=directorio / "collectstatic.log",
        )
        preparacion.manage("migrate", "--noinput")
        if estaticos.popen.wait(timeout=600) != 0:
            pytest.fail(f"Falló collectstatic:\n{cola_de(estaticos.registro)}")
    with cronometro("contenido (cursos, evaluación)"):
        escenario = preparacion.sembrar("escenario")

    gunicorn = Proceso(
        "gunicorn",
        [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            "--pythonpath",
            f"{RAIZ / 'site'},{RAIZ}",
            "--bind",
            f"127.0.0.1:{puerto}",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--timeout",
            "60",
            "--access-logfile",
            str(preparacion.acceso),
            # The serving worker's pid on every line: the rate-limit test reads it.
            "--access-logformat",
            "%(p)s %(s)s %(m)s %(U)s",
        ],
        entorno=entorno,
        registro=directorio / "gunicorn.log",
    )
    trabajadores = Trabajadores(entorno, directorio)
    try:
        for worker_id in TRABAJADORES:
            trabajadores.arrancar(worker_id)

        def listo():
            if not gunicorn.vivo():
                pytest.fail(f"gunicorn terminó:\n{cola_de(gunicorn.registro)}")
            try:
                return requests.get(base + "/", timeout=30).status_code == 200
            except (requests.ConnectionError, requests.Timeout):
                return False

        with cronometro("gunicorn listo"):
            esperar(listo, que="gunicorn responde en /")
        yield Sitio(
            base=base,
            entorno=entorno,
            bd_url=bd_produccion,
            directorio=directorio,
            buzon=buzon,
            trabajadores=trabajadores,
            escenario=escenario,
        )
    finally:
        trabajadores.detener_todos()
        gunicorn.detener()


# --- A client that speaks HTTP like a browser (cookies, forms), nothing more ------------------


class Navegador:
    """An HTTP client that keeps cookies and follows redirects as a browser does, and fills in
    a page's forms. Cookies are kept by hand: production marks them Secure, and a client
    library would not send them back over the test's plain HTTP (a proxy terminates TLS in
    front in production)."""

    def __init__(self, base: str):
        self.base = base
        self.galletas: dict[str, str] = {}
        self.http = requests.Session()  # for its connection pool only

    def _pedir(self, metodo: str, url: str, **kwargs) -> requests.Response:
        url = urljoin(self.base, url)
        for _ in range(10):
            cabeceras = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.galletas.items())}
            respuesta = self.http.request(
                metodo, url, headers=cabeceras, allow_redirects=False, timeout=60, **kwargs
            )
            self.http.cookies.clear()
            for cabecera in respuesta.raw.headers.getlist("Set-Cookie"):
                galleta = SimpleCookie()
                galleta.load(cabecera)
                for nombre, morsel in galleta.items():
                    if morsel["max-age"] == "0":  # how Django deletes a cookie
                        self.galletas.pop(nombre, None)
                    else:
                        self.galletas[nombre] = morsel.coded_value
            if not respuesta.is_redirect:
                return respuesta
            url = urljoin(respuesta.url, respuesta.headers["Location"])
            metodo, kwargs = "GET", {}
        pytest.fail(f"Demasiadas redirecciones desde {url}")

    def get(self, ruta: str) -> requests.Response:
        return self._pedir("GET", ruta)

    def enviar(self, respuesta: requests.Response, accion: str | None = None, **campos):
        """Submit the page's form whose action's path holds ``accion`` (the form without an action
        if None), with its current values updated by ``campos``; return the final response."""
        pagina = lxml.html.fromstring(respuesta.text, base_url=respuesta.url)
        for formulario in pagina.forms:
            if accion is None and formulario.get("action") is None:
                break
            if accion is not None and accion in unquote(urlsplit(formulario.action or "").path):
                break
        else:
            pytest.fail(f"No hay formulario hacia {accion!r} en {respuesta.url}")
        valores = [(n, v) for n, v in formulario.form_values() if n not in campos]
        for nombre, valor in campos.items():
            for v in valor if isinstance(valor, list) else [valor]:
                valores.append((nombre, v))
        return self._pedir("POST", formulario.action or respuesta.url, data=valores)


def opcion_por_texto(respuesta: requests.Response, nombre: str, texto: str) -> str:
    """The value of the <select name=nombre> option that reads ``texto``."""
    pagina = lxml.html.fromstring(respuesta.text)
    valores = pagina.xpath(f'//select[@name="{nombre}"]/option[normalize-space()="{texto}"]/@value')
    assert len(valores) == 1, (nombre, texto)
    return valores[0]


def texto_visible(respuesta: requests.Response) -> str:
    return re.sub(r"\s+", " ", lxml.html.fromstring(respuesta.text).text_content())
