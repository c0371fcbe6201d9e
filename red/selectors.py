"""The Red's figures: per municipality, headline figures and monthly series.

People are counted as participant profiles (``cursos.Participante``), not user accounts.
Every function here answers in a fixed number of queries, whatever the volume of data (pinned
in ``tests/red``). ``usuario`` narrows the figures to the municipalities that user may see
(``cursos.alcance``); ``None`` counts everything (the public page).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.utils import timezone

from certificados.models import Certificado
from certificados.selectors import certificados_que_acreditan
from cursos import alcance
from cursos.models import Inscripcion, ModuloCompletado, Municipio, Participante
from red import conf
from red.models import Embajador


@dataclass(frozen=True)
class FiltrosRed:
    """What narrows a report: municipalities, one course, a participant type, a date range
    (``desde``/``hasta`` are local dates, inclusive)."""

    municipios: tuple[int, ...] = ()
    curso: int | None = None
    tipo: str = ""
    desde: dt.date | None = None
    hasta: dt.date | None = None

    def rango(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The date range as aware datetimes in the Institute's time zone, end exclusive."""
        zona = timezone.get_default_timezone()
        inicio = dt.datetime.combine(self.desde, dt.time.min, tzinfo=zona) if self.desde else None
        fin = (
            dt.datetime.combine(self.hasta + dt.timedelta(days=1), dt.time.min, tzinfo=zona)
            if self.hasta
            else None
        )
        return inicio, fin


def _entre(queryset, campo: str, filtros: FiltrosRed):
    inicio, fin = filtros.rango()
    if inicio:
        queryset = queryset.filter(**{f"{campo}__gte": inicio})
    if fin:
        queryset = queryset.filter(**{f"{campo}__lt": fin})
    return queryset


def participantes(*, usuario=None, filtros: FiltrosRed = FiltrosRed()):
    """Participant profiles the user may see that match the filters (by municipality and
    type; a course keeps those enrolled in it; dates keep those registered in the range)."""
    qs = Participante.objects.all()
    if usuario is not None:
        qs = alcance.acotar(qs, usuario, "municipio")
    if filtros.municipios:
        qs = qs.filter(municipio__in=filtros.municipios)
    if filtros.tipo:
        qs = qs.filter(tipo=filtros.tipo)
    if filtros.curso:
        qs = qs.filter(usuario__inscripciones__curso=filtros.curso)
    return _entre(qs, "creado_en", filtros)


def _por_municipio(queryset, campo_municipio: str, *, distinct: str | None = None) -> dict:
    conteo = Count(distinct, distinct=True) if distinct else Count("pk")
    return dict(
        queryset.order_by()
        .values_list(campo_municipio)
        .annotate(n=conteo)
        .values_list(campo_municipio, "n")
    )


@dataclass
class FilaMunicipio:
    municipio_id: int
    clave_inegi: str
    nombre: str
    participantes: int = 0
    capacitados: int = 0
    cursos_completados: int = 0
    embajadores: int = 0
    ultima_actividad: dt.datetime | None = None

    @property
    def integrado(self) -> bool:
        return self.embajadores > 0


def cifras_por_municipio(
    *, usuario=None, filtros: FiltrosRed = FiltrosRed()
) -> list[FilaMunicipio]:
    """One row per municipality the user may see, every one of them even with nobody yet:
    participants, people trained (holding at least one certificate in force), courses
    completed, active ambassadors, integrated or not, and the last activity recorded."""
    municipios = Municipio.objects.order_by("nombre")
    if usuario is not None:
        municipios = alcance.acotar(municipios, usuario, "pk")
    if filtros.municipios:
        municipios = municipios.filter(pk__in=filtros.municipios)
    filas = {
        m.pk: FilaMunicipio(m.pk, m.clave_inegi, m.nombre)
        for m in municipios.only("pk", "clave_inegi", "nombre")
    }
    base = participantes(filtros=FiltrosRed(tipo=filtros.tipo))

    personas = _por_municipio(_entre(base, "creado_en", filtros), "municipio_id")

    certificados = _entre(certificados_que_acreditan(), "emitido_en", filtros).filter(
        usuario__participante__in=base
    )
    if filtros.curso:
        certificados = certificados.filter(curso=filtros.curso)
    capacitados = _por_municipio(
        certificados, "usuario__participante__municipio_id", distinct="usuario_id"
    )

    completadas = Inscripcion.objects.filter(
        completado_en__isnull=False, usuario__participante__in=base
    )
    if filtros.curso:
        completadas = completadas.filter(curso=filtros.curso)
    completadas = _entre(completadas, "completado_en", filtros)
    cursos = _por_municipio(completadas, "usuario__participante__municipio_id")

    embajadores = _por_municipio(
        Embajador.objects.activos(), "municipio_id", distinct="participante_id"
    )

    ultima = dict(
        ModuloCompletado.objects.filter(inscripcion__usuario__participante__in=base)
        .order_by()
        .values_list("inscripcion__usuario__participante__municipio_id")
        .annotate(u=Max("completado_en"))
        .values_list("inscripcion__usuario__participante__municipio_id", "u")
    )
    ultima_inscripcion = dict(
        Inscripcion.objects.filter(usuario__participante__in=base)
        .order_by()
        .values_list("usuario__participante__municipio_id")
        .annotate(u=Max("inscrito_en"))
        .values_list("usuario__participante__municipio_id", "u")
    )

    for pk, fila in filas.items():
        fila.participantes = personas.get(pk, 0)
        fila.capacitados = capacitados.get(pk, 0)
        fila.cursos_completados = cursos.get(pk, 0)
        fila.embajadores = embajadores.get(pk, 0)
        fechas = [f for f in (ultima.get(pk), ultima_inscripcion.get(pk)) if f]
        fila.ultima_actividad = max(fechas) if fechas else None
    return list(filas.values())


