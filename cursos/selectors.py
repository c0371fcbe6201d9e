"""Read-side queries for views, templates and reports.

Each function issues a fixed number of queries, whatever the number of modules or courses:
the tests pin those counts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, OuterRef, Q
from taggit.models import Tag
from wagtail import hooks

from cursos.models import (
    CursoPage,
    CursosIndexPage,
    Eje,
    Inscripcion,
    ModuloCompletado,
    ModuloPage,
    Participante,
)


@dataclass(frozen=True)
class FiltrosCatalogo:
    q: str = ""
    tema: str = ""
    eje: str = ""

    @classmethod
    def desde_querydict(cls, datos) -> FiltrosCatalogo:
        """Read the catalogue's filters, dropping values that cannot be valid."""
        eje = datos.get("eje", "")
        return cls(
            q=datos.get("q", "").strip()[:200],
            tema=datos.get("tema", "").strip()[:100],
            eje=eje if eje in Eje.values else "",
        )

    @property
    def activos(self) -> bool:
        return bool(self.q or self.tema or self.eje)

    @property
    def palabras(self) -> list[str]:
        """The words of the search box: see :func:`palabras_de_busqueda`."""
        return palabras_de_busqueda(self.q)


PALABRAS_MAXIMAS = 12


def palabras_de_busqueda(texto: str) -> list[str]:
    """What a person typed, as plain words: letters and digits in any script.

    Quotes, operators, ``campo:`` prefixes and other search syntax are only separators, so no
    input can reach the search backend as syntax (SQLite's FTS5 raises on a stray ``"``).
    """
    return re.findall(r"\w+", texto)[:PALABRAS_MAXIMAS]


def cursos_del_catalogo(*, catalogo: CursosIndexPage, filtros: FiltrosCatalogo):
    """Published courses of the catalogue that match the filters, in the editors' order."""
    cursos = CursoPage.objects.live().public().child_of(catalogo)
    if filtros.eje:
        cursos = cursos.filter(eje=filtros.eje)
    if filtros.tema:
        cursos = cursos.filter(tags__slug=filtros.tema)
    if filtros.q:
        # Wagtail search cannot filter across the tag join, so it narrows by id instead.
        # Only punctuation is a search that nothing matches.
        ids = []
        if palabras := filtros.palabras:
            busqueda = CursoPage.objects.live().search(" ".join(palabras), operator="and")
            ids = [c.pk for c in busqueda]
        cursos = cursos.filter(pk__in=ids)
    return cursos.select_related("imagen").prefetch_related("tags").order_by("path").distinct()


def temas_del_catalogo(*, catalogo: CursosIndexPage) -> list[Tag]:
    """Tags used by at least one published course of the catalogue, most used first.

    The same for everyone: computed once per state of the page tree (cursos.contenido)."""
    from cursos import contenido

    return contenido.del_arbol(
        f"temas:{catalogo.pk}", lambda: _temas_del_catalogo(catalogo=catalogo)
    )


def _temas_del_catalogo(*, catalogo: CursosIndexPage) -> list[Tag]:
    ids_cursos = CursoPage.objects.live().public().child_of(catalogo).values("pk")
    return list(
        Tag.objects.filter(cursos_cursopagetag_items__content_object__in=ids_cursos)
        .annotate(num_cursos=Count("cursos_cursopagetag_items", distinct=True))
        .order_by("-num_cursos", "name")
    )


def estados_en_cursos(*, usuario) -> dict[int, str]:
    """Where the learner stands in each course they enrolled in, by course id, in one query
    (however many cards a page shows): ``"completado"``, ``"en_curso"`` (a module finished)
    or ``"inscrito"``. Empty for a visitor."""
    if not usuario.is_authenticated:
        return {}
    filas = (
        Inscripcion.objects.filter(usuario=usuario)
        .annotate(avanzo=Exists(ModuloCompletado.objects.filter(inscripcion=OuterRef("pk"))))
        .values_list("curso_id", "completado_en", "avanzo")
    )
    return {
        curso_id: "completado" if completado else "en_curso" if avanzo else "inscrito"
        for curso_id, completado, avanzo in filas
    }


@dataclass(frozen=True)
class Avance:
    """A learner's enrolment in one course and the modules they finished there."""

    inscripcion: Inscripcion | None = None
    ids_completados: frozenset[int] = frozenset()


def avance_de(*, usuario, curso: CursoPage) -> Avance:
    """The learner's enrolment and finished modules in ``curso``, in one query (a join)."""
    if not usuario.is_authenticated:
        return Avance()
    filas = list(
        Inscripcion.objects.filter(usuario=usuario, curso=curso).values(
            "pk", "inscrito_en", "completado_en", "modulos_completados__modulo_id"
        )
    )
    if not filas:
        return Avance()
    primera = filas[0]
    inscripcion = Inscripcion(
        pk=primera["pk"],
        usuario=usuario,
        curso=curso,
        inscrito_en=primera["inscrito_en"],
        completado_en=primera["completado_en"],
    )
    inscripcion._state.adding = False
    inscripcion._state.db = Inscripcion.objects.db
    ids = {f["modulos_completados__modulo_id"] for f in filas} - {None}
    return Avance(inscripcion=inscripcion, ids_completados=frozenset(ids))


