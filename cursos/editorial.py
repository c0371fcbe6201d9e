"""The editorial team's group: who may write and publish courses in the Wagtail admin."""

from django.contrib import messages
from django.contrib.auth.models import Group, Permission
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import GroupPagePermission

from cursos.models import CursosIndexPage

NOMBRE_GRUPO = _("Equipo editorial de cursos")
# Other apps add their own permissions to the team through this Wagtail hook: a function
# ``(*, grupo) -> None`` (evaluaciones grants the quiz authoring permissions).
HOOK_GRUPO_EDITORIAL = "cursos_grupo_editorial"
PERMISOS_PAGINA = ["add_page", "change_page", "publish_page"]
PERMISOS_GLOBALES = [
    ("wagtailadmin", "access_admin"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]


def grupo_editorial_asegurar(*, catalogo: CursosIndexPage) -> Group:
    """Create (or complete) the group that can add, edit and publish the catalogue's courses."""
    grupo, _creado = Group.objects.get_or_create(name=str(NOMBRE_GRUPO))
    for app_label, codename in PERMISOS_GLOBALES:
        grupo.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    for codename in PERMISOS_PAGINA:
        GroupPagePermission.objects.get_or_create(
            group=grupo,
            page=catalogo,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    for funcion in hooks.get_hooks(HOOK_GRUPO_EDITORIAL):
        funcion(grupo=grupo)
    return grupo


def permisos_otorgar(*, grupo: Group, app_label: str, codenames: list[str]) -> Group:
    """Give ``grupo`` an app's model permissions, for the apps that join the team through
    ``HOOK_GRUPO_EDITORIAL`` (idempotent). A missing one is an error, not a silent gap:
    Wagtail creates some (``publish_*`` of snippets) only after ``migrate``."""
    permisos = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    faltan = set(codenames) - {p.codename for p in permisos}
    if faltan:
        raise LookupError(f"Faltan permisos de {app_label}: {', '.join(sorted(faltan))}")
    grupo.permissions.add(*permisos)
    return grupo


def negar_en_el_explorador(request, page, mensaje: str):
    """Refuse a tree operation on ``page``: ``mensaje`` (with ``%s`` for the page's title)
    goes to the editor, who lands back in the explorer beside the page."""
    messages.error(request, mensaje % page.get_admin_display_title())
    return redirect("wagtailadmin_explore", page.get_parent().id)
