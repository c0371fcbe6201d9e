"""Row-level scope in every admin door onto learner records (``cursos.alcance``).

A liaison of Toluca (``enlace_toluca``) against a learner of Ecatepec: in the listings, their
search, their municipality filter, their CSV and XLSX exports, the inspect, history and usage
views, the quiz reports, the certificates' PDF, ZIP, bulk ZIP, revocation and re-issue. The
coordinator (group «Coordinación») sees both and may revoke; a liaison without a municipality
sees nothing.

    Ana Toluqueña   (Toluca, municipal servant)  one attempt, passed; certificate
    Beto Ecatepense (Ecatepec, state servant)    two attempts, failed then passed; certificate
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import UTC, datetime
from html.parser import HTMLParser

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from certificados import services as certificados_services
from certificados.models import Certificado, EstadoCertificado
from cursos import services as cursos_services
from cursos.models import Inscripcion, Municipio, TipoParticipante
from evaluaciones.models import Intento
from red import roles
from tests import factories
from tests.cuentas import ClienteConSegundoFactor as Client
from tests.evaluaciones.registros import intento_entregado

pytestmark = pytest.mark.django_db

ANA = "Ana Toluqueña"
BETO = "Beto Ecatepense"
ENERO = datetime(2026, 1, 20, 17, 0, tzinfo=UTC)
FEBRERO = datetime(2026, 2, 10, 18, 30, tzinfo=UTC)

# Each door: its viewset's URL namespace and the export column that names the learner.
PUERTAS = {
    "participantes": ("aprendizaje_participantes", "Nombre completo"),
    "inscripciones": ("aprendizaje_inscripciones", "Nombre"),
    "intentos": ("evaluaciones_intentos", "Nombre"),
    "certificados": ("certificados_emitidos", "Titular"),
}
BULK_ZIP = "wagtail_bulk_action"


# --- Reading responses --------------------------------------------------------------------


def contenido(respuesta) -> bytes:
    if respuesta.streaming:
        return b"".join(respuesta.streaming_content)
    return respuesta.content


def texto(respuesta) -> str:
    assert respuesta.status_code == 200, respuesta.status_code
    return contenido(respuesta).decode()


def filas_csv(respuesta) -> list[dict]:
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(contenido(respuesta).decode("utf-8-sig"))))


def filas_xlsx(respuesta) -> list[dict]:
    assert respuesta.status_code == 200
    libro = openpyxl.load_workbook(io.BytesIO(contenido(respuesta)), read_only=True)
    encabezados, *filas = list(libro.active.iter_rows(values_only=True))
    return [dict(zip(encabezados, fila, strict=True)) for fila in filas]


def exportar(cliente, url, formato, **parametros) -> list[dict]:
    respuesta = cliente.get(url, {"export": formato, **parametros})
    return filas_csv(respuesta) if formato == "csv" else filas_xlsx(respuesta)


class _Opciones(HTMLParser):
    """The option values of the ``<select name=…>`` of a page."""

    def __init__(self, nombre):
        super().__init__()
        self.nombre, self.dentro, self.valores = nombre, False, set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.dentro = attrs.get("name") == self.nombre
        elif tag == "option" and self.dentro and attrs.get("value"):
            self.valores.add(int(attrs["value"]))

    def handle_endtag(self, tag):
        if tag == "select":
            self.dentro = False


def opciones(html: str, nombre: str = "municipio") -> set[int]:
    lector = _Opciones(nombre)
    lector.feed(html)
    assert lector.valores, f"no <select name={nombre}> with options in the page"
    return lector.valores


def modal(respuesta) -> str:
    """The HTML of a chooser's modal (its first step answers JSON; its results, HTML)."""
    if respuesta["Content-Type"].startswith("application/json"):
        assert respuesta.status_code == 200
        return respuesta.json()["html"]
    return texto(respuesta)


def mensajes(respuesta) -> list[str]:
    return [str(m) for m in get_messages(respuesta.wsgi_request)]


