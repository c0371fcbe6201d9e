"""Issuing, rendering, revoking and re-issuing certificates: the only way they change.

Issuing is idempotent and race-safe: the enrolment row is locked while the certificate is
looked for and created, and a partial unique constraint (one valid certificate per learner
and course) backs the lock up. Folios come from a per-year counter whose row is locked while
a number is taken, so they are sequential without gaps from concurrent issues.
"""

from __future__ import annotations

import hashlib
import logging
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from certificados import firma, render, snapshot
from certificados.codigos import codigo_generar, folio_formatear
from certificados.models import (
    Certificado,
    ClavePublica,
    ContadorFolio,
    EstadoCertificado,
    FirmaDePlantilla,
    PlantillaCertificado,
)
from cursos.models import Inscripcion
from cursos.selectors import actividades_del_curso
from cursos.services import ReglaIncumplida

logger = logging.getLogger(__name__)


class CursoNoCompletado(ReglaIncumplida):
    mensaje = _("El curso aún no está completado: no hay certificado que emitir.")


class CertificadoNoVigente(ReglaIncumplida):
    mensaje = _("Solo un certificado válido puede revocarse.")


class MotivoRequerido(ReglaIncumplida):
    mensaje = _("Escribe el motivo de la revocación.")


def plantilla_para(curso) -> PlantillaCertificado | None:
    """The course's own template, else the default one (the oldest without a course)."""
    return (
        PlantillaCertificado.objects.filter(Q(curso=curso) | Q(curso__isnull=True))
        .order_by(F("curso").asc(nulls_last=True), "pk")
        .prefetch_related(
            Prefetch("firmas", queryset=FirmaDePlantilla.objects.select_related("firmante"))
        )
        .first()
    )


def calificacion_final(*, usuario, curso) -> Decimal | None:
    """The score of the course's final evaluations (their mean), None when it has none."""
    puntajes = [
        a.porcentaje
        for a in actividades_del_curso(usuario=usuario, curso=curso)
        if a.modulo_id is None and a.obligatoria and a.porcentaje is not None
    ]
    if not puntajes:
        return None
    return (sum(puntajes, Decimal(0)) / len(puntajes)).quantize(Decimal("0.01"))


def _nombre_de(usuario) -> tuple[str, str]:
    participante = getattr(usuario, "participante", None)
    if participante is not None:
        return participante.nombre_completo, participante.municipio.nombre
    return usuario.get_full_name() or usuario.get_username(), ""


def _folio_tomar(anio: int) -> int:
    """The next number of the year, under a lock on the year's counter row."""
    ContadorFolio.objects.get_or_create(anio=anio)
    contador = ContadorFolio.objects.select_for_update().get(anio=anio)
    contador.ultimo += 1
    contador.save(update_fields=["ultimo"])
    return contador.ultimo


_claves_registradas: set[str] = set()


def _clave_registrar(clave: firma.ClaveFirma) -> None:
    """Keep the signing key's public half, so what it signs verifies after a rotation."""
    if clave.kid in _claves_registradas:
        return
    ClavePublica.objects.get_or_create(kid=clave.kid, defaults={"jwk": clave.jwk})
    # Remembered only once the row is committed: a rolled-back issue must not make this
    # process believe the key is stored.
    transaction.on_commit(lambda: _claves_registradas.add(clave.kid))


def _inscripcion_bloqueada(**filtro) -> Inscripcion:
    """The enrolment, row-locked as cursos' completion locks it (FOR NO KEY UPDATE, only its
    own row), with what the snapshot reads: issuing for it is serialised on this lock."""
    return (
        Inscripcion.objects.select_for_update(no_key=True, of=("self",))
        .select_related("curso", "usuario__participante__municipio")
        .get(**filtro)
    )


