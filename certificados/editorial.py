"""What the editorial team may do with certificates: design them, never issue or revoke them.

``cursos.editorial.grupo_editorial_asegurar`` builds the team's group and calls
``permisos_certificados_otorgar`` through its ``cursos_grupo_editorial`` hook (registered in
``certificados.wagtail_hooks``). The team writes templates and signatories; the certificates
themselves, and revoking them, stay with whoever is given those permissions by hand.
"""

from django.contrib.auth.models import Group

from cursos.editorial import permisos_otorgar

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
    return permisos_otorgar(grupo=grupo, app_label="certificados", codenames=PERMISOS_CERTIFICADOS)
