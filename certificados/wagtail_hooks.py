"""Wagtail wiring of certificates: the admin viewsets, the read-only policy, the bulk ZIP,
the editorial team's permissions and the audit-log actions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from certificados import selectors
from certificados.editorial import permisos_certificados_otorgar
from certificados.models import Certificado
from certificados.viewsets import (
    CertificadosViewSetGroup,
    DescargarZipBulkAction,
    ReemisionLogFormatter,
    RevocacionLogFormatter,
)
from cursos.alcance import registrar_modelo
from cursos.editorial import HOOK_GRUPO_EDITORIAL
from cursos.selectors import HOOK_CONSTANCIAS
from cursos.viewsets import SoloLecturaPermissionPolicy

# Nobody adds, edits or deletes a certificate in the admin: it is issued, revoked or
# replaced through certificados.services. "revocar" is a permission of its own.
register_permission_policy(Certificado, SoloLecturaPermissionPolicy(Certificado))
# Issue, revocation (with its reason) and re-issue are read within each staff member's
# municipalities, in the certificate's history and in «Historial del sitio».
registrar_modelo(Certificado, "usuario__participante__municipio")
register_snippet(CertificadosViewSetGroup)
hooks.register("register_bulk_action", DescargarZipBulkAction)


hooks.register(HOOK_CONSTANCIAS, selectors.constancias_por_curso)


@hooks.register(HOOK_GRUPO_EDITORIAL)
def permisos_del_equipo_editorial(*, grupo):
    permisos_certificados_otorgar(grupo=grupo)


@hooks.register("register_log_actions")
def acciones_del_historial(actions):
    actions.register_action(
        "certificados.emitir", _("Emitir certificado"), _("Certificado emitido")
    )
    actions.register_action("certificados.revocar")(RevocacionLogFormatter)
    actions.register_action("certificados.reemitir")(ReemisionLogFormatter)
