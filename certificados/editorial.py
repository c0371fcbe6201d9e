"""What the editorial team may do with certificates: design them, never issue or revoke them.

``cursos.editorial.grupo_editorial_asegurar`` builds the team's group and calls
``permisos_certificados_otorgar`` through its ``cursos_grupo_editorial`` hook (registered in
``certificados.wagtail_hooks``). The team writes templates and signatories; the certificates
themselves, and revoking them, stay with whoever is given those permissions by hand.
"""

from django.contrib.auth.models import Group, Permission

PERMISOS_CERTIFICADOS = [
    "add_firmante",
    "change_firmante",
    "view_firmante",
    "add_plantillacertificado",
    "change_plantillacertificado",
    "view_plantillacertificado",
]


def permisos_certificados_otorgar(*, grupo: Group) -> Group:
    """Give ``grupo`` the permissions to edit templates and signatories (idempotent)."""
    permisos = Permission.objects.filter(
        content_type__app_label="certificados", codename__in=PERMISOS_CERTIFICADOS
    )
    faltan = set(PERMISOS_CERTIFICADOS) - {p.codename for p in permisos}
    if faltan:
        raise LookupError(f"Faltan permisos de certificados: {', '.join(sorted(faltan))}")
    grupo.permissions.add(*permisos)
    return grupo
