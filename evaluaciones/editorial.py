"""What the editorial team may do with quizzes: author the bank and quizzes, read attempts.

``cursos.editorial.grupo_editorial_asegurar`` builds the team's group and calls
``permisos_evaluaciones_otorgar`` through its ``cursos_grupo_editorial`` hook (registered in
``evaluaciones.integracion``), so the same group can write questions and quizzes, publish
quizzes and read (never change) the attempts and the reports built on them.
"""

from django.contrib.auth.models import Group

from cursos.editorial import permisos_otorgar

PERMISOS_EVALUACIONES = [
    "add_pregunta",
    "change_pregunta",
    "delete_pregunta",
    "view_pregunta",
    "add_evaluacion",
    "change_evaluacion",
    "delete_evaluacion",
    "publish_evaluacion",
    "view_evaluacion",
    # Attempts are history: view only. It also opens the quiz reports.
    "view_intento",
]


def permisos_evaluaciones_otorgar(*, grupo: Group) -> Group:
    """Give ``grupo`` the quiz permissions (idempotent)."""
    return permisos_otorgar(grupo=grupo, app_label="evaluaciones", codenames=PERMISOS_EVALUACIONES)
