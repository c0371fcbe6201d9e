"""Wagtail wiring of the Red: the liaisons' row-level scope, and each area's hooks."""

from wagtail import hooks

from cursos.alcance import HOOK_ALCANCE
from red.alcance import municipios_del_enlace
from red.ganchos import embajadores, expediente, mapa, registro, reportes  # noqa: F401

hooks.register(HOOK_ALCANCE, municipios_del_enlace)
