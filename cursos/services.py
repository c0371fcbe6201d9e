"""Every write with a business rule. Views, commands and tasks all come through here.

The rules themselves ("one enrolment per learner and course", "a module is completed once")
are database constraints; these functions lean on them instead of checking first, so they stay
correct when two requests race.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cursos import selectors
from cursos.models import (
    CursoPage,
    Inscripcion,
    ModuloCompletado,
    ModuloPage,
    Municipio,
    Participante,
)
from cursos.senales import curso_completado


class ReglaIncumplida(Exception):
    """A request the rules do not allow. ``mensaje`` is shown to the person as it is."""

    mensaje = _("No es posible realizar esta acción.")

    def __init__(self, mensaje=None):
        if mensaje is not None:
            self.mensaje = mensaje
        super().__init__(str(self.mensaje))


class PerfilIncompleto(ReglaIncumplida):
    mensaje = _("Completa tu perfil de participante antes de inscribirte a un curso.")


class CursoNoDisponible(ReglaIncumplida):
    mensaje = _("Este curso no está publicado.")


class NoInscrito(ReglaIncumplida):
    mensaje = _("Debes inscribirte al curso para registrar tu avance en sus módulos.")


def participante_guardar(
    *,
    usuario,
    nombre_completo: str,
    municipio: Municipio,
    dependencia: str,
    cargo: str,
    tipo: str,
    curp: str = "",
) -> Participante:
    """Create or update the learner's profile; the privacy notice is accepted once, dated."""
    datos = {
        "nombre_completo": nombre_completo.strip(),
        "municipio": municipio,
        "dependencia": dependencia.strip(),
        "cargo": cargo.strip(),
        "tipo": tipo,
        "curp": curp,
    }
    # update_or_create locks the row it updates; the acceptance date is only set on creation.
    participante, _creado = Participante.objects.update_or_create(
        usuario=usuario,
        defaults=datos,
        create_defaults={**datos, "aviso_privacidad_aceptado_en": timezone.now()},
    )
    return participante


def inscripcion_crear(*, usuario, curso: CursoPage) -> tuple[Inscripcion, bool]:
    """Enrol the learner. Idempotent: a second call returns the same enrolment and False."""
    if not Participante.objects.filter(usuario=usuario).exists():
        raise PerfilIncompleto()
    if not curso.live:
        raise CursoNoDisponible()
    with transaction.atomic():
        # get_or_create recovers from the IntegrityError of a concurrent twin by re-reading.
        return Inscripcion.objects.get_or_create(usuario=usuario, curso=curso)


def modulo_completar(*, usuario, modulo: ModuloPage) -> tuple[ModuloCompletado, bool]:
    """Record that the learner finished the module, once; complete the course if it was the last.

    Returns the record and whether this call created it.
    """
    if not modulo.live:
        raise CursoNoDisponible(_("Este módulo no está publicado."))
    inscripcion = Inscripcion.objects.filter(usuario=usuario, curso=modulo.curso).first()
    if inscripcion is None:
        raise NoInscrito()
    with transaction.atomic():
        registro, creado = ModuloCompletado.objects.get_or_create(
            inscripcion=inscripcion, modulo=modulo
        )
        inscripcion_actualizar_completitud(inscripcion=inscripcion)
    return registro, creado


def inscripcion_actualizar_completitud(*, inscripcion: Inscripcion) -> bool:
    """Mark the course complete, with its date, when every required published module is done
    and every required activity other apps attach to the course (a quiz) is accomplished.

    The enrolment row is locked so that two modules finished at the same instant cannot both
    miss (or both stamp) the completion. FOR NO KEY UPDATE is enough (only a non-key column
    changes) and, unlike FOR UPDATE, lets other requests keep inserting rows that reference
    the enrolment. Returns True when the course is complete.
    """
    with transaction.atomic():
        inscripcion = Inscripcion.objects.select_for_update(no_key=True).get(pk=inscripcion.pk)
        if inscripcion.completado_en is not None:
            return True
        requeridos = set(
            ModuloPage.objects.child_of(inscripcion.curso)
            .live()
            .filter(obligatorio=True)
            .values_list("pk", flat=True)
        )
        hechos = set(
            ModuloCompletado.objects.filter(
                inscripcion=inscripcion, modulo_id__in=requeridos
            ).values_list("modulo_id", flat=True)
        )
        if hechos != requeridos:
            return False
        actividades = [
            a
            for a in selectors.actividades_del_curso(
                usuario=inscripcion.usuario, curso=inscripcion.curso
            )
            if a.obligatoria
        ]
        if not requeridos and not actividades:
            return False
        if not all(a.cumplida for a in actividades):
            return False
        inscripcion.completado_en = timezone.now()
        inscripcion.save(update_fields=["completado_en"])
        curso_completado.send(sender=Inscripcion, inscripcion=inscripcion)
        return True
