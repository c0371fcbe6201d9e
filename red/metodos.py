"""The Red's answer to a request with a method its address does not take: a 405 that says,
in Spanish, what the address is for, with ``Allow``; Django's own 405 has an empty body.

Function views use :func:`solo_metodos`; class-based views (the reports, the map, the
public figures) :class:`SoloMetodosMixin`."""

from __future__ import annotations

from functools import wraps

from django.shortcuts import render

PLANTILLA = "red/metodo_no_permitido.html"


def metodo_no_permitido(request, permitidos) -> object:
    permitidos = [m.upper() for m in permitidos]
    respuesta = render(request, PLANTILLA, {"acepta_formulario": "POST" in permitidos}, status=405)
    respuesta["Allow"] = ", ".join(permitidos)
    return respuesta


def solo_metodos(*metodos):
    """Let only ``metodos`` through to the view; any other gets :func:`metodo_no_permitido`."""

    def decorador(vista):
        @wraps(vista)
        def envoltura(request, *args, **kwargs):
            if request.method not in metodos:
                return metodo_no_permitido(request, metodos)
            return vista(request, *args, **kwargs)

        return envoltura

    return decorador


class SoloMetodosMixin:
    def http_method_not_allowed(self, request, *args, **kwargs):
        return metodo_no_permitido(request, self._allowed_methods())
