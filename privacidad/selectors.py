"""Reads of the privacy rights: the notice in force, a person's requests, and everything the
site holds about a person (the right of access), as plain data for JSON and for the PDF."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import registry as registro_acciones

from certificados.models import Certificado
from cursos.models import EntradaRegistro, Inscripcion, ModuloCompletado, Participante
from evaluaciones.models import Intento
from privacidad.models import AvisoPrivacidad, Consentimiento, SolicitudArco
from red.models import ConsentimientoDirectorio, Embajador

FORMATO = "aula-climatica/datos-personales"
VERSION_FORMATO = 1


def aviso_vigente() -> AvisoPrivacidad | None:
    return AvisoPrivacidad.objects.vigente()


def solicitudes_de(*, usuario):
    return SolicitudArco.objects.filter(usuario=usuario).order_by("-recibida_en", "-pk")


def solicitud_de(*, usuario, pk) -> SolicitudArco | None:
    """One of the person's own requests (another's, or an absurd id, is ``None``: a 404)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:
        return None
    return solicitudes_de(usuario=usuario).filter(pk=pk).first()


def _fecha(valor) -> str | None:
    if valor is None:
        return None
    if isinstance(valor, dt.datetime):
        return timezone.localtime(valor).replace(microsecond=0).isoformat()
    return valor.isoformat()


def _numero(valor) -> str | None:
    return None if valor is None else f"{Decimal(valor).normalize():f}"


def _respuestas(intento: Intento) -> list[dict]:
    """Each question as it was asked and the options the person chose, by their text.

    Which options were correct is left out: a quiz may not show its answers, and this
    download must not reveal them before the person's next attempt."""
    elegidas = intento.respuestas or {}
    preguntas = []
    for numero, pregunta in enumerate(intento.preguntas or [], start=1):
        claves = set(elegidas.get(pregunta.get("clave"), []))
        preguntas.append(
            {
                "numero": numero,
                "enunciado": pregunta.get("enunciado", ""),
                "opciones": [o.get("texto", "") for o in pregunta.get("opciones", [])],
                "elegidas": [
                    o.get("texto", "") for o in pregunta.get("opciones", []) if o["clave"] in claves
                ],
            }
        )
    return preguntas


