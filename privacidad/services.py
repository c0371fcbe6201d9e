"""Every write of the privacy rights: consents, ARCO requests and their resolution.

Rules rest on constraints: one consent per person and notice version, one pending request
per person and kind. A request is resolved under a lock on its row, so two coordinators who
confirm the same cancellation at once resolve it once; the second gets
:class:`SolicitudYaResuelta`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from certificados import services as certificados_services
from certificados.models import Certificado, EstadoCertificado
from cursos.models import EntradaRegistro, Inscripcion, Participante
from cursos.services import ReglaIncumplida
from evaluaciones.models import Intento
from privacidad import plazos
from privacidad.models import (
    AvisoPrivacidad,
    Consentimiento,
    EstadoSolicitud,
    OrigenConsentimiento,
    SolicitudArco,
    TipoSolicitud,
)
from red import services as red_services
from red.models import ConsentimientoDirectorio, Embajador

ACCION_SOLICITAR = "privacidad.solicitar"
ACCION_APROBAR = "privacidad.aprobar"
ACCION_RECHAZAR = "privacidad.rechazar"
ACCION_CANCELAR = "privacidad.cancelar_cuenta"
ACCION_ACCESO = "privacidad.acceso"
ACCION_CONSENTIR = "privacidad.consentir"
NOMBRE_ANONIMO = "Persona dada de baja"


class SolicitudDuplicada(ReglaIncumplida):
    mensaje = _("Ya tienes una solicitud de este tipo en trámite. Te responderemos pronto.")


class SolicitudYaResuelta(ReglaIncumplida):
    mensaje = _("Esta solicitud ya fue resuelta.")


class RespuestaRequerida(ReglaIncumplida):
    mensaje = _("Escribe el motivo: la persona lo recibirá con la respuesta.")


class SinPerfil(ReglaIncumplida):
    mensaje = _("Completa tu perfil antes de pedir una rectificación.")


class CuentaCancelada(ReglaIncumplida):
    mensaje = _("Esta cuenta ya fue cancelada.")


# --- Consent --------------------------------------------------------------------------------


def consentimiento_otorgar(*, usuario, aviso: AvisoPrivacidad, origen: str, otorgado_en=None):
    """Record ``usuario``'s consent to ``aviso`` (idempotent: a second one changes nothing)."""
    try:
        with transaction.atomic():
            consentimiento = Consentimiento.objects.create(
                usuario=usuario,
                aviso=aviso,
                origen=origen,
                otorgado_en=otorgado_en or timezone.now(),
            )
    except IntegrityError:
        return Consentimiento.objects.get(usuario=usuario, aviso=aviso), False
    participante = Participante.objects.filter(usuario=usuario).first()
    if participante is not None:
        log(
            instance=participante,
            action=ACCION_CONSENTIR,
            user=usuario,
            data={"version": aviso.version, "origen": origen},
        )
    return consentimiento, True


def consentimiento_revisar(*, usuario) -> AvisoPrivacidad | None:
    """The notice ``usuario`` still has to consent to, or ``None``.

    Asked of participants only (staff without a profile read the notice in the admin). A
    profile saved after the version was published carries its acceptance (the profile form
    asks for it): that acceptance is recorded as the consent to this version, with its date."""
    aviso = AvisoPrivacidad.objects.vigente()
    if aviso is None:
        return None
    participante = Participante.objects.filter(usuario=usuario).only("aviso_privacidad_aceptado_en")
    participante = participante.first()
    if participante is None:
        return None
    if Consentimiento.objects.filter(usuario=usuario, aviso=aviso).exists():
        return None
    aceptado = participante.aviso_privacidad_aceptado_en
    if aviso.publicado_en and aceptado and aceptado >= aviso.publicado_en:
        consentimiento_otorgar(
            usuario=usuario, aviso=aviso, origen=OrigenConsentimiento.PERFIL, otorgado_en=aceptado
        )
        return None
    return aviso


# --- Requests -------------------------------------------------------------------------------


