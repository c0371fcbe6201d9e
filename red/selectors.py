"""The Red's figures: per municipality, headline figures and monthly series.

People are counted as participant profiles (``cursos.Participante``), not user accounts.
Every function here answers in a fixed number of queries, whatever the volume of data (pinned
in ``tests/red``). ``usuario`` narrows the figures to the municipalities that user may see
(``cursos.alcance``); ``None`` counts everything (the public page).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from certificados.models import Certificado, EstadoCertificado
from certificados.selectors import certificados_que_acreditan
from cursos import alcance
from cursos.models import CursoPage, Inscripcion, ModuloCompletado, Municipio, Participante
from evaluaciones.models import Intento
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


def _municipios_de(usuario, filtros: FiltrosRed) -> list[int] | None:
    """The municipality ids a query must keep (scope and filter together), ``None`` for all."""
    limite = None if usuario is None else alcance.municipios_visibles(usuario)
    if filtros.municipios:
        elegidos = set(filtros.municipios)
        return sorted(elegidos if limite is None else elegidos & limite)
    return None if limite is None else sorted(limite)


def _de_personas(queryset, filtros: FiltrosRed, municipios, prefijo="usuario__participante__"):
    """``queryset`` narrowed by the people it belongs to: their municipality and type."""
    if municipios is not None:
        queryset = queryset.filter(**{f"{prefijo}municipio__in": municipios})
    if filtros.tipo:
        queryset = queryset.filter(**{f"{prefijo}tipo": filtros.tipo})
    return queryset


def cifras_por_municipio(
    *, usuario=None, filtros: FiltrosRed = FiltrosRed()
) -> list[FilaMunicipio]:
    """One row per municipality the user may see, every one of them even with nobody yet:
    participants, people trained (holding at least one certificate in force), courses
    completed, active ambassadors, integrated or not, and the last activity recorded (the
    latest enrolment or course completion of its people: module completions, ten times as
    many rows, would cost a scan of their own; each person's record has them).

    The filters narrow the people counted (type; a course keeps its enrolled, its
    certificates and completions) and the dates (registration, issue, completion). Five
    queries, each a GROUP BY municipality, whatever the volume."""
    return _cifras(usuario, filtros, None)[0]


def cifras_por_municipio_y_antes(
    *, hasta: dt.date, usuario=None, filtros: FiltrosRed = FiltrosRed()
) -> tuple[list[FilaMunicipio], list[FilaMunicipio]]:
    """:func:`cifras_por_municipio`, and the same rows as they stood at the end of the day
    ``hasta`` (what ``filtros`` with ``hasta`` would give), counted in the same five queries:
    each aggregate counts both with a conditional ``COUNT``, instead of a second pass over the
    enrolments and certificates."""
    corte = replace(filtros, desde=None, hasta=hasta).rango()[1]
    return _cifras(usuario, filtros, corte)


def _cifras(usuario, filtros: FiltrosRed, corte: dt.datetime | None):
    municipios = Municipio.objects.order_by("nombre")
    ids = _municipios_de(usuario, filtros)
    if ids is not None:
        municipios = municipios.filter(pk__in=ids)
    filas = {
        m.pk: FilaMunicipio(m.pk, m.clave_inegi, m.nombre)
        for m in municipios.only("pk", "clave_inegi", "nombre")
    }
    antes = {pk: FilaMunicipio(f.municipio_id, f.clave_inegi, f.nombre) for pk, f in filas.items()}
    if not filas:
        return [], []

    def antes_del_corte(contado: str, campo: str, filtro: Q | None = None, *, distinct=False):
        """A count of ``contado`` over the rows before ``corte``; nothing without one."""
        if corte is None:
            return Value(0)
        antes_de = Q(**{f"{campo}__lt": corte})
        return Count(contado, distinct=distinct, filter=antes_de & filtro if filtro else antes_de)

    def por_municipio(queryset, campo_municipio, conteo, conteo_antes):
        return {
            fila[0]: fila[1:]
            for fila in queryset.order_by()
            .values_list(campo_municipio)
            .annotate(n=conteo, a=conteo_antes)
            .values_list(campo_municipio, "n", "a")
        }

    personas = por_municipio(
        participantes(filtros=replace(filtros, municipios=tuple(ids or ()))),
        "municipio_id",
        Count("pk"),
        antes_del_corte("pk", "creado_en"),
    )

    certificados = _de_personas(
        _entre(certificados_que_acreditan(), "emitido_en", filtros), filtros, ids
    )
    if filtros.curso:
        certificados = certificados.filter(curso=filtros.curso)
    capacitados = por_municipio(
        certificados,
        "usuario__participante__municipio_id",
        Count("usuario_id", distinct=True),
        antes_del_corte("usuario_id", "emitido_en", distinct=True),
    )

    # One pass over the enrolments: courses completed (in the course and dates chosen) and
    # the latest enrolment and completion, whatever the dates.
    completada = Q(completado_en__isnull=False)
    if filtros.curso:
        completada &= Q(curso=filtros.curso)
    inicio, fin = filtros.rango()
    if inicio:
        completada &= Q(completado_en__gte=inicio)
    if fin:
        completada &= Q(completado_en__lt=fin)
    campo = "usuario__participante__municipio_id"
    inscripciones = {
        fila[0]: fila[1:]
        for fila in _de_personas(Inscripcion.objects.all(), filtros, ids)
        .order_by()
        .values_list(campo)
        .annotate(
            n=Count("pk", filter=completada),
            a=antes_del_corte("pk", "completado_en", completada),
            u=Max("inscrito_en"),
            c=Max("completado_en"),
        )
        .values_list(campo, "n", "a", "u", "c")
    }

    embajadores = Embajador.objects.activos()
    if ids is not None:
        embajadores = embajadores.filter(municipio__in=ids)
    embajadores = _por_municipio(embajadores, "municipio_id", distinct="participante_id")

    for pk, fila in filas.items():
        fila.participantes, antes[pk].participantes = personas.get(pk, (0, 0))
        fila.capacitados, antes[pk].capacitados = capacitados.get(pk, (0, 0))
        completados, completados_antes, inscrito, completado = inscripciones.get(
            pk, (0, 0, None, None)
        )
        fila.cursos_completados, antes[pk].cursos_completados = completados, completados_antes
        fila.embajadores = antes[pk].embajadores = embajadores.get(pk, 0)
        fila.ultima_actividad = max((f for f in (inscrito, completado) if f), default=None)
    return list(filas.values()), list(antes.values())


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


def _integrados(fechas: dict[str, dt.date], municipios) -> dict[str, int]:
    """Municipalities with an active ambassador on each of ``fechas`` (one query)."""
    qs = Embajador.objects.all()
    if municipios is not None:
        qs = qs.filter(municipio__in=municipios)
    return qs.aggregate(
        **{
            nombre: Count(
                "municipio_id",
                distinct=True,
                filter=Q(designado_en__lte=fecha) & ~Q(concluido_en__lte=fecha),
            )
            for nombre, fecha in fechas.items()
        }
    )


def _en_periodos(queryset, campo: str, periodos: dict[str, tuple], municipios) -> dict[str, int]:
    """Rows of ``queryset`` whose ``campo`` falls in each ``(desde, hasta)`` (one query)."""
    if municipios is not None:
        queryset = queryset.filter(usuario__participante__municipio__in=municipios)
    return queryset.aggregate(
        **{
            nombre: Count("pk", filter=Q(**{f"{campo}__gte": desde, f"{campo}__lte": hasta}))
            for nombre, (desde, hasta) in periodos.items()
        }
    )


def cifras_generales(*, usuario=None, en: dt.datetime | None = None) -> CifrasGenerales:
    """The headline figures at ``en`` (now by default), each beside the same figure a year
    earlier: people trained, municipalities integrated out of all, certificates issued this
    calendar year (to date) and courses completed this month (to date).

    For a user limited to some municipalities (a liaison), the figures are theirs and the
    total is the number of their municipalities. Five queries."""
    en = en or timezone.now()
    antes = _hace_un_anio(en)
    municipios = None if usuario is None else alcance.municipios_visibles(usuario)
    if municipios is not None:
        municipios = sorted(municipios)
    local = timezone.localtime(en)
    inicio_anio = local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    inicio_mes = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)

    emitidos = _en_periodos(
        Certificado.objects.all(),
        "emitido_en",
        {"actual": (inicio_anio, en), "antes": (_hace_un_anio(inicio_anio), antes)},
        municipios,
    )
    completados = _en_periodos(
        Inscripcion.objects.all(),
        "completado_en",
        {"actual": (inicio_mes, en), "antes": (_hace_un_anio(inicio_mes), antes)},
        municipios,
    )
    integrados = _integrados(
        {"actual": timezone.localdate(en), "antes": timezone.localdate(antes)}, municipios
    )

    if municipios is not None:
        total = len(municipios)
    else:
        total = conf.total_municipios()
        if total is None:
            total = Municipio.objects.count()
    return CifrasGenerales(
        capacitados=Cifra(_capacitados_en(en, municipios), _capacitados_en(antes, municipios)),
        municipios_integrados=Cifra(integrados["actual"], integrados["antes"]),
        total_municipios=total,
        certificados_del_anio=Cifra(emitidos["actual"], emitidos["antes"]),
        cursos_completados_del_mes=Cifra(completados["actual"], completados["antes"]),
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


# --- Reports --------------------------------------------------------------------------------


def _contar(queryset, por: str):
    """A correlated subquery: how many rows of ``queryset`` share the outer row's ``por``."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(por).annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _ultima(queryset, por: str, campo: str):
    """A correlated subquery: the latest ``campo`` among the outer row's rows."""
    return Subquery(
        queryset.order_by().values(por).annotate(u=Max(campo)).values("u")[:1],
    )


def participantes_con_cifras(*, usuario=None, filtros: FiltrosRed = FiltrosRed()):
    """``participantes()`` with what the participants' report shows for each one: courses
    enrolled, courses completed, certificates in force and the dates of their latest
    enrolment, module completed and quiz attempt (read ``ultima_actividad`` on the row).

    Every figure is a correlated subquery on an indexed foreign key, so a page of 50 rows
    costs one query, and counting the rows does not compute them at all."""
    usuario_ref = OuterRef("usuario_id")
    suyas = Inscripcion.objects.filter(usuario=usuario_ref)
    return (
        participantes(usuario=usuario, filtros=filtros)
        .select_related("usuario", "municipio")
        .annotate(
            cursos_inscritos=_contar(suyas, "usuario"),
            cursos_completados=_contar(suyas.filter(completado_en__isnull=False), "usuario"),
            certificados_vigentes=_contar(
                Certificado.objects.filter(usuario=usuario_ref, estado=EstadoCertificado.VALIDO),
                "usuario",
            ),
            ultima_inscripcion=_ultima(suyas, "usuario", "inscrito_en"),
            ultimo_modulo=_ultima(
                ModuloCompletado.objects.filter(inscripcion__usuario=usuario_ref),
                "inscripcion__usuario",
                "completado_en",
            ),
            ultimo_intento=_ultima(
                Intento.objects.filter(usuario=usuario_ref), "usuario", "iniciado_en"
            ),
        )
    )


def ultima_actividad(fila) -> dt.datetime | None:
    """The latest of a person's dates: on a row of ``participantes_con_cifras`` or a
    ``CifrasPersona``."""
    fechas = (
        getattr(fila, c, None) for c in ("ultima_inscripcion", "ultimo_modulo", "ultimo_intento")
    )
    return max((f for f in fechas if f is not None), default=None)


@dataclass
class CifrasPersona:
    cursos_inscritos: int = 0
    cursos_completados: int = 0
    certificados_vigentes: int = 0
    ultima_inscripcion: dt.datetime | None = None
    ultimo_modulo: dt.datetime | None = None
    ultimo_intento: dt.datetime | None = None


def cifras_por_persona(personas) -> dict[int, CifrasPersona]:
    """The same figures as ``participantes_con_cifras`` for every person of ``personas`` (a
    queryset of participants), keyed by user id: four GROUP BY queries over the whole set,
    which is how an export of a hundred thousand people stays in seconds (a correlated
    subquery per person and figure would take minutes)."""
    usuarios = personas.order_by().values("usuario_id")
    cifras: dict[int, CifrasPersona] = defaultdict(CifrasPersona)

    def por_usuario(queryset, campo_usuario, **agregados):
        return (
            queryset.filter(**{f"{campo_usuario}__in": usuarios})
            .order_by()
            .values_list(campo_usuario)
            .annotate(**agregados)
        )

    for usuario_id, inscritos, completados, ultima in por_usuario(
        Inscripcion.objects.all(),
        "usuario_id",
        n=Count("pk"),
        c=Count("pk", filter=Q(completado_en__isnull=False)),
        u=Max("inscrito_en"),
    ):
        fila = cifras[usuario_id]
        fila.cursos_inscritos, fila.cursos_completados = inscritos, completados
        fila.ultima_inscripcion = ultima
    for usuario_id, n in por_usuario(
        Certificado.objects.filter(estado=EstadoCertificado.VALIDO), "usuario_id", n=Count("pk")
    ):
        cifras[usuario_id].certificados_vigentes = n
    for usuario_id, ultimo in por_usuario(
        ModuloCompletado.objects.all(), "inscripcion__usuario_id", u=Max("completado_en")
    ):
        cifras[usuario_id].ultimo_modulo = ultimo
    for usuario_id, ultimo in por_usuario(
        Intento.objects.all(), "usuario_id", u=Max("iniciado_en")
    ):
        cifras[usuario_id].ultimo_intento = ultimo
    return cifras


def porcentaje(parte: int, total: int) -> Decimal | None:
    """``parte`` as a percentage of ``total``, one decimal; ``None`` when there is no total."""
    if not total:
        return None
    return (Decimal(parte) * 100 / total).quantize(Decimal("0.1"))


@dataclass
class FilaEmbudo:
    """One course's funnel: enrolled → started → completed → certified."""

    curso_id: int
    curso: str
    inscritos: int = 0
    iniciados: int = 0
    completados: int = 0
    certificados: int = 0

    @property
    def tasa_iniciados(self) -> Decimal | None:
        return porcentaje(self.iniciados, self.inscritos)

    @property
    def tasa_completados(self) -> Decimal | None:
        return porcentaje(self.completados, self.inscritos)

    @property
    def tasa_certificados(self) -> Decimal | None:
        return porcentaje(self.certificados, self.inscritos)


def inscripciones_filtradas(*, usuario=None, filtros: FiltrosRed = FiltrosRed()):
    """Enrolments of the people the user may see that match the filters (municipality and
    type of the person, the course, enrolled within the dates)."""
    qs = Inscripcion.objects.all()
    if usuario is not None:
        qs = alcance.acotar(qs, usuario)
    qs = _de_personas(qs, filtros, sorted(filtros.municipios) if filtros.municipios else None)
    if filtros.curso:
        qs = qs.filter(curso=filtros.curso)
    return _entre(qs, "inscrito_en", filtros)


def _por_curso(queryset, **cifras) -> dict[int, dict]:
    return {
        fila.pop("curso_id"): fila
        for fila in queryset.order_by().values("curso_id").annotate(**cifras)
    }


def embudo_por_curso(*, usuario=None, filtros: FiltrosRed = FiltrosRed()) -> list[FilaEmbudo]:
    """Per course, of the enrolments that match: how many started (the course completed, or
    a module completed or a quiz attempt), completed, and hold a certificate in force for it.

    Every published course has its row, with zeros if nobody enrolled; an unpublished one
    appears while it has enrolments. Four queries whatever the volume: the courses and three
    GROUP BY course. The EXISTS stand in WHERE clauses, where the database runs each as one
    (anti-)semi-join over the whole table rather than a lookup per enrolment; «started» is
    counted as the enrolments minus those not started, so the module completions (the largest
    table) are read once."""
    base = inscripciones_filtradas(usuario=usuario, filtros=filtros)
    inscripcion = OuterRef("pk")
    con_modulo = Exists(ModuloCompletado.objects.filter(inscripcion=inscripcion))
    con_intento = Exists(Intento.objects.filter(inscripcion=inscripcion))
    con_certificado = Exists(
        certificados_que_acreditan().filter(usuario=OuterRef("usuario"), curso=OuterRef("curso"))
    )
    pendientes = base.filter(completado_en__isnull=True)
    totales = _por_curso(
        base, inscritos=Count("pk"), completados=Count("pk", filter=Q(completado_en__isnull=False))
    )
    sin_empezar = _por_curso(pendientes.filter(~con_modulo, ~con_intento), n=Count("pk"))
    certificados = _por_curso(base.filter(con_certificado), n=Count("pk"))

    cursos = CursoPage.objects.filter(Q(live=True) | Q(pk__in=list(totales)))
    if filtros.curso:
        cursos = cursos.filter(pk=filtros.curso)
    filas = []
    for curso in cursos.order_by("title").values("pk", "title"):
        pk = curso["pk"]
        total = totales.get(pk, {})
        inscritos = total.get("inscritos", 0)
        filas.append(
            FilaEmbudo(
                pk,
                curso["title"],
                inscritos=inscritos,
                iniciados=inscritos - sin_empezar.get(pk, {}).get("n", 0),
                completados=total.get("completados", 0),
                certificados=certificados.get(pk, {}).get("n", 0),
            )
        )
    return filas


def certificados_filtrados(*, usuario=None, filtros: FiltrosRed = FiltrosRed()):
    """Certificates of the people the user may see that match the filters (the holder's
    municipality and type, the course, issued within the dates), with their holder, and
    without the heavy snapshot and credential columns (reading them for every row of a
    sorted listing would cost more than all the rest)."""
    qs = Certificado.objects.all()
    if usuario is not None:
        qs = alcance.acotar(qs, usuario)
    qs = _de_personas(qs, filtros, sorted(filtros.municipios) if filtros.municipios else None)
    if filtros.curso:
        qs = qs.filter(curso=filtros.curso)
    return (
        _entre(qs, "emitido_en", filtros)
        .select_related("curso", "usuario__participante__municipio")
        .defer("datos", "credencial")
    )


def municipio_visible(*, usuario, pk) -> Municipio | None:
    """The municipality ``pk`` if it exists and ``usuario`` may see it, else ``None``."""
    return alcance.acotar(Municipio.objects.all(), usuario, "pk").filter(pk=pk).first()


def embajadores_activos(*, municipio):
    """The municipality's active ambassadors, with their names (one query)."""
    return (
        Embajador.objects.activos()
        .filter(municipio=municipio)
        .select_related("participante__usuario")
        .order_by("participante__nombre_completo")
    )
