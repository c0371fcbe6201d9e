"""How quizzes join a course: as activities the course's progress and completion count."""

from wagtail import hooks

from cursos.selectors import HOOK_ACTIVIDADES
from evaluaciones import selectors


@hooks.register(HOOK_ACTIVIDADES)
def evaluaciones_del_curso(*, usuario, cursos):
    return selectors.actividades(usuario=usuario, cursos=cursos)