def miembros_zip(respuesta) -> set[str]:
    assert respuesta.status_code == 200, respuesta.status_code
    assert respuesta["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(contenido(respuesta))) as archivo:
        assert archivo.testzip() is None
        return set(archivo.namelist())


# --- The scene ----------------------------------------------------------------------------


def cliente_de(usuario) -> Client:
    cliente = Client()
    cliente.force_login(usuario)
    return cliente


def emitir(usuario, *, curso, modulo):
    """Complete the course and issue its certificate through the services; its PDF (a
    background task) is rendered only by the tests that download it."""
    cursos_services.modulo_completar(usuario=usuario, modulo=modulo)
    certificados_services.certificado_emitir(
        inscripcion=Inscripcion.objects.get(usuario=usuario, curso=curso)
    )


@pytest.fixture
def escenario(catalogo, toluca, ecatepec):
    curso, (modulo,) = factories.curso_con_modulos(1, catalogo=catalogo, title="Agua y clima")
    evaluacion = factories.evaluacion(curso, n_preguntas=2, titulo="Evaluación de agua")
    ana = factories.participante(
        factories.UsuarioFactory(username="ana-toluca"),
        nombre_completo=ANA,
        municipio=toluca,
        tipo=TipoParticipante.SERVIDOR_MUNICIPAL,
    )
    beto = factories.participante(
        factories.UsuarioFactory(username="beto-ecatepec"),
        nombre_completo=BETO,
        municipio=ecatepec,
        tipo=TipoParticipante.SERVIDOR_ESTATAL,
    )
    intento_entregado(ana, evaluacion, [True, True], entregado_en=FEBRERO)
    intento_entregado(beto, evaluacion, [False, False], numero=1, entregado_en=ENERO)
    intento_entregado(beto, evaluacion, [True, True], numero=2, entregado_en=FEBRERO)
    emitir(ana, curso=curso, modulo=modulo)
    emitir(beto, curso=curso, modulo=modulo)
    return {
        "evaluacion": evaluacion,
        "ana": ana,
        "beto": beto,
        "toluca": toluca,
        "ecatepec": ecatepec,
        "cert_ana": Certificado.objects.get(usuario=ana),
        "cert_beto": Certificado.objects.get(usuario=beto),
    }


def registro(escenario, puerta: str, quien: str):
    """The record of ``quien`` ("ana" or "beto") that ``puerta`` shows."""
    usuario = escenario[quien]
    return {
        "participantes": lambda: usuario.participante,
        "inscripciones": lambda: Inscripcion.objects.get(usuario=usuario),
        "intentos": lambda: Intento.objects.filter(usuario=usuario).latest("numero"),
        "certificados": lambda: escenario[f"cert_{quien}"],
    }[puerta]()


@pytest.fixture
def enlace(enlace_toluca):
    return cliente_de(enlace_toluca)


@pytest.fixture
def coordinador(coordinacion):
    return cliente_de(coordinacion)


@pytest.fixture
def enlace_sin_municipio(db):
    usuario = factories.UsuarioFactory(username="enlace-sin-municipio")
    usuario.groups.add(roles.roles_asegurar()[roles.ENLACE_MUNICIPAL])
    return cliente_de(usuario)


def url(puerta: str, vista: str = "index", objeto=None) -> str:
    espacio, _ = PUERTAS[puerta]
    return reverse(f"{espacio}:{vista}", args=[objeto.pk] if objeto is not None else [])


def nombres_exportados(cliente, puerta, formato="csv", **parametros) -> list[str]:
    columna = PUERTAS[puerta][1]
    return sorted(fila[columna] for fila in exportar(cliente, url(puerta), formato, **parametros))


# --- Listings, search, filters, exports, inspect: the four record listings ----------------


@pytest.mark.parametrize("puerta", PUERTAS)
def test_el_listado_solo_muestra_su_municipio(escenario, enlace, coordinador, puerta):
    del escenario
    html = texto(enlace.get(url(puerta)))
    assert ANA in html and BETO not in html
    html = texto(coordinador.get(url(puerta)))
    assert ANA in html and BETO in html


@pytest.mark.parametrize("puerta", PUERTAS)
def test_la_busqueda_no_encuentra_a_otro_municipio(escenario, enlace, coordinador, puerta):
    del escenario
    assert BETO not in texto(enlace.get(url(puerta), {"q": "Ecatepense"}))
    assert ANA in texto(enlace.get(url(puerta), {"q": "Toluqueña"}))
    assert BETO in texto(coordinador.get(url(puerta), {"q": "Ecatepense"}))
    # The partial listing that the search box refreshes, too.
    assert BETO not in texto(enlace.get(url(puerta, "index_results"), {"q": "Ecatepense"}))


@pytest.mark.parametrize("puerta", PUERTAS)
def test_el_filtro_de_municipio_ofrece_solo_los_suyos(escenario, enlace, coordinador, puerta):
    toluca, ecatepec = escenario["toluca"], escenario["ecatepec"]
    assert opciones(texto(enlace.get(url(puerta)))) == {toluca.pk}
    todas = opciones(texto(coordinador.get(url(puerta))))
    assert len(todas) == Municipio.objects.count() == 125
    # Asking for another municipality by hand shows none of its learners.
    html = texto(enlace.get(url(puerta), {"municipio": ecatepec.pk}))
    assert BETO not in html
    assert nombres_exportados(enlace, puerta, municipio=ecatepec.pk) in ([], [ANA])
    # The coordinator's filter does narrow to Ecatepec.
    assert set(nombres_exportados(coordinador, puerta, municipio=ecatepec.pk)) == {BETO}


@pytest.mark.parametrize("formato", ["csv", "xlsx"])
@pytest.mark.parametrize("puerta", PUERTAS)
def test_las_exportaciones_solo_llevan_su_municipio(
    escenario, enlace, coordinador, puerta, formato
):
    del escenario
    assert nombres_exportados(enlace, puerta, formato) == [ANA]
    intentos_de_beto = 2 if puerta == "intentos" else 1
    assert nombres_exportados(coordinador, puerta, formato) == [ANA] + [BETO] * intentos_de_beto


@pytest.mark.parametrize("puerta", PUERTAS)
def test_la_ficha_de_otro_municipio_es_404(escenario, enlace, coordinador, puerta):
    de_ana, de_beto = registro(escenario, puerta, "ana"), registro(escenario, puerta, "beto")
    assert ANA in texto(enlace.get(url(puerta, "inspect", de_ana)))
    for vista in ("inspect", "history", "history_results", "usage", "delete"):
        assert enlace.get(url(puerta, vista, de_beto)).status_code == 404, vista
    # The edit form is refused to everyone (records are read-only) before any lookup: the
    # same answer for a record of theirs and one of another municipality.
    editar_ajeno = enlace.get(url(puerta, "edit", de_beto))
    assert editar_ajeno.status_code == enlace.get(url(puerta, "edit", de_ana)).status_code == 302
    assert BETO not in contenido(editar_ajeno).decode()
    assert BETO in texto(coordinador.get(url(puerta, "inspect", de_beto)))
    if puerta == "certificados":  # the only record whose history staff may read
        assert enlace.get(url(puerta, "history", de_ana)).status_code == 200
        assert coordinador.get(url(puerta, "history", de_beto)).status_code == 200


@pytest.mark.parametrize("puerta", PUERTAS)
def test_un_enlace_sin_municipio_no_ve_nada(escenario, enlace_sin_municipio, puerta):
    html = texto(enlace_sin_municipio.get(url(puerta)))
    assert ANA not in html and BETO not in html
    assert nombres_exportados(enlace_sin_municipio, puerta) == []
    assert nombres_exportados(enlace_sin_municipio, puerta, "xlsx") == []
    for quien in ("ana", "beto"):
        objeto = registro(escenario, puerta, quien)
        assert enlace_sin_municipio.get(url(puerta, "inspect", objeto)).status_code == 404


def test_los_intentos_se_filtran_por_tipo_de_participante(escenario, coordinador, enlace):
    del escenario
    estatal = {"tipo": TipoParticipante.SERVIDOR_ESTATAL}
    assert nombres_exportados(coordinador, "intentos", **estatal) == [BETO, BETO]
    municipal = {"tipo": TipoParticipante.SERVIDOR_MUNICIPAL}
    assert nombres_exportados(coordinador, "intentos", **municipal) == [ANA]
    assert nombres_exportados(enlace, "intentos", **estatal) == []
    # An unknown type is an invalid filter, not an error page.
    assert coordinador.get(url("intentos"), {"tipo": "astronauta"}).status_code == 200


# --- Quiz reports -------------------------------------------------------------------------


def reporte(nombre, *args) -> str:
    return reverse(f"evaluaciones_reportes:{nombre}", args=args)


@pytest.mark.parametrize("formato", ["csv", "xlsx"])
def test_resultados_por_evaluacion_cuentan_solo_sus_intentos(
    escenario, enlace, coordinador, formato
):
    del escenario
    (fila,) = exportar(enlace, reporte("resultados"), formato)
    assert (int(fila["Intentos entregados"]), int(fila["Participantes"])) == (1, 1)
    (fila,) = exportar(coordinador, reporte("resultados"), formato)
    assert (int(fila["Intentos entregados"]), int(fila["Participantes"])) == (3, 2)


def test_los_reportes_ofrecen_solo_su_municipio(escenario, enlace, coordinador):
    toluca = escenario["toluca"]
    for direccion in (
        reporte("resultados"),
        reporte("detalle", escenario["evaluacion"].pk),
        reporte("intentos"),
    ):
        assert opciones(texto(enlace.get(direccion))) == {toluca.pk}
        assert len(opciones(texto(coordinador.get(direccion)))) == 125


def test_el_detalle_de_una_evaluacion_cuenta_solo_sus_intentos(escenario, enlace, coordinador):
    direccion = reporte("detalle", escenario["evaluacion"].pk)
    assert [int(f["Veces planteada"]) for f in exportar(enlace, direccion, "csv")] == [1, 1]
    assert [int(f["Veces planteada"]) for f in exportar(coordinador, direccion, "xlsx")] == [3, 3]
    # Even choosing Ecatepec by hand: the filter is refused, the rows stay Toluca's.
    filas = exportar(enlace, direccion, "csv", municipio=escenario["ecatepec"].pk)
    assert [int(f["Veces planteada"]) for f in filas] == [1, 1]


@pytest.mark.parametrize("formato", ["csv", "xlsx"])
def test_intentos_por_participante_solo_lista_los_suyos(escenario, enlace, coordinador, formato):
    del escenario
    assert [f["Nombre"] for f in exportar(enlace, reporte("intentos"), formato)] == [ANA]
    nombres = sorted(f["Nombre"] for f in exportar(coordinador, reporte("intentos"), formato))
    assert nombres == [ANA, BETO, BETO]
    assert BETO not in texto(enlace.get(reporte("intentos"), {"q": "Ecatepense"}))
    assert ANA in texto(enlace.get(reporte("intentos")))


def test_los_reportes_se_filtran_por_tipo_de_participante(escenario, coordinador):
    estatal = {"tipo": TipoParticipante.SERVIDOR_ESTATAL}
    (fila,) = exportar(coordinador, reporte("resultados"), "csv", **estatal)
    assert (fila["Intentos entregados"], fila["Participantes"]) == ("2", "1")
    filas = exportar(coordinador, reporte("detalle", escenario["evaluacion"].pk), "csv", **estatal)
    assert [f["Veces planteada"] for f in filas] == ["2", "2"]
    municipal = {"tipo": TipoParticipante.SERVIDOR_MUNICIPAL}
    filas = exportar(coordinador, reporte("intentos"), "csv", **municipal)
    assert [f["Nombre"] for f in filas] == [ANA]
    # The link from a quiz to its detail keeps the participant type chosen.
    html = texto(coordinador.get(reporte("resultados"), estatal))
    assert re.search(r"/reportes/evaluaciones/\d+/\?[^\"]*tipo=servidor_estatal", html)
    assert coordinador.get(reporte("resultados"), {"tipo": "astronauta"}).status_code == 200


def test_un_enlace_sin_municipio_no_ve_reportes_con_datos(escenario, enlace_sin_municipio):
    assert exportar(enlace_sin_municipio, reporte("resultados"), "csv") == []
    assert exportar(enlace_sin_municipio, reporte("intentos"), "csv") == []
    detalle = exportar(enlace_sin_municipio, reporte("detalle", escenario["evaluacion"].pk), "csv")
    assert detalle == []


# --- Certificates: PDF, ZIP, bulk ZIP, revocation, re-issue -------------------------------


def en_zip(certificado) -> str:
    return f"{certificado.folio}.pdf"


def test_el_pdf_de_otro_municipio_es_404(escenario, enlace, coordinador):
    propio = enlace.get(url("certificados", "pdf", escenario["cert_ana"]))
    assert propio.status_code == 200 and propio["Content-Type"] == "application/pdf"
    assert enlace.get(url("certificados", "pdf", escenario["cert_beto"])).status_code == 404
    ajeno = coordinador.get(url("certificados", "pdf", escenario["cert_beto"]))
    assert ajeno.status_code == 200


def test_el_zip_solo_lleva_sus_certificados(escenario, enlace, coordinador, enlace_sin_municipio):
    ana, beto = escenario["cert_ana"], escenario["cert_beto"]
    assert miembros_zip(enlace.get(url("certificados", "zip"))) == {en_zip(ana)}
    assert miembros_zip(coordinador.get(url("certificados", "zip"))) == {en_zip(ana), en_zip(beto)}
    assert miembros_zip(enlace.get(url("certificados", "zip"), {"q": "Toluqueña"})) == {en_zip(ana)}
    # Searching for the other municipality's holder leaves nothing to download.
    respuesta = enlace.get(url("certificados", "zip"), {"q": "Ecatepense"})
    assert respuesta.status_code == 302
    assert any("No hay certificados" in m for m in mensajes(respuesta))
    # Asking for Ecatepec in the filter: refused, no ZIP.
    respuesta = enlace.get(url("certificados", "zip"), {"municipio": escenario["ecatepec"].pk})
    assert respuesta.status_code == 302
    assert respuesta["Content-Type"] != "application/zip"
    respuesta = enlace_sin_municipio.get(url("certificados", "zip"))
    assert respuesta.status_code == 302
    assert any("No hay certificados" in m for m in mensajes(respuesta))


def test_la_accion_en_bloque_ignora_los_de_otro_municipio(escenario, enlace, coordinador):
    ana, beto = escenario["cert_ana"], escenario["cert_beto"]
    accion = reverse(BULK_ZIP, args=["certificados", "certificado", "descargar-zip"])
    siguiente = url("certificados")
    ambos = {"id": [ana.pk, beto.pk], "next": siguiente}
    assert miembros_zip(enlace.get(accion, ambos)) == {en_zip(ana)}
    assert miembros_zip(coordinador.get(accion, ambos)) == {en_zip(ana), en_zip(beto)}
    respuesta = enlace.get(accion, {"id": [beto.pk], "next": siguiente})
    assert respuesta.status_code == 302 and respuesta["Location"] == siguiente
    assert any("No hay certificados" in m for m in mensajes(respuesta))
    # «Select all» goes to the filtered ZIP, which is narrowed the same way.
    respuesta = enlace.get(accion, {"id": "all", "next": siguiente}, follow=True)
    assert miembros_zip(respuesta) == {en_zip(ana)}


def test_un_enlace_no_puede_revocar_ni_reemitir(escenario, enlace):
    for vista in ("revocar", "reemitir"):
        for certificado in (escenario["cert_ana"], escenario["cert_beto"]):
            direccion = url("certificados", vista, certificado)
            assert enlace.get(direccion).status_code == 403
            assert enlace.post(direccion, {"motivo": "Sin permiso."}).status_code == 403
    assert Certificado.objects.filter(estado=EstadoCertificado.VALIDO).count() == 2


def test_con_permiso_de_revocar_otro_municipio_sigue_siendo_404(escenario, enlace_toluca):
    enlace_toluca.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="certificados", codename="revocar_certificado"
        )
    )
    cliente = cliente_de(enlace_toluca)
    beto = escenario["cert_beto"]
    for vista in ("revocar", "reemitir"):
        assert cliente.get(url("certificados", vista, beto)).status_code == 404
    respuesta = cliente.post(url("certificados", "revocar", beto), {"motivo": "Ajeno."})
    assert respuesta.status_code == 404
    beto.refresh_from_db()
    assert beto.estado == EstadoCertificado.VALIDO
    # Their own municipality's certificate they may revoke.
    assert cliente.get(url("certificados", "revocar", escenario["cert_ana"])).status_code == 200


