"""``manage.py emitir_certificados``: issue every pending certificate, on every core."""

from __future__ import annotations

import gc
import multiprocessing
import os
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.models import Exists, OuterRef
from tqdm import tqdm

from certificados import render, services
from certificados.management import AyudaEnParrafos
from certificados.models import Certificado, EstadoCertificado
from cursos.models import CursoPage, Inscripcion

# What a worker is given: an enrolment to issue (and render), or a certificate to render.
INSCRIPCION = "inscripcion"
CERTIFICADO = "certificado"


@dataclass(frozen=True)
class Resultado:
    tipo: str
    pk: int
    emitido: bool = False
    renderizado: bool = False
    error: str = ""


def pendientes(*, curso_id: int | None = None) -> list[tuple[str, int]]:
    """Completed enrolments with no certificate, then valid certificates with no PDF."""
    certificado = Certificado.objects.filter(
        usuario_id=OuterRef("usuario_id"), curso_id=OuterRef("curso_id")
    ).exclude(estado=EstadoCertificado.REEMPLAZADO)
    inscripciones = Inscripcion.objects.filter(completado_en__isnull=False).exclude(
        Exists(certificado)
    )
    sin_pdf = Certificado.objects.filter(estado=EstadoCertificado.VALIDO, pdf="")
    if curso_id is not None:
        inscripciones = inscripciones.filter(curso_id=curso_id)
        sin_pdf = sin_pdf.filter(curso_id=curso_id)
    return [
        *(
            (INSCRIPCION, pk)
            for pk in inscripciones.order_by("completado_en", "pk").values_list("pk", flat=True)
        ),
        *(
            (CERTIFICADO, pk)
            for pk in sin_pdf.order_by("emitido_en", "pk").values_list("pk", flat=True)
        ),
    ]


def procesar(trabajo: tuple[str, int]) -> Resultado:
    """Issue and render one item through the services; an error is returned, not raised."""
    tipo, pk = trabajo
    emitido = False
    try:
        if tipo == INSCRIPCION:
            certificado, emitido = services.certificado_emitir(
                inscripcion=Inscripcion.objects.get(pk=pk)
            )
        else:
            certificado = Certificado.objects.get(pk=pk)
        renderizado = services.certificado_generar_pdf(certificado=certificado)
    except Exception as exc:  # one learner's failure must not stop the other thousand
        return Resultado(tipo, pk, emitido=emitido, error=f"{type(exc).__name__}: {exc}")
    return Resultado(tipo, pk, emitido=emitido, renderizado=renderizado)


def _preparar_proceso() -> None:
    """Each worker opens its own connection. On SQLite, whose write lock covers the whole
    file, its transactions take that lock when they begin (IMMEDIATE) and wait for it up to
    a minute: a transaction that starts reading and only later writes would otherwise fail
    at once with «database is locked» whenever the other worker has written meanwhile."""
    conexion = connections["default"]
    if conexion.vendor == "sqlite":
        opciones = conexion.settings_dict.setdefault("OPTIONS", {})
        opciones["transaction_mode"] = "IMMEDIATE"
        opciones["timeout"] = max(opciones.get("timeout", 0), 60)


class Command(BaseCommand):
    help = """Emite todos los certificados pendientes y genera sus PDF.

Pendientes son las inscripciones completadas que aún no tienen certificado y los certificados
válidos que aún no tienen PDF. Cada uno pasa por los mismos servicios que la tarea que se
encola al completar un curso (certificado_emitir y certificado_generar_pdf), así que el
comando puede repetirse sin duplicar nada: lo ya emitido conserva su folio y su PDF.

Reparte el trabajo entre --procesos procesos (por omisión, uno por núcleo). Un error en un
certificado se informa y no detiene los demás; el comando termina con error si hubo alguno,
y volver a ejecutarlo reintenta solo lo que falta."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("formatter_class", AyudaEnParrafos)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument(
            "--procesos",
            type=int,
            default=os.cpu_count() or 1,
            help="Procesos en paralelo (por omisión, %(default)s: los núcleos de esta máquina).",
        )
        parser.add_argument(
            "--curso", type=int, help="Solo los certificados de este curso (su ID de página)."
        )

    def handle(self, *args, procesos, curso=None, **opciones):
        if procesos < 1:
            raise CommandError("--procesos debe ser al menos 1.")
        if curso is not None and not CursoPage.objects.filter(pk=curso).exists():
            raise CommandError(f"No existe el curso con ID {curso}.")
        trabajos = pendientes(curso_id=curso)
        if not trabajos:
            self.stdout.write("No hay certificados pendientes.")
            return
        conexion = connections["default"]
        if procesos > 1 and conexion.vendor == "sqlite" and conexion.is_in_memory_db():
            # Forked workers would each write to their own copy of the database.
            self.stderr.write("La base de datos está en memoria: se usará un solo proceso.")
            procesos = 1
        procesos = min(procesos, len(trabajos))

        emitidos = renderizados = 0
        errores = []
        salida = self.stderr._out  # the bare stream: tqdm redraws its line with "\r"
        with tqdm(total=len(trabajos), desc="Certificados", unit="cert", file=salida) as barra:
            for resultado in self._resultados(trabajos, procesos):
                emitidos += resultado.emitido
                renderizados += resultado.renderizado
                if resultado.error:
                    errores.append(resultado)
                    barra.write(
                        f"Error en {self._describir(resultado)}: {resultado.error}", file=salida
                    )
                barra.update()

        resumen = (
            f"Certificados emitidos: {emitidos}. PDF generados: {renderizados}. "
            f"Errores: {len(errores)}."
        )
        if errores:
            raise CommandError(
                f"{resumen} Vuelve a ejecutar el comando para reintentar los que fallaron."
            )
        self.stdout.write(self.style.SUCCESS(resumen))

    def _resultados(self, trabajos, procesos):
        if procesos == 1:
            yield from map(procesar, trabajos)
            return
        render.preparar()  # parsed once here, inherited by every worker
        # Forked children must not share the parent's open connections.
        connections.close_all()
        # What the workers inherit (Django, WeasyPrint, the fonts) stays out of their garbage
        # collections, which then only walk what each certificate allocates.
        gc.freeze()
        try:
            contexto = multiprocessing.get_context("fork")
            with contexto.Pool(procesos, initializer=_preparar_proceso) as grupo:
                # Small chunks keep both cores busy to the end and the bar moving.
                yield from grupo.imap_unordered(procesar, trabajos, chunksize=4)
        finally:
            gc.unfreeze()

    @staticmethod
    def _describir(resultado: Resultado) -> str:
        if resultado.tipo == INSCRIPCION:
            return f"la inscripción {resultado.pk}"
        return f"el certificado {resultado.pk}"
