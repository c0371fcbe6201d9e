"""Cache entries that a whole family can drop at once: each family has a generation number.

An entry is stored with the generation it was computed under; bumping the generation makes
every older entry a miss. One round trip reads both (``get_many``). Used for what must follow
the page tree (the site of a host name, fragments shared by everyone), where the individual
keys are not known at invalidation time.
"""

from django.core.cache import cache

_FALTA = object()


def _clave_generacion(familia: str) -> str:
    return f"aula:generacion:{familia}"


def leer(familia: str, clave: str, por_defecto=None):
    """The value cached under ``clave`` if it belongs to the family's current generation."""
    gen = _clave_generacion(familia)
    valores = cache.get_many([clave, gen])
    guardado = valores.get(clave)
    if guardado is None or gen not in valores or guardado[0] != valores[gen]:
        return por_defecto
    return guardado[1]


def guardar(familia: str, clave: str, valor, duracion: int) -> None:
    generacion = cache.get_or_set(_clave_generacion(familia), 1, None)
    cache.set(clave, (generacion, valor), duracion)


def leer_o_calcular(familia: str, clave: str, calcular, duracion: int):
    valor = leer(familia, clave, _FALTA)
    if valor is _FALTA:
        valor = calcular()
        guardar(familia, clave, valor, duracion)
    return valor


def invalidar(familia: str) -> None:
    """Every entry of the family computed so far is stale from now on."""
    gen = _clave_generacion(familia)
    try:
        cache.incr(gen)
    except ValueError:
        cache.set(gen, 2, None)
