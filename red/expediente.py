"""One participant's record (expediente): everything Aula Climática knows they did.

:func:`participante_visible` finds the participant within what the staff member may see
(``cursos.alcance``); :func:`expediente_de` reads the whole record in a fixed number of queries,
however many enrolments, modules, attempts and certificates there are (pinned in
``tests/red/test_expediente.py``); :func:`linea_de_tiempo` is a pure function that orders what
happened, newest first, from what those queries read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certificados.models import Certificado, EstadoCertificado
from cursos import alcance
from cursos.exportacion import fecha_hora_local
from cursos.models import CursoPage, Inscripcion, ModuloCompletado, ModuloPage, Participante
from cursos.selectors import Actividad, Progreso, actividades_de_cursos
from evaluaciones.models import EstadoIntento, Intento
from red.models import Embajador

# Postgres' and SQLite's integer keys stop here: a larger id in the address cannot exist, and
# asking for it would make SQLite raise instead of finding nothing.
PK_MAXIMO = 2**63 - 1
CURP_VISIBLE = 4


def participante_visible(*, usuario, pk) -> Participante | None:
    """The participant ``pk`` if ``usuario`` may see them (their municipality is within the
    user's scope), with their account and municipality; ``None`` otherwise or if absurd."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if not 0 < pk <= PK_MAXIMO:
        return None
    participantes = Participante.objects.select_related("usuario", "municipio")
    return alcance.acotar(participantes, usuario, "municipio").filter(pk=pk).first()


def curp_enmascarada(curp: str) -> str:
    """The CURP with all but its last four characters hidden («••••••••••••••RL02»).

    Enough to match it against a document the person shows; it does not reveal the birth
    date, sex or state the first fourteen characters encode."""
    if not curp:
        return ""
    visibles = curp[-CURP_VISIBLE:]
    return "•" * (len(curp) - len(visibles)) + visibles


# --- The record ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AvanceModulo:
    """A published module of an enrolled course, and when the participant finished it."""

    modulo: ModuloPage
    completado_en: dt.datetime | None

    @property
    def completado(self) -> bool:
        return self.completado_en is not None


@dataclass(frozen=True)
class CursoEnExpediente:
    """One enrolment, module by module, with the same progress the learner sees."""

    inscripcion: Inscripcion
    modulos: tuple[AvanceModulo, ...]
    progreso: Progreso

    @property
    def curso(self) -> CursoPage:
        return self.inscripcion.curso


@dataclass(frozen=True)
class ModuloHecho:
    """A module completion as the timeline needs it (the module may be unpublished since)."""

    inscripcion_id: int
    modulo_id: int
    modulo: str
    completado_en: dt.datetime


@dataclass(frozen=True)
class Evento:
    """Something the participant did (or that happened to their record), at a moment."""

    momento: dt.datetime | dt.date
    tipo: str
    texto: str
    detalle: str = ""
    ancla: str = ""  # the id of the row in the record that tells more

    @property
    def solo_fecha(self) -> bool:
        return not isinstance(self.momento, dt.datetime)

    @property
    def iso(self) -> str:
        """For ``<time datetime>``: the local time with its offset, or the bare date."""
        if self.solo_fecha:
            return self.momento.isoformat()
        local = timezone.localtime(self.momento, timezone.get_default_timezone())
        return local.replace(microsecond=0).isoformat()

    @property
    def legible(self) -> str:
        if self.solo_fecha:
            return date_format(self.momento, "d/m/Y")
        return fecha_hora_local(self.momento)

    @property
    def orden(self) -> tuple[dt.datetime, int]:
        """Sort key: the moment (a bare date counts from its local midnight), then the order
        in which things happen when they share an instant (a course completes after its last
        module, a certificate is issued after the course completes)."""
        if self.solo_fecha:
            momento = dt.datetime.combine(
                self.momento, dt.time.min, tzinfo=timezone.get_default_timezone()
            )
        else:
            momento = self.momento
        return momento, ORDEN_TIPOS.index(self.tipo)


ORDEN_TIPOS = (
    "registro",
    "inscripcion",
    "modulo",
    "intento",
    "curso",
    "certificado",
    "revocacion",
    "designacion",
    "conclusion",
)


@dataclass(frozen=True)
class Expediente:
    participante: Participante
    cursos: tuple[CursoEnExpediente, ...]
    intentos: tuple[Intento, ...]
    certificados: tuple[Certificado, ...]
    sucesores: dict  # certificate id -> the certificate that replaced it
    designaciones: tuple[Embajador, ...]
    linea_de_tiempo: tuple[Evento, ...]

    @property
    def curp(self) -> str:
        return curp_enmascarada(self.participante.curp)

    @property
    def cursos_completados(self) -> int:
        return sum(1 for c in self.cursos if c.inscripcion.completado)

    @property
    def certificados_con_sucesor(self) -> list[tuple[Certificado, Certificado | None]]:
        return [(c, self.sucesores.get(c.pk)) for c in self.certificados]

    @property
    def certificados_validos(self) -> int:
        return sum(1 for c in self.certificados if c.estado == EstadoCertificado.VALIDO)


def expediente_de(*, participante: Participante) -> Expediente:
    """The participant's whole record, in at most eight queries whatever its size.

    ``participante`` comes from :func:`participante_visible` (account and municipality loaded).
    Every enrolment is shown, published course or not; its modules are the course's published
    ones, as the learner sees them, and its progress counts required modules and required
    activities (quizzes) exactly as ``cursos.selectors`` does for the learner."""
    usuario = participante.usuario
    inscripciones = list(
        Inscripcion.objects.filter(usuario=usuario)
        .select_related("curso")
        .order_by("-inscrito_en", "-pk")
    )
    hechos = _modulos_hechos(inscripciones)
    modulos = _modulos_publicados([i.curso for i in inscripciones])
    actividades = actividades_de_cursos(usuario=usuario, cursos=[i.curso for i in inscripciones])
    cursos = tuple(
        _curso_en_expediente(
            inscripcion,
            modulos[inscripcion.curso.path],
            {h.modulo_id: h.completado_en for h in hechos[inscripcion.pk]},
            actividades[inscripcion.curso_id],
        )
        for inscripcion in inscripciones
    )
    intentos = tuple(
        Intento.objects.filter(usuario=usuario)
        .select_related("evaluacion__curso")
        .defer("preguntas", "respuestas", "resultado")
        .order_by("evaluacion__curso__title", "evaluacion__titulo", "evaluacion_id", "numero")
    )
    certificados = tuple(
        Certificado.objects.filter(usuario=usuario)
        .select_related("curso")
        .defer("datos", "credencial")
        .order_by("-emitido_en", "-pk")
    )
    designaciones = tuple(
        Embajador.objects.filter(participante=participante)
        .select_related("municipio")
        .order_by("-designado_en", "-pk")
    )
    return Expediente(
        participante=participante,
        cursos=cursos,
        intentos=intentos,
        certificados=certificados,
        sucesores={c.reemplaza_id: c for c in certificados if c.reemplaza_id},
        designaciones=designaciones,
        linea_de_tiempo=tuple(
            linea_de_tiempo(
                registrado_en=participante.creado_en,
                inscripciones=inscripciones,
                modulos_hechos=[h for lista in hechos.values() for h in lista],
                intentos=intentos,
                certificados=certificados,
                designaciones=designaciones,
            )
        ),
    )


def _modulos_hechos(inscripciones) -> dict[int, list[ModuloHecho]]:
    hechos: dict[int, list[ModuloHecho]] = defaultdict(list)
    if not inscripciones:
        return hechos
    filas = ModuloCompletado.objects.filter(inscripcion__in=[i.pk for i in inscripciones])
    for inscripcion_id, modulo_id, titulo, completado_en in filas.values_list(
        "inscripcion_id", "modulo_id", "modulo__title", "completado_en"
    ):
        hechos[inscripcion_id].append(
            ModuloHecho(
                inscripcion_id=inscripcion_id,
                modulo_id=modulo_id,
                modulo=titulo,
                completado_en=completado_en,
            )
        )
    return hechos


def _modulos_publicados(cursos: list[CursoPage]) -> dict[str, list[ModuloPage]]:
    """Each course's published modules in the editors' order, keyed by the course's path."""
    por_curso: dict[str, list[ModuloPage]] = defaultdict(list)
    if not cursos:
        return por_curso
    por_ruta = reduce(or_, (Q(path__startswith=c.path, depth=c.depth + 1) for c in cursos))
    for modulo in ModuloPage.objects.live().filter(por_ruta).order_by("path"):
        por_curso[modulo.path[: -CursoPage.steplen]].append(modulo)
    return por_curso


def _curso_en_expediente(
    inscripcion: Inscripcion,
    modulos: list[ModuloPage],
    completados: dict[int, dt.datetime],
    actividades: list[Actividad],
) -> CursoEnExpediente:
    # The same count as cursos.selectors' progress: required modules and required activities.
    obligatorios = [m for m in modulos if m.obligatorio]
    progreso = Progreso(
        modulos_total=len(obligatorios),
        modulos_completados=sum(1 for m in obligatorios if m.pk in completados),
        ids_completados=frozenset(completados),
        siguiente=next((m for m in modulos if m.pk not in completados), None),
        actividades=tuple(actividades),
    )
    return CursoEnExpediente(
        inscripcion=inscripcion,
        modulos=tuple(AvanceModulo(m, completados.get(m.pk)) for m in modulos),
        progreso=progreso,
    )


# --- The timeline (pure) ------------------------------------------------------------------


def _porcentaje(valor) -> str:
    return "" if valor is None else f"{valor.normalize():f} %"


def linea_de_tiempo(
    *,
    registrado_en,
    inscripciones,
    modulos_hechos,
    intentos,
    certificados,
    designaciones,
) -> list[Evento]:
    """What the participant did, newest first. No queries: it reads only the attributes the
    record's queries loaded (an enrolment's course, an attempt's quiz, a designation's
    municipality)."""
    eventos: list[Evento] = []
    if registrado_en:
        eventos.append(Evento(registrado_en, "registro", _("Registro en Aula Climática")))
    cursos_por_inscripcion = {}
    for inscripcion in inscripciones:
        titulo = inscripcion.curso.title
        cursos_por_inscripcion[inscripcion.pk] = titulo
        ancla = f"inscripcion-{inscripcion.pk}"
        eventos.append(
            Evento(
                inscripcion.inscrito_en,
                "inscripcion",
                _("Inscripción en «%(curso)s»") % {"curso": titulo},
                ancla=ancla,
            )
        )
        if inscripcion.completado_en:
            eventos.append(
                Evento(
                    inscripcion.completado_en,
                    "curso",
                    _("Curso completado: «%(curso)s»") % {"curso": titulo},
                    ancla=ancla,
                )
            )
    for hecho in modulos_hechos:
        eventos.append(
            Evento(
                hecho.completado_en,
                "modulo",
                _("Módulo completado: «%(modulo)s»") % {"modulo": hecho.modulo},
                detalle=cursos_por_inscripcion.get(hecho.inscripcion_id, ""),
                ancla=f"inscripcion-{hecho.inscripcion_id}",
            )
        )
    for intento in intentos:
        if intento.estado == EstadoIntento.EN_CURSO or not intento.entregado_en:
            continue
        if intento.estado == EstadoIntento.VENCIDO:
            texto = _("Intento %(numero)s sin entregar a tiempo en «%(evaluacion)s»")
        else:
            texto = _("Intento %(numero)s entregado en «%(evaluacion)s»")
        resultado = _porcentaje(intento.porcentaje)
        if intento.aprobado is not None:
            resultado = (
                _("%(porcentaje)s, aprobado")
                if intento.aprobado
                else _("%(porcentaje)s, no aprobado")
            ) % {"porcentaje": resultado}
        eventos.append(
            Evento(
                intento.entregado_en,
                "intento",
                texto % {"numero": intento.numero, "evaluacion": intento.evaluacion.titulo},
                detalle=resultado,
                ancla=f"intento-{intento.pk}",
            )
        )
    for certificado in certificados:
        ancla = f"certificado-{certificado.pk}"
        eventos.append(
            Evento(
                certificado.emitido_en,
                "certificado",
                _("Certificado emitido: %(folio)s") % {"folio": certificado.folio},
                detalle=certificado.curso.title,
                ancla=ancla,
            )
        )
        if certificado.revocado_en:
            eventos.append(
                Evento(
                    certificado.revocado_en,
                    "revocacion",
                    _("Certificado revocado: %(folio)s") % {"folio": certificado.folio},
                    detalle=certificado.motivo_revocacion,
                    ancla=ancla,
                )
            )
    for designacion in designaciones:
        ancla = f"designacion-{designacion.pk}"
        municipio = designacion.municipio.nombre
        eventos.append(
            Evento(
                designacion.designado_en,
                "designacion",
                _("Designación como embajador(a) climático(a) de %(municipio)s")
                % {"municipio": municipio},
                detalle=designacion.cargo,
                ancla=ancla,
            )
        )
        if designacion.concluido_en:
            eventos.append(
                Evento(
                    designacion.concluido_en,
                    "conclusion",
                    _("Conclusión de la designación en %(municipio)s") % {"municipio": municipio},
                    detalle=designacion.motivo_conclusion,
                    ancla=ancla,
                )
            )
    return sorted(eventos, key=lambda e: e.orden, reverse=True)
