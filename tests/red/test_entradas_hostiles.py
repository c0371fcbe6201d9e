"""Hostile input at every door of the Red, by class: ids of any size in paths and filters,
malformed dates, pages and orderings, search syntax, other HTTP methods, a missing CSRF token;
and privacy: what the public pages never show, what a liaison never reaches, what anonymous
people and learners never get from the admin. Never a 500: a fitting 4xx that says why in
Spanish, or the input is ignored (a filter's error on the form)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile

from red import services
from tests import factories
from tests.cuentas import ClienteConSegundoFactor as Client

pytestmark = pytest.mark.django_db

IDS_ABSURDOS = ["0", "-1", str(2**63), str(10**30), "abc", "1e3", "%00"]
"""Ids no row has: zero, negative, beyond 64 bits, non-numeric, NUL."""

REPORTES = [
    "/admin/reportes/red/participantes/",
    "/admin/reportes/red/avance/",
    "/admin/reportes/red/certificados/",
    "/admin/reportes/red/municipios/",
]
RESULTADOS = [f"{r}resultados/" for r in REPORTES]
LISTADOS = ["/admin/red/embajadores/", "/admin/red/embajadores/results/"]

ELECCION_INVALIDA = "Elige una opción válida"  # locale/: Django's message in tú


def cuerpo(respuesta) -> bytes:
    if respuesta.streaming:
        return b"".join(respuesta.streaming_content)
    return respuesta.content


def texto_de(respuesta) -> str:
    """The response as text; an XLSX workbook as the text of its cells."""
    datos = cuerpo(respuesta)
    if datos[:2] == b"PK":
        hoja = openpyxl.load_workbook(io.BytesIO(datos)).active
        return " ".join(str(v) for fila in hoja.iter_rows(values_only=True) for v in fila)
    return datos.decode("utf-8", "replace")


@pytest.fixture
def red(catalogo, completar, designar, toluca, ecatepec):
    """Tomás in Toluca; Eva (an ambassador with a document and a consent) and Eli in
    Ecatepec: two people only, under the public threshold of 3. All completed a course."""
    curso, modulos = factories.curso_con_modulos(2, catalogo=catalogo, title="Agua y clima")
    tomas = factories.participante(
        factories.UsuarioFactory(email="tomas@toluca.example"),
        nombre_completo="Tomás Toluca",
        municipio=toluca,
        curp="LOMA800101HMCPRR02",
    )
    eva = factories.participante(
        factories.UsuarioFactory(email="eva@ecatepec.example"),
        nombre_completo="Eva Ecatepec",
        municipio=ecatepec,
        curp="EVAE800101MMCPRR09",
    )
    eli = factories.participante(nombre_completo="Eli Ecatepec", municipio=ecatepec)
    for usuario in (tomas, eva, eli):
        completar(usuario, curso, modulos)
    designacion = designar(eva, ecatepec, documento=ContentFile(b"%PDF-1.4 x", name="d.pdf"))
    services.consentimiento_otorgar(participante=eva.participante)

    class R:
        pass

    r = R()
    r.curso, r.tomas, r.eva, r.designacion = curso, tomas, eva, designacion
    r.toluca, r.ecatepec = toluca, ecatepec
    return r


# --- Ids of any size ------------------------------------------------------------------------


@pytest.mark.parametrize("valor", IDS_ABSURDOS)
@pytest.mark.parametrize("ruta", REPORTES)
@pytest.mark.parametrize("filtro", ["curso", "municipio"])
def test_un_id_absurdo_en_un_filtro_es_un_error_del_filtro(
    cliente_coordinacion, ruta, filtro, valor
):
    respuesta = cliente_coordinacion.get(ruta, {filtro: valor})
    assert respuesta.status_code == 200
    assert ELECCION_INVALIDA in respuesta.content.decode()


@pytest.mark.parametrize("valor", [str(2**63), str(10**30)])
@pytest.mark.parametrize("ruta", RESULTADOS)
def test_un_curso_fuera_de_rango_en_los_resultados_y_la_exportacion(cliente_enlace, ruta, valor):
    assert cliente_enlace.get(ruta, {"curso": valor}).status_code == 200
    assert cliente_enlace.get(ruta, {"curso": valor, "export": "csv"}).status_code == 200


@pytest.mark.parametrize("valor", IDS_ABSURDOS)
@pytest.mark.parametrize(
    "plantilla",
    [
        "/admin/red/expedientes/{}/",
        "/admin/red/expedientes/{}/pdf/",
        "/admin/reportes/red/municipios/{}/",
        "/red/designaciones/{}/documento/",
        "/admin/red/embajadores/inspect/{}/",
        "/admin/red/embajadores/history/{}/",
        "/admin/red/embajadores/concluir/{}/",
        "/admin/red/elegir-participante/chosen/{}/",
    ],
)
def test_un_id_absurdo_en_la_ruta_es_404(cliente_coordinacion, plantilla, valor):
    assert cliente_coordinacion.get(plantilla.format(valor)).status_code == 404


# --- Other parameters -----------------------------------------------------------------------

PARAMETROS_RAROS = [
    {"fechas_from": "2026-13-45"},
    {"fechas_to": "abc"},
    {"fechas_from": "99999-01-01"},
    {"emitido_en_after": "2026-13-45"},
    {"desde": "abc"},
    {"designado_en_from": "2026-02-30"},
    {"tipo": "zzz"},
    {"tipo": "\x00"},
    {"estado": "zzz"},
    {"ordering": "desconocido"},
    {"ordering": "usuario__password"},
    {"ordering": "--nombre"},
    {"p": "-1"},
    {"p": "0"},
    {"p": str(10**30)},
    {"p": "abc"},
    {"export": "pdf"},
    {"export": ""},
    {"export": "CSV"},
    {"_w_filter_fragment": "1"},
]
BUSQUEDAS = ['"', "a OR b", "OR", "*", "nombre:eva", "\x00", "%", "_", "\\", "é" * 5000]


@pytest.mark.parametrize("parametros", PARAMETROS_RAROS, ids=str)
@pytest.mark.parametrize("ruta", [*REPORTES, *LISTADOS])
def test_parametros_raros_se_ignoran_o_se_explican(cliente_enlace, red, ruta, parametros):
    respuesta = cliente_enlace.get(ruta, parametros)
    assert respuesta.status_code == 200
    assert "Eva Ecatepec" not in texto_de(respuesta)


@pytest.mark.parametrize("q", BUSQUEDAS, ids=lambda q: repr(q[:10]))
@pytest.mark.parametrize(
    "ruta",
    [
        "/admin/reportes/red/participantes/",
        "/admin/reportes/red/certificados/resultados/",
        *LISTADOS,
        "/admin/red/elegir-participante/results/",
    ],
)
def test_la_busqueda_acepta_cualquier_texto(cliente_coordinacion, red, ruta, q):
    assert cliente_coordinacion.get(ruta, {"q": q}).status_code == 200


@pytest.mark.parametrize("consulta", ["q=%ff%fe", "q=%C0%AF", "municipio=%ff", "p=%00", "q=%"])
@pytest.mark.parametrize("ruta", ["/admin/reportes/red/participantes/", *LISTADOS])
def test_una_consulta_mal_codificada_no_rompe_nada(cliente_coordinacion, ruta, consulta):
    assert cliente_coordinacion.get(ruta, QUERY_STRING=consulta).status_code == 200


@pytest.mark.parametrize("ver", ["x", "", "\x00", "INTEGRACION"])
@pytest.mark.parametrize("ruta", ["/red/cifras/", "/admin/mapa/red/"])
def test_un_modo_desconocido_del_mapa_es_400(cliente_coordinacion, ruta, ver):
    cache.clear()
    respuesta = cliente_coordinacion.get(ruta, {"ver": ver})
    assert respuesta.status_code == 400


@pytest.mark.parametrize("municipio", IDS_ABSURDOS)
def test_el_directorio_explica_un_municipio_absurdo(client, municipio):
    respuesta = client.get("/red/directorio/", {"municipio": municipio})
    assert respuesta.status_code == 200
    assert "Ese municipio no está en la lista" in respuesta.content.decode()


# --- Methods and CSRF -----------------------------------------------------------------------


SOLO_CONSULTA = [
    *REPORTES,
    *RESULTADOS,
    "/admin/reportes/red/municipios/{toluca}/",
    "/admin/mapa/red/",
    "/red/cifras/",
    "/red/directorio/",
    "/red/designaciones/{documento}/documento/",
]


@pytest.mark.parametrize("metodo", ["post", "put", "delete"])
@pytest.mark.parametrize("ruta", SOLO_CONSULTA)
def test_otro_metodo_en_una_pagina_de_consulta_es_405_explicado(
    cliente_coordinacion, red, ruta, metodo
):
    ruta = ruta.format(toluca=red.toluca.pk, documento=red.designacion.pk)
    respuesta = getattr(cliente_coordinacion, metodo)(ruta)
    assert respuesta.status_code == 405
    assert respuesta["Allow"].startswith("GET")
    assert "solo se consulta" in respuesta.content.decode()


def test_sin_token_csrf_no_cambia_nada(coordinacion, red):
    cliente = Client(enforce_csrf_checks=True)
    cliente.force_login(coordinacion)
    ruta = f"/admin/red/embajadores/concluir/{red.designacion.pk}/"
    respuesta = cliente.post(ruta, {"concluido_en": "2026-02-01", "motivo": "Cambio"})
    assert respuesta.status_code == 403
    cliente.force_login(red.eva)
    respuesta = cliente.post("/red/mi-consentimiento/", {"accion": "retirar"})
    assert respuesta.status_code == 403
    red.designacion.refresh_from_db()
    assert red.designacion.activo
    assert red.eva.participante.consentimientos_directorio.filter(retirado_en__isnull=True).exists()


# --- Who reaches what -----------------------------------------------------------------------

PUERTAS_ADMIN = [
    *REPORTES,
    *RESULTADOS,
    "/admin/mapa/red/",
    *LISTADOS,
    "/admin/red/consentimientos/results/",
    "/admin/red/elegir-participante/results/",
    "/admin/red/expedientes/{participante}/",
    "/admin/red/expedientes/{participante}/pdf/",
]


@pytest.mark.parametrize("extra", [{}, {"_w_filter_fragment": "1"}, {"export": "csv"}], ids=str)
@pytest.mark.parametrize("ruta", PUERTAS_ADMIN)
@pytest.mark.parametrize("quien", ["anonimo", "aprendiz"])
def test_ni_anonimos_ni_aprendices_leen_el_admin(red, ruta, quien, extra):
    cliente = Client()
    if quien == "aprendiz":
        cliente.force_login(red.tomas)
    respuesta = cliente.get(ruta.format(participante=red.eva.participante.pk), extra)
    assert respuesta.status_code in (302, 403)
    assert "Eva Ecatepec" not in texto_de(respuesta)


@pytest.mark.parametrize("formato", [None, "csv", "xlsx"])
@pytest.mark.parametrize(
    "extra", [{}, {"municipio": "ecatepec"}, {"q": "eva@ecatepec.example"}], ids=str
)
@pytest.mark.parametrize("ruta", [*REPORTES, *RESULTADOS, *LISTADOS])
def test_un_enlace_no_llega_a_otro_municipio(cliente_enlace, red, ruta, extra, formato):
    parametros = {k: red.ecatepec.pk if v == "ecatepec" else v for k, v in extra.items()}
    if formato:
        parametros["export"] = formato
    texto = texto_de(cliente_enlace.get(ruta, parametros))
    assert "Eva Ecatepec" not in texto and "Eli Ecatepec" not in texto
    if "resultados" in ruta or formato:  # the search box echoes the query on a full page
        assert "eva@ecatepec.example" not in texto


@pytest.mark.parametrize(
    "plantilla",
    [
        "/admin/reportes/red/municipios/{municipio}/",
        "/red/designaciones/{designacion}/documento/",
        "/admin/red/expedientes/{participante}/",
        "/admin/red/expedientes/{participante}/pdf/",
        "/admin/red/embajadores/inspect/{designacion}/",
        "/admin/red/embajadores/history/{designacion}/",
        "/admin/red/embajadores/concluir/{designacion}/",
    ],
)
def test_las_fichas_de_otro_municipio_son_404_para_un_enlace(cliente_enlace, red, plantilla):
    ruta = plantilla.format(
        municipio=red.ecatepec.pk,
        designacion=red.designacion.pk,
        participante=red.eva.participante.pk,
    )
    assert cliente_enlace.get(ruta).status_code == 404


@pytest.mark.parametrize(
    "ruta", ["/red/cifras/", "/red/cifras/?ver=integracion", "/red/directorio/"]
)
def test_las_paginas_publicas_no_muestran_datos_personales(client, red, ruta):
    cache.clear()
    html = client.get(ruta).content.decode()
    for dato in ("@", "EVAE800101MMCPRR09", "LOMA800101HMCPRR02", "Tomás Toluca", "Eli Ecatepec"):
        assert dato not in html
    if "cifras" in ruta:
        # Ecatepec has 2 people: every figure of its row reads «menos de 3».
        inicio = html.index(">Ecatepec de Morelos</th>")
        fila = html[inicio : html.index("</tr>", inicio)]
        assert fila.count("menos de 3") == 3


ENORMES = ["9223372036854775808", str(10**30), "-9223372036854775809"]
LISTADOS_CON_FILTRO_DE_CURSO = [
    "/admin/aprendizaje/inscripciones/",
    "/admin/aprendizaje/participantes/",
    "/admin/evaluaciones/intentos/",
    "/admin/certificados/emitidos/",
    "/admin/reportes/evaluaciones/",
    "/admin/reportes/evaluaciones/intentos/",
]


@pytest.mark.parametrize("ruta", LISTADOS_CON_FILTRO_DE_CURSO)
@pytest.mark.parametrize("valor", ENORMES)
@pytest.mark.parametrize("parametro", ["curso", "municipio", "evaluacion", "tema"])
def test_un_id_fuera_de_rango_en_cualquier_filtro_del_admin_no_es_un_500(
    cliente_coordinacion, ruta, valor, parametro
):
    """Every admin listing shares one id filter (cursos.filtros): an id past 64 bits is an
    invalid choice, as ``abc`` is, never a crash."""
    for formato in ("", "&export=csv"):
        respuesta = cliente_coordinacion.get(f"{ruta}?{parametro}={valor}{formato}")
        assert respuesta.status_code in (200, 302, 400), (ruta, parametro, respuesta.status_code)
