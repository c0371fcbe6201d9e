"""Issue certificates end to end; print certificates per second against a bare WeasyPrint render.

Run: `make bench`, or `.venv/bin/python bench/certificados.py [N]` (test settings by default).
N, the certificates of the multi-process run, defaults to 1088: the public servants the
network has trained so far (BENCH_CERTIFICADOS also sets it). BENCH_MUESTRA (default 80) is
how many are rendered and issued in the single-process figures. Figures, one run:

(a) bare: ``render.pdf_de_html`` on one certificate's whole HTML, in one process: WeasyPrint
    alone (layout, fonts, PDF) with the stylesheet and fonts already parsed, rendering the
    page in one pass. The baseline of the issue's ratio.
(a') the same for the certificate's variable layer alone (the person's text), the only
    part WeasyPrint renders for every certificate (``render.pdf_de_contexto``: the design's
    layer is rendered once per process and the QR code is segno's own PDF).
(b) pipeline: certificates issued end to end in one process through the services the task
    uses, ``certificado_emitir`` then ``certificado_generar_pdf``: snapshot, folio, signature,
    QR, HTML, both layers, PDF, storage, database, e-mail. (b)/(a) is the issue's ratio,
    target at most 1.30; (b)/(a') is what issuing adds to the WeasyPrint work it does.
    (a), (a') and (b) run in alternate rounds, so a change in the machine's load weighs on
    all alike.
(c) N certificates with ``manage.py emitir_certificados`` on every core, wall-clock; the
    target is N = 1088 in at most 60 s on a 2-core machine.

The certificates have a realistic design: a template with a logo and two signatories with
their signature images (transparent PNGs), and a verification URL as long as a real domain's.
The database is a throw-away SQLite file and the PDFs go to a temporary folder (the test
settings keep both in memory, which the worker processes of (c) cannot share); both are
deleted at the end.

Where the time of one certificate goes (CPU, this design; the machine's speed varies, the
shares hold): WeasyPrint on the variable layer ~55 % (layout ~40, writing the PDF ~15),
issuing (snapshot, folio, signature, database, audit log) ~16 %, making the QR code ~11 %
(most of it choosing its mask, as the QR standard asks), the e-mail ~6 %, laying the layers
and the QR together (qpdf) ~5 %, storing and the rest ~7 %. Rendered in one pass, the same
page cost about twice as much: images, header, signatures and the QR code's SVG path
(~2,000 commands WeasyPrint parses in Python) were most of it, and they are the same for every
certificate of a design, or, for the QR, cheaper drawn by segno. Before that, every render
also paid ~80 ms building HTTPS contexts it never used (WeasyPrint's default URL fetcher,
twice per render): see ``certificados/render.py``.
"""

import io
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import entorno
from django.conf import settings
from django.db import connections

N = int(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("BENCH_CERTIFICADOS", "1088"))
MUESTRA = int(os.environ.get("BENCH_MUESTRA", "80"))
RONDAS = 8
META_SEGUNDOS = 60
META_RATIO = 1.30
URL_BASE = "https://aula.example.gob.mx"

# fmt: off
NOMBRES = ["María Guadalupe", "José Luis", "Ana Karen", "Juan Carlos", "Rosa María",
           "Francisco Javier", "Verónica", "Miguel Ángel"]
APELLIDOS = ["Hernández", "García", "Martínez", "López", "Sánchez", "Ramírez", "Peña",
             "Velázquez", "Ordóñez", "Núñez"]
# fmt: on


def a_disco(carpeta: Path) -> None:
    """Move the database and the PDFs from memory to ``carpeta`` (before any query).

    The SQLite file is in WAL mode, as any SQLite that several processes write to should be
    (readers then never wait for the writer, and a commit does not wait for the disk)."""
    from django.core.files.storage import FileSystemStorage

    from certificados.models import Certificado

    conexion = connections["default"]
    conexion.close()
    conexion.settings_dict["NAME"] = str(carpeta / "bench.sqlite3")
    conexion.settings_dict.setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
    )
    Certificado._meta.get_field("pdf").storage = FileSystemStorage(location=carpeta / "pdf")