def _crear(
    *, inscripcion: Inscripcion, usuario, reemplaza: Certificado | None = None
) -> Certificado:
    """Snapshot, folio, code, signature and row of a new valid certificate (no PDF yet)."""
    clave = firma.clave_activa()
    _clave_registrar(clave)
    curso = inscripcion.curso
    plantilla = plantilla_para(curso)
    ahora = timezone.now()
    anio = timezone.localtime(ahora).year
    numero = _folio_tomar(anio)
    folio = folio_formatear(prefijo=snapshot.emisor()["prefijo_folio"], anio=anio, numero=numero)
    codigo = codigo_generar()  # 55 random bits: a collision would fail the unique constraint
    certificado = Certificado(
        usuario=usuario,
        curso=curso,
        plantilla=plantilla,
        anio=anio,
        numero=numero,
        folio=folio,
        codigo=codigo,
        emitido_en=ahora,
        reemplaza=reemplaza,
    )
    nombre, municipio = _nombre_de(usuario)
    datos = snapshot.datos_construir(
        uuid=certificado.uuid,
        folio=folio,
        codigo=codigo,
        nombre=nombre,
        municipio=municipio,
        curso=curso,
        completado=inscripcion.completado_en,
        calificacion=calificacion_final(usuario=usuario, curso=curso),
        plantilla=plantilla,
        emitido=ahora,
    )
    certificado.datos = datos
    certificado.credencial = firma.firmar(snapshot.credencial_de(datos), clave)
    certificado.kid = clave.kid
    certificado.save()
    return certificado


def certificado_emitir(*, inscripcion: Inscripcion) -> tuple[Certificado, bool]:
    """The learner's certificate for a completed course: created once, then always the same.

    Returns it and whether this call created it. A revoked certificate is returned as it is:
    completing the course again does not undo a revocation (a coordinator re-issues).
    """
    with transaction.atomic():
        inscripcion = _inscripcion_bloqueada(pk=inscripcion.pk)
        if inscripcion.completado_en is None:
            raise CursoNoCompletado()
        existente = (
            Certificado.objects.filter(
                usuario_id=inscripcion.usuario_id, curso_id=inscripcion.curso_id
            )
            .exclude(estado=EstadoCertificado.REEMPLAZADO)
            .order_by("-emitido_en")
            .first()
        )
        if existente is not None:
            return existente, False
        certificado = _crear(inscripcion=inscripcion, usuario=inscripcion.usuario)
        log(instance=certificado, action="certificados.emitir", data={"folio": certificado.folio})
        return certificado, True


def certificado_entregar(*, inscripcion: Inscripcion) -> tuple[Certificado, bool, bool]:
    """Issue (once) and render (once) the certificate of a completed enrolment, as the task
    and the demo do (``emitir_certificados`` calls the two steps apart, to count an issue
    whose render failed). Returns it, whether this call issued it and whether this call
    rendered its PDF. Safe to repeat."""
    certificado, emitido = certificado_emitir(inscripcion=inscripcion)
    return certificado, emitido, certificado_generar_pdf(certificado=certificado)


def certificado_generar_pdf(*, certificado: Certificado) -> bool:
    """Render and store the PDF once (with the credential embedded and its SHA-256 kept).

    Returns True if this call stored it; the learner is told by e-mail on commit. Either way
    the given instance ends up with the stored file's columns (``ARCHIVO``).

    The PDF is made only from the snapshot and the signed credential, which never change
    after issue, so it is rendered before the transaction: the row is locked only to store
    it, and renders in parallel processes do not queue behind one another's lock (on SQLite a
    write lock is one for the whole file). Two workers given the same certificate at the same
    moment may both render it; the lock lets only the first store it.
    """
    if certificado.pdf:
        return False
    pdf = pdf_de(certificado)
    with transaction.atomic():
        guardado = Certificado.objects.select_for_update().only("pdf").get(pk=certificado.pk)
        if guardado.pdf:
            certificado.refresh_from_db(fields=ARCHIVO)  # another worker stored it first
            return False
        certificado.pdf.save(f"{certificado.uuid}.pdf", ContentFile(pdf), save=False)
        certificado.sha256 = hashlib.sha256(pdf).hexdigest()
        certificado.pdf_generado_en = timezone.now()
        certificado.save(update_fields=ARCHIVO)
        pk = certificado.pk
        transaction.on_commit(lambda: _avisar(pk))
    return True


# The columns the rendered file fills in; the caller's instance gets them too.
ARCHIVO = ["pdf", "sha256", "pdf_generado_en"]


