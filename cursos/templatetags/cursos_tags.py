from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django import template

from cursos import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def url_catalogo(context) -> str:
    """The catalogue's URL for the site navigation, looked up once per request."""
    request = context.get("request")
    if request is not None and hasattr(request, "_url_catalogo"):
        return request._url_catalogo
    from cursos import contenido

    def calcular():
        catalogo = selectors.catalogo_principal()
        return catalogo.get_url(request) if catalogo else ""

    # The same for everyone: once per state of the page tree.
    url = contenido.del_arbol("url_catalogo", calcular)
    if request is not None:
        request._url_catalogo = url
    return url


@register.simple_tag(takes_context=True)
def url_del_padre(context, pagina) -> str:
    """The URL of ``pagina``'s parent (the catalogue of a course), without reading it."""
    return selectors.url_del_padre(pagina, context.get("request"))


@register.simple_tag(takes_context=True)
def cuerpo_publicado(context, pagina, campo="cuerpo"):
    """``{% include_block pagina.<campo> %}``, rendered once per publication (cursos.contenido).

    Only for content that is the same for everyone: its blocks must not read the person."""
    from cursos import contenido

    def render():
        return getattr(pagina, campo).render_as_block(context.flatten())

    return contenido.de_la_revision(pagina, campo, render, request=context.get("request"))


@register.inclusion_tag("cursos/includes/barra_progreso.html")
def barra_progreso(progreso, etiqueta=""):
    return {"progreso": progreso, "etiqueta": etiqueta}


@register.filter
def porcentaje(valor) -> str:
    """A percentage as every page writes it: up to two decimals, none that say nothing
    (``12.50`` → ``12.5``, ``100.00`` → ``100``), and never rounded up (69.996 reads 69.99,
    not a passing-looking 70)."""
    if valor is None or valor == "":
        return ""
    try:
        numero = Decimal(str(valor)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    except InvalidOperation:
        return str(valor)
    texto = format(numero, "f")
    return texto.rstrip("0").rstrip(".") if "." in texto else texto


@register.filter
def get_item(diccionario, clave):
    """``diccionario[clave]`` in a template, or None (a card's state by course id)."""
    return diccionario.get(clave) if hasattr(diccionario, "get") else None
