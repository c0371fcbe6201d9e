"""The learner pages served as in production and loaded over HTTP; ratio to a bare view.

Run: `make bench-http` (SQLite), or `.venv/bin/python bench/http.py --db postgres` with
DATABASE_URL=postgres://… naming a server where it may create (and then drop) a database of its
own, ``<name>_bench_http``. It needs Debian's `wrk` (`make bench-http` installs it).

It builds a fresh database with demo-like content (a catalogue, a ten-module course with
~11 KB lessons and a quiz, a learner enrolled half-way, an issued certificate), serves it with
gunicorn (2 sync workers) under production settings (config.settings.production, through
bench/http_ajustes.py, which only adds a bare Django view at /bench/vacia/), and loads each page
with wrk (8 connections) in several rounds, the bare view measured again in every round. It
prints req/s, p50/p99 and the ratio to the bare view per page (medians over the rounds), and
PASS/FAIL against the targets of issue 11. The machine's speed cancels out in the ratio.
"""

import importlib.machinery
import importlib.util
import os
import sys

if __name__ == "http":
    # This file's name is the standard library's http package's: when a script beside it
    # (bench/*.py, whose folder Python puts first on the import path) imports http, it gets the
    # real package, loaded from the rest of the path.
    _aqui = os.path.dirname(os.path.abspath(__file__))
    _spec = importlib.machinery.PathFinder.find_spec(
        "http", [p for p in sys.path if os.path.abspath(p or ".") != _aqui]
    )
    _real = importlib.util.module_from_spec(_spec)
    sys.modules["http"] = _real
    _spec.loader.exec_module(_real)

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlsplit, urlunsplit  # noqa: E402

RAIZ = Path(__file__).resolve().parent.parent

# page: (minimum ratio to the bare view, maximum p99 in ms or None)
OBJETIVOS = {
    "módulo (inscrito)": (0.13, None),
    "curso (inscrito)": (0.12, None),
    "curso (anónimo)": (0.15, None),
    "catálogo": (0.15, None),
    "inicio": (0.15, None),
    "verificación": (0.30, 50.0),
    "verificación JSON": (0.50, None),
}

LECCION = (
    "<p>El cambio climático en el Estado de México se manifiesta en lluvias más intensas, "
    "olas de calor y sequías prolongadas que afectan el abasto de agua, la salud y la "
    "producción de alimentos. Los gobiernos municipales pueden reducir sus emisiones con "
    "alumbrado eficiente, gestión de residuos y movilidad sostenible, y adaptarse con "
    "atlas de riesgos, protección de cuencas y planes de contingencia ante inundaciones. "
    "<b>La participación de la ciudadanía</b> es clave: sin ella, ninguna medida dura.</p>"
)


def entorno(db_url: str, tmp: Path, puerto: int, redis_url: str | None = None) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.http_ajustes",
        PYTHONPATH=os.pathsep.join([str(RAIZ / "site"), str(RAIZ)]),
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=db_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        CERTIFICADOS_URL_BASE="https://aula.example.org",
        CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO=str(tmp / "clave.pem"),
        CERTIFICADOS_DIRECTORIO=str(tmp / "certificados"),
        RED_DOCUMENTOS_DIRECTORIO=str(tmp / "designaciones"),
        MEDIA_ROOT=str(tmp / "media"),
        STATIC_ROOT=str(tmp / "static"),
        # The verification rate limit would answer 429 to a load generator.
        CERTIFICADOS_LIMITE_CONSULTAS="100000000/s",
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{puerto}",
    )
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env, *args):
    subprocess.run([sys.executable, str(RAIZ / "manage.py"), *args], env=env, check=True, cwd=RAIZ)


