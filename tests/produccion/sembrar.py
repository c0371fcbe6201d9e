"""Content for the production leg, made in a process of its own under the production settings
(the ones gunicorn and the workers read), so completions enqueue through django-tasks-db.

    python tests/produccion/sembrar.py escenario   -> JSON: the courses the tests use
    python tests/produccion/sembrar.py lote N      -> N learners complete the batch course

What learners do in the journey goes through HTTP; this only stands in for the editors (courses,
a quiz) and, for the batch, for 300 learners whose completions are the point, not their clicks.
"""

import json
import os
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(RAIZ / "site"), str(RAIZ)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from cursos import services  # noqa: E402
from cursos.models import (  # noqa: E402
    CursoPage,
    Inscripcion,
    ModuloPage,
    Municipio,
    Participante,
    TipoParticipante,
)
from tests import factories  # noqa: E402

CURSO = "Agua y clima en el municipio"
CURSO_LOTE = "Inventario municipal de emisiones"
RESPUESTA = "Reducir las emisiones de gases de efecto invernadero"


def escenario() -> dict:
    catalogo = factories.CursosIndexPageFactory(parent=factories.inicio(), title="Cursos")
    curso = factories.CursoPageFactory(parent=catalogo, title=CURSO, duracion_horas=4)
    modulos = [
        factories.ModuloPageFactory(parent=curso, title=titulo)
        for titulo in ["El ciclo del agua", "Mitigar y adaptar"]
    ]
    pregunta = factories.pregunta(
        "¿Qué significa mitigar el cambio climático?",
        opciones=[
            ("Medir la temperatura de la ciudad", False),
            (RESPUESTA, True),
            ("Reducir la vulnerabilidad ante sus efectos", False),
        ],
    )
    evaluacion = factories.evaluacion(
        curso,
        preguntas=[pregunta],
        titulo="Evaluación final: agua y clima",
        barajar_preguntas=False,
        barajar_opciones=False,
    )
    lote = factories.CursoPageFactory(parent=catalogo, title=CURSO_LOTE)
    factories.ModuloPageFactory(parent=lote, title="Fuentes de emisión")
    return {
        "curso": {"id": curso.pk, "url": curso.url, "titulo": curso.title},
        "modulos": [{"id": m.pk, "url": m.url, "titulo": m.title} for m in modulos],
        "evaluacion": {"id": evaluacion.pk, "titulo": evaluacion.titulo, "respuesta": RESPUESTA},
        "curso_lote": {"id": lote.pk},
    }


def lote(n: int) -> dict:
    """``n`` learners with a profile, enrolled in the batch course, each completing it in a
    transaction of its own (as n requests would): n certificate tasks on the queue."""
    curso = CursoPage.objects.get(title=CURSO_LOTE)
    modulo = ModuloPage.objects.child_of(curso).get()
    municipio = Municipio.objects.get(clave_inegi="15106")
    Usuario = get_user_model()
    inicio = Usuario.objects.count()
    ahora = timezone.now()
    with transaction.atomic():
        # Never logged in: no password to hash (production's hasher is slow on purpose).
        usuarios = Usuario.objects.bulk_create(
            Usuario(username=f"lote{inicio + i}", email=f"lote{inicio + i}@lote.example")
            for i in range(n)
        )
        Participante.objects.bulk_create(
            Participante(
                usuario=u,
                nombre_completo=f"Participante {u.username}",
                municipio=municipio,
                dependencia="Dirección de Ecología",
                cargo="Enlace",
                tipo=TipoParticipante.SERVIDOR_MUNICIPAL,
                aviso_privacidad_aceptado_en=ahora,
            )
            for u in usuarios
        )
        Inscripcion.objects.bulk_create(Inscripcion(usuario=u, curso=curso) for u in usuarios)
    for usuario in usuarios:
        services.modulo_completar(usuario=usuario, modulo=modulo)
    return {"curso": curso.pk, "usuarios": [u.pk for u in usuarios]}


if __name__ == "__main__":
    orden = sys.argv[1]
    resultado = escenario() if orden == "escenario" else lote(int(sys.argv[2]))
    print(json.dumps(resultado))
