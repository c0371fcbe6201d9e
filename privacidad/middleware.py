"""Ask for consent to a new version of the privacy notice before anything else.

While the session says the person has not consented to the notice in force (set at sign-in,
``privacidad.receivers``), every page but the consent page, the notice itself, the person's
privacy rights (to object or close the account instead), logging out and static files is a
redirect to the consent page. No query: only the session is read."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from privacidad import conf
from privacidad.receivers import CLAVE_SESION


class ConsentimientoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(CLAVE_SESION) and not self._libre(request):
            destino = reverse("privacidad:consentimiento")
            siguiente = request.get_full_path()
            if request.method == "GET" and url_has_allowed_host_and_scheme(
                siguiente, allowed_hosts={request.get_host()}
            ):
                destino += "?" + urlencode({"next": siguiente})
            return redirect(destino)
        return self.get_response(request)

    @staticmethod
    def _libre(request) -> bool:
        ruta = request.path_info
        libres = (
            reverse("privacidad:inicio"),
            reverse("aviso_privacidad"),
            reverse("account_logout"),
            *conf.rutas_sin_consentimiento(),
        )
        return any(ruta.startswith(prefijo) for prefijo in libres if prefijo)
