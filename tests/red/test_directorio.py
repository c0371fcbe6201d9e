"""The public directory of ambassadors and the ambassador's own consent page.

The directory lists municipality, name and position of active ambassadors with a consent in
force, and nothing else; the ambassador gives or withdraws consent from their profile, and a
withdrawal keeps its row, dated.
"""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from red import services
from red.models import ConsentimientoDirectorio
from tests import factories

pytestmark = pytest.mark.django_db

DIRECTORIO = reverse("red:directorio")
CONSENTIMIENTO = reverse("red:consentimiento")


def embajador(municipio, nombre, *, cargo="Director(a) de Ecología", consiente=True, **datos):
    usuario = factories.participante(
        nombre_completo=nombre,
        municipio=municipio,
        curp=datos.pop("curp", ""),
    )
    designacion = services.embajador_designar(
        participante=usuario.participante, cargo=cargo, designado_en=dt.date(2026, 1, 10)
    )
    if consiente:
        services.consentimiento_otorgar(participante=usuario.participante)
    return designacion


@pytest.fixture
def red(toluca, ecatepec):
    """Who shows: Ana and Carla (active, consented). Who does not: Beto (no consent), Dora
    (consent withdrawn), Eva (designation ended)."""
    ana = embajador(
        toluca, "Ana Toluca", cargo="Directora de Medio Ambiente", curp="GAPA850101HMCRRL02"
    )
    beto = embajador(toluca, "Beto Sin Consentimiento", consiente=False)
    carla = embajador(ecatepec, "Carla Ecatepec", cargo="Regidora")
    dora = embajador(ecatepec, "Dora Retirada")
    services.consentimiento_retirar(participante=dora.participante)
    eva = embajador(toluca, "Eva Concluida")
    services.embajador_concluir(embajador=eva, concluido_en=dt.date(2026, 6, 1), motivo="Fin")
    return {"ana": ana, "beto": beto, "carla": carla, "dora": dora, "eva": eva}


def test_solo_aparecen_embajadores_activos_que_consintieron(client, red):
    respuesta = client.get(DIRECTORIO)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Ana Toluca" in html and "Directora de Medio Ambiente" in html
    assert "Carla Ecatepec" in html and "Regidora" in html
    for ausente in ("Beto Sin Consentimiento", "Dora Retirada", "Eva Concluida"):
        assert ausente not in html
    # Nothing else about them: no e-mail, no CURP, no document.
    assert red["ana"].participante.usuario.email not in html
    assert "@" not in html.split('id="contenido"')[1].split("</main>")[0]
    assert "GAPA850101HMCRRL02" not in html
    assert "documento" not in html.lower().split('id="contenido"')[1].split("</main>")[0]


def test_agrupa_por_municipio_en_orden(client, red):
    html = client.get(DIRECTORIO).content.decode()
    assert html.index('<h2 id="municipio-') < html.index("Carla Ecatepec")
    # Ecatepec de Morelos before Toluca, each person under their municipality's heading.
    assert html.index(">Ecatepec de Morelos</h2>") < html.index("Carla Ecatepec")
    assert html.index("Carla Ecatepec") < html.index(">Toluca</h2>") < html.index("Ana Toluca")


def test_filtra_por_municipio_sin_javascript(client, red, toluca):
    html = client.get(DIRECTORIO, {"municipio": toluca.pk}).content.decode()
    assert "Ana Toluca" in html
    assert "Carla Ecatepec" not in html
    assert f'<option value="{toluca.pk}" selected>Toluca</option>' in html


def test_un_municipio_sin_embajadores_lo_dice(client, red):
    from cursos.models import Municipio

    vacio = Municipio.objects.get(clave_inegi="15001")
    respuesta = client.get(DIRECTORIO, {"municipio": vacio.pk})
    assert respuesta.status_code == 200
    assert "Aún no hay embajadores de este municipio" in respuesta.content.decode()


@pytest.mark.parametrize(
    "valor",
    ["999999", "99999999999999999999999999", "-1", "toluca", "1e3", "", " ", "1;DROP"],
)
def test_un_filtro_invalido_no_rompe_la_pagina(client, red, valor):
    respuesta = client.get(DIRECTORIO, {"municipio": valor})
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    if valor.strip():
        assert "Ese municipio no está en la lista" in html
    # The directory is still shown whole.
    assert "Ana Toluca" in html and "Carla Ecatepec" in html


def test_el_directorio_no_crece_en_consultas(client, red, toluca, django_assert_num_queries):
    # Municipalities for the filter and the directory's rows; the site menu's catalogue page
    # comes from the cache once a first request has read it (cursos.contenido).
    assert client.get(DIRECTORIO).status_code == 200
    with django_assert_num_queries(2):
        assert client.get(DIRECTORIO).status_code == 200
    for i in range(8):
        embajador(toluca, f"Persona {i}")
    with django_assert_num_queries(2):
        html = client.get(DIRECTORIO).content.decode()
    assert "Persona 7" in html


def test_otros_metodos_son_405(client):
    respuesta = client.post(DIRECTORIO)
    assert respuesta.status_code == 405
    assert respuesta["Allow"] == "GET, HEAD"


