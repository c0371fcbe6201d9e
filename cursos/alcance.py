"""Row-level scope of the admin: which municipalities' learners a staff member may see.

``cursos`` knows nothing of roles. Another app (``red``, with its municipal liaisons) answers
through the ``cursos_alcance_municipios`` Wagtail hook: a function ``(*, usuario) -> set[int] |
None`` giving the ids of the municipalities the user is limited to, or ``None`` when that app
sets no limit for them. The first hook that sets a limit wins; superusers are never limited.

Every admin door onto learner records (listings, filters, exports, inspect views, choosers,
reports, ZIP downloads) narrows its queryset with :func:`acotar`, so a liaison who opens another
municipality's record gets a 404 and never sees its row.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from wagtail import hooks

HOOK_ALCANCE = "cursos_alcance_municipios"
_CACHE = "_cursos_municipios_visibles"


def municipios_visibles(usuario) -> frozenset[int] | None:
    """The municipality ids ``usuario`` is limited to, or ``None`` for no limit.

    Cached on the user object, so a request pays for it once."""
    if usuario is None or not getattr(usuario, "is_authenticated", False):
        return frozenset()
    if getattr(usuario, "is_superuser", False):
        return None
    if hasattr(usuario, _CACHE):
        return getattr(usuario, _CACHE)
    limite = None
    for funcion in hooks.get_hooks(HOOK_ALCANCE):
        resultado = funcion(usuario=usuario)
        if resultado is not None:
            limite = frozenset(resultado)
            break
    setattr(usuario, _CACHE, limite)
    return limite


def esta_limitado(usuario) -> bool:
    return municipios_visibles(usuario) is not None


def condicion(usuario, campo: str = "usuario__participante__municipio") -> Q:
    """A ``Q`` that keeps the rows whose ``campo`` (a municipality) ``usuario`` may see."""
    limite = municipios_visibles(usuario)
    if limite is None:
        return Q()
    return Q(**{f"{campo}__in": sorted(limite)})


def acotar(
    queryset: QuerySet, usuario, campo: str = "usuario__participante__municipio"
) -> QuerySet:
    """``queryset`` narrowed to the rows ``usuario`` may see (``campo`` leads to a municipality)."""
    limite = municipios_visibles(usuario)
    if limite is None:
        return queryset
    if not limite:
        return queryset.none()
    return queryset.filter(**{f"{campo}__in": sorted(limite)})
