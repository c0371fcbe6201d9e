"""Removing the synthetic data, and only it."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q

from certificados.models import Certificado
from cursos.models import CursoPage, CursosIndexPage, Inscripcion, ModuloCompletado, Participante
from evaluaciones.models import Evaluacion, Intento, Pregunta, PreguntaDeEvaluacion
from red.models import ConsentimientoDirectorio, Embajador
from red.sinteticos.datos import SLUG_CATALOGO
from red.sinteticos.escritura import tablas_grandes
from red.sinteticos.identidad import usuarios_sinteticos


def _borrar_en_sql(queryset) -> int:
    """DELETE … WHERE pk IN (the queryset), in one statement: no rows read into Python and
    no signals, which these records do not need (see the module's docstring)."""
    modelo = queryset.model
    sql, parametros = queryset.order_by().values("pk").query.sql_with_params()
    nombre = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {nombre(modelo._meta.db_table)} "  # noqa: S608 (names from models)
            f"WHERE {nombre(modelo._meta.pk.column)} IN ({sql})",
            parametros,
        )
        return cursor.rowcount


def _borrar_usuarios(usuarios) -> int:
    """The synthetic users in one statement when nothing else points at them (as it should
    be: their records are gone already and they cannot sign in); otherwise through the ORM,
    which follows every relation, slowly."""
    Usuario = usuarios.model
    ids = usuarios.values("pk")
    relaciones = [(r.related_model, r.field.name) for r in Usuario._meta.related_objects] + [
        (f.remote_field.through, f.m2m_field_name()) for f in Usuario._meta.many_to_many
    ]
    if any(m._base_manager.filter(**{f"{c}__in": ids}).exists() for m, c in relaciones):
        return usuarios.delete()[1].get(Usuario._meta.label, 0)
    return _borrar_en_sql(usuarios)


def borrar(*, informar=print) -> dict[str, int]:
    """Remove every synthetic record and the synthetic catalogue, in one transaction.

    Only what this module creates goes: users named ``sintetico-…`` with an e-mail at
    ``sintetico.invalid``, their records, and the courses under the synthetic catalogue with
    what was recorded in them. Real participants, their records in real courses, and the
    folio counters (a gap in the numbering is harmless) stay."""
    inicio = time.perf_counter()
    borrados = {}

    def paso(nombre, funcion):
        antes = time.perf_counter()
        borrados[nombre] = n = funcion()
        informar(f"  {nombre:<36} {n:>10,} borrados {time.perf_counter() - antes:>7.1f} s")

    with transaction.atomic():
        usuarios = usuarios_sinteticos().values("pk")
        catalogos = list(CursosIndexPage.objects.filter(slug=SLUG_CATALOGO))
        cursos = [
            pk
            for catalogo in catalogos
            for pk in CursoPage.objects.descendant_of(catalogo).values_list("pk", flat=True)
        ]
        for queryset in (
            ConsentimientoDirectorio.objects.filter(participante__usuario__in=usuarios),
            Embajador.objects.filter(participante__usuario__in=usuarios),
            Certificado.objects.filter(Q(usuario__in=usuarios) | Q(curso__in=cursos)),
            Intento.objects.filter(Q(usuario__in=usuarios) | Q(evaluacion__curso__in=cursos)),
            ModuloCompletado.objects.filter(
                Q(inscripcion__usuario__in=usuarios) | Q(inscripcion__curso__in=cursos)
            ),
            Inscripcion.objects.filter(Q(usuario__in=usuarios) | Q(curso__in=cursos)),
            Participante.objects.filter(usuario__in=usuarios),
        ):
            paso(queryset.model._meta.label, lambda q=queryset: _borrar_en_sql(q))
        paso(get_user_model()._meta.label, lambda: _borrar_usuarios(usuarios_sinteticos()))
        preguntas = list(
            PreguntaDeEvaluacion.objects.filter(evaluacion__curso__in=cursos).values_list(
                "pregunta_id", flat=True
            )
        )
        paso(
            "evaluaciones.Evaluacion",
            lambda: (
                Evaluacion.objects.filter(curso__in=cursos)
                .delete()[1]
                .get("evaluaciones.Evaluacion", 0)
            ),
        )
        paso(
            "evaluaciones.Pregunta",
            lambda: (
                Pregunta.objects.filter(pk__in=preguntas, en_evaluaciones__isnull=True)
                .delete()[1]
                .get("evaluaciones.Pregunta", 0)
            ),
        )

        def paginas():
            n = 0
            for catalogo in catalogos:
                n += catalogo.get_descendant_count() + 1
                catalogo.delete()
            return n

        paso("wagtailcore.Page", paginas)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Give the space of the deleted rows back to the next load, and fresh statistics.
        antes = time.perf_counter()
        with connection.cursor() as cursor:
            for modelo in tablas_grandes():
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(modelo._meta.db_table)}")
        informar(f"  VACUUM ANALYZE en {time.perf_counter() - antes:.1f} s")
    informar(f"  en total {time.perf_counter() - inicio:.1f} s")
    return borrados