CARGA = r"""
import django, json, sys
django.setup()
from django.test import Client
from cursos import services
from certificados import services as cert_services
from tests import factories

leccion = sys.argv[1]
inicio = factories.inicio()
catalogo = factories.CursosIndexPageFactory(parent=inicio, title="Cursos", slug="cursos")
titulo = "Gestión municipal del agua"
curso, modulos = factories.curso_con_modulos(10, catalogo=catalogo, title=titulo)
for m in modulos:
    m.cuerpo = [("parrafo", leccion) for _ in range(22)]
    m.save_revision().publish()
curso.tags.add("Agua", "Riesgos", "Adaptación")
curso.save_revision().publish()
for _ in range(2):
    otro, _m = factories.curso_con_modulos(3, catalogo=catalogo)
    otro.tags.add("Energía")
    otro.save_revision().publish()
factories.evaluacion(curso, n_preguntas=10)
aprendiz = factories.participante()
services.inscripcion_crear(usuario=aprendiz, curso=curso)
for m in modulos[:5]:
    services.modulo_completar(usuario=aprendiz, modulo=m)
# An issued certificate: another learner who finished a one-module course.
corto, (unico,) = factories.curso_con_modulos(1, catalogo=catalogo, title="Introducción")
egresada = factories.participante()
services.inscripcion_crear(usuario=egresada, curso=corto)
services.modulo_completar(usuario=egresada, modulo=unico)
inscripcion = corto.inscripciones.get(usuario=egresada)
certificado, _ = cert_services.certificado_emitir(inscripcion=inscripcion)
cliente = Client()
cliente.force_login(aprendiz)
json.dump({
    "cookie": cliente.cookies["sessionid"].value,
    "modulo": modulos[5].url,
    "curso": curso.url,
    "catalogo": catalogo.url,
    "verificacion": certificado.get_absolute_url(),
    "json": certificado.get_absolute_url().rstrip("/") + ".json",
    "curso_lleno": len(modulos[5].cuerpo.render_as_block()),
}, sys.stdout)
"""


def cargar(env) -> dict:
    salida = subprocess.run(
        [sys.executable, "-c", CARGA, LECCION * 1],
        env=env,
        check=True,
        cwd=RAIZ,
        capture_output=True,
        text=True,
    )
    return json.loads(salida.stdout.strip().splitlines()[-1])


def esperar(url, cookie=None, intentos=100):
    for _ in range(intentos):
        try:
            return pedir(url, cookie)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise SystemExit(f"El servidor no respondió en {url}")


def pedir(url, cookie=None):
    solicitud = urllib.request.Request(url)  # noqa: S310
    if cookie:
        solicitud.add_header("Cookie", f"sessionid={cookie}")
    with urllib.request.urlopen(solicitud, timeout=60) as r:  # noqa: S310
        return r.status, r.read().decode("utf-8", "replace"), dict(r.headers)


def wrk(url, cookie, segundos, conexiones=8) -> tuple[float, float, float]:
    orden = ["wrk", "-t2", f"-c{conexiones}", f"-d{segundos}s", "--latency", url]
    if cookie:
        orden[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    texto = subprocess.run(orden, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in texto:
        raise SystemExit(f"{url} respondió errores bajo carga:\n{texto}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", texto).group(1))
    return rps, _ms(texto, "50%"), _ms(texto, "99%")


def _ms(texto, percentil):
    valor, unidad = re.search(rf"^\s+{percentil}\s+([\d.]+)(us|ms|s)\s*$", texto, re.M).groups()
    return float(valor) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unidad]


def base_postgres(url: str) -> tuple[str, str]:
    """A fresh database beside the one DATABASE_URL names: (its URL, the maintenance URL)."""
    partes = urlsplit(url)
    nombre = partes.path.lstrip("/") + "_bench_http"
    return (
        urlunsplit(partes._replace(path="/" + nombre)),
        urlunsplit(partes._replace(path="/postgres")),
    )


