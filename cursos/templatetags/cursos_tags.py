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
    catalogo = selectors.catalogo_principal()
    url = catalogo.get_url(request) if catalogo else ""
    if request is not None:
        request._url_catalogo = url
    return url


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
