"""The Red's rules hold when requests race: real threads, real PostgreSQL connections.

SQLite serialises every write, so these only prove something on PostgreSQL; they are marked
and run in CI's PostgreSQL leg.
"""

import datetime as dt

import pytest
from wagtail.log_actions import registry as log_registry

from red import services
from red.models import ConsentimientoDirectorio, Embajador
from tests import factories, hilos

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HILOS = 8


@pytest.fixture
def participante(toluca):
    return factories.participante(nombre_completo="Ana Toluca", municipio=toluca).participante


def test_consentimientos_simultaneos_dejan_uno_vigente(participante):
    services.embajador_designar(
        participante=participante, cargo="Directora", designado_en=dt.date(2026, 1, 10)
    )
    resultados = hilos.en_paralelo(
        [lambda: services.consentimiento_otorgar(participante=participante)] * HILOS
    )
    assert not hilos.excepciones(resultados), resultados
    vigentes = ConsentimientoDirectorio.objects.filter(
        participante=participante, retirado_en__isnull=True
    )
    assert vigentes.count() == 1
    assert ConsentimientoDirectorio.objects.count() == 1
    # Every request answers with the same consent; exactly one created it.
    assert {consentimiento.pk for consentimiento, _ in resultados} == {vigentes.get().pk}
    assert sum(1 for _, creado in resultados if creado) == 1


def test_designaciones_simultaneas_dejan_una_activa(participante, toluca):
    resultados = hilos.en_paralelo(
        [
            lambda i=i: services.embajador_designar(
                participante=participante,
                municipio=toluca,
                cargo=f"Cargo {i}",
                designado_en=dt.date(2026, 1, 10),
            )
            for i in range(HILOS)
        ]
    )
    assert Embajador.objects.activos().filter(participante=participante).count() == 1
    creadas = [r for r in resultados if isinstance(r, Embajador)]
    rechazadas = hilos.excepciones(resultados)
    assert len(creadas) == 1
    # The others lost the race and were told so in words, not with a database error.
    assert len(rechazadas) == HILOS - 1
    assert all(isinstance(error, services.YaDesignado) for error in rechazadas), rechazadas
    assert all("ya tiene una designación activa" in str(error) for error in rechazadas)


def test_concluir_a_la_vez_la_concluye_una_vez(participante):
    designacion = services.embajador_designar(
        participante=participante, cargo="Directora", designado_en=dt.date(2026, 1, 10)
    )
    resultados = hilos.en_paralelo(
        [
            lambda i=i: services.embajador_concluir(
                embajador=designacion,
                concluido_en=dt.date(2026, 6, i + 1),
                motivo=f"Motivo {i}",
            )
            for i in range(HILOS)
        ]
    )
    concluidas = [r for r in resultados if isinstance(r, Embajador)]
    rechazadas = hilos.excepciones(resultados)
    assert len(concluidas) == 1
    assert len(rechazadas) == HILOS - 1
    assert all(isinstance(error, services.DesignacionConcluida) for error in rechazadas)
    designacion.refresh_from_db()
    # The row holds the winner's date and reason, not a mix of several requests.
    assert designacion.concluido_en == concluidas[0].concluido_en
    assert designacion.motivo_conclusion == concluidas[0].motivo_conclusion
    assert (
        log_registry.get_logs_for_instance(designacion)
        .filter(action=services.ACCION_CONCLUIR)
        .count()
        == 1
    )


def test_retirar_a_la_vez_lo_retira_una_vez(participante):
    services.embajador_designar(
        participante=participante, cargo="Directora", designado_en=dt.date(2026, 1, 10)
    )
    services.consentimiento_otorgar(participante=participante)
    resultados = hilos.en_paralelo(
        [lambda: services.consentimiento_retirar(participante=participante)] * HILOS
    )
    assert not hilos.excepciones(resultados), resultados
    assert sum(1 for r in resultados if r is not None) == 1
    consentimiento = ConsentimientoDirectorio.objects.get(participante=participante)
    assert consentimiento.retirado_en is not None
