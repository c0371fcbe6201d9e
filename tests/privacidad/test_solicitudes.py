"""Requests: received with their deadline, one pending per kind, only the person's own."""

import datetime as dt

import pytest
from django.db import IntegrityError

from privacidad import plazos, services
from privacidad.models import EstadoSolicitud, SolicitudArco, TipoSolicitud
from tests import factories


def test_solicitud_con_plazo_legal(cliente_aprendiz, aprendiz):
    respuesta = cliente_aprendiz.post(
        "/privacidad/solicitudes/",
        {"tipo": "oposicion", "detalle": "No usen mi cargo en informes."},
    )
    solicitud = SolicitudArco.objects.get()
    assert respuesta.status_code == 302
    assert respuesta["Location"] == f"/privacidad/solicitudes/{solicitud.pk}/"
    assert solicitud.usuario == aprendiz
    assert solicitud.estado == EstadoSolicitud.PENDIENTE
    recibida = solicitud.recibida_en.astimezone(dt.UTC).date()
    assert solicitud.vence_el >= plazos.fecha_limite(recibida) - dt.timedelta(days=1)
    assert plazos.dias_habiles_entre(dt.date.today(), solicitud.vence_el) in range(19, 21)
    detalle = cliente_aprendiz.get(respuesta["Location"])
    assert detalle.status_code == 200
    assert "No usen mi cargo" in detalle.content.decode()


def test_segunda_solicitud_igual_es_409_y_no_guarda(cliente_aprendiz):
    cliente_aprendiz.post("/privacidad/solicitudes/", {"tipo": "oposicion"})
    respuesta = cliente_aprendiz.post("/privacidad/solicitudes/", {"tipo": "oposicion"})
    assert respuesta.status_code == 409
    assert "Ya tienes una solicitud" in respuesta.content.decode()
    assert SolicitudArco.objects.count() == 1


def test_la_restriccion_sostiene_sin_el_servicio(aprendiz):
    services.solicitud_crear(usuario=aprendiz, tipo=TipoSolicitud.CANCELACION)
    with pytest.raises(IntegrityError):
        SolicitudArco.objects.create(
            usuario=aprendiz, tipo=TipoSolicitud.CANCELACION, vence_el=dt.date.today()
        )


def test_cancelacion_exige_confirmar(cliente_aprendiz):
    respuesta = cliente_aprendiz.post("/privacidad/solicitudes/", {"tipo": "cancelacion"})
    assert respuesta.status_code == 400
    assert "Marca la casilla" in respuesta.content.decode()
    assert not SolicitudArco.objects.exists()


@pytest.mark.parametrize(
    "datos",
    [{"tipo": "acceso"}, {"tipo": ""}, {}, {"tipo": "oposicion", "detalle": "x" * 2001}],
)
def test_entradas_invalidas_son_400(cliente_aprendiz, datos):
    respuesta = cliente_aprendiz.post("/privacidad/solicitudes/", datos)
    assert respuesta.status_code == 400
    assert not SolicitudArco.objects.exists()


def test_solicitud_ajena_es_404(cliente_aprendiz, db):
    otra = factories.participante(nombre_completo="Bruno Díaz Pérez")
    ajena = services.solicitud_crear(usuario=otra, tipo=TipoSolicitud.OPOSICION)
    assert cliente_aprendiz.get(f"/privacidad/solicitudes/{ajena.pk}/").status_code == 404
    assert cliente_aprendiz.get(f"/privacidad/solicitudes/{2**64}/").status_code == 404


def test_rectificacion_sin_perfil_se_niega(db):
    sin_perfil = factories.UsuarioFactory()
    with pytest.raises(services.SinPerfil):
        services.solicitud_crear(usuario=sin_perfil, tipo=TipoSolicitud.RECTIFICACION)