def test_coordinacion_ve_todo_y_revoca(escenario, coordinador):
    beto = escenario["cert_beto"]
    formulario = coordinador.get(url("certificados", "revocar", beto))
    assert formulario.status_code == 200 and beto.folio in formulario.text
    respuesta = coordinador.post(url("certificados", "revocar", beto), {"motivo": "Duplicado."})
    assert respuesta.status_code == 302
    beto.refresh_from_db()
    assert beto.estado == EstadoCertificado.REVOCADO
    assert coordinador.get(url("certificados", "reemitir", beto)).status_code == 200


# --- Choosers -----------------------------------------------------------------------------


def selectores_de_registros() -> dict:
    """The admin's choosers (Wagtail's generic or a snippet's) of these four models."""
    from wagtail.admin.viewsets import viewsets
    from wagtail.admin.viewsets.chooser import ChooserViewSet

    modelos = {"participante", "inscripcion", "intento", "certificado"}
    encontrados = {}
    for viewset in viewsets.viewsets:
        for candidato in [viewset, getattr(viewset, "chooser_viewset", None)]:
            if isinstance(candidato, ChooserViewSet):
                modelo = candidato.model
                if isinstance(modelo, str):  # "app_label.Model", resolved lazily
                    modelo = apps.get_model(modelo)
                if modelo._meta.model_name in modelos:
                    encontrados[modelo._meta.model_name] = candidato
    return encontrados


