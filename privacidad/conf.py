"""Every setting the ``privacidad`` app reads, with its default."""

from django.conf import settings


def dias_habiles_plazo() -> int:
    """Business days the Institute has to answer an ARCO request, counted from the day after
    it is received (Mexico's general law on personal data held by public bodies, art. 51).
    ``PRIVACIDAD_DIAS_HABILES``."""
    return getattr(settings, "PRIVACIDAD_DIAS_HABILES", 20)


def pais_dias_feriados() -> tuple[str, str]:
    """Country (and subdivision, or ``""``) whose official holidays are not business days,
    as the ``holidays`` package names them. ``PRIVACIDAD_DIAS_FERIADOS``."""
    return getattr(settings, "PRIVACIDAD_DIAS_FERIADOS", ("MX", ""))


def dias_inhabiles_adicionales() -> frozenset:
    """Further dates (``datetime.date``) the Institute publishes as non-working days (a
    holiday week, say). ``PRIVACIDAD_DIAS_INHABILES``."""
    return frozenset(getattr(settings, "PRIVACIDAD_DIAS_INHABILES", ()))


def rutas_sin_consentimiento() -> tuple[str, ...]:
    """Address prefixes a person who has not yet consented to the current notice may still
    reach (besides the notice, the consent page, their privacy rights and logging out).
    ``PRIVACIDAD_RUTAS_LIBRES``."""
    return tuple(
        getattr(
            settings,
            "PRIVACIDAD_RUTAS_LIBRES",
            (settings.STATIC_URL, settings.MEDIA_URL, "/admin/", "/certificados/verificar/"),
        )
    )