def recrear_postgres(mantenimiento: str, nombre: str, *, crear=True):
    import psycopg

    with psycopg.connect(mantenimiento, autocommit=True) as conexion:
        conexion.execute(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')
        if crear:
            conexion.execute(f'CREATE DATABASE "{nombre}"')


def main():
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    argumentos.add_argument("--rondas", type=int, default=3)
    argumentos.add_argument("--segundos", type=int, default=5)
    argumentos.add_argument("--puerto", type=int, default=8150)
    argumentos.add_argument(
        "--redis",
        action="store_true",
        help="shared cache on a redis-server of its own (as production with REDIS_URL); "
        "without it, each worker's local memory (production without REDIS_URL)",
    )
    opciones = argumentos.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("Falta wrk: `make bench-http` lo instala (apt-get install wrk).")

    tmp = Path(tempfile.mkdtemp(prefix="aula-bench-http-"))
    postgres = None
    if opciones.db == "postgres":
        if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            raise SystemExit("--db postgres necesita DATABASE_URL=postgres://…")
        db_url, mantenimiento = base_postgres(os.environ["DATABASE_URL"])
        postgres = (mantenimiento, urlsplit(db_url).path.lstrip("/"))
        recrear_postgres(*postgres)
    else:
        db_url = f"sqlite:///{tmp / 'db.sqlite3'}"
    redis = None
    redis_url = None
    if opciones.redis:
        if not shutil.which("redis-server"):
            raise SystemExit("--redis necesita redis-server (apt-get install redis-server).")
        puerto_redis = opciones.puerto + 1
        redis = subprocess.Popen(
            ["redis-server", "--port", str(puerto_redis), "--save", "", "--appendonly", "no"],
            cwd=tmp,
            stdout=subprocess.DEVNULL,
        )
        redis_url = f"redis://127.0.0.1:{puerto_redis}/0"
    env = entorno(db_url, tmp, opciones.puerto, redis_url)
    servidor = None
    try:
        manage(env, "crear_clave_certificados", "--si-no-existe")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        datos = cargar(env)
        servidor = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{opciones.puerto}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=RAIZ,
        )
        base = f"http://127.0.0.1:{opciones.puerto}"
        cookie = datos["cookie"]
        paginas = {
            "vista vacía": (base + "/bench/vacia/", None, "ok"),
            "módulo (inscrito)": (base + datos["modulo"], cookie, "Marcar como terminado"),
            "curso (inscrito)": (base + datos["curso"], cookie, "Tu avance"),
            "curso (anónimo)": (base + datos["curso"], None, "Crear cuenta para inscribirme"),
            "catálogo": (base + datos["catalogo"], None, "Gestión municipal del agua"),
            "inicio": (base + "/", None, '<article class="tarjeta">'),  # course cards
            "verificación": (base + datos["verificacion"], None, "Verificación de constancia"),
            "verificación JSON": (base + datos["json"], None, '"estado"'),
        }
        esperar(base + "/bench/vacia/")
        for nombre, (url, galleta, esperado) in paginas.items():
            estado, cuerpo, _ = pedir(url, galleta)
            if estado != 200 or esperado not in cuerpo:
                raise SystemExit(f"{nombre}: {url} no muestra «{esperado}» ({estado})")
            for _ in range(20):  # warm both workers' caches
                pedir(url, galleta)
        cache = "Redis" if opciones.redis else "memoria local"
        print(
            f"bench/http.py · {opciones.db} · caché {cache} · gunicorn 2 workers · "
            f"wrk 8 conexiones · {opciones.rondas} rondas de {opciones.segundos} s · lección "
            f"{datos['curso_lleno'] / 1024:.1f} KB"
        )
        resultados = {nombre: [] for nombre in paginas}
        for ronda in range(opciones.rondas):
            for nombre, (url, galleta, _) in paginas.items():
                if nombre == "vista vacía":
                    continue
                vacia_antes = wrk(paginas["vista vacía"][0], None, opciones.segundos)
                medida = wrk(url, galleta, opciones.segundos)
                resultados["vista vacía"].append(vacia_antes)
                resultados[nombre].append((*medida, medida[0] / vacia_antes[0]))
            print(f"  ronda {ronda + 1} de {opciones.rondas} lista", flush=True)
        rps_vacia = statistics.median(r[0] for r in resultados["vista vacía"])
        print(f"\n{'página':<20} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'ratio':>6}  objetivo")
        print(f"{'vista vacía':<20} {rps_vacia:>8.0f}")
        fallas = 0
        for nombre, (minimo, p99_max) in OBJETIVOS.items():
            filas = resultados[nombre]
            rps = statistics.median(f[0] for f in filas)
            p50 = statistics.median(f[1] for f in filas)
            p99 = statistics.median(f[2] for f in filas)
            ratio = statistics.median(f[3] for f in filas)
            cumple = ratio >= minimo and (p99_max is None or p99 <= p99_max)
            fallas += not cumple
            objetivo = f"≥{minimo:.2f}" + (f", p99 ≤{p99_max:.0f} ms" if p99_max else "")
            print(
                f"{nombre:<20} {rps:>8.0f} {p50:>7.1f} {p99:>7.1f} {ratio:>6.3f}  "
                f"{objetivo:<20} {'PASS' if cumple else 'FAIL'}"
            )
        print(f"\n{len(OBJETIVOS) - fallas} de {len(OBJETIVOS)} objetivos cumplidos")
    finally:
        if servidor is not None:
            servidor.send_signal(signal.SIGTERM)
            servidor.wait(timeout=30)
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=30)
        if postgres is not None:
            recrear_postgres(*postgres, crear=False)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
