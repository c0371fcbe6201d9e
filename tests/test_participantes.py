"""Participant profile: municipalities, CURP, privacy notice, and the profile form's bad input."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cursos.models import Municipio, Participante
from cursos.validators import validar_curp
from tests.factories import UsuarioFactory

CURP_VALIDA = "GAPA850101HMCRRL02"
URL_PERFIL = reverse("cursos:perfil")


def datos_perfil(**cambios):
    datos = {
        "nombre_completo": "Ana López Martínez",
        "municipio": str(Municipio.objects.get(clave_inegi="15106").pk),
        "dependencia": "Dirección de Ecología",
        "cargo": "Enlace",
        "tipo": "servidor_municipal",
        "curp": "",
        "acepto_aviso": "on",
    }
    datos.update(cambios)
    return {k: v for k, v in datos.items() if v is not None}


@pytest.mark.django_db
def test_los_125_municipios_se_cargan_con_sus_claves_inegi():
    assert Municipio.objects.count() == 125
    claves = list(Municipio.objects.order_by("clave_inegi").values_list("clave_inegi", flat=True))
    assert claves == [f"15{n:03d}" for n in range(1, 126)]
    assert Municipio.objects.get(clave_inegi="15106").nombre == "Toluca"
    assert Municipio.objects.get(clave_inegi="15033").nombre == "Ecatepec de Morelos"


@pytest.mark.parametrize("curp", [CURP_VALIDA, "HEGG560427MVZRRL04"])
def test_curp_valida(curp):
    validar_curp(curp)


@pytest.mark.parametrize(
    ("curp", "codigo"),
    [
        ("GAPA850101HMCRRL03", "curp_verificador"),  # wrong check digit
        ("GAPA851301HMCRRL02", "curp_componente"),  # month 13
        ("GAPA850101HXXRRL02", "curp_componente"),  # no such state
        ("GAPA850101", "curp_formato"),
        ("1234567890ABCDEFGH", "curp_formato"),
    ],
)
def test_curp_invalida_explica_el_problema_en_espanol(curp, codigo):
    with pytest.raises(ValidationError) as exc:
        validar_curp(curp)
    assert exc.value.code == codigo
    assert "CURP" in str(exc.value.messages[0])


def test_el_perfil_pide_iniciar_sesion(client):
    respuesta = client.get(URL_PERFIL)
    assert respuesta.status_code == 302
    assert reverse("account_login") in respuesta["Location"]


@pytest.mark.django_db
def test_completar_el_perfil_guarda_la_aceptacion_del_aviso_con_su_fecha(client):
    usuario = UsuarioFactory()
    client.force_login(usuario)
    respuesta = client.post(URL_PERFIL, datos_perfil(curp="gapa850101hmcrrl02"))
    assert respuesta.status_code == 302
    participante = Participante.objects.get(usuario=usuario)
    assert participante.curp == CURP_VALIDA  # normalised to upper case
    assert participante.municipio.nombre == "Toluca"
    assert participante.aviso_privacidad_aceptado_en is not None

    primera_aceptacion = participante.aviso_privacidad_aceptado_en
    client.post(URL_PERFIL, datos_perfil(cargo="Directora"))
    participante.refresh_from_db()
    assert participante.cargo == "Directora"
    assert participante.aviso_privacidad_aceptado_en == primera_aceptacion


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cambios", "mensaje"),
    [
        ({"curp": "GAPA850101HMCRRL03"}, "dígito verificador"),
        ({"curp": "NO-ES-CURP"}, "18 caracteres"),
        ({"municipio": "999999"}, "125 municipios"),
        ({"municipio": "Toluca"}, "125 municipios"),
        ({"municipio": ""}, "Indica tu municipio"),
        ({"tipo": "presidente"}, "tipo de participante de la lista"),
        ({"acepto_aviso": None}, "aceptar el aviso de privacidad"),
        ({"nombre_completo": ""}, "Escribe tu nombre completo"),
    ],
)
def test_datos_invalidos_dan_error_en_espanol_y_no_guardan_nada(client, cambios, mensaje):
    usuario = UsuarioFactory()
    client.force_login(usuario)
    respuesta = client.post(URL_PERFIL, datos_perfil(**cambios))
    assert respuesta.status_code == 400
    assert mensaje in respuesta.text
    assert not Participante.objects.filter(usuario=usuario).exists()


@pytest.mark.django_db
def test_la_curp_no_puede_repetirse_entre_participantes(client):
    client.force_login(UsuarioFactory())
    assert client.post(URL_PERFIL, datos_perfil(curp=CURP_VALIDA)).status_code == 302
    otro = UsuarioFactory()
    client.force_login(otro)
    respuesta = client.post(URL_PERFIL, datos_perfil(curp=CURP_VALIDA))
    assert respuesta.status_code == 400
    assert not Participante.objects.filter(usuario=otro).exists()


@pytest.mark.django_db
def test_el_perfil_regresa_a_la_pagina_de_origen_pero_nunca_a_otro_sitio(client):
    client.force_login(UsuarioFactory())
    respuesta = client.post(URL_PERFIL, {**datos_perfil(), "next": "/cursos/mi-curso/"})
    assert respuesta["Location"] == "/cursos/mi-curso/"
    client.force_login(UsuarioFactory())
    respuesta = client.post(URL_PERFIL, {**datos_perfil(), "next": "https://malicioso.example/"})
    assert respuesta["Location"] == reverse("cursos:mis_cursos")


@pytest.mark.django_db
def test_el_formulario_de_perfil_es_accesible(client):
    client.force_login(UsuarioFactory())
    html = client.get(URL_PERFIL).text
    for campo in ["nombre_completo", "municipio", "dependencia", "cargo", "tipo", "curp"]:
        assert f'<label for="id_{campo}">' in html
    assert '<html lang="es-mx">' in html
    assert "Toluca" in html and "Ecatepec de Morelos" in html


def _ids_repetidos(html: str) -> list[str]:
    ids = re.findall(r'\sid="([^"]+)"', html)
    return sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.django_db
def test_el_perfil_con_errores_no_repite_ids_y_los_describe(client):
    client.force_login(UsuarioFactory())
    datos = datos_perfil(nombre_completo="", municipio="", curp="X" * 25, acepto_aviso=None)
    html = client.post(URL_PERFIL, datos).text
    assert _ids_repetidos(html) == []
    for campo in ("nombre_completo", "municipio", "curp"):
        descrito = re.search(rf'<[^>]*id="id_{campo}"[^>]*>', html).group()
        assert f"id_{campo}_error" in descrito  # the field points at its error message
        assert f'id="id_{campo}_error"' in html


@pytest.mark.django_db
def test_el_registro_no_mete_listas_dentro_de_parrafos(client):
    html = client.get(reverse("account_signup")).text
    formulario = html[html.index("<form", html.index("<main")) :]
    # A <ul> inside a <p> is invalid HTML: browsers split the paragraph and the password's
    # aria-describedby ends up on an empty element.
    assert not re.search(r"<p>(?:(?!</p>).)*<ul", formulario, re.DOTALL)
    assert _ids_repetidos(html) == []


@pytest.mark.django_db
def test_dos_errores_en_un_campo_comparten_un_solo_id(rf):
    from django.template.loader import render_to_string

    from cursos.forms import ParticipanteForm

    form = ParticipanteForm(datos_perfil(curp=CURP_VALIDA))
    form.is_valid()
    form.add_error("curp", "Primer problema.")
    form.add_error("curp", "Segundo problema.")
    solicitud = rf.post(URL_PERFIL)
    solicitud.user = UsuarioFactory()
    html = render_to_string("cursos/perfil.html", {"form": form, "nuevo": True}, solicitud)
    assert "Primer problema." in html and "Segundo problema." in html
    assert html.count('id="id_curp_error"') == 1
