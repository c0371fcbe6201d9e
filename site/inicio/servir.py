"""Wagtail's page serving, with the route found in one query instead of one per path segment.

``wagtail.views.serve`` finds the site (one query), loads its root page (two), then walks the
tree one slug at a time (two queries per segment: the child, then its specific row), and its
view-restriction check reads the ancestors and then their restrictions (two more). Here:

- the site of a host name comes from the cache (``SitioEnCacheMiddleware``), dropped when
  any site changes;
- the page is looked up by ``url_path`` inside the site's root: the page's id and type are
  remembered per path, and the specific row is read in one query that also checks the path
  and that it is live, so a moved, renamed, unpublished or deleted page is never served from
  a stale entry (it falls back to Wagtail's own routing, which decides);
- the view restrictions of the page and its ancestors are read in one query (aliases
  resolved to their source page, as Wagtail does).

Anonymous responses without restrictions and without cookies are cacheable by a proxy
(``Cache-Control: public``, ``Vary: Cookie``); a signed-in person's are ``private``.
"""

from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404, HttpResponse
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from wagtail import hooks
from wagtail import wagtail_hooks as wagtail_core_hooks
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from cursos import generaciones

FAMILIA_SITIOS = "sitios"
DURACION = 3600
# Seconds a proxy may keep an anonymous page (a publication shows up at most this late).
MAX_AGE_PUBLICA = 60
_SIN_SITIO = "-"


def _host(request) -> tuple[str, int]:
    # As Wagtail's Site._find_for_request: the raw host, without the ALLOWED_HOSTS check.
    return split_domain_port(request._get_raw_host())[0], request.get_port()


def _clave_sitio(request) -> str:
    hostname, port = _host(request)
    return f"aula:sitio:{hostname}:{port}"


def _buscar_sitio(request) -> Site | None:
    hostname, port = _host(request)
    clave = _clave_sitio(request)
    sitio = generaciones.leer(FAMILIA_SITIOS, clave)
    if sitio is None:
        try:
            sitio = get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            sitio = _SIN_SITIO
        generaciones.guardar(FAMILIA_SITIOS, clave, sitio, DURACION)
    return None if sitio == _SIN_SITIO else sitio


def sitio_de(request) -> Site | None:
    """``Site.find_for_request`` with the answer for each host and port kept in the cache."""
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = _buscar_sitio(request)
    # The middleware's lazy object stands for None when no site matches: it is falsy then.
    return request._wagtail_site or None


class SitioEnCacheMiddleware:
    """Answers Wagtail's ``Site.find_for_request`` from the cache, only when the request asks
    (a health check or an API call that never needs the site reads nothing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._wagtail_site = SimpleLazyObject(partial(_buscar_sitio, request))
        return self.get_response(request)


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def _sitio_cambiado(sender, **kwargs):
    generaciones.invalidar(FAMILIA_SITIOS)


def _pagina_por_ruta(sitio: Site, path: str):
    """The live specific page at ``path`` under the site's root, in one query when known."""
    raiz = sitio.root_page
    url_path = raiz.url_path + path.lstrip("/")
    if path and not url_path.endswith("/"):
        url_path += "/"
    clave = f"aula:ruta:{sitio.pk}:{url_path}"
    conocida = cache.get(clave)
    if conocida is None:
        fila = (
            Page.objects.filter(url_path=url_path, path__startswith=raiz.path)
            .values_list("pk", "content_type_id")
            .first()
        )
        if fila is None:
            return None
        conocida = fila
        cache.set(clave, conocida, DURACION)
    pk, content_type_id = conocida
    modelo = ContentType.objects.get_for_id(content_type_id).model_class()
    if modelo is None:
        return None
    pagina = (
        modelo.objects.filter(pk=pk, url_path=url_path, path__startswith=raiz.path)
        .select_related(None)
        .first()
    )
    if pagina is None:
        cache.delete(clave)
    return pagina


def ruta(request, path):
    """What ``Page.route_for_request`` answers, in one query for a known live page."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    sitio = sitio_de(request)
    resultado = None
    if sitio is not None and not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        pagina = _pagina_por_ruta(sitio, path)
        if pagina is not None and pagina.live:
            try:
                # A page with its own routing (RoutablePageMixin) still answers its index.
                resultado = pagina.route(request, [])
            except Http404:
                resultado = None
            request._wagtail_route_for_request = resultado
            return resultado
    # Unknown or not live here: Wagtail's own walk decides (and raises 404 when it must).
    return Page.route_for_request(request, path)


def restricciones_de(pagina) -> list[PageViewRestriction]:
    """The view restrictions on ``pagina`` and its ancestors, in one query.

    Like ``Page.get_view_restrictions``: an alias (the page or an ancestor) answers with the
    restrictions of its source page.
    """
    rutas = [pagina.path[:i] for i in range(pagina.steplen, len(pagina.path) + 1, pagina.steplen)]
    return list(
        PageViewRestriction.objects.filter(
            (Q(page__path__in=rutas) & Q(page__alias_of__isnull=True))
            | Q(page__aliases__path__in=rutas)
        ).distinct()
    )


def _comprobar_restricciones(callback):
    """Wagtail's ``check_view_restrictions`` hook, reading the restrictions in one query."""

    def inner(page, request, serve_args, serve_kwargs):
        restricciones = restricciones_de(page)
        for restriccion in restricciones:
            if restriccion.accept_request(request):
                continue
            if restriccion.restriction_type == PageViewRestriction.PASSWORD:
                from wagtail.forms import PasswordViewRestrictionForm

                form = PasswordViewRestrictionForm(
                    instance=restriccion, initial={"return_url": request.get_full_path()}
                )
                action_url = reverse(
                    "wagtailcore_authenticate_with_password", args=[restriccion.id, page.id]
                )
                respuesta = page.serve_password_required_response(request, form, action_url)
            else:
                respuesta = wagtail_core_hooks.require_wagtail_login(next=request.get_full_path())
            add_never_cache_headers(respuesta)
            return respuesta
        respuesta = callback(page, request, serve_args, serve_kwargs)
        if restricciones:
            add_never_cache_headers(respuesta)
        else:
            _cabeceras_de_cache(request, respuesta)
        return respuesta

    return inner


def _cabeceras_de_cache(request, respuesta):
    if respuesta.has_header("Cache-Control") or getattr(request, "is_preview", False):
        return
    patch_vary_headers(respuesta, ("Cookie",))
    if request.user.is_authenticated:
        patch_cache_control(respuesta, private=True)
        return
    compartible = (
        request.method in ("GET", "HEAD")
        and respuesta.status_code == 200
        and not request.COOKIES
        and not respuesta.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )
    if compartible:
        patch_cache_control(respuesta, public=True, max_age=MAX_AGE_PUBLICA)
    else:
        patch_cache_control(respuesta, private=True)


def _servir(page, request, args, kwargs):
    return page.serve(request, *args, **kwargs)


def serve(request, path):
    """Drop-in for ``wagtail.views.serve`` (the same hooks, in the same order)."""
    resultado = ruta(request, path)
    if resultado is None:
        raise Http404
    page, args, kwargs = resultado

    cadena = _servir
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        if fn is wagtail_core_hooks.check_view_restrictions:
            fn = _comprobar_restricciones
        cadena = fn(cadena)

    for fn in hooks.get_hooks("before_serve_page"):
        respuesta = fn(page, request, args, kwargs)
        if isinstance(respuesta, HttpResponse):
            return respuesta

    return cadena(page, request, args, kwargs)
