"""The admin map of the Red: every municipality coloured by people trained or by integration,
each a link to its report, with the table of their figures as its text alternative.

A liaison sees the figures of their own municipalities only, drawn with a thick outline; the
others are drawn blank, without figure or link. The figures and the SVG are the same for every
reader with the same scope, so they are cached per scope (``cache_publico_segundos()``)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cursos import alcance
from red import conf, mapa, selectors
from red.metodos import SoloMetodosMixin
from red.views_cifras import PARAMETRO_MODO, modos, titulo_del_mapa

PERMISO = "red.ver_cifras_red"


def puede_ver_mapa(usuario) -> bool:
    return usuario.is_active and usuario.has_perm(PERMISO)


def _clave_alcance(visibles: frozenset[int] | None) -> str:
    if visibles is None:
        return "todos"
    ids = ",".join(str(pk) for pk in sorted(visibles))
    return hashlib.sha256(ids.encode()).hexdigest()[:24]


def datos_del_mapa(usuario, modo: str) -> dict:
    """The rows the user may see, the map drawn for them and when it was computed; read from
    the cache when someone with the same scope asked in the last ``cache_publico_segundos()``
    (then without a single query once the user's scope is known)."""
    visibles = alcance.municipios_visibles(usuario)
    clave = f"red:mapa:{modo}:{get_language()}:{_clave_alcance(visibles)}"
    datos = cache.get(clave)
    if datos is not None:
        return datos
    filas = selectors.cifras_por_municipio(usuario=usuario)
    enlaces = {
        fila.municipio_id: reverse("red_reportes:municipio", args=[fila.municipio_id])
        for fila in filas
    }
    ruta = conf.geometria_municipios()
    dibujo = None
    if ruta:
        dibujo = mapa.construir(
            mapa.geometria(ruta),
            filas,
            modo=modo,
            umbral=conf.umbral_anonimato(),
            enlace=lambda fila: enlaces[fila.municipio_id],
            resaltar=[] if visibles is None else [fila.clave_inegi for fila in filas],
            titulo=titulo_del_mapa(modo),
        )
    datos = {
        "filas": [(fila, enlaces[fila.municipio_id]) for fila in filas],
        "mapa": dibujo,
        "limitado": visibles is not None,
        "en": timezone.now(),
        "clave": clave,
    }
    cache.set(clave, datos, conf.cache_publico_segundos())
    return datos


class MapaView(SoloMetodosMixin, WagtailAdminTemplateMixin, TemplateView):
    """``red_mapa:mapa``: for who holds ``red.ver_cifras_red``; ``?ver=integracion`` colours
    by integration, any other unknown value is a 400."""

    page_title = _("Mapa de la Red")
    header_icon = "site"
    template_name = "red/mapa/admin.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not puede_ver_mapa(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        modo = request.GET.get(PARAMETRO_MODO, mapa.CAPACITADOS)
        if modo not in mapa.MODOS:
            contexto = self.get_context_data(modo=None, modos=modos(), invalido=True)
            return self.render_to_response(contexto, status=400)
        contexto = self.get_context_data(
            modo=modo,
            modos=modos(),
            credito=conf.credito_geometria(),
            segundos=conf.cache_publico_segundos(),
            **datos_del_mapa(request.user, modo),
        )
        return self.render_to_response(contexto)
