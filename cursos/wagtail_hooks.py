from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.log_actions import registry as log_registry
from wagtail.permissions import register_permission_policy

from cursos import acceso, selectors
from cursos.alcance import registrar_modelo
from cursos.editorial import negar_en_el_explorador
from cursos.models import EntradaRegistro, Inscripcion, Participante
from cursos.viewsets import AprendizajeViewSetGroup, SoloLecturaPermissionPolicy

register_permission_policy(Inscripcion, SoloLecturaPermissionPolicy(Inscripcion))
register_permission_policy(Participante, SoloLecturaPermissionPolicy(Participante))
# Their audit log is read within each staff member's municipalities (the expediente's PDF
# downloads, logged against the participant, included).
registrar_modelo(Participante, "municipio")
registrar_modelo(Inscripcion)
# A listing's access entry names the kind of record it lists (a content type): it goes to the
# same log, where only superusers read access entries (cursos.acceso).
log_registry.register_model(ContentType, EntradaRegistro)


@hooks.register("register_log_actions")
def acciones_de_acceso(actions):
    acceso.registrar_acciones(actions)


@hooks.register(selectors.HOOK_PERFIL_ENLACES)
def enlace_al_segundo_factor(*, usuario):
    """Anyone may protect their account with a second factor (staff must)."""
    return [(_("Verificación en dos pasos"), reverse("mfa_index"))]


@hooks.register("register_admin_viewset")
def registrar_aprendizaje():
    return AprendizajeViewSetGroup()


@hooks.register("before_delete_page")
def proteger_historial(request, page):
    """Learner records refer to courses and modules: unpublish those instead of deleting them."""
    if request.method == "POST" and selectors.pagina_tiene_historial(page=page):
        return negar_en_el_explorador(
            request,
            page,
            _(
                "«%s» tiene inscripciones o avances registrados y no puede eliminarse: "
                "despublícalo para retirarlo del catálogo."
            ),
        )
    return None


@hooks.register("before_move_page")
def proteger_avance_al_mover(request, page, destination):
    """A finished module counts toward its own course: it cannot move to another one."""
    if page.get_parent().pk != destination.pk and selectors.modulo_tiene_avances(pagina=page):
        return negar_en_el_explorador(
            request,
            page,
            _(
                "«%s» ya tiene avances registrados en su curso y no puede pasar a otro: crea el "
                "módulo de nuevo en el curso de destino."
            ),
        )
    return None
