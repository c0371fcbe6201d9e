"""The learner's side of a quiz: its page, starting an attempt, answering, submitting, results.

Starting and submitting are POSTs. Refusals explain themselves in Spanish with a fitting status:
400 for a tampered or oversized form, 403 when not enrolled, 404 for someone else's attempt,
409 when the rules or the attempt's state do not allow it.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cursos import selectors as cursos_selectors
from cursos.services import NoInscrito
from cursos.views import solo_post
from evaluaciones import reglas, selectors, services
from evaluaciones.models import Intento


def _evaluacion_publicada(evaluacion_id: int):
    return get_object_or_404(
        selectors.evaluaciones_publicadas().select_related("curso", "modulo"), pk=evaluacion_id
    )


def _estado(evaluacion, intentos, ahora) -> reglas.EstadoEvaluacion:
    """The rules' view of the learner's attempts; one whose time ran out counts as used.

    (The service closes such an attempt, without answers, when the next one starts.)
    """
    previos = []
    for i in sorted(intentos, key=lambda i: i.numero):
        if not i.en_curso:
            previos.append(reglas.IntentoPrevio(i.entregado_en, i.porcentaje, i.aprobado))
        elif i.caducado(ahora):
            previos.append(reglas.IntentoPrevio(i.fecha_limite, Decimal(0), False))
    return reglas.estado_evaluacion(reglas.Reglas.de(evaluacion), previos, ahora)


def _pagina_evaluacion(request, evaluacion, *, status=200, error=""):
    inscripcion = cursos_selectors.inscripcion_de(usuario=request.user, curso=evaluacion.curso)
    if inscripcion is None:
        return render(
            request, "evaluaciones/no_inscrito.html", {"evaluacion": evaluacion}, status=403
        )
    ahora = timezone.now()
    intentos = selectors.intentos_de(usuario=request.user, evaluacion=evaluacion)
    en_curso = next((i for i in intentos if i.en_curso), None)
    if en_curso and en_curso.caducado(ahora):
        en_curso = None  # it will be closed, without answers, when the next attempt starts
    estado = _estado(evaluacion, intentos, ahora)
    return render(
        request,
        "evaluaciones/evaluacion.html",
        {
            "evaluacion": evaluacion,
            "curso": evaluacion.curso,
            "intentos": [i for i in intentos if not i.en_curso],
            "en_curso": en_curso,
            "estado": estado,
            "error": error,
        },
        status=status,
    )


@login_required
def detalle(request, evaluacion_id: int):
    return _pagina_evaluacion(request, _evaluacion_publicada(evaluacion_id))


@solo_post
@login_required
def iniciar(request, evaluacion_id: int):
    evaluacion = _evaluacion_publicada(evaluacion_id)
    try:
        intento, nuevo = services.intento_iniciar(usuario=request.user, evaluacion=evaluacion)
    except NoInscrito:
        return _pagina_evaluacion(request, evaluacion)  # renders the 403 with the way to enrol
    except services.EvaluacionNoDisponible as exc:
        return _pagina_evaluacion(request, evaluacion, status=409, error=exc.mensaje)
    except services.NoPuedeIniciar as exc:
        return _pagina_evaluacion(request, evaluacion, status=409, error=exc.mensaje)
    if not nuevo:
        messages.info(request, _("Continúas el intento que ya tenías abierto."))
    return redirect("evaluaciones:responder", intento.pk)


def _intento_propio(request, intento_id: int) -> Intento:
    return get_object_or_404(
        Intento.objects.select_related("evaluacion", "evaluacion__curso"),
        pk=intento_id,
        usuario=request.user,
    )


def _valor(puntos: str) -> str:
    cantidad = Decimal(puntos).normalize()
    return ngettext("%(n)s punto", "%(n)s puntos", 1 if cantidad == 1 else 2) % {
        "n": f"{cantidad:f}"
    }


def _formulario(request, intento: Intento, *, status=200, error=""):
    return render(
        request,
        "evaluaciones/intento.html",
        {
            "intento": intento,
            "evaluacion": intento.evaluacion,
            "curso": intento.evaluacion.curso,
            # Only what a person needs to answer: never which options are correct.
            "preguntas": [
                {
                    "clave": p["clave"],
                    "tipo": p["tipo"],
                    "enunciado": p["enunciado"],
                    "valor": _valor(p["puntos"]),
                    "opciones": [{"clave": o["clave"], "texto": o["texto"]} for o in p["opciones"]],
                }
                for p in intento.preguntas
            ],
            # From the server's clock: the learner's own clock may be off by minutes.
            "segundos_restantes": max(
                0, int((intento.fecha_limite - timezone.now()).total_seconds())
            )
            if intento.fecha_limite
            else None,
            "error": error,
        },
        status=status,
    )


@login_required
def responder(request, intento_id: int):
    intento = _intento_propio(request, intento_id)
    if not intento.en_curso:
        return redirect("evaluaciones:resultado", intento.pk)
    return _formulario(request, intento)


@solo_post
@login_required
def entregar(request, intento_id: int):
    try:
        tamano = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        tamano = services.TAMANO_MAXIMO_ENVIO + 1
    if tamano > services.TAMANO_MAXIMO_ENVIO:
        return render(
            request,
            "evaluaciones/envio_rechazado.html",
            {"mensaje": _("El envío es demasiado grande para ser un intento de esta evaluación.")},
            status=400,
        )
    datos = {campo: request.POST.getlist(campo) for campo in request.POST}
    try:
        intento, calificado = services.intento_entregar(
            usuario=request.user, intento_id=intento_id, datos=datos
        )
    except Intento.DoesNotExist:
        return _intento_propio(request, intento_id)  # raises the 404
    except services.EnvioInvalido as exc:
        intento = _intento_propio(request, intento_id)
        return _formulario(request, intento, status=400, error=exc.mensaje)
    except (services.IntentoCerrado, services.TiempoAgotado) as exc:
        intento = _intento_propio(request, intento_id)
        return render(
            request,
            "evaluaciones/envio_rechazado.html",
            {"mensaje": exc.mensaje, "intento": intento},
            status=409,
        )
    if not calificado:
        messages.info(request, _("Este intento ya se había entregado; se conserva esa entrega."))
    return redirect("evaluaciones:resultado", intento.pk)


def _revision(intento: Intento) -> list[dict]:
    """Each question as asked, with what was chosen, what was right and the feedback."""
    preguntas = []
    for n, p in enumerate(intento.preguntas, start=1):
        elegidas = set(intento.respuestas.get(p["clave"], []))
        obtenido = intento.resultado.get(p["clave"], {})
        preguntas.append(
            {
                "numero": n,
                "enunciado": p["enunciado"],
                "tipo": p["tipo"],
                "puntos": p["puntos"],
                "valor": _valor(p["puntos"]),
                "obtenidos": obtenido.get("obtenidos", "0"),
                "correcta": obtenido.get("obtenidos") == obtenido.get("puntos"),
                "sin_respuesta": not elegidas,
                "explicacion": p.get("explicacion", ""),
                "opciones": [
                    {
                        "texto": o["texto"],
                        "elegida": o["clave"] in elegidas,
                        "correcta": o["correcta"],
                        "retroalimentacion": o["retroalimentacion"]
                        if o["clave"] in elegidas
                        else "",
                    }
                    for o in p["opciones"]
                ],
            }
        )
    return preguntas


@login_required
def resultado(request, intento_id: int):
    intento = _intento_propio(request, intento_id)
    if intento.en_curso:
        return redirect("evaluaciones:responder", intento.pk)
    evaluacion = intento.evaluacion
    intentos = selectors.intentos_de(usuario=request.user, evaluacion=evaluacion)
    estado = _estado(evaluacion, intentos, timezone.now())
    revision = reglas.revision_permitida(reglas.Reglas.de(evaluacion), estado)
    inscripcion = cursos_selectors.inscripcion_de(usuario=request.user, curso=evaluacion.curso)
    return render(
        request,
        "evaluaciones/resultado.html",
        {
            "intento": intento,
            "evaluacion": evaluacion,
            "curso": evaluacion.curso,
            "estado": estado,
            "revision": revision,
            "preguntas": _revision(intento) if revision else [],
            "entregado_al_limite": intento.estado == "entregado"
            and intento.fecha_limite is not None
            and intento.entregado_en >= intento.fecha_limite - timedelta(seconds=2),
            "curso_completado": getattr(inscripcion, "completado", False),
            "constancia": cursos_selectors.constancias_de(
                usuario=request.user, inscripciones=[inscripcion]
            ).get(evaluacion.curso.pk),
        },
    )
