"""Every change to the Red's own records: designations of ambassadors, their consent to the
public directory, and the municipalities each liaison follows.

Admin views, the ambassador's consent page, commands and tests call these and nothing else.
The database constraints of ``red.models`` hold the invariants when requests race (one active
designation per participant and municipality, one consent in force per participant); the
services turn a lost race into the same clear message a sequential request gets.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from cursos.services import ReglaIncumplida
from red import roles
from red.models import ConsentimientoDirectorio, Embajador, EnlaceMunicipal

ACCION_CONCLUIR = "red.concluir_designacion"
ACCION_CONSENTIR = "red.otorgar_consentimiento"
ACCION_RETIRAR_CONSENTIMIENTO = "red.retirar_consentimiento"


class YaDesignado(ReglaIncumplida):
    mensaje = gettext_lazy(
        "Esta persona ya tiene una designación activa en ese municipio. Concluye la anterior "
        "antes de registrar una nueva."
    )


class DesignacionConcluida(ReglaIncumplida):
    mensaje = gettext_lazy("Esta designación ya concluyó; su historial no se modifica.")

    @classmethod
    def de(cls, embajador: Embajador) -> DesignacionConcluida:
        return cls(
            _("Esta designación ya concluyó el %(fecha)s; su historial no se modifica.")
            % {"fecha": fecha_legible(embajador.concluido_en)}
        )


class FechaInvalida(ReglaIncumplida):
    pass


class SinDesignacion(ReglaIncumplida):
    mensaje = gettext_lazy(
        "El directorio público es para las embajadoras y los embajadores climáticos "
        "designados por su municipio. No tienes una designación registrada."
    )


class NoEsEnlace(ReglaIncumplida):
    mensaje = gettext_lazy(
        "Esa cuenta no pertenece al grupo «Enlace municipal». Agrégala al grupo antes de "
        "asignarle municipios."
    )


class EnlaceDuplicado(ReglaIncumplida):
    mensaje = gettext_lazy("Esa cuenta ya es enlace de ese municipio.")


def fecha_legible(valor: dt.date) -> str:
    # es-MX capitalises month names; in a sentence they are lower case.
    return date_format(valor, "j \\d\\e F \\d\\e Y").lower()


# --- Rules on dates (pure) ---------------------------------------------------------------


def validar_designacion(*, designado_en: dt.date, concluido_en: dt.date | None = None) -> None:
    """A designation is dated today or earlier; it ends on or after it started, not later
    than today. Raises ``FechaInvalida`` with the message to show."""
    hoy = timezone.localdate()
    if designado_en > hoy:
        raise FechaInvalida(_("La fecha de designación no puede ser posterior a hoy."))
    if concluido_en is None:
        return
    if concluido_en < designado_en:
        raise FechaInvalida(
            _("La conclusión no puede ser anterior a la designación (%(fecha)s).")
            % {"fecha": fecha_legible(designado_en)}
        )
    if concluido_en > hoy:
        raise FechaInvalida(
            _(
                "La fecha de conclusión no puede ser posterior a hoy: registra la conclusión "
                "el día que ocurra."
            )
        )


# --- Designations --------------------------------------------------------------------------


def embajador_designar(
    *,
    participante,
    cargo: str,
    designado_en: dt.date,
    municipio=None,
    documento=None,
    usuario=None,
) -> Embajador:
    """Designate ``participante`` as ambassador of ``municipio`` (their own by default).

    Raises ``YaDesignado`` while they hold an active designation there, whoever won the race;
    the document, if any, is stored only once the row exists."""
    validar_designacion(designado_en=designado_en)
    municipio = municipio or participante.municipio
    embajador = Embajador(
        participante=participante,
        municipio=municipio,
        cargo=cargo.strip(),
        designado_en=designado_en,
        registrado_por=usuario if getattr(usuario, "pk", None) else None,
    )
    with transaction.atomic():
        activas = Embajador.objects.activos()
        if activas.filter(participante=participante, municipio=municipio).exists():
            raise YaDesignado()
        try:
            with transaction.atomic():
                embajador.save()
        except IntegrityError as exc:
            # A concurrent request designated them first: the partial unique index says so.
            raise YaDesignado() from exc
        if documento:
            embajador.documento.save(_nombre_documento(embajador), documento, save=True)
        log(instance=embajador, action="wagtail.create", user=usuario)
    return embajador


def embajador_actualizar(
    *, embajador: Embajador, cargo: str, designado_en: dt.date, documento=None, usuario=None
) -> Embajador:
    """Correct the position or the date, or attach a (new) document. Who and where stay: a
    designation recorded for the wrong person is ended and a new one registered. A replaced
    document stays in storage; the row points at the new one."""
    with transaction.atomic():
        guardado = Embajador.objects.select_for_update().get(pk=embajador.pk)
        validar_designacion(designado_en=designado_en, concluido_en=guardado.concluido_en)
        guardado.cargo = cargo.strip()
        guardado.designado_en = designado_en
        guardado.save(update_fields=["cargo", "designado_en"])
        if documento:
            guardado.documento.save(_nombre_documento(guardado), documento, save=False)
            guardado.save(update_fields=["documento"])
        log(instance=guardado, action="wagtail.edit", user=usuario)
    return guardado


def embajador_concluir(
    *, embajador: Embajador, concluido_en: dt.date, motivo: str, usuario=None
) -> Embajador:
    """End an active designation on ``concluido_en`` for ``motivo``. The row stays: it is the
    history. Raises ``DesignacionConcluida`` if it already ended (a second click, or a rival
    request that ended it first)."""
    motivo = (motivo or "").strip()
    if not motivo:
        raise ReglaIncumplida(_("Escribe el motivo de la conclusión."))
    with transaction.atomic():
        guardado = Embajador.objects.select_for_update().get(pk=embajador.pk)
        if guardado.concluido_en is not None:
            raise DesignacionConcluida.de(guardado)
        validar_designacion(designado_en=guardado.designado_en, concluido_en=concluido_en)
        guardado.concluido_en = concluido_en
        guardado.motivo_conclusion = motivo
        guardado.save(update_fields=["concluido_en", "motivo_conclusion"])
        log(
            instance=guardado,
            action=ACCION_CONCLUIR,
            user=usuario,
            data={"concluido_en": concluido_en.isoformat(), "motivo": motivo},
        )
    return guardado


def _nombre_documento(embajador: Embajador) -> str:
    # No personal name in the stored path: the file is found through its row.
    return f"designacion-{embajador.pk}.pdf"


# --- Consent to the public directory ------------------------------------------------------


def consentimiento_otorgar(*, participante) -> tuple[ConsentimientoDirectorio, bool]:
    """Record the ambassador's consent to appear in the public directory, dated now.

    Idempotent: with a consent already in force it is returned (``False``), even when it was
    given by a concurrent request a moment earlier. Only people with a designation (active or
    past) may consent; others get ``SinDesignacion``."""
    if not Embajador.objects.filter(participante=participante).exists():
        raise SinDesignacion()
    vigentes = ConsentimientoDirectorio.objects.filter(
        participante=participante, retirado_en__isnull=True
    )
    if vigente := vigentes.first():
        return vigente, False
    try:
        with transaction.atomic():
            consentimiento = ConsentimientoDirectorio.objects.create(participante=participante)
            log(instance=consentimiento, action=ACCION_CONSENTIR, user=participante.usuario)
    except IntegrityError:
        return vigentes.get(), False
    return consentimiento, True


def consentimiento_retirar(*, participante) -> ConsentimientoDirectorio | None:
    """Withdraw the consent in force, dating the withdrawal; the row stays. ``None`` when
    there was none in force. One UPDATE: two withdrawals at once date it once."""
    with transaction.atomic():
        vigente = (
            ConsentimientoDirectorio.objects.select_for_update()
            .filter(participante=participante, retirado_en__isnull=True)
            .first()
        )
        if vigente is None:
            return None
        # The database clock, as for ``otorgado_en``: the withdrawal never predates the consent.
        ConsentimientoDirectorio.objects.filter(pk=vigente.pk).update(retirado_en=Now())
        vigente.refresh_from_db(fields=["retirado_en"])
        log(instance=vigente, action=ACCION_RETIRAR_CONSENTIMIENTO, user=participante.usuario)
    return vigente


# --- Liaisons ------------------------------------------------------------------------------


def enlace_asignar(*, usuario, municipio, asignado_por=None) -> EnlaceMunicipal:
    """Make ``usuario`` (a member of «Enlace municipal») a liaison of ``municipio``."""
    if not usuario.groups.filter(name=roles.ENLACE_MUNICIPAL).exists():
        raise NoEsEnlace()
    try:
        with transaction.atomic():
            enlace = EnlaceMunicipal.objects.create(usuario=usuario, municipio=municipio)
    except IntegrityError as exc:
        raise EnlaceDuplicado() from exc
    log(instance=enlace, action="wagtail.create", user=asignado_por)
    return enlace


def enlace_retirar(*, enlace: EnlaceMunicipal, retirado_por=None) -> None:
    """The liaison stops following that municipality (the audit log keeps who and when)."""
    with transaction.atomic():
        log(instance=enlace, action="wagtail.delete", user=retirado_por)
        enlace.delete()
