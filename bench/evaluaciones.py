"""Start and submit quiz attempts with 3 and with 30 questions; print attempts per second.

Run: `make bench`, or `.venv/bin/python bench/evaluaciones.py` (test settings by default).
Like bench/paginas.py it builds a throw-away SQLite database in memory. Each round is a full
learner round trip through the views: POST start, GET the form, POST the answers, GET the
result. The baseline is the 3-question quiz in the same process; the ratio shows how the cost
of an attempt grows with its size (query counts are pinned in tests/evaluaciones/).
"""

import os
import time

import entorno
from django.test import Client
from django.urls import reverse

RONDAS = int(os.environ.get("BENCH_RONDAS", "60"))


def ronda(cliente, evaluacion):
    from evaluaciones.models import Intento
    from tests import factories

    inicio = cliente.post(reverse("evaluaciones:iniciar", args=[evaluacion.pk]))
    assert inicio.status_code == 302, inicio.status_code
    assert cliente.get(inicio.url).status_code == 200
    intento = Intento.objects.filter(evaluacion=evaluacion).latest("numero")
    entrega = cliente.post(
        reverse("evaluaciones:entregar", args=[intento.pk]),
        factories.respuestas_incorrectas(intento),
    )
    assert entrega.status_code == 302, entrega.status_code
    assert cliente.get(entrega.url).status_code == 200


def medir(cliente, evaluacion, n=RONDAS):
    ronda(cliente, evaluacion)  # warm caches like a running server
    inicio = time.perf_counter()
    for _ in range(n):
        ronda(cliente, evaluacion)
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
    for n in (3, 30):
        curso, _ = factories.curso_con_modulos(2, catalogo=catalogo)
        services.inscripcion_crear(usuario=usuario, curso=curso)
        evaluacion = factories.evaluacion(
            curso, n_preguntas=n, intentos_maximos=None, barajar_opciones=True
        )
        filas.append((n, medir(cliente, evaluacion)))

    (_, base), *_ = filas
    print(f"{'preguntas':>9} {'intentos/s':>11} {'ratio':>6}")
    for n, rps in filas:
        print(f"{n:>9} {rps:>11.1f} {rps / base:>6.2f}")


if __name__ == "__main__":
    main()
