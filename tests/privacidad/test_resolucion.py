"""Coordinators resolve requests: rectification re-issues, cancellation anonymises, every
step in the audit trail; figures and public verification unchanged."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from certificados.models import Certificado, EstadoCertificado
from cursos import services as cursos_services
from cursos.models import EntradaRegistro, Participante
from privacidad import services
from privacidad.models import EstadoSolicitud, SolicitudArco, TipoSolicitud
from red import selectors as red_selectors
from red import services as red_services
from red.models import ConsentimientoDirectorio
from tests import factories


def _resolver(cliente, solicitud, **datos):
    return cliente.post(f"/admin/privacidad/solicitudes/resolver/{solicitud.pk}/", datos)


def test_listado_con_plazo_y_vencidas_destacadas(cliente_coordinacion, aprendiz):
    vigente = services.solicitud_crear(usuario=aprendiz, tipo=TipoSolicitud.OPOSICION)
    vencida = services.solicitud_crear(usuario=aprendiz, tipo=TipoSolicitud.CANCELACION)
    SolicitudArco.objects.filter(pk=vencida.pk).update(vence_el="2026-01-05")
    respuesta = cliente_coordinacion.get("/admin/privacidad/solicitudes/")
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Ana López Martínez" in html
    assert "VENCIDA hace" in html
    assert "días hábiles" in html
    assert vigente.vence_el.strftime("%d/%m/%Y") in html
    solo_vencidas = cliente_coordinacion.get("/admin/privacidad/solicitudes/?vencidas=true")
    assert "Oposición" not in solo_vencidas.content.decode().split("<tbody")[-1]


def test_sin_permiso_no_resuelve(client, aprendiz):
    solicitud = services.solicitud_crear(usuario=aprendiz, tipo=TipoSolicitud.OPOSICION)
    editor = factories.UsuarioFactory(is_staff=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert _resolver(client, solicitud, decision="aprobar").status_code in (302, 403)
    solicitud.refresh_from_db()
    assert solicitud.pendiente


def test_rechazo_exige_motivo(cliente_coordinacion, aprendiz):
    solicitud = services.solicitud_crear(usuario=aprendiz, tipo=TipoSolicitud.OPOSICION)
    assert _resolver(cliente_coordinacion, solicitud, decision="rechazar").status_code == 400
    solicitud.refresh_from_db()
    assert solicitud.pendiente
    respuesta = _resolver(
        cliente_coordinacion, solicitud, decision="rechazar", respuesta="Se usa por ley."
    )
    assert respuesta.status_code == 302
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.RECHAZADA
    assert solicitud.respuesta == "Se usa por ley."


def test_rectificacion_reemite_con_el_nombre_corregido(
    cliente_coordinacion, coordinacion, aprendiz, certificado, django_capture_on_commit_callbacks
):
    participante = aprendiz.participante
    cursos_services.participante_guardar(
        usuario=aprendiz,
        nombre_completo="Ana Lucía López Martínez",
        municipio=participante.municipio,
        dependencia=participante.dependencia,
        cargo=participante.cargo,
        tipo=participante.tipo,
    )
    solicitud = services.solicitud_crear(usuario=aprendiz, tipo=TipoSolicitud.RECTIFICACION)
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = _resolver(cliente_coordinacion, solicitud, decision="aprobar")
    assert respuesta.status_code == 302
    certificado.refresh_from_db()
    assert certificado.estado == EstadoCertificado.REEMPLAZADO
    nuevo = certificado.sucesor
    assert nuevo.titular == "Ana Lucía López Martínez"
    assert nuevo.estado == EstadoCertificado.VALIDO
    solicitud.refresh_from_db()
    assert solicitud.resultado["reemitidos"] == [
        {"folio": certificado.folio, "nuevo_folio": nuevo.folio}
    ]
    assert solicitud.resuelta_por == coordinacion


def test_cancelacion_anonimiza_y_conserva_lo_obligatorio(
    client, cliente_coordinacion, coordinacion, aprendiz, certificado
):
    participante = aprendiz.participante
    designacion = red_services.embajador_designar(
        participante=participante, cargo="Directora de Ecología", designado_en=dt.date(2026, 1, 15)
    )
    red_services.consentimiento_otorgar(participante=participante)
    Participante.objects.filter(pk=participante.pk).update(curp="GAPA850101HMCRRL02")
    correo, nombre = aprendiz.email, participante.nombre_completo
    corte = timezone.now()
    cifras_antes = red_selectors.cifras_generales(en=corte)
    por_municipio_antes = red_selectors.cifras_por_municipio()
    folios_antes = list(Certificado.objects.order_by("pk").values_list("folio", "estado"))
    verificacion = f"/certificados/verificar/{certificado.codigo_legible}.json"
    assert client.get(verificacion).json()["estado"] == "valido"

    solicitud = services.solicitud_crear(usuario=aprendiz, tipo=TipoSolicitud.CANCELACION)
    respuesta = _resolver(cliente_coordinacion, solicitud, decision="aprobar", respuesta="Hecho.")
    assert respuesta.status_code == 302

    usuario = get_user_model().objects.get(pk=aprendiz.pk)
    participante.refresh_from_db()
    # No personal data left in the user or profile rows.
    for valor in (
        usuario.username,
        usuario.email,
        usuario.first_name,
        usuario.last_name,
        participante.nombre_completo,
        participante.dependencia,
        participante.cargo,
        participante.curp,
    ):
        assert correo not in valor and "Ana" not in valor and "López" not in valor
    assert participante.curp == "" and participante.dependencia == "" and participante.cargo == ""
    assert usuario.email == ""
    assert not usuario.is_active and not usuario.has_usable_password()
    assert not EmailAddress.objects.filter(user=usuario).exists()
    assert not EmailAddress.objects.filter(email=correo).exists()
    assert not ConsentimientoDirectorio.objects.filter(
        participante=participante, retirado_en__isnull=True
    ).exists()
    # The designation stays (the municipality's act, counted in the figures).
    designacion.refresh_from_db()
    assert designacion.activo
    # The audit trail keeps who did what, without the name.
    assert not EntradaRegistro.objects.filter(label__contains=nombre).exists()
    cancelacion = EntradaRegistro.objects.get(action=services.ACCION_CANCELAR)
    assert cancelacion.user == coordinacion
    assert cancelacion.data["solicitud"] == solicitud.pk
    aprobada = EntradaRegistro.objects.get(action=services.ACCION_APROBAR)
    assert aprobada.user == coordinacion and aprobada.timestamp
    # What the Institute keeps: certificates, folios, figures; verification still answers.
    assert list(Certificado.objects.order_by("pk").values_list("folio", "estado")) == folios_antes
    publica = client.get(verificacion).json()
    assert publica["estado"] == "valido"
    assert client.get(f"/certificados/verificar/{certificado.codigo_legible}/").status_code == 200
    assert red_selectors.cifras_generales(en=corte) == cifras_antes
    assert red_selectors.cifras_por_municipio() == por_municipio_antes
    # The account can no longer sign in.
    assert not client.login(username=usuario.username, password="contrasena-segura-123")
    solicitud.refresh_from_db()
    assert solicitud.estado == EstadoSolicitud.APROBADA
    assert solicitud.resultado["certificados_validos"] == 1


def test_cancelacion_confirmada_dos_veces_es_409(cliente_coordinacion, aprendiz):
    solicitud = services.solicitud_crear(usuario=aprendiz, tipo=TipoSolicitud.CANCELACION)
    assert _resolver(cliente_coordinacion, solicitud, decision="aprobar").status_code == 302
    segunda = _resolver(cliente_coordinacion, solicitud, decision="aprobar")
    assert segunda.status_code == 409
    assert EntradaRegistro.objects.filter(action=services.ACCION_CANCELAR).count() == 1
    with pytest.raises(services.SolicitudYaResuelta):
        services.solicitud_aprobar(solicitud=solicitud, usuario=None)


def test_coordinacion_redacta_una_version_del_aviso(cliente_coordinacion):
    respuesta = cliente_coordinacion.get("/admin/privacidad/avisos/add/")
    assert respuesta.status_code == 200
    assert 'value="1"' in respuesta.content.decode()  # the next version, offered


def test_inspeccion_muestra_plazo_y_boton_resolver(cliente_coordinacion, aprendiz):
    solicitud = services.solicitud_crear(usuario=aprendiz, tipo=TipoSolicitud.OPOSICION)
    respuesta = cliente_coordinacion.get(f"/admin/privacidad/solicitudes/inspect/{solicitud.pk}/")
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Vence en" in html
    assert f"/admin/privacidad/solicitudes/resolver/{solicitud.pk}/" in html
