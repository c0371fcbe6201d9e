"""Workarounds for bugs of the framework versions this plugin supports, each with its reason
and the version it is applied to, so that it goes away with the version that fixes it.

Applied once, from ``CursosConfig.ready()``.
"""

from __future__ import annotations

import functools

import django
from django.db.models import QuerySet

_MARCA = "_cursos_sin_orden_implicito_al_anidar"


def _sin_orden_implicito_al_anidar(original):
    @functools.wraps(original)
    def _combinator_query(self, combinator, *other_qs, all=False):
        consulta = self.query
        if (
            consulta.combinator
            and consulta.default_ordering
            and not consulta.order_by
            and not consulta.extra_order_by
        ):
            # A compound query nested in another one: its only ordering would be its
            # model's Meta.ordering, which the outer query's ordering overrides anyway.
            self = self.order_by()
        return original(self, combinator, *other_qs, all=all)

    setattr(_combinator_query, _MARCA, True)
    return _combinator_query


def aplicar() -> None:
    """Django 6.1 gives a compound query (``a.union(b)``) its model's ``Meta.ordering`` and
    keeps it when that query is nested in another (``a.union(b).union(c)``), which SQLite
    refuses («ORDER BY not allowed in subqueries of compound statements»). Wagtail's
    «Historial del sitio» unions one query per log table, so with a third log table
    (``cursos.EntradaRegistro``) the report failed on SQLite. Django tickets #37097 and
    #37258. The nested query loses only an ordering the outer query replaces."""
    if django.VERSION[:2] != (6, 1):
        return
    if getattr(QuerySet._combinator_query, _MARCA, False):
        return
    QuerySet._combinator_query = _sin_orden_implicito_al_anidar(QuerySet._combinator_query)
