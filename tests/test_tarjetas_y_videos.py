"""Small things a newcomer meets first: catalogue cards say where the learner stands (one
query for all of them), the home page names the site once, the course header counts modules
the way the progress does, percentages read one way, and videos are a light placeholder that
points at the platform's privacy-enhanced player."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cursos import services
from cursos.templatetags.cursos_tags import porcentaje
from cursos.videos import reproductor
from tests import factories


@pytest.mark.parametrize(
    ("valor", "texto"),
    [
        (Decimal("12.50"), "12.5"),
        (Decimal("25.00"), "25"),
        (Decimal("100"), "100"),
        (Decimal("33.33"), "33.33"),
        (Decimal("69.996"), "69.99"),  # never rounded up to a passing-looking 70
        ("0.00", "0"),
        (None, ""),
    ],
)
def test_un_solo_formato_de_porcentaje(valor, texto):
    assert porcentaje(valor) == texto


@pytest.mark.parametrize(
    ("url", "src"),
    [
        (
            "https://www.youtube.com/watch?v=M7lc1UVf-VE",
            "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?autoplay=1&rel=0",
        ),
        (
            "https://youtu.be/M7lc1UVf-VE?t=1m30s",
            "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?autoplay=1&rel=0&start=90",
        ),
        (
            "https://m.youtube.com/shorts/M7lc1UVf-VE",
            "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?autoplay=1&rel=0",
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
        (
            "https://vimeo.com/76979871/8272103f6e",
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=8272103f6e",
        ),
    ],
)
def test_el_reproductor_es_el_de_privacidad_mejorada(url, src):
    assert reproductor(url)["src"] == src


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=corto",
        "https://www.youtube.com/watch?v=M7lc1UVf-VE<script>",
        "https://vimeo.com/canal/nada",
        "https://example.com/video.mp4",
        "javascript:alert(1)",
        "",
    ],
)
def test_otras_direcciones_no_tienen_reproductor_propio(url):
    assert reproductor(url) is None


@pytest.mark.django_db
def test_el_video_es_un_marcador_ligero_hasta_que_se_pide(client, catalogo):
    curso, _ = factories.curso_con_modulos(0, catalogo=catalogo)
    modulo = factories.ModuloPageFactory(
        parent=curso,
        cuerpo=[
            (
                "video",
                {
                    "video": "https://www.youtube.com/watch?v=M7lc1UVf-VE",
                    "titulo": "Recorrido por la cuenca",
                    "duracion": "3:32",
                    "transcripcion": "Bienvenidas a la cuenca.",
                },
            )
        ],
    )
    usuario = factories.participante()
    services.inscripcion_crear(usuario=usuario, curso=curso)
    client.force_login(usuario)
    html = client.get(modulo.url).content.decode()
    assert "<iframe" not in html and "youtube.com/embed" not in html
    assert (
        'data-src="https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?autoplay=1&amp;rel=0"' in html
    )
    assert 'href="https://www.youtube.com/watch?v=M7lc1UVf-VE"' in html  # works without JS
    assert "Reproducir «Recorrido por la cuenca»" in html and "Duración: 3:32" in html
    assert "Se carga desde YouTube solo si lo pides" in html
    assert "Leer la transcripción" in html and "Ir a la transcripción" in html
    assert "<script>" not in html  # static files only (Content-Security-Policy)


def _cards(client, url):
    with CaptureQueriesContext(connection) as consultas:
        html = client.get(url).content.decode()
    return html, len(consultas.captured_queries)


@pytest.mark.django_db
def test_las_tarjetas_dicen_inscrito_en_curso_o_completado_en_una_consulta(client, catalogo):
    usuario = factories.participante()
    cursos = [factories.curso_con_modulos(2, catalogo=catalogo) for _ in range(4)]
    (inscrito, _), (avanzado, modulos_avanzado), (terminado, modulos_terminado), _libre = cursos
    for curso in (inscrito, avanzado, terminado):
        services.inscripcion_crear(usuario=usuario, curso=curso)
    services.modulo_completar(usuario=usuario, modulo=modulos_avanzado[0])
    for modulo in modulos_terminado:
        services.modulo_completar(usuario=usuario, modulo=modulo)
    client.force_login(usuario)
    client.get(catalogo.url)  # warm the site-root cache like any served request
    html, consultas = _cards(client, catalogo.url)
    assert html.count('class="estado-curso estado-curso--inscrito"') == 1
    assert html.count('class="estado-curso estado-curso--en_curso"') == 1
    assert html.count('class="estado-curso estado-curso--completado"') == 1
    assert ">Inscrito<" in html and ">En curso<" in html and ">Completado<" in html

    # Eight more courses, all enrolled: the same number of queries (one for every card).
    for _ in range(8):
        curso, _ = factories.curso_con_modulos(1, catalogo=catalogo)
        services.inscripcion_crear(usuario=usuario, curso=curso)
    html, mas = _cards(client, catalogo.url)
    assert html.count('class="estado-curso estado-curso--inscrito"') >= 5
    assert mas == consultas


@pytest.mark.django_db
def test_un_visitante_no_ve_estados(client, catalogo):
    factories.curso_con_modulos(1, catalogo=catalogo)
    assert "estado-curso" not in client.get(catalogo.url).content.decode()


@pytest.mark.django_db
def test_el_titulo_de_inicio_nombra_el_sitio_una_vez(client):
    html = client.get("/").content.decode()
    titulo = html.split("<title>")[1].split("</title>")[0]
    assert titulo.count("Aula Climática") == 1
    assert titulo == "Aula Climática · Red de Embajadores Climáticos"


@pytest.mark.django_db
def test_el_encabezado_del_curso_cuenta_los_modulos_como_el_avance(client, catalogo):
    curso, _ = factories.curso_con_modulos(4, catalogo=catalogo)
    factories.ModuloPageFactory(parent=curso, obligatorio=False)
    html = client.get(curso.url).content.decode()
    assert "5 módulos (4 obligatorios)" in html