def pdf_de(certificado: Certificado) -> bytes:
    """The certificate's PDF from its frozen snapshot and signed credential."""
    contexto = render.contexto_de_datos(
        certificado.datos, url_verificacion=certificado.credencial["credencial"]["verificacion"]
    )
    return render.pdf_de_contexto(
        contexto,
        adjunto=render.adjunto_de_credencial(certificado.credencial),
        divulgaciones=render.adjunto_de_credencial(snapshot.divulgaciones_de(certificado.datos)),
    )


def _avisar(certificado_id: int) -> None:
    """E-mail the learner; a mail server that fails must not fail the request or the task
    (the PDF is stored and "Mis certificados" shows it), so the failure is logged."""
    from certificados import avisos

    try:
        avisos.certificado_listo(
            Certificado.objects.select_related("usuario", "curso").get(pk=certificado_id)
        )
    except Exception:  # noqa: BLE001 - any mailer error; logged with its traceback
        logger.exception("No se pudo avisar por correo del certificado %s", certificado_id)


def certificado_revocar(*, certificado: Certificado, motivo: str, usuario=None) -> Certificado:
    """Revoke with a reason, kept on the certificate and in Wagtail's audit log."""
    motivo = (motivo or "").strip()
    if not motivo:
        raise MotivoRequerido()
    with transaction.atomic():
        certificado = Certificado.objects.select_for_update().get(pk=certificado.pk)
        if certificado.estado != EstadoCertificado.VALIDO:
            raise CertificadoNoVigente()
        certificado.estado = EstadoCertificado.REVOCADO
        certificado.revocado_en = timezone.now()
        certificado.motivo_revocacion = motivo[:500]
        certificado.save(update_fields=["estado", "revocado_en", "motivo_revocacion"])
        log(
            instance=certificado,
            action="certificados.revocar",
            user=usuario,
            data={"folio": certificado.folio, "motivo": certificado.motivo_revocacion},
        )
    return certificado


def certificado_reemitir(
    *, certificado: Certificado, motivo: str = "", usuario=None
) -> Certificado:
    """Issue a new certificate from today's profile (a corrected name, say).

    A valid certificate is marked replaced by the new one. A revoked one stays revoked (its
    page keeps saying so) and links to the new one: revocation is not final when the reason
    was an error the Institute has since corrected. Either way a certificate has at most one
    successor, and the learner at most one valid certificate per course.
    """
    with transaction.atomic():
        anterior = Certificado.objects.select_for_update().get(pk=certificado.pk)
        if anterior.estado == EstadoCertificado.REEMPLAZADO or anterior.sucesor is not None:
            raise CertificadoNoVigente(_("Este certificado ya fue reemitido."))
        inscripcion = _inscripcion_bloqueada(
            usuario_id=anterior.usuario_id, curso_id=anterior.curso_id
        )
        if anterior.estado == EstadoCertificado.VALIDO:
            anterior.estado = EstadoCertificado.REEMPLAZADO
            anterior.save(update_fields=["estado"])
        elif Certificado.objects.filter(
            usuario_id=anterior.usuario_id,
            curso_id=anterior.curso_id,
            estado=EstadoCertificado.VALIDO,
        ).exists():
            raise CertificadoNoVigente(
                _("La persona ya tiene un certificado válido de este curso.")
            )
        nuevo = _crear(inscripcion=inscripcion, usuario=inscripcion.usuario, reemplaza=anterior)
        datos = {
            "folio": anterior.folio,
            "nuevo_folio": nuevo.folio,
            "motivo": (motivo or "").strip(),
        }
        log(instance=anterior, action="certificados.reemitir", user=usuario, data=datos)
        log(instance=nuevo, action="certificados.emitir", user=usuario, data={"folio": nuevo.folio})
        pk = nuevo.pk
        transaction.on_commit(lambda: _generar_en_segundo_plano(pk))
    return nuevo


def _generar_en_segundo_plano(certificado_id: int) -> None:
    from certificados.tasks import certificado_generar_pdf_tarea

    certificado_generar_pdf_tarea.enqueue(certificado_id)
