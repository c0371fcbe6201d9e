from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from cursos import selectors
from cursos.models import Inscripcion, ModuloCompletado, ModuloPage, Participante
from cursos.viewsets import AprendizajeViewSetGroup, SoloLecturaPermissionPolicy

register_permission_policy(Inscripcion, SoloLecturaPermissionPolicy(Inscripcion))
register_permission_policy(Participante, SoloLecturaPermissionPolicy(Participante))


@hooks.register("register_admin_viewset")
def registrar_aprendizaje():
    return AprendizajeViewSetGroup()


@hooks.register("before_delete_page")
def proteger_historial(request, page):
    """Learner records refer to courses and modules: unpublish those instead of deleting them."""
    if request.method == "POST" and selectors.pagina_tiene_historial(page=page):
        messages.error(
            request,
            _(
                "«%s» tiene inscripciones o avances registrados y no puede eliminarse: "
                "despublícalo para retirarlo del catálogo."
            )
            % page.get_admin_display_title(),
        )
        return redirect("wagtailadmin_explore", page.get_parent().id)
    return None


@hooks.register("before_move_page")
def proteger_avance_al_mover(request, page, destination):
    """A finished module counts toward its own course: it cannot move to another one."""
    if not isinstance(page, ModuloPage) or page.get_parent().pk == destination.pk:
        return None
    if not ModuloCompletado.objects.filter(modulo=page).exists():
        return None
    messages.error(
        request,
        _(
            "«%s» ya tiene avances registrados en su curso y no puede pasar a otro: crea el "
            "módulo de nuevo en el curso de destino."
        )
        % page.get_admin_display_title(),
    )
    return redirect("wagtailadmin_explore", page.get_parent().id)