def test_solo_hay_un_selector_de_participantes():
    """Enrolments, attempts and certificates have no chooser; participants have the one the
    ambassadors' designation uses. A new chooser must be narrowed and tested here too."""
    assert set(selectores_de_registros()) == {"participante"}


def test_el_selector_de_participantes_respeta_el_alcance(escenario, enlace_toluca, coordinador):
    selector = selectores_de_registros()["participante"]
    choose, results = selector.get_url_name("choose"), selector.get_url_name("choose_results")
    ana, beto = escenario["ana"].participante, escenario["beto"].participante

    def elegido(cliente, participante):
        return cliente.get(reverse(selector.get_url_name("chosen"), args=[participante.pk]))

    # A liaison does not designate ambassadors: no chooser at all.
    assert cliente_de(enlace_toluca).get(reverse(choose)).status_code == 403
    # Even given that permission, they choose among their municipality's people only.
    enlace_toluca.user_permissions.add(
        Permission.objects.get(content_type__app_label="red", codename="add_embajador")
    )
    enlace = cliente_de(enlace_toluca)
    html = modal(enlace.get(reverse(choose)))
    assert ANA in html and BETO not in html
    assert BETO not in modal(enlace.get(reverse(results), {"q": "Ecatepense"}))
    assert ANA in modal(enlace.get(reverse(results), {"q": "Toluqueña"}))
    assert elegido(enlace, ana).status_code == 200
    assert elegido(enlace, beto).status_code == 404
    html = modal(coordinador.get(reverse(choose)))
    assert ANA in html and BETO in html
    assert elegido(coordinador, beto).status_code == 200


