"""Racing real threads against the database, for the PostgreSQL-only concurrency tests."""

import threading

from django.db import connection, transaction

from cursos.models import Inscripcion


def en_paralelo(funciones):
    """Run the callables at the same instant, each in its own thread and DB connection.

    Returns, in order, what each returned or the exception it raised.
    """
    barrera = threading.Barrier(len(funciones))
    resultados = [None] * len(funciones)

    def correr(i, funcion):
        try:
            barrera.wait(timeout=10)
            resultados[i] = funcion()
        except Exception as exc:  # noqa: BLE001 - judged by the test
            resultados[i] = exc
        finally:
            connection.close()

    hilos = [threading.Thread(target=correr, args=(i, f)) for i, f in enumerate(funciones)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=60)
    assert not any(hilo.is_alive() for hilo in hilos), "a thread is stuck (deadlock?)"
    return resultados


def excepciones(resultados):
    return [r for r in resultados if isinstance(r, Exception)]


def espera_el_candado(*, inscripcion: Inscripcion, rival, trabajo) -> bool:
    """Whether ``trabajo`` waits for a rival request that holds the enrolment row.

    ``rival`` runs in a transaction that, after it, takes the enrolment's row lock as the
    services do and keeps it (uncommitted) while ``trabajo`` starts in another thread. Both
    end after the rival commits; any exception of either fails the calling test.
    """
    bloqueada, soltar = threading.Event(), threading.Event()
    errores = []

    def peticion_rival():
        try:
            with transaction.atomic():
                rival()
                Inscripcion.objects.select_for_update(no_key=True).get(pk=inscripcion.pk)
                bloqueada.set()
                soltar.wait(timeout=20)
        except Exception as exc:  # noqa: BLE001 - reported below
            errores.append(exc)
            bloqueada.set()
        finally:
            connection.close()

    def trabajar():
        try:
            trabajo()
        except Exception as exc:  # noqa: BLE001 - reported below
            errores.append(exc)
        finally:
            connection.close()

    hilo_rival = threading.Thread(target=peticion_rival)
    hilo_rival.start()
    assert bloqueada.wait(timeout=10)
    assert not errores, errores
    trabajador = threading.Thread(target=trabajar)
    trabajador.start()
    trabajador.join(timeout=1.5)
    espero = trabajador.is_alive()
    soltar.set()
    trabajador.join(timeout=20)
    hilo_rival.join(timeout=20)
    assert not errores, errores
    return espero
