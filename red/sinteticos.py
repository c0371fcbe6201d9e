"""Synthetic data at realistic volume, reproducible from a seed: for benchmarks and load tests.

``generar(semilla=…, escala=…)`` writes, at ``escala=1``: 100,000 participants with their user
accounts, 10 courses of 5–7 modules each (real Wagtail pages under their own catalogue),
1,000,000 module completions, 200,000 finished quiz attempts, 50,000 certificates and 500
ambassador designations, dated over the three years before ``hasta``. Every count is
``round(volume × escala)``, exactly. The same seed, scale and ``hasta`` give the same rows
(``huella()`` is their digest); only database ids and folio numbers depend on what the
database already holds.

How it is recognisable, so ``borrar()`` removes it and nothing else: user names start with
``sintetico-`` and e-mails end in ``@sintetico.invalid`` (a reserved domain: nothing can be
sent there, and no real account can confirm such an address); the courses live under the
catalogue whose slug is ``cursos-sinteticos``. Real participants are never touched.

Municipalities are drawn with weights proportional to their population: ``POBLACION_MILES``
holds approximate figures of INEGI's Censo de Población y Vivienda 2020, in thousands and
rounded. They are weights, not figures to publish: Ecatepec gets about 9.7 % of the people,
Toluca 5.4 %, Otzoloapan 0.02 %.

Why writing around the models' save hooks is safe here: the pages, quizzes and questions are
few and go through Wagtail's page API and the ORM; the records go in bulk (COPY on PostgreSQL,
``bulk_create`` elsewhere), which skips ``save()`` and signals. Those hooks only (a) refuse to
change an issued certificate (these are inserted, never changed), (b) enqueue work after a
change: the certificate for a completed course (here it is written together with the
completion) and the completeness recount when a quiz is saved (here every enrolment is
written already consistent with its modules and quizzes), and (c) keep Wagtail's reference
and search indexes: attempts and certificates are out of the reference index by design, and
none of these records is searchable. Every database constraint still holds and is checked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import random
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import JSONField, Q
from django.utils import timezone
from stdnum import luhn

from certificados.codigos import ALFABETO, SIMBOLOS_ALEATORIOS, folio_formatear
from certificados.firma import ALGORITMO
from certificados.models import Certificado, ContadorFolio
from certificados.snapshot import apariencia_de, emisor
from cursos.models import (
    CursoPage,
    CursosIndexPage,
    Eje,
    Inscripcion,
    ModuloCompletado,
    ModuloPage,
    Municipio,
    Participante,
    TipoParticipante,
)
from evaluaciones.models import (
    EstadoIntento,
    Evaluacion,
    Intento,
    Opcion,
    Pregunta,
    PreguntaDeEvaluacion,
)
from red.models import ConsentimientoDirectorio, Embajador

DOMINIO = "sintetico.invalid"
PREFIJO_USUARIO = "sintetico-"
SLUG_CATALOGO = "cursos-sinteticos"
ANIOS = 3
DIA = 86_400


@dataclass(frozen=True)
class Volumenes:
    participantes: int = 100_000
    modulos_completados: int = 1_000_000
    intentos: int = 200_000
    certificados: int = 50_000
    embajadores: int = 500

    def por(self, escala: float) -> Volumenes:
        return Volumenes(**{k: round(v * escala) for k, v in vars(self).items()})


ESCALA_1 = Volumenes()

# Approximate population in thousands (INEGI, Censo 2020, rounded), by the last three digits
# of the INEGI code: 1 is 15001 Acambay, 33 is 15033 Ecatepec. Weights only.
# fmt: off
POBLACION_MILES = dict(enumerate([
    69, 171, 49, 15, 174, 12, 25, 26, 53, 31, 75, 12, 524, 109, 31, 29, 10, 68, 36, 293,
    39, 15, 41, 179, 400, 30, 12, 30, 201, 27, 705, 37, 1645, 10, 163, 45, 285, 13, 542, 36,
    7, 160, 30, 28, 91, 20, 76, 69, 15, 27, 170, 28, 61, 242, 13, 31, 834, 1077, 57, 431,
    10, 72, 37, 37, 36, 4, 88, 30, 4, 304, 14, 15, 31, 135, 29, 97, 7, 10, 15, 26,
    548, 78, 13, 40, 64, 33, 106, 104, 12, 90, 66, 58, 35, 20, 104, 38, 19, 6, 278, 47,
    84, 16, 50, 672, 33, 911, 13, 158, 516, 65, 52, 51, 69, 108, 54, 4, 15, 204, 18, 280,
    555, 392, 28, 102, 14,
], start=1))

NOMBRES = [
    "María", "Guadalupe", "Juan", "José", "Ana", "Luis", "Rosa", "Carlos", "Verónica",
    "Miguel", "Laura", "Jorge", "Adriana", "Francisco", "Patricia", "Alejandro", "Gabriela",
    "Ricardo", "Leticia", "Fernando", "Claudia", "Eduardo", "Alejandra", "Raúl", "Silvia",
    "Sergio", "Araceli", "Arturo", "Mónica", "Roberto", "Norma", "Héctor", "Diana", "Jesús",
    "Karen", "Daniel", "Itzel", "Óscar", "Xóchitl", "Iván",
]
APELLIDOS = [
    "Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez",
    "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres",
    "Díaz", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo", "Romero",
    "Álvarez", "Méndez", "Chávez", "Rivera", "Juárez", "Ramos", "Domínguez", "Herrera",
    "Medina", "Castro", "Vargas", "Guzmán", "Velázquez", "Mejía", "Becerril", "Colín",
    "Mercado", "Nava", "Albarrán", "Garduño", "Quiroz", "Salgado", "Peña", "Ordóñez",
]
DEPENDENCIAS = {
    TipoParticipante.SERVIDOR_MUNICIPAL: [
        "Dirección de Medio Ambiente", "Protección Civil", "Desarrollo Urbano", "Obras Públicas",
        "Servicios Públicos", "Organismo de Agua Potable", "Desarrollo Económico",
        "Secretaría del Ayuntamiento", "Tesorería", "DIF municipal", "Educación", "Ecología",
    ],
    TipoParticipante.SERVIDOR_ESTATAL: [
        "Secretaría del Medio Ambiente", "Instituto Estatal de Energía y Cambio Climático",
        "Comisión del Agua del Estado de México", "Protectora de Bosques", "Secretaría de Salud",
    ],
    TipoParticipante.EMBAJADOR: ["Dirección de Medio Ambiente", "Ecología", "Protección Civil"],
    TipoParticipante.PUBLICO_GENERAL: [
        "Sociedad civil", "Institución educativa", "Sector privado", "Colectivo vecinal",
    ],
}
CARGOS = [
    "Director(a)", "Subdirector(a)", "Jefe(a) de departamento", "Coordinador(a)", "Analista",
    "Auxiliar administrativo(a)", "Regidor(a)", "Enlace", "Técnico(a)", "Supervisor(a)",
]
TIPOS = [  # (type, share)
    (TipoParticipante.SERVIDOR_MUNICIPAL, 0.68), (TipoParticipante.SERVIDOR_ESTATAL, 0.14),
    (TipoParticipante.EMBAJADOR, 0.03), (TipoParticipante.PUBLICO_GENERAL, 0.15),
]
CURSOS = [  # (title, axis, hours)
    ("Fundamentos del cambio climático", Eje.ACCION_CLIMATICA, 8),
    ("El Embajador Climático en su municipio", Eje.CULTURA_GOBIERNO, 6),
    ("Gestión integral del agua en el municipio", Eje.ACCION_CLIMATICA, 12),
    ("Inventario municipal de emisiones", Eje.CULTURA_GOBIERNO, 16),
    ("Gestión de riesgos y adaptación", Eje.DESARROLLO_HUMANO, 10),
    ("Residuos sólidos y economía circular", Eje.ACCION_CLIMATICA, 8),
    ("Movilidad sustentable", Eje.DESARROLLO_HUMANO, 6),
    ("Energía limpia en edificios públicos", Eje.ACCION_CLIMATICA, 10),
    ("Participación ciudadana y tejido social", Eje.DESARROLLO_HUMANO, 6),
    ("Financiamiento climático municipal", Eje.CULTURA_GOBIERNO, 12),
]
# fmt: on

# The shape of the records, in shares of what they describe.
REEMPLAZADOS = 0.005  # of certificates: re-issued after a correction (two rows each)
REVOCADOS = 0.01  # of certificates
SIN_EMPEZAR = 0.12  # of enrolments: enrolled, nothing done yet
EMBAJADORES_CONCLUIDOS = 0.2
CONSIENTEN_DIRECTORIO = 0.6
MUNICIPIOS_CON_EMBAJADOR = 0.85  # municipalities given one ambassador before the rest
# Three short questions keep an attempt's row under PostgreSQL's 2 kB, past which every
# snapshot would be compressed (and the load take twice as long); 60 % passes with 2 of 3.
PREGUNTAS_POR_EVALUACION = 3
APROBATORIO = 60
TIPOS_PREGUNTA = ("verdadero_falso", "unica")  # even, odd question numbers
OPCIONES = {  # the first is the right one
    "unica": ("Opción A", "Opción B", "Opción C"),
    "verdadero_falso": ("Verdadero", "Falso"),
}
KID = "sintetico"  # the certificates' signing key id: none, they are not signed
CARGOS_EMBAJADOR = [
    "Director(a) de Medio Ambiente",
    "Coordinador(a) de Ecología",
    "Jefe(a) de Protección Civil",
    "Regidor(a) de Medio Ambiente",
]


class DatosSinteticosExistentes(Exception):
    """The database holds synthetic data already: remove it first (``borrar``)."""


# --- The content: a catalogue, its courses and modules, their quizzes ----------------------


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


def _contenido(azar: random.Random, momento: dt.datetime) -> list[Curso]:
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


def _clave(azar: random.Random) -> str:
    return f"{azar.getrandbits(32):08x}"


def _pregunta_instantanea(azar, pregunta) -> dict:
    """A question as an attempt keeps it (``Intento.preguntas``), first option correct."""
    return {
        "clave": _clave(azar),
        "pregunta_id": pregunta.pk,
        "tipo": pregunta.tipo,
        "enunciado": pregunta.enunciado,
        "puntos": "1.00",
        "modo_multiple": pregunta.modo_multiple,
        "explicacion": "",
        "opciones": [
            {"clave": _clave(azar), "texto": t, "correcta": k == 0, "retroalimentacion": ""}
            for k, t in enumerate(OPCIONES[pregunta.tipo])
        ],
    }


# --- Writing in bulk ----------------------------------------------------------------------


class _Escritor:
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


# --- The generator ------------------------------------------------------------------------


@dataclass
class Resumen:
    conteos: dict[str, int]
    segundos: float


class _Generador:
    def __init__(self, *, semilla: int, volumenes: Volumenes, hasta: dt.datetime, informar):
        self.azar = random.Random(semilla)  # noqa: S311 (repeatable data, not secrets)
        self.volumenes = volumenes
        self.fin = int(hasta.timestamp())
        self.inicio = self.fin - ANIOS * 365 * DIA
        self.zona = timezone.get_default_timezone()
        self.informar = informar
        self.escritor = _Escritor(informar)

    def fecha(self, segundos: int) -> dt.datetime:
        return dt.datetime.fromtimestamp(min(segundos, self.fin - 1), tz=dt.UTC)

    def local(self, segundos: int) -> dt.datetime:
        return dt.datetime.fromtimestamp(min(segundos, self.fin - 1), tz=self.zona)

    def ejecutar(self) -> dict[str, int]:
        paso = time.perf_counter()
        self.cursos = _contenido(self.azar, self.fecha(self.inicio))
        self.informar(
            f"  contenido: {len(self.cursos)} cursos, "
            f"{sum(len(c.modulos) for c in self.cursos)} módulos, "
            f"{3 * len(self.cursos)} evaluaciones ({time.perf_counter() - paso:.1f} s)"
        )
        Usuario = get_user_model()
        con_ids = [Usuario, Participante, Inscripcion, Certificado]
        llenadas = [*con_ids, ModuloCompletado, Intento, Embajador, ConsentimientoDirectorio]
        self.escritor.abrir(llenadas, con_ids=con_ids)
        self._personas(Usuario)
        self._actividad()
        self._certificados()
        self._embajadores()
        self.escritor.cerrar(llenadas)
        return {
            "participantes": len(self.participantes),
            "cursos": len(self.cursos),
            "inscripciones": self.n_inscripciones,
            "modulos_completados": self.n_modulos,
            "intentos": self.n_intentos,
            "certificados": self.n_certificados,
            "embajadores": self.n_embajadores,
        }

    # People ---------------------------------------------------------------------------

    def _personas(self, Usuario):
        azar, n = self.azar, self.volumenes.participantes
        municipios = list(
            Municipio.objects.order_by("clave_inegi").values_list("pk", "clave_inegi")
        )
        pesos = [POBLACION_MILES.get(int(clave) % 1000, 10) for _, clave in municipios]
        ids_municipio = [pk for pk, _ in municipios]
        elegidos = azar.choices(ids_municipio, weights=pesos, k=n)
        tipos = azar.choices([t for t, _ in TIPOS], weights=[p for _, p in TIPOS], k=n)
        primero_u = self.escritor.primer_id(Usuario)
        primero_p = self.escritor.primer_id(Participante)
        largo = self.fin - self.inicio
        usuarios, perfiles = [], []
        # (participant id, user id, municipality, type, registered at)
        self.participantes = []
        self.titulares = {}  # user id → (full name, municipality)
        for i in range(n):
            nombre = azar.choice(NOMBRES)
            apellidos = f"{azar.choice(APELLIDOS)} {azar.choice(APELLIDOS)}"
            # More people register as the network grows: density rising linearly with time.
            creado = self.inicio + int(largo * math.sqrt(azar.random()))
            tipo = tipos[i]
            usuario = f"{PREFIJO_USUARIO}{i + 1:06d}"
            clave_acceso = "!" + "".join(azar.choices(ALFABETO, k=40))  # "!": unusable
            usuarios.append(
                (
                    primero_u + i,
                    usuario,
                    f"{usuario}@{DOMINIO}",
                    nombre,
                    apellidos,
                    clave_acceso,
                    self.fecha(creado - azar.randint(0, 900)),
                    True,
                    False,
                    False,
                )
            )
            momento = self.fecha(creado)
            perfiles.append(
                (
                    primero_p + i,
                    primero_u + i,
                    f"{nombre} {apellidos}",
                    elegidos[i],
                    azar.choice(DEPENDENCIAS[tipo]),
                    azar.choice(CARGOS),
                    tipo.value,
                    "",
                    momento,
                    momento,
                    momento,
                )
            )
            self.participantes.append((primero_p + i, primero_u + i, elegidos[i], tipo, creado))
            self.titulares[primero_u + i] = (f"{nombre} {apellidos}", elegidos[i])
        self.escritor.insertar(
            Usuario,
            "id username email first_name last_name password date_joined is_active is_staff "
            "is_superuser",
            usuarios,
        )
        self.escritor.insertar(
            Participante,
            "id usuario_id nombre_completo municipio_id dependencia cargo tipo curp "
            "aviso_privacidad_aceptado_en creado_en actualizado_en",
            perfiles,
        )

    # Enrolments, module completions and attempts -------------------------------------

    def _actividad(self):
        """Enrolments in three kinds, in this order: completed (every module and the final
        quiz passed, with a certificate), in progress (some or all modules; the final quiz
        not passed) until the module completions reach their volume, and not started."""
        azar, v = self.azar, self.volumenes
        n_completas = v.certificados - round(v.certificados * REEMPLAZADOS)
        popularidad = [1 / (k + 1) ** 0.7 for k in range(len(self.cursos))]
        acumulada = [sum(popularidad[: k + 1]) for k in range(len(popularidad))]
        inscritos = [0] * len(self.participantes)  # a bit per course
        primero = self.escritor.primer_id(Inscripcion)
        self.inscripciones, self.modulos, self.completadas = [], [], []
        obligatorios, opcionales = [], []  # attempts: lists of groups (one per quiz)

        def inscribir():
            for _ in range(50):
                p = azar.randrange(len(self.participantes))
                k = azar.choices(range(len(self.cursos)), cum_weights=acumulada)[0]
                if not inscritos[p] >> k & 1:
                    inscritos[p] |= 1 << k
                    return self.participantes[p], self.cursos[k]
            return None, None

        def ventana(desde: int) -> int:
            # How long the learner takes: days to weeks, never past the end of the data.
            return max(1, min(self.fin - desde - 1, int(azar.expovariate(1 / (18 * DIA)))))

        restantes = v.modulos_completados
        while len(self.completadas) < n_completas or restantes > 0:
            completa = len(self.completadas) < n_completas
            persona, curso = inscribir()
            if persona is None:
                break
            n = len(curso.modulos)
            hechos = n if completa else min(restantes, _sesgado(azar, n))
            restantes -= hechos
            _, usuario, _, _, creado = persona
            inscrito = creado + int((self.fin - creado) * azar.random() ** 3)
            tramo = ventana(inscrito)
            tiempos = sorted(inscrito + azar.randint(1, tramo) for _ in range(hechos))
            pk = primero + len(self.inscripciones)
            for modulo, t in zip(curso.modulos, tiempos, strict=False):
                self.modulos.append((pk, modulo, self.fecha(t)))
            for indice, evaluacion in curso.parciales:
                if hechos >= indice:
                    opcionales.append(
                        self._intentos(azar, pk, usuario, curso, evaluacion, tiempos[indice - 1])
                    )
            completado = None
            if completa:
                grupo = self._intentos(
                    azar, pk, usuario, curso, curso.final, tiempos[-1], aprueba=True
                )
                obligatorios.append(grupo)
                completado = grupo[-1][7]  # submitted at: the course is complete then
                self.completadas.append((pk, usuario, curso, completado))
            elif hechos == n and azar.random() < 0.7:
                opcionales.append(
                    self._intentos(
                        azar,
                        pk,
                        usuario,
                        curso,
                        curso.final,
                        tiempos[-1],
                        aprueba=False,
                    )
                )
            self.inscripciones.append(
                (
                    pk,
                    usuario,
                    curso.pk,
                    self.fecha(inscrito),
                    None if completado is None else self.fecha(completado),
                )
            )
        empezadas = len(self.inscripciones)
        for _ in range(round(empezadas * SIN_EMPEZAR / (1 - SIN_EMPEZAR))):
            persona, curso = inscribir()
            if persona is None:
                break
            creado = persona[4]
            inscrito = creado + int((self.fin - creado) * azar.random() ** 3)
            pk = primero + len(self.inscripciones)
            self.inscripciones.append((pk, persona[1], curso.pk, self.fecha(inscrito), None))

        # Every completed course has its passed final quiz; the optional attempts fill the
        # rest of the volume in a random order, a quiz's attempts kept from the first.
        intentos = [fila for grupo in obligatorios for fila in grupo]
        azar.shuffle(opcionales)
        for grupo in opcionales:
            falta = v.intentos - len(intentos)
            if falta <= 0:
                break
            intentos.extend(grupo[:falta])

        self.n_inscripciones, self.n_modulos, self.n_intentos = (
            len(self.inscripciones),
            len(self.modulos),
            len(intentos),
        )
        self.escritor.insertar(
            Inscripcion,
            "id usuario_id curso_id inscrito_en completado_en",
            self.inscripciones,
        )
        self.escritor.insertar(
            ModuloCompletado, "inscripcion_id modulo_id completado_en", self.modulos
        )
        self.escritor.insertar(
            Intento,
            "inscripcion_id usuario_id evaluacion_id numero intentos_permitidos estado "
            "iniciado_en entregado_en porcentaje_aprobatorio preguntas respuestas resultado "
            "puntaje puntaje_maximo porcentaje aprobado",
            [(*fila[:6], self.fecha(fila[6]), self.fecha(fila[7]), *fila[8:]) for fila in intentos],
        )

    def _intentos(
        self, azar, inscripcion, usuario, curso, evaluacion, despues, *, aprueba=None
    ) -> list[tuple]:
        """One learner's attempts at one quiz (up to 3), after ``despues``. ``aprueba``:
        True, the last one passes (a completed course's final quiz); False, none does (a
        final quiz not passed yet); None, each passes at random (an optional quiz) and the
        learner stops once passed."""
        preguntas = curso.instantaneas[evaluacion]
        total = len(preguntas)
        minimo = math.ceil(total * APROBATORIO / 100)  # right answers that pass
        if aprueba:
            n = azar.choices((1, 2, 3), weights=(65, 25, 10))[0]
        else:
            n = azar.choices((1, 2, 3), weights=(70, 20, 10))[0]
        filas = []
        momento = despues
        for numero in range(1, n + 1):
            momento += azar.randint(60, 7_200) if numero == 1 else azar.randint(600, 3 * DIA)
            # A final quiz passes (if it does) at the last attempt; an optional one at random.
            pasa = (aprueba and numero == n) if aprueba is not None else azar.random() < 0.6
            correctas = azar.randint(minimo, total) if pasa else azar.randint(0, minimo - 1)
            acertadas = set(azar.sample(range(total), correctas))
            respuestas, resultado = {}, {}
            for k, p in enumerate(preguntas):
                opciones = p["opciones"]
                opcion = opciones[0 if k in acertadas else azar.randrange(1, len(opciones))]
                respuestas[p["clave"]] = [opcion["clave"]]
                resultado[p["clave"]] = {
                    "obtenidos": "1.00" if k in acertadas else "0.00",
                    "puntos": "1.00",
                }
            entregado = momento + azar.randint(180, 1_500)
            filas.append(
                (
                    inscripcion,
                    usuario,
                    evaluacion,
                    numero,
                    3,
                    EstadoIntento.ENTREGADO.value,
                    momento,
                    entregado,
                    APROBATORIO,
                    preguntas,
                    respuestas,
                    resultado,
                    Decimal(correctas).quantize(Decimal("0.01")),
                    Decimal(total).quantize(Decimal("0.01")),
                    (Decimal(100 * correctas) / total).quantize(Decimal("0.01")),
                    pasa,
                )
            )
            momento = entregado
            if pasa:
                break
        return filas

    # Certificates ---------------------------------------------------------------------

    def _certificados(self):
        """One certificate per completed course, issued seconds after it: a few replaced by a
        later one (a corrected name), a few revoked. Folios are numbered per year in the
        order of issue, taken from each year's counter as the issuing service does, so
        certificates issued later for real continue after them."""
        azar, v = self.azar, self.volumenes
        prefijo = emisor()["prefijo_folio"]
        fuente = {k: emisor()[k] for k in ("nombre", "dependencia", "url")}
        apariencia = apariencia_de(None)
        municipios = dict(Municipio.objects.values_list("pk", "nombre"))
        completadas = self.completadas
        reemplazados = set(azar.sample(range(len(completadas)), v.certificados - len(completadas)))
        resto = [i for i in range(len(completadas)) if i not in reemplazados]
        revocados = set(azar.sample(resto, min(len(resto), round(v.certificados * REVOCADOS))))
        # [issued, completed, user, course, state, revoked at, index of the one it replaces]
        emitidos = []
        for i, (_, usuario, curso, completado) in enumerate(completadas):
            emitido = completado + azar.randint(2, 90)
            if i in reemplazados:
                emitidos.append((emitido, completado, usuario, curso, "reemplazado", None, None))
                nuevo = emitido + azar.randint(3_600, 30 * DIA)
                emitidos.append(
                    (nuevo, completado, usuario, curso, "valido", None, len(emitidos) - 1)
                )
            elif i in revocados:
                revocado = emitido + azar.randint(DIA, 60 * DIA)
                emitidos.append((emitido, completado, usuario, curso, "revocado", revocado, None))
            else:
                emitidos.append((emitido, completado, usuario, curso, "valido", None, None))

        por_anio: dict[int, list[int]] = {}
        for i in sorted(range(len(emitidos)), key=lambda i: (min(emitidos[i][0], self.fin), i)):
            por_anio.setdefault(self.local(emitidos[i][0]).year, []).append(i)
        numeros = {}
        for anio, indices in sorted(por_anio.items()):
            ContadorFolio.objects.get_or_create(anio=anio)
            contador = ContadorFolio.objects.select_for_update().get(anio=anio)
            for k, i in enumerate(indices, start=1):
                numeros[i] = (anio, contador.ultimo + k)
            contador.ultimo += len(indices)
            contador.save(update_fields=["ultimo"])

        primero = self.escritor.primer_id(Certificado)
        filas, codigos = [], set(Certificado.objects.values_list("codigo", flat=True))
        for i, (emitido, completado, usuario, curso, estado, revocado, reemplaza) in enumerate(
            emitidos
        ):
            anio, numero = numeros[i]
            folio = folio_formatear(prefijo=prefijo, anio=anio, numero=numero)
            codigo = _codigo(azar)
            while codigo in codigos:
                codigo = _codigo(azar)
            codigos.add(codigo)
            ident = uuid.UUID(int=azar.getrandbits(128), version=4)
            nombre, municipio = self.titulares[usuario]
            datos = {
                "version": 1,
                "uuid": str(ident),
                "folio": folio,
                "codigo": codigo,
                "titular": {"nombre": nombre, "municipio": municipios[municipio]},
                "curso": {"id": curso.pk, "titulo": curso.titulo, "horas": str(curso.horas)},
                "completado": self.local(completado).date().isoformat(),
                "calificacion": None,
                "emisor": fuente,
                "firmantes": [],
                "emitido": self.local(emitido).isoformat(timespec="seconds"),
                "plantilla": apariencia,
                "sales": {"municipio": _clave(azar), "calificacion": _clave(azar)},
                "sintetico": True,
            }
            credencial = {
                "credencial": {
                    "tipo": "ConstanciaAulaClimatica",
                    "version": 1,
                    "id": f"urn:uuid:{ident}",
                    "folio": folio,
                    "codigo": codigo,
                    "titular": {"nombre": nombre},
                    "curso": {"titulo": curso.titulo, "horas": str(curso.horas)},
                    "completado": datos["completado"],
                    "resultado": "aprobado",
                    "emitido": datos["emitido"],
                    "verificacion": "",
                },
                # Unsigned: a synthetic certificate must never verify as a genuine one.
                "prueba": {"tipo": ALGORITMO, "kid": KID, "firma": ""},
            }
            filas.append(
                (
                    primero + i,
                    ident,
                    folio,
                    anio,
                    numero,
                    codigo,
                    usuario,
                    curso.pk,
                    estado,
                    datos,
                    credencial,
                    KID,
                    self.fecha(emitido),
                    "",
                    "",
                    None if revocado is None else self.fecha(revocado),
                    "Revocado en los datos sintéticos." if revocado else "",
                    None if reemplaza is None else primero + reemplaza,
                )
            )
        self.n_certificados = len(filas)
        self.escritor.insertar(
            Certificado,
            "id uuid folio anio numero codigo usuario_id curso_id estado datos credencial kid "
            "emitido_en pdf sha256 revocado_en motivo_revocacion reemplaza_id",
            filas,
        )

    # Ambassadors ----------------------------------------------------------------------

    def _embajadores(self):
        """Most municipalities designate one ambassador; the rest of the designations go
        to municipalities in proportion to their people. Ambassadors are chosen among the
        participants of type «embajador» of the municipality first. Some designations
        have ended; most active ambassadors consent to the public directory."""
        azar, v = self.azar, self.volumenes
        tipo_embajador, otros = {}, {}
        for indice, persona in enumerate(self.participantes):
            destino = tipo_embajador if persona[3] == TipoParticipante.EMBAJADOR else otros
            destino.setdefault(persona[2], []).append(indice)
            tipo_embajador.setdefault(persona[2], [])
            otros.setdefault(persona[2], [])
        for listas in (tipo_embajador, otros):
            for indices in listas.values():
                azar.shuffle(indices)
        con_gente = sorted(tipo_embajador)
        azar.shuffle(con_gente)
        total_municipios = Municipio.objects.count()
        primeros = con_gente[
            : min(v.embajadores, round(MUNICIPIOS_CON_EMBAJADOR * total_municipios))
        ]
        pesos = [len(tipo_embajador[m]) + len(otros[m]) for m in con_gente]
        resto = (
            azar.choices(con_gente, weights=pesos, k=v.embajadores - len(primeros))
            if con_gente
            else []
        )
        fin = self.local(self.fin).date()
        designaciones, consentimientos = [], []
        for municipio in primeros + resto:
            candidatos = tipo_embajador[municipio] or otros[municipio]
            if not candidatos:
                continue
            participante, _, _, _, creado = self.participantes[candidatos.pop()]
            designado = creado + int((self.fin - creado) * azar.random())
            fecha = self.local(designado).date()
            concluido = None
            if azar.random() < EMBAJADORES_CONCLUIDOS:
                concluido = fecha + dt.timedelta(days=azar.randint(0, (fin - fecha).days))
            designaciones.append(
                (
                    participante,
                    municipio,
                    azar.choice(CARGOS_EMBAJADOR),
                    fecha,
                    "",
                    concluido,
                    "Cambio de administración municipal." if concluido else "",
                    self.fecha(designado),
                )
            )
            if concluido is None and azar.random() < CONSIENTEN_DIRECTORIO:
                otorgado = designado + azar.randint(600, 30 * DIA)
                consentimientos.append((participante, self.fecha(otorgado)))
        self.n_embajadores = len(designaciones)
        self.escritor.insertar(
            Embajador,
            "participante_id municipio_id cargo designado_en documento concluido_en "
            "motivo_conclusion creado_en",
            designaciones,
        )
        self.escritor.insertar(
            ConsentimientoDirectorio, "participante_id otorgado_en", consentimientos
        )


def _sesgado(azar: random.Random, n: int) -> int:
    """How many of a course's ``n`` modules a learner still on the way has done: 1 to n,
    most often few (about 3 of 6 on average; all of them about one time in nine)."""
    return min(n, 1 + int(n * azar.random() ** 1.6))


def _codigo(azar: random.Random) -> str:
    cuerpo = "".join(azar.choices(ALFABETO, k=SIMBOLOS_ALEATORIOS))
    return cuerpo + luhn.calc_check_digit(cuerpo, alphabet=ALFABETO)


# --- Public functions ---------------------------------------------------------------------


def _tablas_grandes():
    """The tables a load fills with most rows (what VACUUM goes over afterwards)."""
    return (get_user_model(), Participante, Inscripcion, ModuloCompletado, Intento, Certificado)


def usuarios_sinteticos():
    return get_user_model().objects.filter(
        username__startswith=PREFIJO_USUARIO, email__endswith=f"@{DOMINIO}"
    )


def hay_sinteticos() -> bool:
    return (
        usuarios_sinteticos().exists()
        or CursosIndexPage.objects.filter(slug=SLUG_CATALOGO).exists()
    )


def generar(
    *,
    semilla: int,
    escala: float = 1.0,
    hasta: dt.datetime | None = None,
    informar=print,
    volumenes: Volumenes | None = None,
) -> Resumen:
    """Fill the database with synthetic data (see the module's docstring), in one
    transaction: all of it or nothing. ``hasta`` is the end of the three years the data
    spans (now, to the minute, by default). Raises ``DatosSinteticosExistentes`` if the
    database holds synthetic data already."""
    if escala <= 0:
        raise ValueError("La escala debe ser mayor que cero.")
    # ``volumenes`` overrides the scale where one figure should not follow it (the demo wants
    # a few hundred people but ambassadors in most municipalities).
    volumenes = volumenes or ESCALA_1.por(escala)
    if hay_sinteticos():
        raise DatosSinteticosExistentes()
    hasta = hasta or timezone.now().replace(second=0, microsecond=0)
    inicio = time.perf_counter()
    with transaction.atomic():
        conteos = _Generador(
            semilla=semilla, volumenes=volumenes, hasta=hasta, informar=informar
        ).ejecutar()
        confirmar = time.perf_counter()
    informar(f"  confirmación en {time.perf_counter() - confirmar:.1f} s")
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Mark the new pages all-visible now rather than whenever autovacuum comes: until
        # then PostgreSQL cannot answer from an index alone (index-only scans).
        antes = time.perf_counter()
        with connection.cursor() as cursor:
            for modelo in _tablas_grandes():
                cursor.execute(f"VACUUM {connection.ops.quote_name(modelo._meta.db_table)}")
        informar(f"  VACUUM en {time.perf_counter() - antes:.1f} s")
    return Resumen(conteos, time.perf_counter() - inicio)


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
            for modelo in _tablas_grandes():
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(modelo._meta.db_table)}")
        informar(f"  VACUUM ANALYZE en {time.perf_counter() - antes:.1f} s")
    informar(f"  en total {time.perf_counter() - inicio:.1f} s")
    return borrados


def huella() -> str:
    """SHA-256 of the synthetic rows by their natural keys (user names, slugs, codes,
    dates, scores), leaving out what depends on the database (ids, folio numbers)."""
    usuarios = usuarios_sinteticos()
    consultas = [
        usuarios.values_list(
            "username", "email", "first_name", "last_name", "password", "date_joined"
        ),
        Participante.objects.filter(usuario__in=usuarios).values_list(
            "usuario__username",
            "nombre_completo",
            "municipio__clave_inegi",
            "dependencia",
            "cargo",
            "tipo",
            "creado_en",
        ),
        Inscripcion.objects.filter(usuario__in=usuarios).values_list(
            "usuario__username", "curso__slug", "inscrito_en", "completado_en"
        ),
        ModuloCompletado.objects.filter(inscripcion__usuario__in=usuarios).values_list(
            "inscripcion__usuario__username", "modulo__slug", "completado_en"
        ),
        Intento.objects.filter(usuario__in=usuarios).values_list(
            "usuario__username",
            "evaluacion__titulo",
            "numero",
            "iniciado_en",
            "entregado_en",
            "respuestas",
            "porcentaje",
            "aprobado",
        ),
        Certificado.objects.filter(usuario__in=usuarios).values_list(
            "usuario__username",
            "curso__slug",
            "codigo",
            "uuid",
            "anio",
            "estado",
            "emitido_en",
            "revocado_en",
            "reemplaza__codigo",
        ),
        Embajador.objects.filter(participante__usuario__in=usuarios).values_list(
            "participante__usuario__username",
            "municipio__clave_inegi",
            "cargo",
            "designado_en",
            "concluido_en",
        ),
        ConsentimientoDirectorio.objects.filter(participante__usuario__in=usuarios).values_list(
            "participante__usuario__username", "otorgado_en"
        ),
    ]
    resumen = hashlib.sha256()
    for consulta in consultas:
        for fila in sorted(json.dumps(f, default=str, sort_keys=True) for f in consulta):
            resumen.update(fila.encode())
        resumen.update(b"\x00")
    return resumen.hexdigest()
