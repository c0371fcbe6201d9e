from django import template

from cursos import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def url_catalogo(context) -> str:
    """The catalogue's URL for the site navigation, looked up once per request."""
    request = context.get("request")
    if request is not None and hasattr(request, "_url_catalogo"):
        return request._url_catalogo
    catalogo = selectors.catalogo_principal()
    url = catalogo.get_url(request) if catalogo else ""
    if request is not None:
        request._url_catalogo = url
    return url


@register.inclusion_tag("cursos/includes/barra_progreso.html")
def barra_progreso(progreso, etiqueta=""):
    return {"progreso": progreso, "etiqueta": etiqueta}
