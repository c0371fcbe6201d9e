"""Options are shuffled by default, and the editor is warned when a quiz that does not shuffle
puts its correct options where someone could guess them (issue 12)."""

from __future__ import annotations

import pytest
from wagtail.admin.admin_url_finder import AdminURLFinder

from evaluaciones import reglas
from evaluaciones.models import Evaluacion
from tests import factories

AVISO = "respuesta correcta ocupa la posición"


def test_una_evaluacion_nueva_baraja_opciones():
    assert Evaluacion().barajar_opciones is True


@pytest.mark.parametrize(
    ("posiciones", "avisa"),
    [
        ([[0], [0], [0]], True),
        ([[2], [2], [2], [2]], True),
        ([[0, 1], [0, 1], [0, 1]], True),
        ([[0], [0]], False),  # two questions: chance
        ([[0], [1], [2], [0]], False),
        ([[0], [0], [0], [0], [1]], True),  # 4 of 5: 80 %
        ([[0], [0], [0], [1], [1]], False),
        ([[0], [], [0], [0]], True),  # a question with no correct option is left out
    ],
)
def test_patron_adivinable(posiciones, avisa):
    assert bool(reglas.patron_adivinable(posiciones)) is avisa


@pytest.fixture
def sin_barajar(curso_y_modulos):
    curso, _ = curso_y_modulos
    return factories.evaluacion(curso, n_preguntas=4, barajar_opciones=False)


@pytest.mark.django_db
def test_el_editor_ve_el_aviso_si_la_correcta_siempre_va_primero(
    admin_client, admin_user, sin_barajar
):
    url = AdminURLFinder(admin_user).get_edit_url(sin_barajar)
    respuesta = admin_client.get(url)
    assert respuesta.status_code == 200
    assert AVISO in respuesta.content.decode()
    assert "posición 1" in respuesta.content.decode()


@pytest.mark.django_db
def test_sin_aviso_si_baraja_o_si_no_hay_patron(admin_client, admin_user, curso_y_modulos):
    curso, _ = curso_y_modulos
    barajada = factories.evaluacion(curso, n_preguntas=4)
    assert barajada.barajar_opciones
    variadas = [
        factories.pregunta(
            f"Pregunta {i}",
            opciones=[("A", i % 3 == 0), ("B", i % 3 == 1), ("C", i % 3 == 2)],
        )
        for i in range(4)
    ]
    sin_patron = factories.evaluacion(curso, preguntas=variadas, barajar_opciones=False)
    for evaluacion in (barajada, sin_patron):
        url = AdminURLFinder(admin_user).get_edit_url(evaluacion)
        respuesta = admin_client.get(url)
        assert respuesta.status_code == 200
        assert AVISO not in respuesta.content.decode()


@pytest.mark.django_db
def test_el_intento_baraja_por_omision(aprendiz, curso_y_modulos):
    """With the default, the correct option is not always first across attempts' questions."""
    from cursos import services as cursos_services
    from evaluaciones import services

    curso, _ = curso_y_modulos
    cursos_services.inscripcion_crear(usuario=aprendiz, curso=curso)
    evaluacion = factories.evaluacion(curso, n_preguntas=12, intentos_maximos=None)
    intento, _ = services.intento_iniciar(usuario=aprendiz, evaluacion=evaluacion)
    primeras = [p["opciones"][0]["correcta"] for p in intento.preguntas]
    assert not all(primeras)  # 12 questions of 3 options: all first by chance is 1 in 3**12
