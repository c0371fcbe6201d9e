"""Who handles privacy: the Red's «Coordinación» group sees and resolves ARCO requests and
publishes the notice; the editorial team may draft and publish the notice too."""

from __future__ import annotations

COORDINACION = "Coordinación"
PERMISOS_COORDINACION = [
    "view_solicitudarco",
    "resolver_solicitudarco",
    "view_consentimiento",
    "add_avisoprivacidad",
    "change_avisoprivacidad",
    "publish_avisoprivacidad",
]
PERMISOS_EDITORIALES = ["add_avisoprivacidad", "change_avisoprivacidad", "publish_avisoprivacidad"]


def permisos_asegurar() -> None:
    """Give the «Coordinación» group (created by ``red``'s migration, or here) its
    permissions on this app's models (idempotent; the demo and ``post_migrate`` call it)."""
    from django.contrib.auth.models import Group, Permission

    permisos = list(
        Permission.objects.filter(
            content_type__app_label="privacidad", codename__in=PERMISOS_COORDINACION
        )
    )
    if len(permisos) < len(PERMISOS_COORDINACION):
        return  # permissions are created by post_migrate; called again once they exist
    grupo, _ = Group.objects.get_or_create(name=COORDINACION)
    grupo.permissions.add(*permisos)
