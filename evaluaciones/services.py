"""Starting and submitting quiz attempts: the only way attempts are written.

Each learner's attempts at a quiz are serialised on their enrolment row (``FOR NO KEY UPDATE``)
and the invariants are database constraints besides: attempt numbers are unique per learner and
quiz, at most one attempt is in progress, and an attempt's number never exceeds the limit it
started under. Submitting locks the attempt row, so two tabs grade it once.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cursos.models import Inscripcion
from cursos.services import NoInscrito, ReglaIncumplida, inscripcion_actualizar_completitud
from evaluaciones import calificacion, reglas, selectors
from evaluaciones.models import EstadoIntento, Evaluacion, Intento

# Rejected before Django parses the body: a real form is a few kilobytes.
TAMANO_MAXIMO_ENVIO = 64 * 1024
CAMPOS_PERMITIDOS = frozenset({"csrfmiddlewaretoken"})


class EvaluacionNoDisponible(ReglaIncumplida):
    mensaje = gettext_lazy("Esta evaluación no está disponible.")


class NoPuedeIniciar(ReglaIncumplida):
    """The rules do not allow another attempt now (limit, wait, already passed)."""


class IntentoCerrado(ReglaIncumplida):
    mensaje = gettext_lazy("Este intento ya fue entregado; no se puede volver a enviar.")


class TiempoAgotado(ReglaIncumplida):
    mensaje = gettext_lazy(
        "El tiempo de este intento terminó antes de recibir tus respuestas, así que no se "
        "tomaron en cuenta. El intento se cerró sin respuestas."
    )


class EnvioInvalido(ReglaIncumplida):
    mensaje = gettext_lazy("El envío no corresponde a las preguntas de este intento.")


def _instantanea(evaluacion: Evaluacion, azar: random.Random) -> list[dict]:
    """Draw and order the questions and options of a new attempt, in two queries."""
    banco = [
        item.pregunta
        for item in evaluacion.items.select_related("pregunta")
        .prefetch_related("pregunta__opciones")
        .order_by("sort_order", "pk")
    ]
    if evaluacion.preguntas_por_intento and evaluacion.preguntas_por_intento < len(banco):
        elegidas = sorted(azar.sample(range(len(banco)), evaluacion.preguntas_por_intento))
        banco = [banco[i] for i in elegidas]
    if evaluacion.barajar_preguntas:
        azar.shuffle(banco)
    claves: set[str] = set()

    def clave_nueva() -> str:
        while (clave := secrets.token_hex(4)) in claves:
            pass
        claves.add(clave)
        return clave

    preguntas = []
    for pregunta in banco:
        opciones = sorted(pregunta.opciones.all(), key=lambda o: (o.sort_order or 0, o.pk))
        if evaluacion.barajar_opciones and pregunta.tipo != calificacion.VERDADERO_FALSO:
            azar.shuffle(opciones)
        preguntas.append(
            {
                "clave": clave_nueva(),
                "pregunta_id": pregunta.pk,
                "tipo": pregunta.tipo,
                "enunciado": pregunta.enunciado,
                "puntos": str(pregunta.puntos),
                "modo_multiple": pregunta.modo_multiple,
                "explicacion": pregunta.explicacion,
                "opciones": [
                    {
                        "clave": clave_nueva(),
                        "texto": o.texto,
                        "correcta": o.correcta,
                        "retroalimentacion": o.retroalimentacion,
                    }
                    for o in opciones
                ],
            }
        )
    return preguntas


def intento_iniciar(
    *, usuario, evaluacion: Evaluacion, ahora: datetime | None = None
) -> tuple[Intento, bool]:
    """Start an attempt, fixing its questions, their order and its deadline.

    Returns the attempt and whether it is new: an attempt already in progress is resumed, so a
    double click or a second tab never uses up two attempts. Raises ``NoPuedeIniciar`` with the
    reason when the rules allow no attempt now.
    """
    if not evaluacion.live or not evaluacion.curso.live:
        raise EvaluacionNoDisponible()
    if evaluacion.modulo_id and not evaluacion.modulo.live:
        raise EvaluacionNoDisponible()
    inscripcion = Inscripcion.objects.filter(usuario=usuario, curso_id=evaluacion.curso_id).first()
    if inscripcion is None:
        raise NoInscrito(_("Inscríbete al curso para presentar sus evaluaciones."))
    ahora = ahora or timezone.now()
    try:
        with transaction.atomic():
            Inscripcion.objects.select_for_update(no_key=True).filter(pk=inscripcion.pk).get()
            _cerrar_vencidos(usuario=usuario, evaluacion=evaluacion, ahora=ahora)
            en_curso = Intento.objects.filter(
                usuario=usuario, evaluacion=evaluacion, estado=EstadoIntento.EN_CURSO
            ).first()
            if en_curso is not None:
                return en_curso, False
            previos = selectors.previos(usuario=usuario, evaluacion=evaluacion)
            estado = reglas.estado_evaluacion(reglas.Reglas.de(evaluacion), previos, ahora)
            if not estado.puede_iniciar:
                raise NoPuedeIniciar(estado.motivo)
            preguntas = _instantanea(evaluacion, random.SystemRandom())
            if not preguntas:
                raise EvaluacionNoDisponible(_("Esta evaluación todavía no tiene preguntas."))
            limite = evaluacion.limite_minutos
            intento = Intento.objects.create(
                usuario=usuario,
                evaluacion=evaluacion,
                inscripcion=inscripcion,
                numero=len(previos) + 1,
                intentos_permitidos=evaluacion.intentos_maximos,
                iniciado_en=ahora,
                fecha_limite=ahora + timedelta(minutes=limite) if limite else None,
                porcentaje_aprobatorio=evaluacion.porcentaje_aprobatorio,
                preguntas=preguntas,
                puntaje_maximo=sum(Decimal(p["puntos"]) for p in preguntas),
            )
            return intento, True
    except IntegrityError:
        # A rival request started (or used up) the attempt first; where the database has no
        # row locks (SQLite) the constraints are what stop it. Resume theirs if it is open.
        en_curso = Intento.objects.filter(
            usuario=usuario, evaluacion=evaluacion, estado=EstadoIntento.EN_CURSO
        ).first()
        if en_curso is not None:
            return en_curso, False
        raise NoPuedeIniciar(_("No quedan intentos disponibles en esta evaluación.")) from None


def _cerrar_vencidos(*, usuario, evaluacion, ahora: datetime) -> None:
    """Close, without answers, an attempt whose time ran out and was never submitted."""
    for intento in Intento.objects.select_for_update().filter(
        usuario=usuario,
        evaluacion=evaluacion,
        estado=EstadoIntento.EN_CURSO,
        fecha_limite__lt=ahora - reglas.GRACIA_ENTREGA,
    ):
        _calificar(intento, {}, ahora=intento.fecha_limite, estado=EstadoIntento.VENCIDO)


def interpretar_envio(
    preguntas: Sequence[Mapping], datos: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """Check a submitted form against the attempt's questions; return the chosen options.

    The form carries one field per question, ``pregunta-<clave>``, always present (an empty
    hidden value marks an unanswered question). Anything else is a tampered post and raises
    ``EnvioInvalido`` with a message for the person: an unknown field, a missing question, an
    option that belongs to another question, repeated options, or several options on a
    question that admits one.
    """
    campos = {f"pregunta-{p['clave']}": (n, p) for n, p in enumerate(preguntas, start=1)}
    desconocidos = set(datos) - set(campos) - CAMPOS_PERMITIDOS
    if desconocidos:
        raise EnvioInvalido(_("El envío contiene campos que no pertenecen a este intento."))
    respuestas: dict[str, list[str]] = {}
    for campo, (n, pregunta) in campos.items():
        if campo not in datos:
            raise EnvioInvalido(_("Falta la pregunta %(n)d en el envío.") % {"n": n})
        elegidas = [v for v in datos[campo] if v != ""]
        validas = {o["clave"] for o in pregunta["opciones"]}
        if len(elegidas) != len(set(elegidas)) or not set(elegidas) <= validas:
            raise EnvioInvalido(
                _("La respuesta a la pregunta %(n)d no corresponde a sus opciones.") % {"n": n}
            )
        if len(elegidas) > 1 and pregunta["tipo"] != calificacion.MULTIPLE:
            raise EnvioInvalido(_("La pregunta %(n)d admite una sola respuesta.") % {"n": n})
        respuestas[pregunta["clave"]] = elegidas
    return respuestas


def _calificar(intento: Intento, respuestas: dict, *, ahora: datetime, estado: str) -> None:
    resultado = calificacion.calificar_intento(
        intento.preguntas_calificables, respuestas, intento.porcentaje_aprobatorio
    )
    intento.respuestas = respuestas
    intento.resultado = {
        r.clave: {"obtenidos": str(r.obtenidos), "puntos": str(r.puntos)}
        for r in resultado.preguntas
    }
    intento.puntaje = resultado.obtenidos
    intento.puntaje_maximo = resultado.maximo
    intento.porcentaje = resultado.porcentaje
    intento.aprobado = resultado.aprobado
    intento.estado = estado
    intento.entregado_en = ahora
    intento.save()
    if resultado.aprobado:
        inscripcion_actualizar_completitud(inscripcion=intento.inscripcion)


def intento_entregar(
    *,
    usuario,
    intento_id: int,
    datos: Mapping[str, Sequence[str]],
    ahora: datetime | None = None,
) -> tuple[Intento, bool]:
    """Grade a submitted attempt once. Returns the attempt and whether this call graded it.

    Resubmitting the same answers (a double click, a second tab) returns the graded attempt;
    different answers to a finished attempt raise ``IntentoCerrado``. After the deadline (plus
    a short grace for the trip) the submission is rejected with ``TiempoAgotado``: its answers
    are not stored and the attempt is closed without answers. Someone else's attempt raises
    ``Intento.DoesNotExist``, as if it did not exist.
    """
    ahora = ahora or timezone.now()
    vencido = False
    with transaction.atomic():
        # Only the attempt's row: locking the joined enrolment FOR UPDATE would also block
        # the learner's module completions, which reference it.
        intento = (
            Intento.objects.select_for_update(of=("self",))
            .select_related("inscripcion")
            .get(pk=intento_id, usuario=usuario)
        )
        if not intento.en_curso:
            try:
                repetido = interpretar_envio(intento.preguntas, datos) == intento.respuestas
            except EnvioInvalido:
                repetido = False
            if repetido and intento.estado == EstadoIntento.ENTREGADO:
                return intento, False
            raise IntentoCerrado()
        if intento.caducado(ahora):
            _calificar(intento, {}, ahora=intento.fecha_limite, estado=EstadoIntento.VENCIDO)
            vencido = True
        else:
            respuestas = interpretar_envio(intento.preguntas, datos)
            _calificar(intento, respuestas, ahora=ahora, estado=EstadoIntento.ENTREGADO)
    if vencido:
        raise TiempoAgotado()
    return intento, True
