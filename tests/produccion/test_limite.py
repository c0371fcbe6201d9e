"""The verification rate limit holds across both gunicorn workers: one count in Redis, not one
per process (with a per-process cache each worker would let LIMITE_CONSULTAS through)."""

import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
import requests

from certificados.codigos import codigo_formatear, codigo_generar
from tests.produccion.conftest import LIMITE_CONSULTAS, esperar

pytestmark = pytest.mark.produccion

CONSULTAS = 6 * LIMITE_CONSULTAS
LINEA = re.compile(r"^<(\d+)> (\d{3}) GET (\S+)$")


def test_el_limite_de_consultas_se_cumple_entre_los_dos_workers(sitio):
    cache = redis.Redis.from_url(sitio.entorno["REDIS_URL"])

    def olvidar_cuentas():
        # django-ratelimit's keys; other tests' look-ups from 127.0.0.1 must not count here,
        # nor this test's there.
        for clave in cache.scan_iter(match="*rl:*"):
            cache.delete(clave)

    # A well-formed code nobody holds: 404 while under the limit, 429 past it.
    ruta = f"/certificados/verificar/{codigo_formatear(codigo_generar())}.json"

    def consultar(_):
        # A new connection each time (no session): gunicorn hands them to either worker.
        return requests.get(sitio.base + ruta, timeout=30).status_code

    olvidar_cuentas()
    inicio = time.monotonic()
    try:
        # Eight at a time, so both sync workers are kept busy.
        with ThreadPoolExecutor(max_workers=8) as hilos:
            estados = list(hilos.map(consultar, range(CONSULTAS)))
    finally:
        olvidar_cuentas()
    duracion = time.monotonic() - inicio

    assert Counter(estados) == {404: LIMITE_CONSULTAS, 429: CONSULTAS - LIMITE_CONSULTAS}, (
        Counter(estados),
        f"{duracion:.1f} s",
    )

    # gunicorn's access log names the worker (pid) that served each request.
    def servidas():
        lineas = [LINEA.match(linea) for linea in sitio.acceso.read_text().splitlines()]
        return [m.groups()[:2] for m in lineas if m and m.group(3) == ruta]

    por_worker = esperar(
        lambda: len(servidas()) == CONSULTAS and servidas(), plazo=10, que="el registro de acceso"
    )
    pids = {pid for pid, _ in por_worker}
    assert len(pids) == 2, pids
    # Each worker turned clients away: the count they share is the one that ran out.
    rechazos = Counter(pid for pid, estado in por_worker if estado == "429")
    assert set(rechazos) == pids, rechazos
