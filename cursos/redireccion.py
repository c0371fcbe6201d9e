"""Where a ``next`` parameter may send a person: one rule for every view that reads one."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

LARGO_MAXIMO = 2000
"""Longer than any address of the site; Django refuses redirects past 2048 characters."""


def destino_seguro(request, por_defecto: str, *, parametro: str = "next") -> str:
    """The request's ``next`` when it is a path on this site, ``por_defecto`` otherwise.

    Only a path that starts with a single slash is accepted: never another host or scheme,
    and never a bare word, which ``redirect()`` would try to reverse as a view name.
    """
    destino = request.POST.get(parametro) or request.GET.get(parametro) or ""
    if (
        destino.startswith("/")
        and not destino.startswith(("//", "/\\"))
        and len(destino) <= LARGO_MAXIMO
        and url_has_allowed_host_and_scheme(
            destino, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return destino
    return por_defecto


def redirigir_a_destino(request, por_defecto: str, *, parametro: str = "next"):
    """A redirect to :func:`destino_seguro` (an address, never resolved as a view name)."""
    return HttpResponseRedirect(destino_seguro(request, por_defecto, parametro=parametro))