# --- Queries: the scope costs at most one more query, whatever the rows -------------------


def poblar(n, *, curso, modulo, evaluacion, municipio, inicio=0):
    """``n`` learners of ``municipio``, each with an enrolment, an attempt and a certificate
    (issued through the service; its PDF, a background task, is not rendered)."""
    for i in range(inicio, inicio + n):
        usuario = factories.participante(nombre_completo=f"Persona {i}", municipio=municipio)
        intento_entregado(usuario, evaluacion, entregado_en=FEBRERO)
        emitir(usuario, curso=curso, modulo=modulo)


# The scope (groups; a liaison: plus their municipalities), count, rows, the filters'
# choices, the sidebar, and the access log's entry (cursos.acceso: its insert and the checks
# of its content type and user); the session, the user and its permissions come from the
# cache once warm (inicio/usuarios.py). Pinned for 1 row and 10.
CONSULTAS = {
    "participantes": (11, 12),
    "inscripciones": (12, 13),
    "intentos": (13, 14),
    "certificados": (12, 13),
}


@pytest.mark.parametrize("puerta", PUERTAS)
def test_el_alcance_cuesta_a_lo_mas_una_consulta(
    catalogo, toluca, enlace_toluca, coordinacion, django_assert_num_queries, puerta
):
    curso, (modulo,) = factories.curso_con_modulos(1, catalogo=catalogo)
    evaluacion = factories.evaluacion(curso, n_preguntas=1)
    datos = {"curso": curso, "modulo": modulo, "evaluacion": evaluacion, "municipio": toluca}
    poblar(1, **datos)
    clientes = {"coordinacion": cliente_de(coordinacion), "enlace": cliente_de(enlace_toluca)}
    for cliente in clientes.values():
        texto(cliente.get(url(puerta)))  # warm caches (site, content types)
    coordinacion_consultas, enlace_consultas = CONSULTAS[puerta]
    for filas in (1, 10):
        if filas == 10:
            poblar(9, inicio=1, **datos)
        for quien, esperadas in (
            ("coordinacion", coordinacion_consultas),
            ("enlace", enlace_consultas),
        ):
            with django_assert_num_queries(esperadas):
                html = texto(clientes[quien].get(url(puerta)))
            assert html.count("Persona ") >= filas, (quien, filas)
    assert enlace_consultas - coordinacion_consultas <= 1
