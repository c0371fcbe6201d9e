"""JSON read from a file someone hands us (a certificate's attachments, a credential, a key set).

I-JSON (RFC 7493), which RFC 8785's canonical form assumes: UTF-8, no repeated member names,
finite numbers. On top of it, a bounded nesting depth and size, so a hostile file is refused
with a message instead of exhausting the stack in any code that walks it later.
"""

from __future__ import annotations

import json
import math

PROFUNDIDAD_MAXIMA = 16
"""A credential nests four levels; a disclosure, two. Far more is never one of ours."""

NODOS_MAXIMOS = 10_000


class JsonNoAdmitido(ValueError):
    """The bytes are not JSON this project accepts; the message says why, in Spanish."""


class JsonIlegible(JsonNoAdmitido):
    """The bytes are not JSON at all (not UTF-8, or broken syntax): damaged, not crafted."""


def _sin_repetidos(pares):
    objeto = {}
    for nombre, valor in pares:
        if nombre in objeto:
            raise JsonNoAdmitido(f"el JSON repite el nombre «{nombre[:40]}» en un mismo objeto")
        objeto[nombre] = valor
    return objeto


def _sin_constantes(nombre):
    raise JsonNoAdmitido(f"el JSON trae «{nombre}», que no es un número válido")


def _flotante(texto: str) -> float:
    valor = float(texto)
    if not math.isfinite(valor):
        raise JsonNoAdmitido("el JSON trae un número fuera de rango")
    return valor


def _profundidad(texto: str) -> int:
    """The deepest nesting of brackets outside strings, counted without recursion."""
    maxima = actual = 0
    en_cadena = escapado = False
    for caracter in texto:
        if en_cadena:
            if escapado:
                escapado = False
            elif caracter == "\\":
                escapado = True
            elif caracter == '"':
                en_cadena = False
        elif caracter == '"':
            en_cadena = True
        elif caracter in "[{":
            actual += 1
            maxima = max(maxima, actual)
        elif caracter in "]}":
            actual -= 1
    return maxima


def _contar_nodos(valor) -> int:
    pendientes, cuantos = [valor], 0
    while pendientes:
        actual = pendientes.pop()
        cuantos += 1
        if cuantos > NODOS_MAXIMOS:
            break
        if isinstance(actual, dict):
            pendientes.extend(actual.values())
        elif isinstance(actual, list):
            pendientes.extend(actual)
    return cuantos


def cargar(contenido: bytes | str, *, profundidad: int = PROFUNDIDAD_MAXIMA):
    """Parse ``contenido`` as I-JSON with bounded depth and size, or raise ``JsonNoAdmitido``.

    The depth is measured before parsing (so no parser recursion can run away) and the result
    holds only dicts, lists, strings, finite numbers, booleans and null.
    """
    if isinstance(contenido, bytes):
        try:
            texto = contenido.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JsonIlegible("el archivo no es texto UTF-8") from exc
    else:
        texto = contenido
    if _profundidad(texto) > profundidad:
        raise JsonNoAdmitido(
            f"el JSON anida más de {profundidad} niveles; una credencial nunca lo hace"
        )
    try:
        valor = json.loads(
            texto,
            object_pairs_hook=_sin_repetidos,
            parse_constant=_sin_constantes,
            parse_float=_flotante,
        )
    except JsonNoAdmitido:
        raise
    except json.JSONDecodeError as exc:
        raise JsonIlegible(
            f"no es un JSON válido (línea {exc.lineno}, columna {exc.colno}: {exc.msg})"
        ) from exc
    except (ValueError, RecursionError) as exc:  # e.g. an integer of thousands of digits
        raise JsonNoAdmitido("el JSON trae un valor fuera de rango") from exc
    if _contar_nodos(valor) > NODOS_MAXIMOS:
        raise JsonNoAdmitido("el JSON es demasiado grande para ser una credencial")
    return valor
