"""The generator: people, enrolments with their modules and attempts, certificates and
ambassadors, written in one transaction."""

from __future__ import annotations

import datetime as dt
import math
import random
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from stdnum import luhn

from certificados.codigos import ALFABETO, SIMBOLOS_ALEATORIOS, folio_formatear
from certificados.firma import ALGORITMO
from certificados.models import Certificado, ContadorFolio
from certificados.snapshot import apariencia_de, emisor
from cursos.models import Inscripcion, ModuloCompletado, Municipio, Participante, TipoParticipante
from evaluaciones.models import EstadoIntento, Intento
from red.models import ConsentimientoDirectorio, Embajador
from red.sinteticos.contenido import clave, contenido_crear
from red.sinteticos.datos import (
    ANIOS,
    APELLIDOS,
    APROBATORIO,
    CARGOS,
    CARGOS_EMBAJADOR,
    CONSIENTEN_DIRECTORIO,
    DEPENDENCIAS,
    DIA,
    DOMINIO,
    EMBAJADORES_CONCLUIDOS,
    ESCALA_1,
    KID,
    MUNICIPIOS_CON_EMBAJADOR,
    NOMBRES,
    POBLACION_MILES,
    PREFIJO_USUARIO,
    REEMPLAZADOS,
    REVOCADOS,
    SIN_EMPEZAR,
    TIPOS,
    Volumenes,
)
from red.sinteticos.escritura import Escritor, tablas_grandes
from red.sinteticos.identidad import hay_sinteticos


class DatosSinteticosExistentes(Exception):
    """The database holds synthetic data already: remove it first (``borrar``)."""


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
        self.escritor = Escritor(informar)

    def fecha(self, segundos: int) -> dt.datetime:
        return dt.datetime.fromtimestamp(min(segundos, self.fin - 1), tz=dt.UTC)

    def local(self, segundos: int) -> dt.datetime:
        return dt.datetime.fromtimestamp(min(segundos, self.fin - 1), tz=self.zona)

    def ejecutar(self) -> dict[str, int]:
        paso = time.perf_counter()
        self.cursos = contenido_crear(self.azar, self.fecha(self.inicio))
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
                "sales": {"municipio": clave(azar), "calificacion": clave(azar)},
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
            for modelo in tablas_grandes():
                cursor.execute(f"VACUUM {connection.ops.quote_name(modelo._meta.db_table)}")
        informar(f"  VACUUM en {time.perf_counter() - antes:.1f} s")
    return Resumen(conteos, time.perf_counter() - inicio)
