"""Signing staff in for tests.

The admin refuses a staff session without a verified second factor
(``cursos/segundo_factor.py``). ``Client.force_login`` opens a session without going through
allauth's login, so :class:`ClienteConSegundoFactor` also writes what allauth's login writes
after a valid code: the session's authentication records, with an ``mfa`` step. Only tests can
do this (a session is server-side; in production, only allauth writes those records), and
``tests/test_segundo_factor.py`` checks that a plain ``force_login`` is still refused.

For browser tests, :func:`dispositivo_totp` gives a user a real TOTP device and :func:`codigo`
computes its current code, as an authenticator app would.
"""

from __future__ import annotations

import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt
from django.test import Client

_USUARIO_DE_LOS_REGISTROS = "account_authentication_methods_user"


def registrar_segundo_factor(sesion, usuario) -> None:
    ahora = time.time()
    sesion[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": ahora, "email": usuario.email},
        {"method": "mfa", "at": ahora, "type": "totp"},
    ]
    sesion[_USUARIO_DE_LOS_REGISTROS] = str(usuario.pk)


class ClienteConSegundoFactor(Client):
    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        sesion = self.session
        registrar_segundo_factor(sesion, user)
        sesion.save()


def dispositivo_totp(usuario, secreto: str | None = None) -> tuple[str, list[str]]:
    """Give ``usuario`` an authenticator app (TOTP) and recovery codes, as setting them up in
    the site does; return the secret and the codes."""
    secreto = secreto or generate_totp_secret()
    TOTP.activate(usuario, secreto)
    codigos = RecoveryCodes.activate(usuario).generate_codes()
    return secreto, codigos


def secreto_de(usuario) -> str:
    dispositivo = Authenticator.objects.get(user=usuario, type=Authenticator.Type.TOTP)
    return decrypt(dispositivo.data["secret"])


def codigo(secreto: str, *, desfase: int = 0) -> str:
    """The code an authenticator app shows now for ``secreto`` (``desfase`` periods later)."""
    return format_hotp_value(hotp_value(secreto, int(time.time()) // 30 + desfase))