def tiene_perfil(*, usuario) -> bool:
    return usuario.is_authenticated and Participante.objects.filter(usuario=usuario).exists()


def modulos_del_curso(*, curso: CursoPage) -> list[ModuloPage]:
    """The course's published modules, in the editors' order, in one query."""
    # Lists and progress read titles, URLs and flags: never the modules' bodies (~11 KB each).
    return list(
        ModuloPage.objects.child_of(curso).live().defer("cuerpo", "introduccion").order_by("path")
    )


def inscripcion_de(*, usuario, curso: CursoPage) -> Inscripcion | None:
    if not usuario.is_authenticated:
        return None
    return Inscripcion.objects.filter(usuario=usuario, curso=curso).first()


HOOK_ACTIVIDADES = "cursos_actividades"


@dataclass(frozen=True)
class Actividad:
    """Something besides reading modules that a course asks of a learner (a quiz, say).

    Other apps contribute them through the ``cursos_actividades`` Wagtail hook: a function
    ``(*, usuario, cursos) -> {curso_pk: [Actividad, …]}`` that answers for every course at
    once in a fixed number of queries. Required activities count toward completion.
    """

    titulo: str
    url: str
    obligatoria: bool
    cumplida: bool
    estado: str = ""
    modulo_id: int | None = None
    disponible: bool = True  # whether the learner can take it up now
    porcentaje: Decimal | None = None  # the score it counts with, when it has one


def actividades_de_cursos(*, usuario, cursos: list[CursoPage]) -> dict[int, list[Actividad]]:
    """The activities every installed app attaches to ``cursos``, with the learner's status."""
    actividades: dict[int, list[Actividad]] = defaultdict(list)
    if not cursos:
        return actividades
    for funcion in hooks.get_hooks(HOOK_ACTIVIDADES):
        for curso_id, lista in funcion(usuario=usuario, cursos=cursos).items():
            actividades[curso_id].extend(lista)
    return actividades


def actividades_del_curso(*, usuario, curso: CursoPage) -> list[Actividad]:
    return actividades_de_cursos(usuario=usuario, cursos=[curso])[curso.pk]


@dataclass(frozen=True)
class Progreso:
    """How far a learner is in a course: required modules and required activities count."""

    modulos_total: int = 0
    modulos_completados: int = 0
    ids_completados: frozenset[int] = field(default_factory=frozenset)
    siguiente: ModuloPage | None = None
    actividades: tuple[Actividad, ...] = ()

    @property
    def actividades_obligatorias(self) -> list[Actividad]:
        return [a for a in self.actividades if a.obligatoria]

    @property
    def total(self) -> int:
        return self.modulos_total + len(self.actividades_obligatorias)

    @property
    def completados(self) -> int:
        return self.modulos_completados + self.actividades_cumplidas

    @property
    def actividades_cumplidas(self) -> int:
        return sum(1 for a in self.actividades_obligatorias if a.cumplida)

    def actividades_del_modulo(self, modulo_id: int) -> list[Actividad]:
        return [a for a in self.actividades if a.modulo_id == modulo_id]

    @property
    def actividad_pendiente(self) -> Actividad | None:
        """The first required activity left undone, once the modules are all done."""
        if self.siguiente is not None:
            return None
        return next((a for a in self.actividades_obligatorias if not a.cumplida), None)

    @property
    def porcentaje(self) -> int:
        return round(100 * self.completados / self.total) if self.total else 0

    @property
    def completo(self) -> bool:
        return self.total > 0 and self.completados == self.total


def _progreso(modulos: list[ModuloPage], ids_completados: set[int], actividades=()) -> Progreso:
    obligatorios = [m for m in modulos if m.obligatorio]
    siguiente = next((m for m in modulos if m.pk not in ids_completados), None)
    return Progreso(
        modulos_total=len(obligatorios),
        modulos_completados=sum(1 for m in obligatorios if m.pk in ids_completados),
        ids_completados=frozenset(ids_completados),
        siguiente=siguiente,
        actividades=tuple(actividades),
    )


def progreso(
    *,
    inscripcion: Inscripcion | None,
    modulos: list[ModuloPage],
    actividades=(),
    ids_completados=None,
) -> Progreso:
    """The learner's progress; pass ``ids_completados`` (from ``avance_de``) to save a query."""
    if inscripcion is None:
        return _progreso(modulos, set(), actividades)
    if ids_completados is not None:
        return _progreso(modulos, set(ids_completados), actividades)
    ids = set(
        ModuloCompletado.objects.filter(inscripcion=inscripcion).values_list("modulo_id", flat=True)
    )
    return _progreso(modulos, ids, actividades)


