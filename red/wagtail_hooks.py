"""Wagtail wiring of the Red: the liaisons' row-level scope, admin views, reports, panels."""

from wagtail import hooks

from cursos.alcance import HOOK_ALCANCE
from red.alcance import municipios_del_enlace

hooks.register(HOOK_ALCANCE, municipios_del_enlace)
