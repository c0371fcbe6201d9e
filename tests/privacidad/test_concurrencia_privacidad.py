"""ARCO requests hold when requests race: real threads, real PostgreSQL connections."""

import pytest

from cursos.models import EntradaRegistro
from privacidad import services
from privacidad.models import EstadoSolicitud, SolicitudArco, TipoSolicitud
from tests import factories, hilos

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HILOS = 6


@pytest.fixture
def titular(db):
    return factories.participante(nombre_completo="Ana Carrera Simultánea")


@pytest.fixture
def coordinadores(db):
    return [factories.UsuarioFactory(username=f"coordinacion-{i}") for i in range(HILOS)]


def test_confirmaciones_simultaneas_de_una_cancelacion_la_ejecutan_una_vez(titular, coordinadores):
    solicitud = services.solicitud_crear(usuario=titular, tipo=TipoSolicitud.CANCELACION)
    resultados = hilos.en_paralelo(
        [
            lambda c=c: services.solicitud_aprobar(solicitud=solicitud, usuario=c)
            for c in coordinadores
        ]
    )
    errores = hilos.excepciones(resultados)
    assert len(errores) == HILOS - 1, resultados
    assert all(isinstance(e, services.SolicitudYaResuelta) for e in errores), errores
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.APROBADA
    ganador = next(r for r in resultados if isinstance(r, SolicitudArco))
    assert solicitud.resuelta_por_id == ganador.resuelta_por_id
    assert EntradaRegistro.objects.filter(action=services.ACCION_CANCELAR).count() == 1
    assert EntradaRegistro.objects.filter(action=services.ACCION_APROBAR).count() == 1


def test_solicitudes_simultaneas_dejan_una_pendiente(titular):
    resultados = hilos.en_paralelo(
        [lambda: services.solicitud_crear(usuario=titular, tipo=TipoSolicitud.OPOSICION)] * HILOS
    )
    errores = hilos.excepciones(resultados)
    assert len(errores) == HILOS - 1, resultados
    assert all(isinstance(e, services.SolicitudDuplicada) for e in errores), errores
    assert SolicitudArco.objects.filter(usuario=titular).count() == 1


def test_aprobar_y_rechazar_a_la_vez_resuelve_una_sola_vez(titular, coordinadores):
    solicitud = services.solicitud_crear(usuario=titular, tipo=TipoSolicitud.CANCELACION)
    resultados = hilos.en_paralelo(
        [
            lambda: services.solicitud_aprobar(solicitud=solicitud, usuario=coordinadores[0]),
            lambda: services.solicitud_rechazar(
                solicitud=solicitud, usuario=coordinadores[1], respuesta="No procede."
            ),
        ]
    )
    assert len(hilos.excepciones(resultados)) == 1, resultados
    solicitud.refresh_from_db()
    titular.refresh_from_db()
    # Either the cancellation ran entirely or not at all.
    if solicitud.estado == EstadoSolicitud.APROBADA:
        assert not titular.is_active and titular.email == ""
    else:
        assert titular.is_active and titular.email
