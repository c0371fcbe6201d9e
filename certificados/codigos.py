"""Verification codes a person can read off paper and type, and the yearly folio.

A code is 11 random symbols of Crockford's base-32 alphabet (55 bits: no I, L, O or U, so
nothing reads as another letter) followed by a Luhn mod-32 check symbol, which catches every
single mistyped symbol and every swap of two neighbours but one: ``0Z`` ↔ ``Z0`` (Luhn's
doubling leaves 0 and Z as they are), 2 of the 992 ordered pairs. Such a slip yields another
well-formed code, which is then simply not found. It is shown in three groups of four,
``7KQ3-M9XD-2RT2``. Typing is forgiving: case, spaces and hyphens are ignored, and O, I and L
are read as the digits they are mistaken for.
"""

from __future__ import annotations

import re
import secrets

from stdnum import luhn

ALFABETO = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SIMBOLOS_ALEATORIOS = 11  # 11 × 5 = 55 bits
LONGITUD = SIMBOLOS_ALEATORIOS + 1
BITS = SIMBOLOS_ALEATORIOS * 5

_EQUIVALENCIAS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARADORES = re.compile(r"[\s\-‐‑‒–—_.]+")
_VALIDO = re.compile(rf"^[{ALFABETO}]{{{LONGITUD}}}$")


class CodigoInvalido(ValueError):
    """The text cannot be a verification code (wrong length, symbols or check symbol)."""


def codigo_generar() -> str:
    """A new random code in canonical form (12 symbols, no separators)."""
    cuerpo = "".join(secrets.choice(ALFABETO) for _ in range(SIMBOLOS_ALEATORIOS))
    return cuerpo + luhn.calc_check_digit(cuerpo, alphabet=ALFABETO)


def codigo_normalizar(texto: str) -> str:
    """The canonical form of what a person typed, or ``CodigoInvalido``.

    Separators and case are ignored and look-alike letters read as digits; then the length,
    the alphabet and the check symbol must all be right.
    """
    codigo = _SEPARADORES.sub("", (texto or "").strip().upper()).translate(_EQUIVALENCIAS)
    if not _VALIDO.match(codigo):
        raise CodigoInvalido(codigo)
    if not luhn.is_valid(codigo, alphabet=ALFABETO):
        raise CodigoInvalido(codigo)
    return codigo


def codigo_formatear(codigo: str) -> str:
    """Groups of four for people: ``7KQ3M9XD2RT2`` → ``7KQ3-M9XD-2RT2``."""
    return "-".join(codigo[i : i + 4] for i in range(0, len(codigo), 4))


def folio_formatear(*, prefijo: str, anio: int, numero: int) -> str:
    """``IEECC-2026-000123``: the issuer's prefix, the year of issue and its sequence."""
    return f"{prefijo}-{anio}-{numero:06d}"
