"""Row-level scope of the admin: which municipalities' learners a staff member may see.

``cursos`` knows nothing of roles. Another app (``red``, with its municipal liaisons) answers
through the ``cursos_alcance_municipios`` Wagtail hook: a function ``(*, usuario) -> set[int] |
None`` giving the ids of the municipalities the user is limited to, or ``None`` when that app
sets no limit for them. The first hook that sets a limit wins; superusers are never limited.

Every admin door onto learner records (listings, filters, exports, inspect views, history,
reports, PDF and ZIP downloads) narrows what it reads with :func:`acotar`, through
:class:`ListadoConAlcanceMixin` and :class:`AlcanceMixin` on the views, so a liaison who opens
another municipality's record gets a 404 and never sees its row; the municipality filters
offer only :func:`municipios_elegibles`.

The audit log follows the same scope. Each app declares its learner records with
:func:`registrar_modelo` (the model and the path from it to a municipality); their log entries
go to ``cursos.models.EntradaRegistro``, whose «Historial del sitio» rows a limited user sees
only for objects in scope (:func:`acotar_entradas`). Entries of a model nobody declared are
hidden from limited users.
"""

from __future__ import annotations

import operator
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cursos.filtros import IdElegibleFilter

HOOK_ALCANCE = "cursos_alcance_municipios"
CAMPO_PREDETERMINADO = "usuario__participante__municipio"
"""From a learner record (enrolment, attempt, certificate) to the learner's municipality."""
_CACHE = "_cursos_municipios_visibles"
_CAMPOS_POR_MODELO: dict[type, str] = {}


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


def condicion(usuario, campo: str = CAMPO_PREDETERMINADO) -> Q:
    """A ``Q`` that keeps the rows whose ``campo`` (a municipality) ``usuario`` may see.

    A user limited to no municipality at all gets a ``Q`` that keeps nothing."""
    limite = municipios_visibles(usuario)
    if limite is None:
        return Q()
    return Q(**{f"{campo}__in": sorted(limite)})


def acotar(queryset: QuerySet, usuario, campo: str = CAMPO_PREDETERMINADO) -> QuerySet:
    """``queryset`` narrowed to the rows ``usuario`` may see (``campo`` leads to a municipality).

    Rows whose ``campo`` is empty (a user without a profile) are hidden from a limited user."""
    limite = municipios_visibles(usuario)
    if limite is None:
        return queryset
    if not limite:
        return queryset.none()
    return queryset.filter(**{f"{campo}__in": sorted(limite)})


def municipios_elegibles(usuario) -> QuerySet:
    """The municipalities a filter may offer ``usuario``: all of them, or only theirs."""
    from cursos.models import Municipio

    return acotar(Municipio.objects.all(), usuario, "pk")


def filtro_municipio(campo: str = CAMPO_PREDETERMINADO, **opciones):
    """The «Municipio» filter of an admin listing or report: its choices are the user's own
    municipalities (:func:`municipios_elegibles`). Choosing another one by hand makes the
    filter invalid, and the listing stays narrowed to the user's rows anyway."""
    return IdElegibleFilter(
        label=_("Municipio"),
        field_name=campo,
        queryset=lambda request: municipios_elegibles(getattr(request, "user", None)),
        empty_label=_("Todos los municipios"),
        **opciones,
    )


# --- The audit log ------------------------------------------------------------------------


def registrar_modelo(modelo, campo: str = CAMPO_PREDETERMINADO) -> None:
    """Declare ``modelo`` a learner record whose ``campo`` leads to a municipality.

    Its audit-log entries are written to ``EntradaRegistro`` from then on, and a limited user
    reads in the admin's histories only those of objects in their municipalities. Each app
    calls it for its own models from its ``wagtail_hooks`` module, which Wagtail imports
    before it writes or reads any log entry."""
    from wagtail.log_actions import registry

    from cursos.models import EntradaRegistro

    _CAMPOS_POR_MODELO[modelo] = campo
    registry.register_model(modelo, EntradaRegistro)


def modelos_registrados() -> dict[type, str]:
    """Every declared record and its path to a municipality (after loading the hooks)."""
    hooks.search_for_hooks()
    return dict(_CAMPOS_POR_MODELO)


def acotar_entradas(queryset: QuerySet, usuario) -> QuerySet:
    """Log entries of ``queryset`` narrowed to the objects ``usuario`` may see.

    One condition per declared model: its content type, and an ``object_id`` (text in
    Wagtail's log tables) among the primary keys of the objects in scope, as a subquery."""
    limite = municipios_visibles(usuario)
    if limite is None:
        return queryset
    if not limite:
        return queryset.none()
    modelos = modelos_registrados()
    tipos = ContentType.objects.get_for_models(*modelos, for_concrete_models=False)
    condiciones = [
        Q(
            content_type_id=tipos[modelo].pk,
            object_id__in=acotar(modelo._base_manager.order_by(), usuario, campo).values(
                texto=Cast("pk", output_field=CharField())
            ),
        )
        for modelo, campo in modelos.items()
    ]
    if not condiciones:
        return queryset.none()
    return queryset.filter(reduce(operator.or_, condiciones))


class AlcanceMixin:
    """For a Wagtail admin view of one learner record: the object it opens is looked up among
    those the user may see, else 404.

    Wagtail's object views (history, usage) are narrowed through ``get_base_object_queryset``;
    a view that looks its object up by hand calls :meth:`objeto_visible` or :meth:`acotar`.
    ``campo_alcance`` leads from the model to a municipality; the viewset sets it for every
    view it builds.
    """

    campo_alcance = CAMPO_PREDETERMINADO

    def acotar(self, queryset: QuerySet) -> QuerySet:
        return acotar(queryset, self.request.user, self.campo_alcance)

    def objeto_visible(self, queryset: QuerySet, **criterios):
        """The object of ``queryset`` matching ``criterios`` that the user may see, or 404."""
        return get_object_or_404(self.acotar(queryset), **criterios)

    def get_base_object_queryset(self):
        return self.acotar(super().get_base_object_queryset())


class ListadoConAlcanceMixin(AlcanceMixin):
    """For a Wagtail listing or report of learner records: its rows, and so its search, its
    filters, its pages and its CSV/XLSX export, are those the user may see."""

    def get_base_queryset(self):
        return self.acotar(super().get_base_queryset())
