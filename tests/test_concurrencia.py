"""The rules hold when requests race: real threads, real PostgreSQL connections.

SQLite serialises every write, so these only prove something on PostgreSQL; they are marked
and run in CI's PostgreSQL leg (`make test-postgres`).
"""

import pytest

from cursos import services
from cursos.models import Inscripcion, ModuloCompletado
from tests import factories, hilos

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HILOS = 8


def en_paralelo(funciones):
    """Race the callables (``tests.hilos``); none of them may raise."""
    resultados = hilos.en_paralelo(funciones)
    assert not hilos.excepciones(resultados), resultados
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

    def registrar_el_modulo_2():
        ModuloCompletado.objects.create(inscripcion=inscripcion, modulo=modulos[1])

    esperaba = hilos.espera_el_candado(
        inscripcion=inscripcion,
        rival=registrar_el_modulo_2,
        trabajo=lambda: services.modulo_completar(usuario=usuario, modulo=modulos[2]),
    )
    assert esperaba, "the service decided without waiting for the enrolment's row lock"
    inscripcion.refresh_from_db()
    assert inscripcion.completado_en is not None
