"""Receivers of ``privacidad``, connected in ``apps.py``.

At sign-in the person's consent to the notice in force is checked once, and the answer kept
in their session: the middleware then reads only the session, never the database, on every
request (a notice published meanwhile is asked for at the next sign-in, as the law's
«cambios al aviso» are announced)."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate

CLAVE_SESION = "privacidad_aviso_pendiente"


def al_iniciar_sesion(sender, request, user, **kwargs):
    from privacidad import services

    if request is None or not hasattr(request, "session"):
        return
    aviso = services.consentimiento_revisar(usuario=user)
    if aviso is None:
        request.session.pop(CLAVE_SESION, None)
    else:
        request.session[CLAVE_SESION] = aviso.version


def permisos_tras_migrar(sender, **kwargs):
    from privacidad import roles

    # After every app's post_migrate: the permissions (Django's, and Wagtail's «publish»)
    # exist only once their own receivers ran; the call is idempotent and cheap.
    roles.permisos_asegurar()


def conectar():
    user_logged_in.connect(al_iniciar_sesion, dispatch_uid="privacidad_consentimiento")
    post_migrate.connect(permisos_tras_migrar, dispatch_uid="privacidad_permisos")
