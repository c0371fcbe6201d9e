"""The demo's staff accounts and their second factor.

Staff reach the admin only after the second step (cursos/segundo_factor.py). So that a person
trying `make demo` can sign in, each demo staff account gets an authenticator app already set
up, whose secret the demo prints. The secret derives from the account's name: it is public, as
the demo's password is; a real site never has demo accounts.
"""

from __future__ import annotations

import base64
import hashlib

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, yield_hotp_counters_from_time
from allauth.mfa.utils import decrypt


def secreto_demo(usuario) -> str:
    """The demo account's TOTP secret (base32, 160 bits), the same on every run."""
    return base64.b32encode(
        hashlib.sha256(f"aula-demo:{usuario.username}".encode()).digest()[:20]
    ).decode()


def dispositivo_demo_asegurar(usuario) -> tuple[str, str]:
    """Give ``usuario`` the demo's authenticator app and recovery codes, unless they already
    have one (then it is kept). Return the secret and one unused recovery code."""
    dispositivo = Authenticator.objects.filter(user=usuario, type=Authenticator.Type.TOTP).first()
    if dispositivo is None:
        dispositivo = TOTP.activate(usuario, secreto_demo(usuario)).instance
    codigos = RecoveryCodes.activate(usuario).get_unused_codes()
    return decrypt(dispositivo.data["secret"]), (codigos[0] if codigos else "")


def codigo_actual(usuario) -> str | None:
    """The code the account's authenticator app shows now, or ``None`` without one."""
    from allauth.mfa.totp.internal.auth import hotp_value

    dispositivo = Authenticator.objects.filter(user=usuario, type=Authenticator.Type.TOTP).first()
    if dispositivo is None:
        return None
    secreto = decrypt(dispositivo.data["secret"])
    # The middle counter of allauth's tolerance window is the current 30-second step.
    contadores = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secreto, contadores[len(contadores) // 2]))
