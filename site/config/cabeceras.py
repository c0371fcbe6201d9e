"""Response headers the whole site sends (Django's own CSP middleware writes the CSP; this
chooses the admin's policy)."""

from functools import cache

from django.conf import settings
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

POLITICA_DE_PERMISOS = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "midi=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), "
    "browsing-topics=(), interest-cohort=()"
)
"""No page of the site uses a device or a tracking API: none may, not even an embedded video."""


class CabecerasMiddleware:
    """Permissions-Policy on every response; ``Cache-Control: private, no-store`` on every
    response to a signed-in person (unless its view made it public: the same for everyone) and
    on the account pages.

    Whatever a signed-in person sees may be theirs alone (attempts, results, record,
    certificates, profile), and a shared computer's browser or a proxy must not keep it. The
    account pages carry tokens in their addresses (password reset, e-mail confirmation).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        respuesta = self.get_response(request)
        # Read by Django's CSP middleware (listed before this one, so it runs after it).
        if request.path.startswith(_prefijo_admin()) and hasattr(settings, "SECURE_CSP_ADMIN"):
            respuesta._csp_config = settings.SECURE_CSP_ADMIN
        respuesta.headers.setdefault(
            "Permissions-Policy", getattr(settings, "PERMISSIONS_POLICY", POLITICA_DE_PERMISOS)
        )
        # A response its view marked public is the same for everyone (the Red's public figures):
        # proxies may share it, and the session is not even read.
        publica = "public" in respuesta.get("Cache-Control", "")
        if not publica and (_es_de_cuentas(request) or _con_sesion_iniciada(request)):
            # max-age=0, no-cache, no-store, must-revalidate, private
            add_never_cache_headers(respuesta)
        return respuesta


def _con_sesion_iniciada(request) -> bool:
    """Whether a signed-in person asks. Without a session cookie nobody is signed in, and the
    session is not read: reading it would add ``Vary: Cookie`` to public pages that proxies
    share (the Red's public figures)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    usuario = getattr(request, "user", None)
    return usuario is not None and usuario.is_authenticated


@cache
def _prefijo_admin() -> str:
    return reverse("wagtailadmin_home")


def _es_de_cuentas(request) -> bool:
    coincidencia = getattr(request, "resolver_match", None)
    nombre = (coincidencia.url_name or "") if coincidencia else ""
    return nombre.startswith(("account_", "mfa_"))