def solicitud_crear(*, usuario, tipo: str, detalle: str = "") -> SolicitudArco:
    """Receive a request, with its legal deadline. The person's row is locked while it is
    created, and the partial unique constraint backs the lock: two at once make one."""
    if tipo not in TipoSolicitud.values:
        raise ReglaIncumplida(_("Ese derecho no existe."))
    ahora = timezone.now()
    try:
        with transaction.atomic():
            titular = get_user_model().objects.select_for_update().get(pk=usuario.pk)
            if not titular.is_active:
                raise CuentaCancelada()
            if tipo == TipoSolicitud.RECTIFICACION and not hasattr(titular, "participante"):
                raise SinPerfil()
            solicitud = SolicitudArco.objects.create(
                usuario=titular,
                tipo=tipo,
                detalle=(detalle or "").strip()[:2000],
                recibida_en=ahora,
                vence_el=plazos.fecha_limite(timezone.localdate(ahora)),
            )
            log(instance=solicitud, action=ACCION_SOLICITAR, user=titular)
    except IntegrityError as exc:
        raise SolicitudDuplicada() from exc
    return solicitud


def _bloqueada(solicitud: SolicitudArco) -> SolicitudArco:
    bloqueada = SolicitudArco.objects.select_for_update().get(pk=solicitud.pk)
    if not bloqueada.pendiente:
        raise SolicitudYaResuelta()
    return bloqueada


def _cerrar(solicitud, *, estado, usuario, respuesta, resultado, accion) -> SolicitudArco:
    solicitud.estado = estado
    solicitud.resuelta_en = timezone.now()
    solicitud.resuelta_por = usuario
    solicitud.respuesta = respuesta
    solicitud.resultado = resultado
    solicitud.save(
        update_fields=["estado", "resuelta_en", "resuelta_por", "respuesta", "resultado"]
    )
    log(
        instance=solicitud,
        action=accion,
        user=usuario,
        data={"tipo": solicitud.tipo, "respuesta": respuesta, **resultado},
    )
    return solicitud


def solicitud_rechazar(*, solicitud: SolicitudArco, usuario, respuesta: str) -> SolicitudArco:
    """Refuse with a reason the person is told. Resolved once, whoever comes second."""
    respuesta = (respuesta or "").strip()[:2000]
    if not respuesta:
        raise RespuestaRequerida()
    with transaction.atomic():
        solicitud = _bloqueada(solicitud)
        return _cerrar(
            solicitud,
            estado=EstadoSolicitud.RECHAZADA,
            usuario=usuario,
            respuesta=respuesta,
            resultado={},
            accion=ACCION_RECHAZAR,
        )


def solicitud_aprobar(*, solicitud: SolicitudArco, usuario, respuesta: str = "") -> SolicitudArco:
    """Grant the request and carry it out, in one transaction:

    - rectificación: every valid certificate whose holder's name differs from the profile's
      is re-issued (``certificados.services.certificado_reemitir``) with the corrected name;
    - cancelación: the account is closed and its personal data anonymised
      (:func:`cuenta_cancelar`);
    - oposición: recorded as granted; what it stops is in the coordinator's answer.
    """
    respuesta = (respuesta or "").strip()[:2000]
    with transaction.atomic():
        solicitud = _bloqueada(solicitud)
        if solicitud.tipo == TipoSolicitud.CANCELACION:
            resultado = cuenta_cancelar(usuario=solicitud.usuario, por=usuario, solicitud=solicitud)
        elif solicitud.tipo == TipoSolicitud.RECTIFICACION:
            resultado = _certificados_rectificar(
                titular=solicitud.usuario, por=usuario, solicitud=solicitud
            )
        else:
            resultado = {}
        return _cerrar(
            solicitud,
            estado=EstadoSolicitud.APROBADA,
            usuario=usuario,
            respuesta=respuesta,
            resultado=resultado,
            accion=ACCION_APROBAR,
        )


def _certificados_rectificar(*, titular, por, solicitud) -> dict:
    participante = Participante.objects.get(usuario=titular)
    reemitidos = []
    for certificado in Certificado.objects.filter(
        usuario=titular, estado=EstadoCertificado.VALIDO
    ).order_by("pk"):
        if certificado.titular == participante.nombre_completo:
            continue
        nuevo = certificados_services.certificado_reemitir(
            certificado=certificado,
            motivo=str(_("Rectificación ARCO núm. %(numero)s") % {"numero": solicitud.pk}),
            usuario=por,
        )
        reemitidos.append({"folio": certificado.folio, "nuevo_folio": nuevo.folio})
    return {"reemitidos": reemitidos}