def vecinos(*, modulos: list[ModuloPage], modulo: ModuloPage):
    """The modules before and after ``modulo`` in the course, or None at either end."""
    ids = [m.pk for m in modulos]
    if modulo.pk not in ids:
        return None, None
    i = ids.index(modulo.pk)
    return (modulos[i - 1] if i > 0 else None), (modulos[i + 1] if i + 1 < len(modulos) else None)


def puede_ver_modulo(*, usuario, modulo: ModuloPage, inscrito: bool | None = None) -> bool:
    """Module content is for enrolled learners, and for the people who edit the site.

    ``inscrito``, when the caller already read the enrolment, saves the query."""
    if not usuario.is_authenticated:
        return False
    if inscrito or usuario.has_perm("wagtailadmin.access_admin"):
        return True
    if inscrito is not None:
        return False
    return Inscripcion.objects.filter(
        usuario=usuario, curso__path=modulo.path[: -CursoPage.steplen]
    ).exists()


@dataclass(frozen=True)
class CursoDelParticipante:
    inscripcion: Inscripcion
    curso: CursoPage
    progreso: Progreso


def mis_cursos(*, usuario) -> list[CursoDelParticipante]:
    """The learner's courses with their progress, in three queries whatever their number."""
    inscripciones = list(
        Inscripcion.objects.filter(usuario=usuario, curso__live=True)
        .select_related("curso", "curso__imagen")
        .order_by("completado_en", "-inscrito_en")
    )
    if not inscripciones:
        return []
    cursos = [i.curso for i in inscripciones]
    por_ruta = reduce(or_, (Q(path__startswith=c.path, depth=c.depth + 1) for c in cursos))
    modulos_por_curso: dict[str, list[ModuloPage]] = defaultdict(list)
    for modulo in ModuloPage.objects.live().filter(por_ruta).order_by("path"):
        modulos_por_curso[modulo.path[: -CursoPage.steplen]].append(modulo)
    completados: dict[int, set[int]] = defaultdict(set)
    for inscripcion_id, modulo_id in ModuloCompletado.objects.filter(
        inscripcion__in=inscripciones
    ).values_list("inscripcion_id", "modulo_id"):
        completados[inscripcion_id].add(modulo_id)
    actividades = actividades_de_cursos(usuario=usuario, cursos=cursos)
    return [
        CursoDelParticipante(
            inscripcion=i,
            curso=i.curso,
            progreso=_progreso(
                modulos_por_curso[i.curso.path], completados[i.pk], actividades[i.curso.pk]
            ),
        )
        for i in inscripciones
    ]


def catalogo_principal() -> CursosIndexPage | None:
    return CursosIndexPage.objects.live().order_by("path").first()


def url_del_padre(pagina, request=None) -> str:
    """The parent's URL from the page's own (a page's URL is its parent's plus its slug),
    without reading the parent."""
    url = pagina.get_url(request)
    return url[: url.rstrip("/").rfind("/") + 1] if url else ""


def pagina_tiene_historial(*, page) -> bool:
    """Whether deleting ``page`` (or its subtree) would destroy learner records."""
    rutas = Q(curso__path__startswith=page.path)
    return (
        Inscripcion.objects.filter(rutas).exists()
        or ModuloCompletado.objects.filter(modulo__path__startswith=page.path).exists()
    )


def modulo_tiene_avances(*, pagina) -> bool:
    """Whether any learner has finished ``pagina`` (only modules can be finished)."""
    return ModuloCompletado.objects.filter(modulo_id=pagina.pk).exists()


HOOK_CONSTANCIAS = "cursos_constancias"


def constancias_de(*, usuario, inscripciones) -> dict[int, dict]:
    """The learner's document for each completed course among ``inscripciones``, by course
    id, as the app that issues them describes it: ``{"estado": "lista" | "generando",
    "descarga": url, "verificacion": url}``.

    The answer comes through the ``cursos_constancias`` Wagtail hook: a function
    ``(*, usuario, curso_ids) -> dict`` that asks the database once for all of them. No
    completed course, no query."""
    curso_ids = [i.curso_id for i in inscripciones if i is not None and i.completado]
    constancias: dict[int, dict] = {}
    if not curso_ids or not usuario.is_authenticated:
        return constancias
    for funcion in hooks.get_hooks(HOOK_CONSTANCIAS):
        constancias.update(funcion(usuario=usuario, curso_ids=curso_ids))
    return constancias


HOOK_PERFIL_ENLACES = "cursos_perfil_enlaces"


def enlaces_del_perfil(*, usuario) -> list[tuple[str, str]]:
    """Links other apps add to the learner's profile page, as ``(texto, url)``.

    They answer through the ``cursos_perfil_enlaces`` Wagtail hook: a function
    ``(*, usuario) -> list[(texto, url)]`` (empty when it has nothing for that person)."""
    enlaces: list[tuple[str, str]] = []
    for funcion in hooks.get_hooks(HOOK_PERFIL_ENLACES):
        enlaces.extend(funcion(usuario=usuario))
    return enlaces