def datos_personales(*, usuario) -> dict:
    """Everything the site holds about ``usuario``: account, profile, enrolments and progress,
    attempts with their answers, certificates, consents, designations, ARCO requests and the
    audit trail of their records. A fixed number of queries, whatever their number."""
    participante = Participante.objects.select_related("municipio").filter(usuario=usuario).first()
    inscripciones = list(
        Inscripcion.objects.filter(usuario=usuario).select_related("curso").order_by("inscrito_en")
    )
    modulos: dict[int, list] = {}
    for inscripcion_id, titulo, fecha in (
        ModuloCompletado.objects.filter(inscripcion__usuario=usuario)
        .order_by("completado_en")
        .values_list("inscripcion_id", "modulo__title", "completado_en")
    ):
        modulos.setdefault(inscripcion_id, []).append(
            {"modulo": titulo, "completado_en": _fecha(fecha)}
        )
    intentos = Intento.objects.filter(usuario=usuario).select_related("evaluacion__curso")
    certificados = Certificado.objects.filter(usuario=usuario).select_related("curso")
    consentimientos = Consentimiento.objects.filter(usuario=usuario).select_related("aviso")
    designaciones, directorio = [], []
    if participante is not None:
        designaciones = Embajador.objects.filter(participante=participante).select_related(
            "municipio"
        )
        directorio = ConsentimientoDirectorio.objects.filter(participante=participante)
    intentos = list(intentos.order_by("iniciado_en", "pk"))
    certificados = list(certificados.order_by("emitido_en", "pk"))
    designaciones, directorio = list(designaciones), list(directorio)
    solicitudes = list(solicitudes_de(usuario=usuario))
    bitacora = _bitacora(
        usuario=usuario,
        objetos={
            Participante: [participante.pk] if participante else [],
            Inscripcion: [i.pk for i in inscripciones],
            Intento: [i.pk for i in intentos],
            Certificado: [c.pk for c in certificados],
            Embajador: [d.pk for d in designaciones],
            ConsentimientoDirectorio: [c.pk for c in directorio],
            SolicitudArco: [s.pk for s in solicitudes],
        },
    )
    return {
        "formato": FORMATO,
        "version_formato": VERSION_FORMATO,
        "generado_en": _fecha(timezone.now()),
        "cuenta": {
            "correo": usuario.email,
            "usuario": usuario.get_username(),
            "registrada_el": _fecha(usuario.date_joined),
            "ultimo_inicio_de_sesion": _fecha(usuario.last_login),
            "activa": usuario.is_active,
        },
        "perfil": None
        if participante is None
        else {
            "nombre_completo": participante.nombre_completo,
            "municipio": participante.municipio.nombre,
            "clave_inegi_municipio": participante.municipio.clave_inegi,
            "dependencia": participante.dependencia,
            "cargo": participante.cargo,
            "tipo": participante.get_tipo_display(),
            "curp": participante.curp,
            "aviso_de_privacidad_aceptado_el": _fecha(participante.aviso_privacidad_aceptado_en),
            "creado_el": _fecha(participante.creado_en),
            "actualizado_el": _fecha(participante.actualizado_en),
        },
        "inscripciones": [
            {
                "curso": i.curso.title,
                "inscrito_el": _fecha(i.inscrito_en),
                "completado_el": _fecha(i.completado_en),
                "modulos_completados": modulos.get(i.pk, []),
            }
            for i in inscripciones
        ],
        "intentos": [
            {
                "curso": i.evaluacion.curso.title,
                "evaluacion": i.evaluacion.titulo,
                "numero": i.numero,
                "estado": i.get_estado_display(),
                "iniciado_el": _fecha(i.iniciado_en),
                "entregado_el": _fecha(i.entregado_en),
                "porcentaje": _numero(i.porcentaje),
                "aprobado": i.aprobado,
                "preguntas": _respuestas(i),
            }
            for i in intentos
        ],
        "certificados": [
            {
                "folio": c.folio,
                "curso": c.curso.title,
                "nombre_en_el_certificado": c.titular,
                "estado": c.get_estado_display(),
                "emitido_el": _fecha(c.emitido_en),
                "revocado_el": _fecha(c.revocado_en),
                "motivo_de_revocacion": c.motivo_revocacion,
                "codigo_de_verificacion": c.codigo_legible,
            }
            for c in certificados
        ],
        "consentimientos": {
            "aviso_de_privacidad": [
                {
                    "version": c.aviso.version,
                    "otorgado_el": _fecha(c.otorgado_en),
                    "como": c.get_origen_display(),
                }
                for c in consentimientos.order_by("otorgado_en", "pk")
            ],
            "directorio_de_embajadores": [
                {"otorgado_el": _fecha(c.otorgado_en), "retirado_el": _fecha(c.retirado_en)}
                for c in directorio
            ],
        },
        "designaciones": [
            {
                "municipio": d.municipio.nombre,
                "cargo": d.cargo,
                "designado_el": _fecha(d.designado_en),
                "concluyo_el": _fecha(d.concluido_en),
                "motivo_de_conclusion": d.motivo_conclusion,
            }
            for d in designaciones
        ],
        "solicitudes_arco": [
            {
                "numero": s.pk,
                "derecho": s.get_tipo_display(),
                "estado": s.get_estado_display(),
                "recibida_el": _fecha(s.recibida_en),
                "plazo_legal": _fecha(s.vence_el),
                "resuelta_el": _fecha(s.resuelta_en),
                "respuesta": s.respuesta,
            }
            for s in solicitudes
        ],
        "bitacora": bitacora,
    }


def _bitacora(*, usuario, objetos: dict) -> list[dict]:
    """What the audit trail recorded about the person's records (profile, enrolments,
    attempts, certificates, designations, consents, requests), and what they did themselves.

    Staff members' names are not given: the action and its date are what the person is
    entitled to; who in the Institute acted stays in the admin's log."""
    condicion = Q(user=usuario)
    tipos = ContentType.objects.get_for_models(*objetos, for_concrete_models=False)
    for modelo, ids in objetos.items():
        if ids:
            condicion |= Q(content_type=tipos[modelo], object_id__in=[str(i) for i in ids])
    entradas = EntradaRegistro.objects.filter(condicion).order_by("timestamp", "pk")
    return [
        {
            "momento": _fecha(e.timestamp),
            "accion": str(registro_acciones.get_action_label(e.action))
            if registro_acciones.action_exists(e.action)
            else e.action,
            "registro": str(e.content_type.name) if e.content_type_id else "",
            "por_ti": e.user_id == usuario.pk,
        }
        for e in entradas.select_related("content_type")[:5000]
    ]
