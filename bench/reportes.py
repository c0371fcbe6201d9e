"""Time the Red's reports, the dashboard, the map and the public page on the big data.

Run: `DATABASE_URL=postgres://… make bench-reportes`, or the same variable and
`.venv/bin/python bench/reportes.py`. The database must hold the synthetic data:

    createdb -O aula aula_escala
    export DATABASE_URL=postgres://aula:aula@127.0.0.1:5432/aula_escala
    DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generar_datos_sinteticos --semilla 2026   # ~2–4 minutes

Every page is requested through Django's test ``Client``, as a coordinator (every
municipality) and then as the liaison of Toluca (its own), with the project's test settings
(DEBUG off, local-memory cache) over that database. For each page: the median and the p95
(nearest rank: with few runs, the slowest) of BENCH_REPETICIONES runs after one warm-up
(default 5; a page slower than 5 s is timed once), its SQL queries (``CaptureQueriesContext``)
and its size. The public page and the map are timed twice: «sin caché» (the cache emptied
before each request) and «con caché». CSV exports (``?export=csv``) are read to their last
byte. A filtered variant of each report (Toluca, one course, the last year) is timed too.

The baseline, measured in the same run through the same client and session: a bare view
that runs ``SELECT 1`` (``ratio`` = page / baseline). Targets: under 1 s each, and under
50 ms for the public page and the map from the cache; ``✗`` marks a miss. The users it
needs are created in a transaction rolled back at the end: the database is left as found.
A URL name that does not resolve prints «no existe aún». BENCH_CONSULTAS_LENTAS=N prints
the N slowest queries of each page that misses its target (from its counted request);
BENCH_SOLO=texto times only the pages whose name contains it (e.g. «municipios»).
"""

import os
import statistics
import sys
import time
import types
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(RAIZ), str(RAIZ / "site")]
if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    sys.exit(
        "DATABASE_URL no está definida o no es PostgreSQL (postgres://usuario:clave@host/base).\n"
        "Este benchmark mide sobre los datos de «manage.py generar_datos_sinteticos»."
    )
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, path, reverse  # noqa: E402

REPETICIONES = int(os.environ.get("BENCH_REPETICIONES", "5"))
REPETICIONES_CACHE = int(os.environ.get("BENCH_REPETICIONES_CACHE", "50"))
LENTA = 5.0  # seconds: a page this slow is timed once
META = 1.0
META_CACHE = 0.050
CONSULTAS_LENTAS = int(os.environ.get("BENCH_CONSULTAS_LENTAS", "0"))
SOLO = os.environ.get("BENCH_SOLO", "").lower()