# --- The ambassador's consent ---------------------------------------------------------------


def test_el_consentimiento_pide_iniciar_sesion(client):
    respuesta = client.get(CONSENTIMIENTO)
    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("account_login"))


def test_quien_no_fue_designado_no_consiente(client, aprendiz):
    client.force_login(aprendiz)
    respuesta = client.get(CONSENTIMIENTO)
    assert respuesta.status_code == 200
    assert "No tienes una designación registrada" in respuesta.content.decode()
    assert client.post(CONSENTIMIENTO, {"accion": "otorgar"}).status_code == 403
    assert not ConsentimientoDirectorio.objects.exists()
    with pytest.raises(services.SinDesignacion):
        services.consentimiento_otorgar(participante=aprendiz.participante)


def test_sin_perfil_de_participante_tampoco(client, django_user_model):
    usuario = django_user_model.objects.create_user("sin-perfil", "s@example.com", "x")
    client.force_login(usuario)
    assert client.get(CONSENTIMIENTO).status_code == 200
    assert client.post(CONSENTIMIENTO, {"accion": "otorgar"}).status_code == 403


def test_la_embajadora_aparece_y_se_retira(client, toluca):
    designacion = embajador(toluca, "Ana Toluca", consiente=False)
    participante = designacion.participante
    client.force_login(participante.usuario)

    pagina = client.get(CONSENTIMIENTO).content.decode()
    assert "No apareces en el directorio." in pagina
    assert "Ana Toluca" not in client.get(DIRECTORIO).content.decode()

    respuesta = client.post(CONSENTIMIENTO, {"accion": "otorgar"}, follow=True)
    assert respuesta.redirect_chain == [(CONSENTIMIENTO, 302)]
    pagina = respuesta.content.decode()
    assert "Listo: apareces en el directorio" in pagina
    consentimiento = ConsentimientoDirectorio.objects.get(participante=participante)
    fecha = consentimiento.otorgado_en.astimezone().strftime("%Y")
    assert "Aceptaste aparecer en el directorio el" in pagina and fecha in pagina
    assert "Ana Toluca" in client.get(DIRECTORIO).content.decode()

    # Twice is once.
    client.post(CONSENTIMIENTO, {"accion": "otorgar"})
    assert ConsentimientoDirectorio.objects.filter(participante=participante).count() == 1

    respuesta = client.post(CONSENTIMIENTO, {"accion": "retirar"}, follow=True)
    assert "ya no apareces en el directorio" in respuesta.content.decode()
    assert "Retiraste tu consentimiento el" in respuesta.content.decode()
    consentimiento.refresh_from_db()
    assert consentimiento.retirado_en is not None  # the row stays, dated
    assert consentimiento.retirado_en >= consentimiento.otorgado_en
    assert "Ana Toluca" not in client.get(DIRECTORIO).content.decode()

    # Coming back is a new consent; the old one keeps its dates.
    client.post(CONSENTIMIENTO, {"accion": "otorgar"})
    filas = ConsentimientoDirectorio.objects.filter(participante=participante)
    assert filas.count() == 2
    assert filas.filter(retirado_en__isnull=True).count() == 1
    assert "Ana Toluca" in client.get(DIRECTORIO).content.decode()


def test_una_designacion_concluida_no_aparece_aunque_consienta(client, toluca):
    designacion = embajador(toluca, "Eva Concluida")
    services.embajador_concluir(
        embajador=designacion, concluido_en=dt.date(2026, 6, 1), motivo="Fin"
    )
    client.force_login(designacion.participante.usuario)
    pagina = client.get(CONSENTIMIENTO).content.decode()
    assert "no apareces aunque tu consentimiento siga vigente" in pagina
    assert "Eva Concluida" not in client.get(DIRECTORIO).content.decode()


def test_cambiar_el_consentimiento_exige_csrf(toluca):
    designacion = embajador(toluca, "Ana Toluca", consiente=False)
    cliente = Client(enforce_csrf_checks=True)
    cliente.force_login(designacion.participante.usuario)
    assert cliente.post(CONSENTIMIENTO, {"accion": "otorgar"}).status_code == 403
    assert not ConsentimientoDirectorio.objects.exists()


@pytest.mark.parametrize("datos", [{}, {"accion": "borrar-todo"}])
def test_una_accion_desconocida_es_400(client, toluca, datos):
    designacion = embajador(toluca, "Ana Toluca", consiente=False)
    client.force_login(designacion.participante.usuario)
    respuesta = client.post(CONSENTIMIENTO, datos)
    assert respuesta.status_code == 400
    assert "Elige si quieres aparecer" in respuesta.content.decode()
    assert not ConsentimientoDirectorio.objects.exists()


def test_retirar_sin_consentimiento_no_cambia_nada(client, toluca):
    designacion = embajador(toluca, "Ana Toluca", consiente=False)
    client.force_login(designacion.participante.usuario)
    respuesta = client.post(CONSENTIMIENTO, {"accion": "retirar"}, follow=True)
    assert "No aparecías en el directorio" in respuesta.content.decode()
    assert services.consentimiento_retirar(participante=designacion.participante) is None
