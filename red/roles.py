"""The staff roles of the Red, as Django groups, and what each may do.

- **Coordinación**: every learner, every report, revocation and re-issue of certificates,
  ambassadors' designations and liaisons' assignments.
- **Enlace municipal**: learners, records and reports of the municipalities assigned to them
  (``EnlaceMunicipal``) only; see ``red.alcance``.
- **Editores** stay the editorial team of ``cursos.editorial`` (content only).

The groups are created by the data migration ``red/0002_roles`` and completed by
:func:`roles_asegurar` (idempotent: the demo and tests call it too).
"""

from __future__ import annotations

COORDINACION = "Coordinación"
ENLACE_MUNICIPAL = "Enlace municipal"

PERMISOS_COMUNES = [
    ("wagtailadmin", "access_admin"),
    ("cursos", "view_participante"),
    ("cursos", "view_inscripcion"),
    ("evaluaciones", "view_intento"),
    ("certificados", "view_certificado"),
    ("red", "view_embajador"),
    ("red", "ver_cifras_red"),
]

PERMISOS = {
    COORDINACION: PERMISOS_COMUNES
    + [
        ("certificados", "revocar_certificado"),
        ("red", "add_embajador"),
        ("red", "change_embajador"),
        ("red", "view_enlacemunicipal"),
        ("red", "add_enlacemunicipal"),
        ("red", "change_enlacemunicipal"),
        ("red", "delete_enlacemunicipal"),
        ("red", "view_consentimientodirectorio"),
    ],
    ENLACE_MUNICIPAL: PERMISOS_COMUNES,
}


def roles_asegurar(*, Group=None, Permission=None) -> dict:
    """Create the groups and give them their permissions (idempotent).

    Takes the historical models when called from a migration."""
    if Group is None:
        from django.contrib.auth.models import Group, Permission
    grupos = {}
    for nombre, permisos in PERMISOS.items():
        grupo, _ = Group.objects.get_or_create(name=nombre)
        for app_label, codename in permisos:
            permiso = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permiso is None:
                raise LookupError(f"Falta el permiso {app_label}.{codename}")
            grupo.permissions.add(permiso)
        grupos[nombre] = grupo
    return grupos


def es_coordinacion(usuario) -> bool:
    return usuario.is_superuser or usuario.groups.filter(name=COORDINACION).exists()
