"""Graded attempts written straight to the database, for the admin and report tests.

They are built like ``evaluaciones.services`` builds them (a snapshot of the quiz's questions,
the options chosen, the grade from ``evaluaciones.calificacion``) but without its rules on
dates and limits, so a test can place attempts anywhere in time.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from cursos import services as cursos_services
from evaluaciones import calificacion
from evaluaciones.models import EstadoIntento, Intento


def instantanea(evaluacion) -> list[dict]:
    """The quiz's pool in the editors' order, as an attempt's ``preguntas``."""
    items = evaluacion.items.select_related("pregunta").order_by("sort_order", "pk")
    return [
        {
            "clave": f"p{item.pregunta.pk}",
            "pregunta_id": item.pregunta.pk,
            "tipo": item.pregunta.tipo,
            "enunciado": item.pregunta.enunciado,
            "puntos": str(item.pregunta.puntos),
            "modo_multiple": item.pregunta.modo_multiple,
            "explicacion": item.pregunta.explicacion,
            "opciones": [
                {
                    "clave": f"o{opcion.pk}",
                    "texto": opcion.texto,
                    "correcta": opcion.correcta,
                    "retroalimentacion": opcion.retroalimentacion,
                }
                for opcion in item.pregunta.opciones.order_by("sort_order", "pk")
            ],
        }
        for item in items
    ]


def intento_entregado(
    usuario,
    evaluacion,
    aciertos: list[bool] | None = None,
    *,
    numero: int = 1,
    entregado_en=None,
    preguntas: list[dict] | None = None,
) -> Intento:
    """A handed-in attempt answering question i right when ``aciertos[i]`` (all by default).

    A right answer chooses the correct options; a wrong one, the first incorrect option.
    """
    preguntas = preguntas if preguntas is not None else instantanea(evaluacion)
    aciertos = aciertos if aciertos is not None else [True] * len(preguntas)
    respuestas = {}
    for pregunta, bien in zip(preguntas, aciertos, strict=True):
        correctas = [o["clave"] for o in pregunta["opciones"] if o["correcta"]]
        incorrectas = [o["clave"] for o in pregunta["opciones"] if not o["correcta"]]
        respuestas[pregunta["clave"]] = correctas if bien else incorrectas[:1]
    resultado = calificacion.calificar_intento(
        [calificacion.PreguntaCalificable.desde_instantanea(p) for p in preguntas],
        respuestas,
        evaluacion.porcentaje_aprobatorio,
    )
    entregado_en = entregado_en or timezone.now()
    inscripcion, _ = cursos_services.inscripcion_crear(usuario=usuario, curso=evaluacion.curso)
    return Intento.objects.create(
        usuario=usuario,
        evaluacion=evaluacion,
        inscripcion=inscripcion,
        numero=numero,
        estado=EstadoIntento.ENTREGADO,
        iniciado_en=entregado_en - timedelta(minutes=12),
        entregado_en=entregado_en,
        porcentaje_aprobatorio=evaluacion.porcentaje_aprobatorio,
        preguntas=preguntas,
        respuestas=respuestas,
        resultado={
            r.clave: {"obtenidos": str(r.obtenidos), "puntos": str(r.puntos)}
            for r in resultado.preguntas
        },
        puntaje=resultado.obtenidos,
        puntaje_maximo=resultado.maximo,
        porcentaje=resultado.porcentaje,
        aprobado=resultado.aprobado,
    )


def intento_en_curso(usuario, evaluacion, *, numero: int = 1) -> Intento:
    """An attempt still open: it has no grade and no report may count it."""
    preguntas = instantanea(evaluacion)
    inscripcion, _ = cursos_services.inscripcion_crear(usuario=usuario, curso=evaluacion.curso)
    return Intento.objects.create(
        usuario=usuario,
        evaluacion=evaluacion,
        inscripcion=inscripcion,
        numero=numero,
        iniciado_en=timezone.now(),
        porcentaje_aprobatorio=evaluacion.porcentaje_aprobatorio,
        preguntas=preguntas,
        puntaje_maximo=sum((Decimal(p["puntos"]) for p in preguntas), Decimal(0)),
    )
