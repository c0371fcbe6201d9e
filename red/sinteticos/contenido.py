"""The synthetic catalogue: courses and modules as real Wagtail pages, and their quizzes."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from cursos.models import CursoPage, CursosIndexPage, ModuloPage
from evaluaciones.models import Evaluacion, Opcion, Pregunta, PreguntaDeEvaluacion
from red.sinteticos.datos import (
    APROBATORIO,
    CURSOS,
    OPCIONES,
    PREGUNTAS_POR_EVALUACION,
    SLUG_CATALOGO,
    TIPOS_PREGUNTA,
)


@dataclass
class Curso:
    pk: int
    slug: str
    titulo: str
    horas: Decimal
    modulos: list[int]
    final: int = 0  # the final quiz (mandatory)
    parciales: list[tuple[int, int]] = field(default_factory=list)  # (module index, quiz)
    instantaneas: dict[int, list] = field(default_factory=dict)  # quiz → snapshot


def _pagina_inicio():
    from wagtail.models import Site

    sitio = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if sitio is None:
        raise RuntimeError("No hay un sitio predeterminado de Wagtail: ejecuta migrate.")
    return sitio.root_page


def contenido_crear(azar: random.Random, momento: dt.datetime) -> list[Curso]:
    """The catalogue, courses and modules through Wagtail's page API (a few dozen pages),
    then the quizzes and their question bank with ``bulk_create``: saving a quiz one by one
    would enqueue a completeness recount of its course."""
    catalogo = _pagina_inicio().add_child(
        instance=CursosIndexPage(title="Cursos sintéticos", slug=SLUG_CATALOGO)
    )
    cursos = []
    for i, (titulo, eje, horas) in enumerate(CURSOS, start=1):
        slug = f"sintetico-curso-{i:02d}"
        curso = catalogo.add_child(
            instance=CursoPage(
                title=titulo,
                slug=slug,
                resumen=f"Curso sintético {i} para pruebas de carga.",
                objetivos="<p>Datos sintéticos: no es un curso real.</p>",
                duracion_horas=horas,
                eje=eje,
            )
        )
        modulos = [
            curso.add_child(
                instance=ModuloPage(
                    title=f"Módulo {j} de {titulo}",
                    slug=f"{slug}-modulo-{j}",
                    cuerpo=[("parrafo", f"<p>Contenido sintético del módulo {j}.</p>")],
                )
            ).pk
            for j in range(1, azar.randint(5, 7) + 1)
        ]
        cursos.append(Curso(curso.pk, slug, titulo, Decimal(horas), modulos))

    evaluaciones = []
    for curso in cursos:
        n = len(curso.modulos)
        for indice in (n // 3, (2 * n) // 3):
            evaluaciones.append(
                Evaluacion(
                    titulo=f"{curso.titulo} · módulo {indice}",
                    curso_id=curso.pk,
                    modulo_id=curso.modulos[indice - 1],
                    obligatoria=False,
                    porcentaje_aprobatorio=APROBATORIO,
                    live=True,
                    first_published_at=momento,
                    last_published_at=momento,
                )
            )
        evaluaciones.append(
            Evaluacion(
                titulo=f"{curso.titulo} · evaluación final",
                curso_id=curso.pk,
                porcentaje_aprobatorio=APROBATORIO,
                live=True,
                first_published_at=momento,
                last_published_at=momento,
            )
        )
    Evaluacion.objects.bulk_create(evaluaciones)
    preguntas = Pregunta.objects.bulk_create(
        Pregunta(enunciado=f"Pregunta sintética {k} (E{i})", tipo=TIPOS_PREGUNTA[k % 2])
        for i in range(1, len(evaluaciones) + 1)
        for k in range(1, PREGUNTAS_POR_EVALUACION + 1)
    )
    Opcion.objects.bulk_create(
        Opcion(pregunta=p, texto=texto, correcta=k == 0, sort_order=k)
        for p in preguntas
        for k, texto in enumerate(OPCIONES[p.tipo])
    )
    PreguntaDeEvaluacion.objects.bulk_create(
        PreguntaDeEvaluacion(
            evaluacion=ev, pregunta=preguntas[i * PREGUNTAS_POR_EVALUACION + k], sort_order=k
        )
        for i, ev in enumerate(evaluaciones)
        for k in range(PREGUNTAS_POR_EVALUACION)
    )
    por_curso = {c.pk: c for c in cursos}
    for i, ev in enumerate(evaluaciones):
        curso = por_curso[ev.curso_id]
        if ev.modulo_id:
            curso.parciales.append((curso.modulos.index(ev.modulo_id) + 1, ev.pk))
        else:
            curso.final = ev.pk
        bloque = preguntas[i * PREGUNTAS_POR_EVALUACION : (i + 1) * PREGUNTAS_POR_EVALUACION]
        curso.instantaneas[ev.pk] = [_pregunta_instantanea(azar, p) for p in bloque]
    return cursos


def clave(azar: random.Random) -> str:
    return f"{azar.getrandbits(32):08x}"


def _pregunta_instantanea(azar, pregunta) -> dict:
    """A question as an attempt keeps it (``Intento.preguntas``), first option correct."""
    return {
        "clave": clave(azar),
        "pregunta_id": pregunta.pk,
        "tipo": pregunta.tipo,
        "enunciado": pregunta.enunciado,
        "puntos": "1.00",
        "modo_multiple": pregunta.modo_multiple,
        "explicacion": "",
        "opciones": [
            {"clave": clave(azar), "texto": t, "correcta": k == 0, "retroalimentacion": ""}
            for k, t in enumerate(OPCIONES[pregunta.tipo])
        ],
    }
