"""Every URL the site serves, read from the URLconf, as templates the fuzz suite fills in.

New pages (another app's views, allauth's, a health check) are covered as soon as they are in
the URLconf. The admin is large: only its views of learner data are fuzzed, and only read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Admin routes over learner data (by path), and the admin actions left out: a staff POST there
# is a legitimate write, so the suite only reads.
ADMIN_DE_DATOS = re.compile(
    r"^admin/(reportes|red|mapa|evaluaciones|certificados|aprendizaje|snippets/evaluaciones)/"
)
ADMIN_ACCIONES = re.compile(
    r"/(new|add|edit|delete|copy|create|revert|unpublish|unschedule|preview|concluir|revocar|"
    r"reemitir|chosen|chosen-multiple)/|revisions/"
)
# Pages served by Wagtail's catch-all: the suite adds the live pages' own URLs instead.
FUERA = {"wagtail_serve"}

PARAMETRO = re.compile(r"<(?:(?P<convertidor>\w+):)?(?P<nombre>\w+)>")


@dataclass(frozen=True)
class Ruta:
    plantilla: str  # "/aprendizaje/cursos/{curso_id:id}/inscripcion/"
    nombre: str
    admin: bool

    @property
    def parametros(self) -> list[tuple[str, str]]:
        return re.findall(r"\{(\w+):(\w+)\}", self.plantilla)

    def llenar(self, valores: dict[str, str]) -> str:
        return re.sub(r"\{(\w+):\w+\}", lambda m: valores[m.group(1)], self.plantilla)


def _de_regex(regex: str) -> str:
    """A regex route as a template: each group becomes a ``str`` parameter."""
    texto = regex.lstrip("^").rstrip("$")
    salida, i, n = [], 0, 0
    while i < len(texto):
        c = texto[i]
        if c == "(":
            profundidad, j = 1, i + 1
            while j < len(texto) and profundidad:
                profundidad += {"(": 1, ")": -1}.get(texto[j], 0)
                j += 1
            grupo = re.match(r"\(\?P<(\w+)>", texto[i:])
            salida.append(f"{{{grupo.group(1) if grupo else f'g{n}'}:str}}")
            n += 1
            i = j
        elif c == "\\" and i + 1 < len(texto):
            salida.append(texto[i + 1])
            i += 2
        elif c in "^$":
            i += 1
        else:
            salida.append(c)
            i += 1
    return "".join(salida)


def _de_ruta(ruta: str) -> str:
    if ruta.startswith("^") or "(?P<" in ruta or "\\" in ruta:
        partes = re.split(r"(?<=/)(?=\^)", ruta, maxsplit=1)
        if len(partes) == 2:
            return partes[0] + _de_regex(partes[1])
        return _de_regex(ruta)
    return PARAMETRO.sub(
        lambda m: f"{{{m.group('nombre')}:{m.group('convertidor') or 'str'}}}", ruta
    )


def _recorrer(patrones, prefijo=""):
    for patron in patrones:
        if isinstance(patron, URLResolver):
            yield from _recorrer(patron.url_patterns, prefijo + str(patron.pattern))
        elif isinstance(patron, URLPattern):
            yield prefijo + str(patron.pattern), patron.name or ""


def rutas() -> list[Ruta]:
    """The routes to fuzz: every non-admin route, and the admin's learner-data views."""
    encontradas = {}
    for ruta, nombre in _recorrer(get_resolver().url_patterns):
        if nombre in FUERA:
            continue
        es_admin = ruta.startswith("admin/")
        if es_admin and (not ADMIN_DE_DATOS.match(ruta) or ADMIN_ACCIONES.search(ruta)):
            continue
        plantilla = "/" + _de_ruta(ruta)
        encontradas[plantilla] = Ruta(plantilla, nombre, es_admin)
    return sorted(encontradas.values(), key=lambda r: r.plantilla)