@dataclass(frozen=True)
class Cifra:
    """A headline figure and the same figure a year before."""

    actual: int
    hace_un_anio: int

    @property
    def cambio(self) -> int:
        return self.actual - self.hace_un_anio


@dataclass(frozen=True)
class CifrasGenerales:
    capacitados: Cifra
    municipios_integrados: Cifra
    total_municipios: int
    certificados_del_anio: Cifra
    cursos_completados_del_mes: Cifra
    en: dt.datetime = field(default_factory=timezone.now)


def _hace_un_anio(fecha: dt.datetime) -> dt.datetime:
    try:
        return fecha.replace(year=fecha.year - 1)
    except ValueError:  # 29 February
        return fecha.replace(year=fecha.year - 1, day=28)


def _capacitados_en(en, municipios) -> int:
    qs = certificados_que_acreditan(en=en)
    if municipios is not None:
        qs = qs.filter(usuario__participante__municipio__in=municipios)
    return qs.values("usuario_id").distinct().count()


def _integrados_en(en, municipios) -> int:
    fecha = timezone.localdate(en)
    qs = Embajador.objects.filter(designado_en__lte=fecha).exclude(concluido_en__lte=fecha)
    if municipios is not None:
        qs = qs.filter(municipio__in=municipios)
    return qs.values("municipio_id").distinct().count()


def cifras_generales(*, usuario=None, en: dt.datetime | None = None) -> CifrasGenerales:
    """The headline figures at ``en`` (now by default), each beside the same figure a year
    earlier: people trained, municipalities integrated out of all, certificates issued this
    calendar year (to date) and courses completed this month (to date)."""
    en = en or timezone.now()
    antes = _hace_un_anio(en)
    municipios = None if usuario is None else alcance.municipios_visibles(usuario)
    if municipios is not None:
        municipios = sorted(municipios)
    local = timezone.localtime(en)
    inicio_anio = local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    inicio_mes = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)

    def emitidos(desde, hasta):
        qs = Certificado.objects.filter(emitido_en__gte=desde, emitido_en__lte=hasta)
        if municipios is not None:
            qs = qs.filter(usuario__participante__municipio__in=municipios)
        return qs.count()

    def completados(desde, hasta):
        qs = Inscripcion.objects.filter(completado_en__gte=desde, completado_en__lte=hasta)
        if municipios is not None:
            qs = qs.filter(usuario__participante__municipio__in=municipios)
        return qs.count()

    total = conf.total_municipios()
    if total is None:
        total = Municipio.objects.count() if municipios is None else len(municipios)
    return CifrasGenerales(
        capacitados=Cifra(_capacitados_en(en, municipios), _capacitados_en(antes, municipios)),
        municipios_integrados=Cifra(
            _integrados_en(en, municipios), _integrados_en(antes, municipios)
        ),
        total_municipios=total,
        certificados_del_anio=Cifra(
            emitidos(inicio_anio, en), emitidos(_hace_un_anio(inicio_anio), antes)
        ),
        cursos_completados_del_mes=Cifra(
            completados(inicio_mes, en), completados(_hace_un_anio(inicio_mes), antes)
        ),
        en=en,
    )


@dataclass(frozen=True)
class Mes:
    inicio: dt.date
    inscripciones: int
    certificados: int


def serie_mensual(*, usuario=None, meses: int = 24, en: dt.datetime | None = None) -> list[Mes]:
    """Enrolments and certificates issued per calendar month (Institute's time zone), the
    last ``meses`` months up to ``en``'s, oldest first, months with nothing included."""
    local = timezone.localtime(en or timezone.now())
    primero = local.date().replace(day=1)
    for _ in range(meses - 1):
        primero = (primero - dt.timedelta(days=1)).replace(day=1)
    zona = timezone.get_default_timezone()
    desde = dt.datetime.combine(primero, dt.time.min, tzinfo=zona)
    municipios = None if usuario is None else alcance.municipios_visibles(usuario)

    def por_mes(queryset, campo):
        queryset = queryset.filter(**{f"{campo}__gte": desde})
        if municipios is not None:
            queryset = queryset.filter(usuario__participante__municipio__in=sorted(municipios))
        cuenta = defaultdict(int)
        for mes, n in (
            queryset.order_by()
            .annotate(mes=TruncMonth(campo, tzinfo=zona))
            .values_list("mes")
            .annotate(n=Count("pk"))
            .values_list("mes", "n")
        ):
            fecha = mes.date() if isinstance(mes, dt.datetime) else mes
            cuenta[fecha] += n
        return cuenta

    inscripciones = por_mes(Inscripcion.objects.all(), "inscrito_en")
    certificados = por_mes(Certificado.objects.all(), "emitido_en")
    serie = []
    mes = primero
    for _ in range(meses):
        serie.append(Mes(mes, inscripciones.get(mes, 0), certificados.get(mes, 0)))
        mes = (mes + dt.timedelta(days=32)).replace(day=1)
    return serie
