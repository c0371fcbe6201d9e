"""Hostile input on the learner's side, one class each (issue 12): search syntax in the
catalogue, ids past 64 bits in every page-id route, and `next` parameters that are not a path
of this site. Each answer is a page that says why, or the input is ignored: never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from cursos.models import Participante
from cursos.selectors import palabras_de_busqueda
from tests import factories

pytestmark = pytest.mark.django_db

SINTAXIS = [
    '"',
    'agua"',
    '"agua',
    "agua AND",
    "OR",
    "NOT agua",
    "agua NEAR/2 clima",
    "title:agua",
    "_all:agua",
    "agua*",
    "(agua",
    "^agua",
    "a-b",
    "'",
    "\\",
    "ü̈̈̈̈ 🔥 ﷽ \u202e agua",
    "\u0000",
    "x" * 5000,
    " ".join(["agua"] * 400),
]


@pytest.fixture
def cliente_produccion():
    """The test client without re-raising view exceptions: a bug answers 500, as in production."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("q", SINTAXIS)
def test_la_busqueda_del_catalogo_trata_todo_como_palabras(catalogo, cliente_produccion, q):
    factories.curso_con_modulos(1, catalogo=catalogo, title="Agua y clima")
    respuesta = cliente_produccion.get(catalogo.url, {"q": q})
    assert respuesta.status_code == 200


def test_las_palabras_siguen_encontrando_el_curso(catalogo, client):
    factories.curso_con_modulos(1, catalogo=catalogo, title="Agua y clima")
    factories.curso_con_modulos(1, catalogo=catalogo, title="Residuos sólidos")
    respuesta = client.get(catalogo.url, {"q": '"agua" (clima*:'})
    texto = respuesta.content.decode()
    assert "Agua y clima" in texto
    assert "Residuos sólidos" not in texto


def test_palabras_de_busqueda():
    assert palabras_de_busqueda('"agua" title:clima NOT*') == ["agua", "title", "clima", "NOT"]
    assert palabras_de_busqueda('"" ** :') == []
    assert palabras_de_busqueda("energía ñandú") == ["energía", "ñandú"]
    assert len(palabras_de_busqueda("a " * 1000)) == 12


IDS_ENORMES = [str(2**63), str(2**64), "9" * 19, "9" * 40]

RUTAS_CON_ID = [
    "/aprendizaje/cursos/{}/inscripcion/",
    "/aprendizaje/modulos/{}/completar/",
    "/aprendizaje/evaluaciones/{}/",
    "/aprendizaje/evaluaciones/{}/iniciar/",
    "/aprendizaje/evaluaciones/intentos/{}/",
    "/aprendizaje/evaluaciones/intentos/{}/entregar/",
    "/aprendizaje/evaluaciones/intentos/{}/resultado/",
]


@pytest.mark.parametrize("ruta", RUTAS_CON_ID)
@pytest.mark.parametrize("id_", IDS_ENORMES)
def test_un_id_de_mas_de_64_bits_es_un_404(aprendiz, cliente_produccion, ruta, id_):
    cliente_produccion.force_login(aprendiz)
    for metodo in (cliente_produccion.get, cliente_produccion.post):
        assert metodo(ruta.format(id_)).status_code == 404


def test_el_id_mas_grande_de_64_bits_llega_a_la_vista(cliente_aprendiz):
    """2**63 - 1 still matches the route: the view looks it up and answers its own 404."""
    respuesta = cliente_aprendiz.post(f"/aprendizaje/cursos/{2**63 - 1}/inscripcion/")
    assert respuesta.status_code == 404


DATOS_PERFIL = {
    "nombre_completo": "Ana López Martínez",
    "municipio": "",
    "dependencia": "Dirección de Ecología",
    "cargo": "Enlace",
    "tipo": "servidor_municipal",
    "curp": "",
    "acepto_aviso": "on",
}


@pytest.fixture
def datos_perfil():
    from cursos.models import Municipio

    return {**DATOS_PERFIL, "municipio": Municipio.objects.get(clave_inegi="15106").pk}


@pytest.mark.parametrize(
    "siguiente",
    [
        "perfil",
        "admin:index",
        "cursos:mis_cursos",
        "https://otro.example/",
        "//otro.example/",
        "/\\otro.example/",
        "javascript:alert(1)",
        "\x00/",
        "/" + "a" * 5000,
    ],
)
def test_un_next_que_no_es_una_ruta_del_sitio_lleva_a_mis_cursos(
    aprendiz, cliente_produccion, datos_perfil, siguiente
):
    cliente_produccion.force_login(aprendiz)
    respuesta = cliente_produccion.post("/aprendizaje/perfil/", {**datos_perfil, "next": siguiente})
    assert respuesta.status_code == 302
    assert respuesta["Location"] == "/aprendizaje/mis-cursos/"
    assert Participante.objects.get(usuario=aprendiz).nombre_completo == "Ana López Martínez"


def test_un_next_del_sitio_se_respeta(cliente_aprendiz, datos_perfil):
    respuesta = cliente_aprendiz.post("/aprendizaje/perfil/?next=/cursos/agua/", {**datos_perfil})
    assert respuesta["Location"] == "/cursos/agua/"
