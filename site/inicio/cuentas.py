"""The site's allauth customisations: how a person is named, and how failed sign-ins count.

The login is the e-mail; Django's user still has a username, which allauth fills in automatically
(e.g. "nuevo.desktop") and which the person never chose, so it is never shown.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip


def nombre_visible(usuario) -> str:
    """The learner's full name once the profile exists, otherwise the e-mail."""
    participante = getattr(usuario, "participante", None)
    if participante is not None and participante.nombre_completo:
        return participante.nombre_completo
    return usuario.email or usuario.get_username()


class AdaptadorCuentas(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The key of the ``login_failed`` rate limit's ``key`` part: the account *and* the
        client address together (allauth counts per account alone), so failures from one
        address never lock the account's owner out from another. The ``ip`` part of the
        limit still caps one address across all accounts."""
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{get_ip(request)}"