# --- Cancellation ---------------------------------------------------------------------------


def cuenta_cancelar(*, usuario, por, solicitud: SolicitudArco | None = None) -> dict:
    """Close ``usuario``'s account and remove or anonymise their personal data.

    Removed: e-mail addresses, name, username, password, agency, position, CURP, the
    directory consent in force (withdrawn, so the public directory drops them) and the free
    text of their requests. Kept, tied to the anonymised account, because the Institute must
    keep them or because the figures count them: issued certificates (their frozen public
    record, folio and code, so verification still answers), municipality and participant
    type (aggregate figures), enrolments, progress and attempts, designations (the
    municipality's act), consents to the notice and the audit trail, whose labels are
    rewritten without the name. Returns what it did, for the request's record."""
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        cuenta = get_user_model().objects.select_for_update().get(pk=usuario.pk)
        if not cuenta.is_active and cuenta.username == f"baja-{cuenta.pk}":
            raise CuentaCancelada()
        participante = Participante.objects.select_for_update().filter(usuario=cuenta).first()
        retirado = None
        if participante is not None:
            retirado = red_services.consentimiento_retirar(participante=participante)
            participante.nombre_completo = f"{NOMBRE_ANONIMO} {participante.pk}"
            participante.dependencia = ""
            participante.cargo = ""
            participante.curp = ""
            participante.save(
                update_fields=["nombre_completo", "dependencia", "cargo", "curp", "actualizado_en"]
            )
        correos = EmailAddress.objects.filter(user=cuenta).delete()[0]
        cuenta.username = f"baja-{cuenta.pk}"
        cuenta.email = ""
        cuenta.first_name = ""
        cuenta.last_name = ""
        cuenta.is_active = False
        cuenta.is_staff = False
        cuenta.set_unusable_password()
        cuenta.save()
        SolicitudArco.objects.filter(usuario=cuenta).update(detalle="")
        etiquetas = _etiquetas_anonimizar(cuenta, participante)
        if participante is not None:
            log(
                instance=participante,
                action=ACCION_CANCELAR,
                user=por,
                data={"solicitud": solicitud.pk if solicitud else None},
            )
        certificados = Certificado.objects.filter(usuario=cuenta)
        return {
            "correos_eliminados": correos,
            "consentimiento_directorio_retirado": retirado is not None,
            "entradas_de_bitacora_anonimizadas": etiquetas,
            "certificados_conservados": certificados.count(),
            "certificados_validos": certificados.filter(estado=EstadoCertificado.VALIDO).count(),
        }


def _etiquetas_anonimizar(cuenta, participante) -> int:
    """Rewrite the audit trail's labels (which copy an object's name when it is logged) of
    every object of this person, so the trail keeps who did what and when without the name."""
    objetos = [cuenta]
    if participante is not None:
        objetos.append(participante)
        objetos += list(Embajador.objects.filter(participante=participante))
        objetos += list(ConsentimientoDirectorio.objects.filter(participante=participante))
    objetos += list(Inscripcion.objects.filter(usuario=cuenta).select_related("curso"))
    objetos += list(Intento.objects.filter(usuario=cuenta).select_related("usuario", "evaluacion"))
    objetos += list(SolicitudArco.objects.filter(usuario=cuenta))
    cambiadas = 0
    for objeto in objetos:
        tipo = ContentType.objects.get_for_model(objeto, for_concrete_model=False)
        for tabla in (EntradaRegistro, ModelLogEntry):
            cambiadas += tabla.objects.filter(content_type=tipo, object_id=str(objeto.pk)).update(
                label=str(objeto)[:255]
            )
    return cambiadas


def acceso_registrar(*, usuario, formato: str) -> None:
    """Note in the audit trail that the person downloaded their data."""
    participante = Participante.objects.filter(usuario=usuario).first()
    if participante is not None:
        log(instance=participante, action=ACCION_ACCESO, user=usuario, data={"formato": formato})
