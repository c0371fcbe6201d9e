"""System checks: a site that issues certificates needs a signing key and a public URL.

They are checks rather than errors at import so that ``crear_clave_certificados`` (which
skips checks) can create the first key with the production settings in place.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register()
def clave_de_firma(app_configs, **kwargs):
    from certificados import firma

    try:
        firma.clave_activa()
    except ImproperlyConfigured as exc:
        nivel = checks.Warning if settings.DEBUG else checks.Error
        return [
            nivel(
                f"No hay clave para firmar certificados: {exc}",
                hint="Ejecuta «manage.py crear_clave_certificados».",
                id="certificados.E001",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def url_publica(app_configs, **kwargs):
    """The verification URL is signed into every credential and QR code: it must be right."""
    from certificados import snapshot

    base = snapshot.url_base()
    partes = urlsplit(base)
    if partes.scheme != "https" or partes.hostname in (None, "127.0.0.1", "localhost"):
        return [
            checks.Error(
                f"La URL pública de los certificados es «{base}»: quedaría firmada en cada "
                "credencial y en cada código QR.",
                hint="Define CERTIFICADOS_URL_BASE (o WAGTAILADMIN_BASE_URL) con https://.",
                id="certificados.E002",
            )
        ]
    return []
