"""Serve the course and module pages with 5 and with 50 modules; print requests per second.

Run: `make bench`, or `.venv/bin/python bench/paginas.py` (test settings by default).
It builds its own throw-away SQLite database in memory, so it never touches db.sqlite3. The
baseline is the 5-module course served in the same process; the ratio shows how the cost per
request grows with content size (query counts are pinned separately in tests/test_consultas.py).
"""

import os
import time

import entorno
from django.test import Client

PETICIONES = int(os.environ.get("BENCH_PETICIONES", "200"))


def medir(cliente, url, n=PETICIONES):
    cliente.get(url)  # warm caches like a running server
    inicio = time.perf_counter()
    for _ in range(n):
        assert cliente.get(url).status_code == 200
    return n / (time.perf_counter() - inicio)


def main():
    entorno.preparar()
    from cursos import services
    from tests import factories

    catalogo = factories.CursosIndexPageFactory(parent=factories.inicio())
    usuario = factories.participante()
    cliente = Client()
    cliente.force_login(usuario)
    filas = []
    for n in (5, 50):
        curso, modulos = factories.curso_con_modulos(n, catalogo=catalogo)
        services.inscripcion_crear(usuario=usuario, curso=curso)
        for modulo in modulos[: n // 2]:
            services.modulo_completar(usuario=usuario, modulo=modulo)
        filas.append((n, medir(cliente, curso.url), medir(cliente, modulos[n // 2].url)))

    (_, base_curso, base_modulo), *_ = filas
    print(f"{'módulos':>8} {'curso req/s':>12} {'ratio':>6} {'módulo req/s':>13} {'ratio':>6}")
    for n, curso_rps, modulo_rps in filas:
        print(
            f"{n:>8} {curso_rps:>12.1f} {curso_rps / base_curso:>6.2f} "
            f"{modulo_rps:>13.1f} {modulo_rps / base_modulo:>6.2f}"
        )


if __name__ == "__main__":
    main()