def preparar(total: int):
    """A course, a default template with logo and two signatories, and ``total`` learners
    with the course completed and no certificate yet."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cursos.models import Inscripcion, Municipio, Participante, TipoParticipante
    from tests import factories

    catalogo = factories.CursosIndexPageFactory(parent=factories.inicio())
    curso, _ = factories.curso_con_modulos(
        3,
        catalogo=catalogo,
        title="Adaptación al cambio climático en la gestión municipal",
        duracion_horas=20,
    )
    factories.plantilla_con_firmas(
        [
            ("Mtra. Laura Estela Díaz Ortega", "Directora General del IEECC"),
            ("Ing. Ricardo Salas Mendoza", "Coordinador de la Red de Embajadores"),
        ]
    )

    azar = random.Random(1088)  # noqa: S311 (repeatable names, not secrets)
    municipios = list(Municipio.objects.all()[:125])
    usuarios = get_user_model().objects.bulk_create(
        get_user_model()(username=f"servidor{i}", email=f"servidor{i}@municipio.example")
        for i in range(total)
    )
    ahora = timezone.now()
    Participante.objects.bulk_create(
        Participante(
            usuario=u,
            nombre_completo=f"{azar.choice(NOMBRES)} {azar.choice(APELLIDOS)} "
            f"{azar.choice(APELLIDOS)}",
            municipio=azar.choice(municipios),
            dependencia="Dirección de Medio Ambiente",
            cargo="Enlace",
            tipo=TipoParticipante.SERVIDOR_MUNICIPAL,
            aviso_privacidad_aceptado_en=ahora,
        )
        for u in usuarios
    )
    Inscripcion.objects.bulk_create(
        Inscripcion(usuario=u, curso=curso, completado_en=ahora) for u in usuarios
    )
    return list(Inscripcion.objects.select_related("curso").order_by("pk"))


def emitir(inscripcion):
    from certificados import services

    certificado, _ = services.certificado_emitir(inscripcion=inscripcion)
    assert services.certificado_generar_pdf(certificado=certificado)
    return certificado


def main():
    # As long as a real domain: past "http://testserver" the QR code grows a version.
    settings.CERTIFICADOS_URL_BASE = URL_BASE
    carpeta = Path(tempfile.mkdtemp(prefix="bench-certificados-"))
    try:
        a_disco(carpeta)
        entorno.preparar()
        medir(carpeta)
    finally:
        connections.close_all()
        shutil.rmtree(carpeta, ignore_errors=True)


def medir(carpeta: Path):
    from django.core.management import call_command

    from certificados import render
    from certificados.models import Certificado

    inscripciones = preparar(1 + MUESTRA + N)
    primera, muestra = inscripciones[0], inscripciones[1 : 1 + MUESTRA]

    # Warm up like a running worker (stylesheet, fonts, images, key, the design's layer),
    # then take its HTML, whole and the variable layer alone.
    certificado = emitir(primera)
    contexto = render.contexto_de_datos(
        certificado.datos, url_verificacion=certificado.credencial["credencial"]["verificacion"]
    )
    html = render.html_de_contexto(contexto, para_pdf=True)
    variable = render.html_de_contexto(contexto, para_pdf=True, capa="variable")
    adjunto = render.adjunto_de_credencial(certificado.credencial)
    tamano = len(render.pdf_de_html(html, adjunto=adjunto))
    tamano_capas = len(certificado.pdf.open("rb").read())

    solo = capa = completo = 0.0
    por_ronda = -(-MUESTRA // RONDAS)
    for ronda in range(RONDAS):
        lote = muestra[ronda * por_ronda : (ronda + 1) * por_ronda]
        inicio = time.perf_counter()
        for _ in lote:
            render.pdf_de_html(html, adjunto=adjunto)
        solo += time.perf_counter() - inicio
        inicio = time.perf_counter()
        for _ in lote:
            render.pdf_de_html(variable, adjunto=adjunto)
        capa += time.perf_counter() - inicio
        inicio = time.perf_counter()
        for inscripcion in lote:
            emitir(inscripcion)
        completo += time.perf_counter() - inicio

    procesos = os.cpu_count() or 1
    antes = resource.getrusage(resource.RUSAGE_CHILDREN)
    inicio = time.perf_counter()
    call_command(
        "emitir_certificados", procesos=procesos, stdout=io.StringIO(), stderr=io.StringIO()
    )
    total = time.perf_counter() - inicio
    despues = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = despues.ru_utime + despues.ru_stime - antes.ru_utime - antes.ru_stime
    listos = Certificado.objects.exclude(pdf="").count()
    assert listos == 1 + MUESTRA + N, (listos, 1 + MUESTRA + N)
    en_disco = sum(1 for _ in (carpeta / "pdf").rglob("*.pdf"))
    assert en_disco == listos, (en_disco, listos)

    ratio = completo / solo
    carga = ", ".join(f"{c:.1f}" for c in os.getloadavg())
    print(
        f"núcleos: {procesos}   carga al terminar: {carga}   "
        f"PDF: {tamano_capas / 1024:.1f} KiB (en una pasada: {tamano / 1024:.1f} KiB)"
    )
    print(
        f"(a)  WeasyPrint solo, página entera, {MUESTRA} renders: {MUESTRA / solo:6.1f} renders/s "
        f"({solo / MUESTRA * 1000:5.1f} ms c/u)"
    )
    print(
        f"(a') WeasyPrint solo, capa variable, {MUESTRA} renders: {MUESTRA / capa:6.1f} renders/s "
        f"({capa / MUESTRA * 1000:5.1f} ms c/u)"
    )
    print(
        f"(b)  completo en 1 proceso, {MUESTRA} certificados:  {MUESTRA / completo:6.1f} cert/s   "
        f"({completo / MUESTRA * 1000:5.1f} ms c/u)"
    )
    print(
        f"     completo / WeasyPrint solo (a): {ratio:.2f}  (meta ≤ {META_RATIO:.2f}: "
        f"{'cumple' if ratio <= META_RATIO else 'NO cumple'});  "
        f"completo / capa variable (a'): {completo / capa:.2f}"
    )
    print(
        f"(c)  emitir_certificados --procesos {procesos}, {N} certificados: {total:.1f} s, "
        f"{N / total:.1f} cert/s  (meta: 1088 en ≤ {META_SEGUNDOS} s"
        f"{'' if N == 1088 else f', a este ritmo {1088 / (N / total):.1f} s'}: "
        f"{'cumple' if 1088 / (N / total) <= META_SEGUNDOS else 'NO cumple'})"
    )
    # On a machine busy with other work the wall clock overstates; the workers' CPU time
    # over the cores estimates the run on cores left to it.
    print(
        f"     CPU de los procesos: {cpu:.1f} s ({cpu / N * 1000:.1f} ms por certificado; "
        f"entre {procesos} núcleos libres, {cpu / procesos:.1f} s)"
    )


if __name__ == "__main__":
    main()
