"""The rules hold when requests race: real threads, real PostgreSQL connections.

SQLite serialises every write, so these only prove something on PostgreSQL; they are marked
and run in CI's PostgreSQL leg (`make test-postgres`).
"""

import threading

import pytest
from django.db import connection, transaction

from cursos import services
from cursos.models import Inscripcion, ModuloCompletado
from tests import factories

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HILOS = 8


def en_paralelo(funciones):
    """Run the callables at the same instant, each in its own thread and DB connection."""
    barrera = threading.Barrier(len(funciones))
    resultados, errores = [None] * len(funciones), []

    def correr(i, funcion):
        try:
            barrera.wait(timeout=10)
            resultados[i] = funcion()
        except Exception as exc:  # noqa: BLE001 - reported to the test below
            errores.append(exc)
        finally:
            connection.close()

    hilos = [threading.Thread(target=correr, args=(i, f)) for i, f in enumerate(funciones)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=60)
    assert not errores, errores
    return resultados


def test_inscripciones_simultaneas_crean_una_sola(catalogo):
    curso, _ = factories.curso_con_modulos(2, catalogo=catalogo)
    usuario = factories.participante()
    resultados = en_paralelo(
        [lambda: services.inscripcion_crear(usuario=usuario, curso=curso)] * HILOS
    )
    assert Inscripcion.objects.filter(usuario=usuario, curso=curso).count() == 1
    assert len({inscripcion.pk for inscripcion, _ in resultados}) == 1
    assert sum(1 for _, creada in resultados if creada) == 1


def test_completar_el_mismo_modulo_a_la_vez_lo_registra_una_vez(catalogo):
    curso, modulos = factories.curso_con_modulos(1, catalogo=catalogo)
    usuario = factories.participante()
    services.inscripcion_crear(usuario=usuario, curso=curso)
    resultados = en_paralelo(
        [lambda: services.modulo_completar(usuario=usuario, modulo=modulos[0])] * HILOS
    )
    assert ModuloCompletado.objects.count() == 1
    assert sum(1 for _, creado in resultados if creado) == 1
    assert Inscripcion.objects.get(usuario=usuario).completado_en is not None


@pytest.mark.parametrize("ronda", range(5))
def test_los_ultimos_modulos_terminados_a_la_vez_completan_el_curso(catalogo, ronda):
    """Two last modules finished at the same instant: neither may miss the completion."""
    curso, modulos = factories.curso_con_modulos(4, catalogo=catalogo)
    usuario = factories.participante()
    services.inscripcion_crear(usuario=usuario, curso=curso)
    for modulo in modulos[:2]:
        services.modulo_completar(usuario=usuario, modulo=modulo)
    en_paralelo(
        [
            lambda m=m: services.modulo_completar(usuario=usuario, modulo=m)
            for m in modulos[2:] * (HILOS // 2)
        ]
    )
    inscripcion = Inscripcion.objects.get(usuario=usuario, curso=curso)
    assert inscripcion.completado_en is not None
    assert ModuloCompletado.objects.filter(inscripcion=inscripcion).count() == 4


def test_la_completitud_espera_el_candado_de_la_inscripcion(catalogo):
    """Deterministic replay of the race the stress test above can only hope to hit.

    A rival request has recorded module 2 but not committed yet, and holds the enrolment row
    as the service does. The learner finishes module 3 meanwhile. Deciding without waiting
    for the lock would see modules 1 and 3 only, conclude "not complete", and the course
    would never complete. With the lock, the decision waits and sees all three.
    """
    curso, modulos = factories.curso_con_modulos(3, catalogo=catalogo)
    usuario = factories.participante()
    inscripcion, _ = services.inscripcion_crear(usuario=usuario, curso=curso)
    services.modulo_completar(usuario=usuario, modulo=modulos[0])
    bloqueada, soltar = threading.Event(), threading.Event()
    errores = []

    def peticion_rival():
        try:
            with transaction.atomic():
                ModuloCompletado.objects.create(inscripcion=inscripcion, modulo=modulos[1])
                Inscripcion.objects.select_for_update(no_key=True).get(pk=inscripcion.pk)
                bloqueada.set()
                soltar.wait(timeout=20)
        finally:
            connection.close()

    def completar():
        try:
            services.modulo_completar(usuario=usuario, modulo=modulos[2])
        except Exception as exc:  # noqa: BLE001
            errores.append(exc)
        finally:
            connection.close()

    rival = threading.Thread(target=peticion_rival)
    rival.start()
    assert bloqueada.wait(timeout=10)
    trabajador = threading.Thread(target=completar)
    trabajador.start()
    trabajador.join(timeout=1.5)
    esperaba = trabajador.is_alive()
    soltar.set()
    trabajador.join(timeout=20)
    rival.join(timeout=20)
    assert not errores, errores
    assert esperaba, "the service decided without waiting for the enrolment's row lock"
    inscripcion.refresh_from_db()
    assert inscripcion.completado_en is not None