def vista_base(request):
    """The baseline: the same middleware and session, one trivial query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok")


def _urlconf():
    from importlib import import_module

    modulo = types.ModuleType("bench_reportes_urls")
    modulo.urlpatterns = [path("bench/base/", vista_base)] + list(
        import_module(settings.ROOT_URLCONF).urlpatterns
    )
    return modulo


def _leer(respuesta) -> int:
    if respuesta.streaming:
        return sum(len(parte) for parte in respuesta.streaming_content)
    return len(respuesta.content)


def _p95(tiempos):
    ordenados = sorted(tiempos)
    return ordenados[max(0, -(-95 * len(ordenados) // 100) - 1)]  # nearest rank


class Medicion:
    def __init__(self, nombre, quien, tiempos, consultas, octetos, estado, *, meta=META):
        self.nombre, self.quien, self.octetos, self.estado = nombre, quien, octetos, estado
        # The slowest queries, to say what a page that misses its target waits for.
        self.lentas = sorted(((float(q["time"]), q["sql"]) for q in consultas), reverse=True)[
            :CONSULTAS_LENTAS
        ]
        self.consultas = len(consultas)
        self.mediana = statistics.median(tiempos)
        self.p95 = _p95(tiempos)
        self.n = len(tiempos)
        self.meta = meta


def medir(cliente, url, nombre, quien, *, repeticiones=REPETICIONES, sin_cache=False, meta=META):
    """Warm up once, count the queries of a second request, then time ``repeticiones`` more;
    a page slower than ``LENTA`` is timed (and counted) by its first request alone."""

    def pedir():
        if sin_cache:
            cache.clear()
        inicio = time.perf_counter()
        respuesta = cliente.get(url)
        octetos = _leer(respuesta)
        return time.perf_counter() - inicio, respuesta.status_code, octetos

    # Each request empties Django's query log as it starts (``request_started``): empty it
    # before counting too, or the count is off by what the log held.
    # The captured list is read from the log at once: the next request empties it.
    reset_queries()
    with CaptureQueriesContext(connection) as capturadas:
        primera, estado, octetos = pedir()
    consultas = capturadas.captured_queries
    if estado != 200 or primera > LENTA:
        return Medicion(nombre, quien, [primera], consultas, octetos, estado, meta=meta)
    reset_queries()
    with CaptureQueriesContext(connection) as capturadas:
        pedir()
    consultas = capturadas.captured_queries
    tiempos = [pedir()[0] for _ in range(repeticiones)]
    return Medicion(nombre, quien, tiempos, consultas, octetos, estado, meta=meta)


def _url(nombre, *args, consulta=""):
    try:
        return reverse(nombre, args=args) + (f"?{consulta}" if consulta else "")
    except NoReverseMatch:
        return None


def _usuarios():
    from django.contrib.auth import get_user_model

    from cursos.models import Municipio
    from red import roles
    from red.models import EnlaceMunicipal

    grupos = roles.roles_asegurar()
    Usuario = get_user_model()
    coordinacion = Usuario.objects.create(username="bench-coordinacion")
    coordinacion.groups.add(grupos[roles.COORDINACION])
    enlace = Usuario.objects.create(username="bench-enlace-toluca")
    enlace.groups.add(grupos[roles.ENLACE_MUNICIPAL])
    toluca = Municipio.objects.get(clave_inegi="15106")
    EnlaceMunicipal.objects.create(usuario=enlace, municipio=toluca)
    return coordinacion, enlace, toluca


def paginas(toluca, ecatepec, curso, desde, hasta):
    """(name, URL name, args, query string, cached?) of every page timed."""
    filtro = f"municipio={toluca.pk}&curso={curso}&fechas_from={desde}&fechas_to={hasta}"
    filtro_ev = (
        f"municipio={toluca.pk}&curso={curso}&entregado_en_from={desde}&entregado_en_to={hasta}"
    )
    reportes = [
        ("Participantes", "red_reportes:participantes", (), filtro),
        ("Avance por curso (embudo)", "red_reportes:embudo", (), filtro),
        ("Certificados", "red_reportes:certificados", (), filtro),
        ("Municipios (125)", "red_reportes:municipios", (), filtro),
        ("Resultados de evaluaciones", "evaluaciones_reportes:resultados", (), filtro_ev),
        ("Intentos (evaluaciones)", "evaluaciones_reportes:intentos", (), filtro_ev),
    ]
    filas = []
    for nombre, url, args, con_filtro in reportes:
        filas.append((nombre, url, args, "", False))
        filas.append((f"{nombre}, filtrado", url, args, con_filtro, False))
    filas += [
        ("Municipio: Toluca", "red_reportes:municipio", (toluca.pk,), "", False),
        ("Municipio: Ecatepec", "red_reportes:municipio", (ecatepec.pk,), "", False),
        ("Panel de inicio (dashboard)", "wagtailadmin_home", (), "", False),
    ]
    filas += [
        (f"CSV: {nombre}", url, args, "export=csv", False) for nombre, url, args, _ in reportes
    ]
    filas += [
        ("Mapa (admin)", "red_mapa:mapa", (), "", True),
        ("La Red en cifras (pública)", "red:cifras", (), "", True),
    ]
    return filas


def main():
    import datetime as dt

    from django.utils import timezone

    from cursos.models import CursoPage, Municipio, Participante

    if not Participante.objects.exists():
        sys.exit("La base no tiene participantes: corre «manage.py generar_datos_sinteticos».")
    print(
        f"{Participante.objects.count():,} participantes en "
        f"{connection.settings_dict['NAME']} (PostgreSQL {connection.pg_version // 10000})."
    )
    hoy = timezone.localdate()
    desde, hasta = hoy - dt.timedelta(days=365), hoy
    curso = CursoPage.objects.order_by("path").values_list("pk", flat=True).first()
    ecatepec = Municipio.objects.get(clave_inegi="15033")
    resultados = []
    with override_settings(ROOT_URLCONF=_urlconf()), transaction.atomic():
        coordinacion, enlace, toluca = _usuarios()
        clientes = []
        for quien, usuario in (("coordinación", coordinacion), ("enlace Toluca", enlace)):
            cliente = Client()
            cliente.force_login(usuario)
            clientes.append((quien, cliente))
        anonimo = Client()
        for quien, cliente in clientes:
            base = medir(cliente, "/bench/base/", "Base: vista mínima (SELECT 1)", quien)
            resultados.append((base, base))
            _imprimir(base, base, encabezado=not resultados[:-1])
            for nombre, nombre_url, args, consulta, en_cache in paginas(
                toluca, ecatepec, curso, desde, hasta
            ):
                if SOLO and SOLO not in nombre.lower():
                    continue
                if quien != "coordinación" and nombre_url == "red:cifras":
                    continue  # the same page for everyone: timed once, anonymously
                if quien != "coordinación" and args == (ecatepec.pk,):
                    continue  # not the liaison's municipality (404 by design)
                url = _url(nombre_url, *args, consulta=consulta)
                if url is None:
                    print(f"{nombre:<42} {quien:<14} no existe aún ({nombre_url})")
                    continue
                quien_pide = anonimo if nombre_url == "red:cifras" else cliente
                etiqueta = "anónimo" if nombre_url == "red:cifras" else quien
                variantes = [(nombre, False, META)]
                if en_cache:
                    variantes = [
                        (f"{nombre}, sin caché", True, META),
                        (f"{nombre}, con caché", False, META_CACHE),
                    ]
                for rotulo, sin_cache, meta in variantes:
                    medicion = medir(
                        quien_pide,
                        url,
                        rotulo,
                        etiqueta,
                        sin_cache=sin_cache,
                        meta=meta,
                        repeticiones=REPETICIONES_CACHE if meta == META_CACHE else REPETICIONES,
                    )
                    resultados.append((medicion, base))
                    _imprimir(medicion, base)
        transaction.set_rollback(True)
    fallas = [m for m, _ in resultados if m.estado != 200 or m.mediana > m.meta]
    print(
        f"\n{len(resultados)} mediciones; {len(fallas)} fuera de la meta "
        f"(1 s; 50 ms con caché) o con error."
    )


def _imprimir(m, base, *, encabezado=False):
    if encabezado:
        print(
            f"\n{'página':<42} {'como':<14} {'mediana':>9} {'p95':>9} {'n':>3} "
            f"{'consultas':>9} {'KB':>8} {'ratio':>7}  meta"
        )
    if m.estado != 200:
        print(f"{m.nombre:<42} {m.quien:<14} HTTP {m.estado}  ✗")
        return
    marca = "✓" if m.mediana <= m.meta else "✗"
    print(
        f"{m.nombre:<42} {m.quien:<14} {m.mediana * 1000:>7.1f}ms {m.p95 * 1000:>7.1f}ms "
        f"{m.n:>3} {m.consultas:>9} {m.octetos / 1024:>8.1f} {m.mediana / base.mediana:>7.1f}  "
        f"{marca}",
        flush=True,
    )
    if marca == "✗":
        for segundos, sql in m.lentas:
            print(f"    {segundos * 1000:8.1f} ms  {sql[:400]}")


if __name__ == "__main__":
    main()
