"""Staff accounts need a second factor (django-allauth's MFA: TOTP plus recovery codes).

Who is staff: whoever may enter the Wagtail admin (editors, coordinators, municipal liaisons,
superusers). They sign in through allauth, whose login asks for the authenticator code once a
device exists. :class:`SegundoFactorPersonalMiddleware` guards the admin:

- a staff member with no device yet is sent to set one up before any admin page;
- a staff session whose allauth authentication records hold no ``mfa`` step (a password-only
  session from before the device existed, a session opened by any path other than allauth's
  login) is closed and sent back to the login, which then asks for the code.

The records live in the server-side session, written only by allauth after a verified code (or
by :class:`ActivarTOTPView`, right after the person proves their new device by typing one
of its codes), so a client
cannot forge them. Learners may turn the second factor on from their account pages; for them
it stays optional.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import ActivateTOTPView
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PERMISO_ADMIN = "wagtailadmin.access_admin"


def es_personal(usuario) -> bool:
    """Whether ``usuario`` is staff: may enter the admin (cached permissions, no extra query
    once the admin itself has asked)."""
    return bool(
        usuario.is_authenticated
        and usuario.is_active
        and (usuario.is_superuser or usuario.is_staff or usuario.has_perm(PERMISO_ADMIN))
    )


def sesion_con_segundo_factor(request) -> bool:
    """Whether this session's sign-in included a verified second factor."""
    return any(
        registro.get("method") == "mfa"
        for registro in get_authentication_records(request, request.user)
    )


def _prefijo_admin() -> str:
    return reverse("wagtailadmin_home")


_prefijo_admin_perezoso = lazy(_prefijo_admin, str)


class SegundoFactorPersonalMiddleware:
    """No admin page for a staff session without a second factor (see the module's doc).

    Only the admin's paths are checked: a learner's request pays nothing, and a staff
    member's request reads permissions the admin reads anyway (cached on the user)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefijo = str(_prefijo_admin_perezoso())
        if (
            request.path.startswith(prefijo)
            and request.path != reverse("wagtailadmin_logout")
            and es_personal(request.user)
            and not sesion_con_segundo_factor(request)
        ):
            return self.desviar(request)
        return self.get_response(request)

    def desviar(self, request):
        return desviar_al_segundo_factor(request)


def solo_con_segundo_factor(vista):
    """The admin's rule for a staff-only view served outside the admin's paths (a private
    document, say): a staff session without its second step is sent to take it first."""

    @wraps(vista)
    def envuelta(request, *args, **kwargs):
        if es_personal(request.user) and not sesion_con_segundo_factor(request):
            return desviar_al_segundo_factor(request)
        return vista(request, *args, **kwargs)

    return envuelta


def desviar_al_segundo_factor(request):
    """Send a staff session without its second step to sign in with the code (a device
    exists: the session is closed) or to set a device up."""
    siguiente = urlencode({"next": request.get_full_path()})
    if is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
        logout(request)
        messages.info(
            request,
            _("Para entrar a la administración, inicia sesión con tu código de verificación."),
        )
        return HttpResponseRedirect(f"{reverse('account_login')}?{siguiente}")
    messages.warning(
        request,
        _(
            "Para entrar a la administración, activa primero la verificación en dos pasos "
            "con una aplicación de autenticación."
        ),
    )
    return HttpResponseRedirect(reverse("mfa_activate_totp"))


class ActivarTOTPView(ActivateTOTPView):
    """allauth's activation of an authenticator app, after which this session counts as
    signed in with it: typing a code of the new device proves it is in the person's hands
    (else the admin would close the session that has just set it up). Served at allauth's
    own address and name (``mfa_activate_totp``), ahead of allauth's URLs."""

    def form_valid(self, form):
        respuesta = super().form_valid(form)
        dispositivo = Authenticator.objects.get(
            user=self.request.user, type=Authenticator.Type.TOTP
        )
        record_authentication(
            self.request,
            self.request.user,
            "mfa",
            id=dispositivo.pk,
            type=dispositivo.type,
            activacion=True,
        )
        return respuesta


class AdaptadorSegundoFactor(DefaultMFAAdapter):
    """allauth's MFA, with the project's QR library, messages in Spanish (tú) and a device
    staff cannot remove."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": gettext_lazy(
            "Tu cuenta da acceso a la administración: la verificación en dos pasos no puede "
            "desactivarse."
        ),
        "cannot_generate_recovery_codes": gettext_lazy(
            "Activa primero la verificación en dos pasos para generar códigos de recuperación."
        ),
        "incorrect_code": gettext_lazy(
            "El código no es correcto o ya se usó. Escribe el código que muestra ahora tu "
            "aplicación, o uno de tus códigos de recuperación."
        ),
        "unverified_email": gettext_lazy(
            "Confirma primero tu correo electrónico para activar la verificación en dos pasos."
        ),
    }

    def build_totp_svg(self, url: str) -> str:
        from io import BytesIO

        import segno

        # With its namespace and no XML declaration: inline in the page, or as a data: URI.
        salida = BytesIO()
        segno.make(url, error="m", micro=False).save(
            salida,
            kind="svg",
            xmldecl=False,
            nl=False,
            scale=5,
            title=_("Código QR para tu aplicación de autenticación"),
        )
        return salida.getvalue().decode()

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == Authenticator.Type.TOTP and es_personal(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
