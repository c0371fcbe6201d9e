"""Wagtail admin views of the learner records: read-only, filterable, exportable."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import ModelPermissionPolicy

from cursos.exportacion import IndexSeguroView
from cursos.models import Inscripcion, Participante


class SoloLecturaPermissionPolicy(ModelPermissionPolicy):
    """Editors may look at history, never rewrite it: only the ``view`` action is granted."""

    ACCIONES_DE_ESCRITURA = {"add", "change", "delete"}

    def user_has_permission(self, user, action):
        if action in self.ACCIONES_DE_ESCRITURA:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [a for a in actions if a not in self.ACCIONES_DE_ESCRITURA]
        )


class RegistroSoloLecturaViewSet(ModelViewSet):
    """Listing, inspect and export of learner records; writes are refused by the policy."""

    add_to_admin_menu = False
    index_view_class = IndexSeguroView
    inspect_view_enabled = True
    copy_view_enabled = False
    exclude_form_fields = []  # never used: the permission policy forbids add and edit
    search_backend_name = None


class InscripcionViewSet(RegistroSoloLecturaViewSet):
    model = Inscripcion
    icon = "group"
    menu_label = _("Inscripciones")
    url_prefix = "aprendizaje/inscripciones"
    url_namespace = "aprendizaje_inscripciones"
    search_fields = ["usuario__email", "usuario__participante__nombre_completo", "curso__title"]
    list_display = [
        "usuario",
        "curso",
        DateColumn("inscrito_en", label=_("Inscrito el")),
        DateColumn("completado_en", label=_("Completado el")),
    ]
    list_filter = ["curso", "usuario__participante__municipio", "completado_en", "inscrito_en"]
    list_export = [
        "usuario.participante.nombre_completo",
        "usuario.email",
        "usuario.participante.municipio.nombre",
        "curso.title",
        "inscrito_en",
        "completado_en",
    ]
    export_headings = {
        "usuario.participante.nombre_completo": _("Nombre"),
        "usuario.email": _("Correo"),
        "usuario.participante.municipio.nombre": _("Municipio"),
        "curso.title": _("Curso"),
        "inscrito_en": _("Inscrito el"),
        "completado_en": _("Completado el"),
    }
    export_filename = "inscripciones"


class ParticipanteViewSet(RegistroSoloLecturaViewSet):
    model = Participante
    icon = "user"
    menu_label = _("Participantes")
    url_prefix = "aprendizaje/participantes"
    url_namespace = "aprendizaje_participantes"
    search_fields = ["nombre_completo", "usuario__email", "dependencia", "cargo"]
    list_display = ["nombre_completo", "municipio", "tipo", "dependencia", "cargo"]
    list_filter = ["municipio", "tipo"]
    list_export = [
        "nombre_completo",
        "usuario.email",
        "municipio.nombre",
        "tipo",
        "dependencia",
        "cargo",
        "aviso_privacidad_aceptado_en",
    ]
    export_headings = {
        "usuario.email": _("Correo"),
        "municipio.nombre": _("Municipio"),
        "tipo": _("Tipo"),
    }
    export_filename = "participantes"
    inspect_view_fields_exclude = ["curp"]


class AprendizajeViewSetGroup(ModelViewSetGroup):
    items = (ParticipanteViewSet, InscripcionViewSet)
    menu_label = _("Aprendizaje")
    menu_icon = "folder-open-inverse"
