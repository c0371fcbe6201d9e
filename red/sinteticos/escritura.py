"""Writing rows in bulk: COPY on PostgreSQL, ``bulk_create`` elsewhere."""

from __future__ import annotations

import json
import time

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection
from django.db.models import JSONField

from certificados.models import Certificado
from cursos.models import Inscripcion, ModuloCompletado, Participante
from evaluaciones.models import Intento


class Escritor:
    """Rows as tuples of attribute values: COPY on PostgreSQL, ``bulk_create`` elsewhere."""

    LOTE = 2_000

    def __init__(self, informar):
        self.postgres = connection.vendor == "postgresql"
        self.informar = informar

    def insertar(self, modelo, campos: str, filas: list[tuple]) -> None:
        """Write ``filas``, whose values follow ``campos`` (attribute names, spaced)."""
        campos = campos.split()
        inicio = time.perf_counter()
        if self.postgres:
            self._copiar(modelo, campos, filas)
        else:
            modelo.objects.bulk_create(
                (modelo(**dict(zip(campos, fila, strict=True))) for fila in filas),
                batch_size=self.LOTE,
            )
        segundos = time.perf_counter() - inicio
        self.informar(
            f"  {modelo._meta.label:<36} {len(filas):>10,} filas {segundos:>7.1f} s"
            f" ({len(filas) / max(segundos, 1e-9):,.0f}/s)"
        )

    def _copiar(self, modelo, campos, filas):
        opciones = modelo._meta
        columnas = [opciones.get_field(c).column for c in campos]
        json_en = [i for i, c in enumerate(campos) if isinstance(opciones.get_field(c), JSONField)]
        nombre = connection.ops.quote_name
        sql = f"COPY {nombre(opciones.db_table)} ({', '.join(map(nombre, columnas))}) FROM STDIN"
        # Rows may share one JSON value (every attempt at a quiz holds the same snapshot):
        # written once per object, which the rows keep alive until the end of the call.
        textos: dict[int, str] = {}
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copia:
            for fila in filas:
                if json_en:
                    fila = list(fila)
                    for i in json_en:
                        valor = fila[i]
                        texto = textos.get(id(valor))
                        if texto is None:
                            texto = textos[id(valor)] = json.dumps(
                                valor, ensure_ascii=False, separators=(",", ":")
                            )
                        fila[i] = texto
                copia.write_row(fila)

    def primer_id(self, modelo) -> int:
        """The next free id: this load writes ids itself so rows can point at each other
        without reading them back (PostgreSQL: tables locked against other writers first)."""
        ultimo = modelo.objects.order_by("-pk").values_list("pk", flat=True).first()
        return (ultimo or 0) + 1

    def abrir(self, modelos, *, con_ids) -> None:
        """On PostgreSQL, before writing: lock ``con_ids`` (the tables whose ids this load
        chooses) against other writers, and set aside the foreign keys of every table about
        to be filled, as PostgreSQL's «Populating a Database» advises. Checked one row at a
        time at commit, they took most of the load's time; ``cerrar`` adds them back, which
        checks every row in one join. Inside the load's transaction: if anything fails,
        they are back as they were."""
        if not self.postgres:
            return
        nombre = connection.ops.quote_name
        with connection.cursor() as cursor:
            tablas = ", ".join(nombre(m._meta.db_table) for m in con_ids)
            cursor.execute(f"LOCK TABLE {tablas} IN SHARE ROW EXCLUSIVE MODE")
            # Run the checks queued so far (the pages just created): a table with pending
            # checks cannot be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
                "ORDER BY 1, 2",
                [[m._meta.db_table for m in modelos]],
            )
            self.llaves = cursor.fetchall()
            for tabla, llave, _ in self.llaves:
                cursor.execute(f"ALTER TABLE {tabla} DROP CONSTRAINT {nombre(llave)}")

    def cerrar(self, modelos) -> None:
        """On PostgreSQL, after writing: the foreign keys back (each checks all its rows),
        the id sequences past the ids written, and fresh statistics for the planner."""
        if not self.postgres:
            return
        nombre = connection.ops.quote_name
        inicio = time.perf_counter()
        with connection.cursor() as cursor:
            for tabla, llave, definicion in self.llaves:
                cursor.execute(f"ALTER TABLE {tabla} ADD CONSTRAINT {nombre(llave)} {definicion}")
            self.informar(
                f"  {len(self.llaves)} llaves foráneas comprobadas en "
                f"{time.perf_counter() - inicio:.1f} s"
            )
            for sql in connection.ops.sequence_reset_sql(no_style(), modelos):
                cursor.execute(sql)
            inicio = time.perf_counter()
            for modelo in modelos:
                cursor.execute(f"ANALYZE {nombre(modelo._meta.db_table)}")
            self.informar(f"  estadísticas (ANALYZE) en {time.perf_counter() - inicio:.1f} s")


def tablas_grandes():
    """The tables a load fills with most rows (what VACUUM goes over afterwards)."""
    return (get_user_model(), Participante, Inscripcion, ModuloCompletado, Intento, Certificado)
