"""How quizzes join a course: as activities the course's progress and completion count."""

from django.utils.translation import gettext as _
from wagtail import hooks

from cursos.editorial import HOOK_GRUPO_EDITORIAL, negar_en_el_explorador
from cursos.selectors import HOOK_ACTIVIDADES
from evaluaciones import selectors
from evaluaciones.editorial import permisos_evaluaciones_otorgar


@hooks.register(HOOK_ACTIVIDADES)
def evaluaciones_del_curso(*, usuario, cursos):
    return selectors.actividades(usuario=usuario, cursos=cursos)


@hooks.register("before_delete_page")
def proteger_evaluaciones(request, page):
    """Quizzes hang from courses and modules: unpublish those instead of deleting them."""
    if request.method == "POST" and selectors.pagina_tiene_evaluaciones(pagina=page):
        return negar_en_el_explorador(
            request,
            page,
            _(
                "«%s» tiene evaluaciones y no puede eliminarse: despublícalo para retirarlo del "
                "catálogo, o mueve o elimina antes sus evaluaciones."
            ),
        )
    return None


@hooks.register("before_move_page")
def proteger_evaluaciones_al_mover(request, page, destination):
    """A module's quiz belongs to the module's course: the module cannot change course."""
    if page.get_parent().pk != destination.pk and selectors.modulo_tiene_evaluacion(pagina=page):
        return negar_en_el_explorador(
            request,
            page,
            _(
                "«%s» tiene una evaluación de su curso y no puede pasar a otro curso: crea el "
                "módulo y su evaluación de nuevo en el curso de destino."
            ),
        )
    return None


@hooks.register(HOOK_GRUPO_EDITORIAL)
def permisos_del_equipo_editorial(*, grupo):
    permisos_evaluaciones_otorgar(grupo=grupo)
