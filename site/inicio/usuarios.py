"""The signed-in person read from the shared cache instead of the database on every request.

Django's ``AuthenticationMiddleware`` reads the user row on each request, and the first
``has_perm`` two more (user and group permissions). Here the user, with its permissions
already computed, is kept in the cache for a few minutes and dropped from it whenever the
user, its groups or its permissions change (the receivers below), so a password change, a
deactivation or a new permission applies on the next request. The session hash is still
checked on every request, exactly as ``django.contrib.auth.get_user`` does; any doubt falls
back to Django's own path.

With several processes or hosts the cache must be shared (Redis in production, README
«Operación»), as it already must be for the verification rate limit.
"""

from functools import partial

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, get_user_model
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from cursos import generaciones

DURACION = 300  # seconds: a bound on staleness should an invalidation ever be missed
FAMILIA = "usuarios"


def _clave(user_id) -> str:
    return f"aula:usuario:{user_id}"


def olvidar(user_id) -> None:
    cache.delete(_clave(user_id))


def olvidar_todos() -> None:
    """A group's permissions changed: every cached user may hold stale permissions."""
    generaciones.invalidar(FAMILIA)


def obtener_usuario(request):
    """``django.contrib.auth.get_user`` with the user (and its permissions) from the cache."""
    sesion = request.session
    try:
        user_id = auth._get_user_session_key(request)
        backend = sesion[BACKEND_SESSION_KEY]
    except KeyError:
        return auth.get_user(request)  # anonymous: no query either way
    if backend not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    clave = _clave(user_id)
    usuario = generaciones.leer(FAMILIA, clave)
    if usuario is not None:
        hash_sesion = sesion.get(HASH_SESSION_KEY)
        if (
            usuario.is_active
            and hash_sesion
            and constant_time_compare(hash_sesion, usuario.get_session_auth_hash())
        ):
            return usuario
    # A miss, or anything to double-check (rotated secret, changed password): Django decides.
    usuario = auth.get_user(request)
    if usuario.is_authenticated:
        usuario.get_all_permissions()  # fills the backends' per-object permission caches
        generaciones.guardar(FAMILIA, clave, usuario, DURACION)
    return usuario


class AuthenticationMiddlewareEnCache(AuthenticationMiddleware):
    """Drop-in for Django's ``AuthenticationMiddleware`` that reads the user from the cache."""

    def process_request(self, request):
        super().process_request(request)

        def usuario():
            if not hasattr(request, "_cached_user"):
                request._cached_user = obtener_usuario(request)
            return request._cached_user

        request.user = SimpleLazyObject(usuario)
        request.auser = partial(sync_to_async(usuario))


Usuario = get_user_model()


@receiver(post_save, sender=Usuario)
@receiver(post_delete, sender=Usuario)
def _usuario_cambiado(sender, instance, **kwargs):
    olvidar(instance.pk)


@receiver(m2m_changed, sender=Usuario.groups.through)
@receiver(m2m_changed, sender=Usuario.user_permissions.through)
def _relaciones_cambiadas(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Usuario):
        olvidar(instance.pk)
    else:  # from the group's or permission's side: many users at once
        olvidar_todos()


@receiver(m2m_changed, sender=Group.permissions.through)
@receiver(post_delete, sender=Group)
@receiver(post_delete, sender=Permission)
def _permisos_cambiados(sender, **kwargs):
    olvidar_todos()
