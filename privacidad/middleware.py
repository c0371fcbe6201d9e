"""Ask for consent to a new version of the privacy notice before anything else.

While the session says the person has not consented to the notice in force (set at sign-in,
``privacidad.receivers``), every page but the consent page, the notice itself, the person's
privacy rights (to object or close the account instead), logging out and static files is a
redirect to the consent page.

Public pages cached by proxies must not vary on the session cookie (``red``'s public figures):
a request without a session cookie is not looked at, and reading the flag does not mark the
session as used, since it changes nothing in the page. Only the redirect depends on the
session, and it says so (``Vary: Cookie``, ``private, no-store``)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from privacidad import conf
from privacidad.receivers import CLAVE_SESION


class ConsentimientoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._pendiente(request) and not self._libre(request):
            return self._al_consentimiento(request)
        return self.get_response(request)

    @staticmethod
    def _pendiente(request) -> bool:
        sesion = getattr(request, "session", None)
        if sesion is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        usada = sesion.accessed
        pendiente = bool(sesion.get(CLAVE_SESION))
        sesion.accessed = usada
        return pendiente

    @staticmethod
    def _al_consentimiento(request):
        destino = reverse("privacidad:consentimiento")
        siguiente = request.get_full_path()
        if request.method == "GET" and url_has_allowed_host_and_scheme(
            siguiente, allowed_hosts={request.get_host()}
        ):
            destino += "?" + urlencode({"next": siguiente})
        respuesta = redirect(destino)
        request.session.accessed = True
        patch_vary_headers(respuesta, ["Cookie"])
        add_never_cache_headers(respuesta)
        patch_cache_control(respuesta, private=True)
        return respuesta

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
