"""How the site names a person in allauth's messages and e-mails.

The login is the e-mail; Django's user still has a username, which allauth fills in automatically
(e.g. "nuevo.desktop") and which the person never chose, so it is never shown.
"""


def nombre_visible(usuario) -> str:
    """The learner's full name once the profile exists, otherwise the e-mail."""
    participante = getattr(usuario, "participante", None)
    if participante is not None and participante.nombre_completo:
        return participante.nombre_completo
    return usuario.email or usuario.get_username()
