"""URL converters shared by every app of the plugin."""

from django.urls import register_converter

ID_MAXIMO = 2**63 - 1
"""The largest id a 64-bit database column holds (BigAutoField, PostgreSQL's bigint)."""


class IdConverter:
    """A row id in a path: digits that fit a 64-bit column.

    A longer number does not match the route at all, so the answer is the site's 404 before any
    query runs (a page id is a foreign key, which Django does not range-check: the lookup would
    overflow in the database driver).
    """

    regex = r"[0-9]{1,19}"

    def to_python(self, valor: str) -> int:
        numero = int(valor)
        if numero > ID_MAXIMO:
            raise ValueError("id fuera de rango")
        return numero

    def to_url(self, valor) -> str:
        return str(int(valor))


def registrar() -> None:
    """Make ``<id:...>`` available to every URLconf (called from ``CursosConfig.ready``)."""
    register_converter(IdConverter, "id")
