"""The Red's admin reports: rows, filters, exports read back, liaison scope, access, queries.

The scenario, worked out by hand (course «Agua y clima» has 2 modules; «Movilidad» 1 module
and a quiz):

    ana   Toluca    servidor municipal  registered 4 Mar 2025 10:30 (local)
          Agua: completed, certificate issued now
    beto  Toluca    embajador           Agua: 1 of 2 modules; active ambassador of Toluca
    carla Ecatepec  servidor estatal    registered 10 Feb 2025; Agua: completed and certified
          10 Feb 2025 12:30 (local); Movilidad: one quiz attempt, no module
    dora  Ecatepec  público general     Agua: enrolled 15 Jun 2024, nothing done

    Funnel «Agua y clima»: 4 enrolled → 3 started (75.0 %) → 2 completed (50.0 %) →
    2 certified (50.0 %). «Movilidad»: 1 → 1 (100.0 %, by the attempt) → 0 → 0.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from datetime import UTC, datetime

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificados import services as certificados_services
from certificados.codigos import codigo_generar
from certificados.models import Certificado
from cursos import services as cursos_services
from cursos.editorial import grupo_editorial_asegurar
from cursos.models import Inscripcion, ModuloCompletado, Municipio, Participante
from tests import factories
from tests.evaluaciones.registros import intento_entregado

pytestmark = pytest.mark.django_db

REGISTRO_ANA = datetime(2025, 3, 4, 16, 30, tzinfo=UTC)  # 10:30 in Mexico City
REGISTRO_CARLA = datetime(2025, 2, 10, 15, 0, tzinfo=UTC)
EMISION_CARLA = datetime(2025, 2, 10, 18, 30, tzinfo=UTC)  # 12:30 in Mexico City
INSCRIPCION_DORA = datetime(2024, 6, 15, 17, 0, tzinfo=UTC)

REPORTES = ["participantes", "embudo", "certificados", "municipios"]


def contenido(respuesta) -> bytes:
    if respuesta.streaming:
        return b"".join(respuesta.streaming_content)
    return respuesta.content


def filas_csv(respuesta) -> list[dict]:
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(contenido(respuesta).decode())))


def filas_xlsx(respuesta) -> list[dict]:
    assert respuesta.status_code == 200
    libro = openpyxl.load_workbook(io.BytesIO(contenido(respuesta)))
    hoja = libro.active
    encabezados, *filas = list(hoja.iter_rows(values_only=True))
    return [dict(zip(encabezados, fila, strict=True)) for fila in filas]


def url(nombre: str, *args) -> str:
    return reverse(f"red_reportes:{nombre}", args=args)


def certificado_emitido_el(usuario, curso, emitido_en, *, numero: int) -> Certificado:
    """A valid certificate issued at ``emitido_en`` (in the past), written straight to the
    table: the service always stamps «now», and a certificate's identity cannot be moved
    afterwards. Only what the reports read is filled in."""
    participante = usuario.participante
    anio = timezone.localtime(emitido_en).year
    return Certificado.objects.create(
        usuario=usuario,
        curso=curso,
        anio=anio,
        numero=numero,
        folio=f"PRUEBA-{anio}-{numero:06d}",
        codigo=codigo_generar(),
        datos={
            "titular": {
                "nombre": participante.nombre_completo,
                "municipio": participante.municipio.nombre,
            }
        },
        credencial={},
        kid="prueba",
        emitido_en=emitido_en,
    )


def completar_el(usuario, curso, modulos, cuando) -> Inscripcion:
    """An enrolment whose modules and course were completed at ``cuando``, written straight
    to the tables (no certificate: the test decides when it was issued)."""
    inscripcion, _ = cursos_services.inscripcion_crear(usuario=usuario, curso=curso)
    ModuloCompletado.objects.bulk_create(
        [ModuloCompletado(inscripcion=inscripcion, modulo=m, completado_en=cuando) for m in modulos]
    )
    Inscripcion.objects.filter(pk=inscripcion.pk).update(completado_en=cuando)
    return inscripcion


@pytest.fixture
def escenario(catalogo, completar, designar, toluca, ecatepec):
    agua, modulos_agua = factories.curso_con_modulos(2, catalogo=catalogo, title="Agua y clima")
    movilidad, _ = factories.curso_con_modulos(1, catalogo=catalogo, title="Movilidad")
    quiz = factories.evaluacion(movilidad, n_preguntas=2, titulo="Evaluación de movilidad")

    ana = factories.participante(nombre_completo="Ana López", municipio=toluca)
    beto = factories.participante(
        nombre_completo="Beto Ruiz", municipio=toluca, tipo="embajador", cargo="=Director"
    )
    carla = factories.participante(
        nombre_completo="Carla Soto", municipio=ecatepec, tipo="servidor_estatal"
    )
    dora = factories.participante(
        nombre_completo="Dora Pérez", municipio=ecatepec, tipo="publico_general"
    )

    completar(ana, agua, modulos_agua)
    cursos_services.inscripcion_crear(usuario=beto, curso=agua)
    cursos_services.modulo_completar(usuario=beto, modulo=modulos_agua[0])
    # Carla completed «Agua» in February 2025 and got her certificate then: her records are
    # written with those dates (the services stamp «now»).
    completar_el(carla, agua, modulos_agua, EMISION_CARLA)
    certificado_emitido_el(carla, agua, EMISION_CARLA, numero=900001)
    intento_entregado(carla, quiz, [True, False])
    cursos_services.inscripcion_crear(usuario=dora, curso=agua)

    Participante.objects.filter(usuario=ana).update(creado_en=REGISTRO_ANA)
    Participante.objects.filter(usuario=carla).update(creado_en=REGISTRO_CARLA)
    Inscripcion.objects.filter(usuario=dora).update(inscrito_en=INSCRIPCION_DORA)
    designar(beto, toluca)

    class E:
        pass

    e = E()
    e.agua, e.movilidad, e.toluca, e.ecatepec = agua, movilidad, toluca, ecatepec
    e.ana, e.beto, e.carla, e.dora = ana, beto, carla, dora
    return e


def nombres(respuesta, *posibles) -> set[str]:
    texto = respuesta.content.decode()
    return {n for n in posibles if n in texto}


TODOS = ("Ana López", "Beto Ruiz", "Carla Soto", "Dora Pérez")


# --- Participants ---------------------------------------------------------------------------


def test_participantes_filas_y_cifras(cliente_coordinacion, escenario):
    respuesta = cliente_coordinacion.get(url("participantes"))
    assert respuesta.status_code == 200
    assert nombres(respuesta, *TODOS) == set(TODOS)
    filas = {
        f["Nombre"]: f
        for f in filas_csv(cliente_coordinacion.get(url("participantes"), {"export": "csv"}))
    }
    assert (filas["Ana López"]["Cursos inscritos"], filas["Ana López"]["Cursos completados"]) == (
        "1",
        "1",
    )
    assert filas["Ana López"]["Certificados vigentes"] == "1"
    assert (
        filas["Carla Soto"]["Cursos inscritos"],
        filas["Carla Soto"]["Certificados vigentes"],
    ) == ("2", "1")
    assert (filas["Dora Pérez"]["Cursos inscritos"], filas["Dora Pérez"]["Cursos completados"]) == (
        "1",
        "0",
    )
    assert filas["Beto Ruiz"]["Tipo de participante"] == "Embajador(a) climático(a)"
    assert filas["Dora Pérez"]["Municipio"] == "Ecatepec de Morelos"
    # Dora's only activity is her enrolment of June 2024 (11:00 in Mexico City).
    assert (
        filas["Dora Pérez"]["Última actividad (hora del centro de México)"] == "2024-06-15 11:00:00"
    )


def test_participantes_enlazan_al_expediente(cliente_coordinacion, escenario):
    respuesta = cliente_coordinacion.get(url("participantes"))
    destino = reverse("red_expediente:detalle", args=[escenario.ana.participante.pk])
    assert f'href="{destino}"' in respuesta.content.decode()


@pytest.mark.parametrize(
    ("consulta", "esperados"),
    [
        (lambda e: {"municipio": e.ecatepec.pk}, {"Carla Soto", "Dora Pérez"}),
        (lambda e: {"curso": e.movilidad.pk}, {"Carla Soto"}),
        (lambda e: {"tipo": "embajador"}, {"Beto Ruiz"}),
        (
            lambda e: {"fechas_from": "2025-01-01", "fechas_to": "2025-12-31"},
            {"Ana López", "Carla Soto"},
        ),
        (lambda e: {"fechas_from": "2025-03-04", "fechas_to": "2025-03-04"}, {"Ana López"}),
        (lambda e: {"q": "carla"}, {"Carla Soto"}),
        (lambda e: {"q": e.beto.email}, {"Beto Ruiz"}),
    ],
)
def test_participantes_filtros(cliente_coordinacion, escenario, consulta, esperados):
    datos = consulta(escenario)
    assert nombres(cliente_coordinacion.get(url("participantes"), datos), *TODOS) == esperados
    exportados = filas_csv(
        cliente_coordinacion.get(url("participantes"), {**datos, "export": "csv"})
    )
    assert {f["Nombre"] for f in exportados} == esperados


def test_participantes_exportan_hora_local_csv_y_xlsx(cliente_coordinacion, escenario):
    csv_ana = next(
        f
        for f in filas_csv(cliente_coordinacion.get(url("participantes"), {"export": "csv"}))
        if f["Nombre"] == "Ana López"
    )
    assert csv_ana["Registrado el (hora del centro de México)"] == "2025-03-04 10:30:00"
    assert csv_ana["Correo"] == escenario.ana.email
    xlsx = filas_xlsx(cliente_coordinacion.get(url("participantes"), {"export": "xlsx"}))
    assert [f["Nombre"] for f in xlsx] == sorted(TODOS)
    xlsx_ana = xlsx[0]
    assert xlsx_ana["Registrado el (hora del centro de México)"] == datetime(2025, 3, 4, 10, 30)
    assert xlsx_ana["Cursos completados"] == 1


def test_exportacion_csv_no_deja_formulas(cliente_coordinacion, escenario):
    filas = filas_csv(cliente_coordinacion.get(url("participantes"), {"export": "csv"}))
    beto = next(f for f in filas if f["Nombre"] == "Beto Ruiz")
    assert beto["Cargo"] == "'=Director"


# --- Funnel ---------------------------------------------------------------------------------


def test_embudo_cuenta_y_tasas(cliente_coordinacion, escenario):
    respuesta = cliente_coordinacion.get(url("embudo"))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "75.0 %" in html and "50.0 %" in html
    assert 'aria-hidden="true"' in html  # the bars are decoration; the figures are text
    filas = {
        f["Curso"]: f for f in filas_csv(cliente_coordinacion.get(url("embudo"), {"export": "csv"}))
    }
    agua = filas["Agua y clima"]
    assert [agua[k] for k in ("Inscritos", "Iniciaron", "Completaron", "Con certificado")] == [
        "4",
        "3",
        "2",
        "2",
    ]
    assert [
        agua[k]
        for k in (
            "Iniciaron (% de inscritos)",
            "Completaron (% de inscritos)",
            "Con certificado (% de inscritos)",
        )
    ] == ["75.0", "50.0", "50.0"]
    movilidad = filas["Movilidad"]
    assert [movilidad[k] for k in ("Inscritos", "Iniciaron", "Completaron", "Con certificado")] == [
        "1",
        "1",
        "0",
        "0",
    ]
    assert movilidad["Iniciaron (% de inscritos)"] == "100.0"


def test_embudo_sin_inscritos_no_divide_entre_cero(cliente_coordinacion, escenario, catalogo):
    factories.curso_con_modulos(1, catalogo=catalogo, title="Energía")
    filas = {
        f["Curso"]: f for f in filas_csv(cliente_coordinacion.get(url("embudo"), {"export": "csv"}))
    }
    assert filas["Energía"]["Inscritos"] == "0"
    assert filas["Energía"]["Iniciaron (% de inscritos)"] == ""
    assert "—" in cliente_coordinacion.get(url("embudo")).content.decode()


@pytest.mark.parametrize(
    ("consulta", "agua"),
    [
        (lambda e: {"municipio": e.toluca.pk}, ["2", "2", "1", "1"]),
        (lambda e: {"tipo": "publico_general"}, ["1", "0", "0", "0"]),
        (
            lambda e: {"fechas_from": "2024-06-01", "fechas_to": "2024-06-30"},
            ["1", "0", "0", "0"],
        ),
        (lambda e: {"curso": e.agua.pk}, ["4", "3", "2", "2"]),
    ],
)
def test_embudo_filtros(cliente_coordinacion, escenario, consulta, agua):
    filas = filas_csv(
        cliente_coordinacion.get(url("embudo"), {**consulta(escenario), "export": "csv"})
    )
    por_curso = {f["Curso"]: f for f in filas}
    fila = por_curso["Agua y clima"]
    assert [fila[k] for k in ("Inscritos", "Iniciaron", "Completaron", "Con certificado")] == agua
    if "curso" in consulta(escenario):
        assert list(por_curso) == ["Agua y clima"]


def test_embudo_xlsx(cliente_coordinacion, escenario):
    filas = {
        f["Curso"]: f
        for f in filas_xlsx(cliente_coordinacion.get(url("embudo"), {"export": "xlsx"}))
    }
    assert filas["Agua y clima"]["Inscritos"] == 4
    assert float(filas["Agua y clima"]["Completaron (% de inscritos)"]) == 50.0


# --- Certificates ---------------------------------------------------------------------------


def test_certificados_filas_y_enlace_al_detalle(cliente_coordinacion, escenario):
    respuesta = cliente_coordinacion.get(url("certificados"))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    for certificado in Certificado.objects.all():
        assert certificado.folio in html
        assert reverse("certificados_emitidos:inspect", args=[certificado.pk]) in html
    filas = {
        f["Titular"]: f
        for f in filas_csv(cliente_coordinacion.get(url("certificados"), {"export": "csv"}))
    }
    assert set(filas) == {"Ana López", "Carla Soto"}
    carla = filas["Carla Soto"]
    assert carla["Emitido el (hora del centro de México)"] == "2025-02-10 12:30:00"
    assert (carla["Municipio"], carla["Curso"], carla["Estado"]) == (
        "Ecatepec de Morelos",
        "Agua y clima",
        "Válido",
    )
    xlsx = {
        f["Titular"]: f
        for f in filas_xlsx(cliente_coordinacion.get(url("certificados"), {"export": "xlsx"}))
    }
    assert xlsx["Carla Soto"]["Emitido el (hora del centro de México)"] == datetime(
        2025, 2, 10, 12, 30
    )


def test_certificados_muestran_revocados_y_reemplazados(cliente_coordinacion, escenario):
    certificado = Certificado.objects.get(usuario=escenario.ana)
    certificados_services.certificado_revocar(certificado=certificado, motivo="Nombre mal escrito")
    filas = filas_csv(cliente_coordinacion.get(url("certificados"), {"export": "csv"}))
    assert {f["Titular"]: f["Estado"] for f in filas}["Ana López"] == "Revocado"


@pytest.mark.parametrize(
    ("consulta", "esperados"),
    [
        (lambda e: {"municipio": e.toluca.pk}, {"Ana López"}),
        (lambda e: {"tipo": "servidor_estatal"}, {"Carla Soto"}),
        (lambda e: {"curso": e.movilidad.pk}, set()),
        (lambda e: {"fechas_from": "2025-02-10", "fechas_to": "2025-02-10"}, {"Carla Soto"}),
        (lambda e: {"q": "ana"}, {"Ana López"}),
    ],
)
def test_certificados_filtros(cliente_coordinacion, escenario, consulta, esperados):
    filas = filas_csv(
        cliente_coordinacion.get(url("certificados"), {**consulta(escenario), "export": "csv"})
    )
    assert {f["Titular"] for f in filas} == esperados


# --- Municipalities -------------------------------------------------------------------------


def test_municipios_todos_los_125(cliente_coordinacion, escenario):
    respuesta = cliente_coordinacion.get(url("municipios"))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert url("municipio", escenario.toluca.pk) in html
    assert "Acambay de Ruíz Castañeda" in html
    filas = filas_csv(cliente_coordinacion.get(url("municipios"), {"export": "csv"}))
    assert len(filas) == 125
    por_clave = {f["Clave INEGI"]: f for f in filas}
    toluca, ecatepec = por_clave["15106"], por_clave["15033"]
    campos = (
        "Participantes",
        "Personas capacitadas",
        "Cursos completados",
        "Embajadores activos",
        "Integrado a la Red",
    )
    assert [toluca[c] for c in campos] == ["2", "1", "1", "1", "Sí"]
    assert [ecatepec[c] for c in campos] == ["2", "1", "1", "0", "No"]
    assert por_clave["15001"]["Participantes"] == "0"
    assert por_clave["15001"]["Última actividad (hora del centro de México)"] == ""
    xlsx = filas_xlsx(cliente_coordinacion.get(url("municipios"), {"export": "xlsx"}))
    assert len(xlsx) == 125
    assert isinstance(
        {f["Clave INEGI"]: f for f in xlsx}["15033"][
            "Última actividad (hora del centro de México)"
        ],
        datetime,
    )


@pytest.mark.parametrize(
    ("consulta", "en_toluca", "en_ecatepec"),
    [
        (lambda e: {"tipo": "embajador"}, ["1", "0", "0"], ["0", "0", "0"]),
        (lambda e: {"curso": e.movilidad.pk}, ["0", "0", "0"], ["1", "0", "0"]),
        (
            lambda e: {"fechas_from": "2025-02-01", "fechas_to": "2025-02-28"},
            ["0", "0", "0"],
            ["1", "1", "1"],
        ),
    ],
)
def test_municipios_filtros(cliente_coordinacion, escenario, consulta, en_toluca, en_ecatepec):
    filas = filas_csv(
        cliente_coordinacion.get(url("municipios"), {**consulta(escenario), "export": "csv"})
    )
    por_clave = {f["Clave INEGI"]: f for f in filas}
    campos = ("Participantes", "Personas capacitadas", "Cursos completados")
    assert [por_clave["15106"][c] for c in campos] == en_toluca
    assert [por_clave["15033"][c] for c in campos] == en_ecatepec


def test_municipios_filtro_de_municipio(cliente_coordinacion, escenario):
    filas = filas_csv(
        cliente_coordinacion.get(
            url("municipios"), {"municipio": escenario.ecatepec.pk, "export": "csv"}
        )
    )
    assert [f["Clave INEGI"] for f in filas] == ["15033"]


def test_pagina_de_un_municipio(cliente_coordinacion, escenario):
    respuesta = cliente_coordinacion.get(url("municipio", escenario.toluca.pk))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Beto Ruiz" in html and "Director(a) de Medio Ambiente" in html
    assert f"{url('participantes')}?municipio={escenario.toluca.pk}" in html
    assert "Agua y clima" in html
    assert respuesta.context["fila"].participantes == 2
    assert [e.participante.nombre_completo for e in respuesta.context["embajadores"]] == [
        "Beto Ruiz"
    ]
    ecatepec = cliente_coordinacion.get(url("municipio", escenario.ecatepec.pk))
    assert "aún no está integrado a la Red" in ecatepec.content.decode()


def test_municipio_que_no_existe_es_404(cliente_coordinacion, escenario):
    inexistente = Municipio.objects.order_by("-pk").first().pk + 1000
    assert cliente_coordinacion.get(url("municipio", inexistente)).status_code == 404


# --- Liaison scope --------------------------------------------------------------------------


def test_enlace_solo_ve_su_municipio_en_cada_reporte(cliente_enlace, escenario):
    participantes = cliente_enlace.get(url("participantes"))
    assert nombres(participantes, *TODOS) == {"Ana López", "Beto Ruiz"}
    exportados = filas_csv(cliente_enlace.get(url("participantes"), {"export": "csv"}))
    assert {f["Nombre"] for f in exportados} == {"Ana López", "Beto Ruiz"}
    assert {
        f["Nombre"]
        for f in filas_xlsx(cliente_enlace.get(url("participantes"), {"export": "xlsx"}))
    } == {"Ana López", "Beto Ruiz"}

    certificados = filas_csv(cliente_enlace.get(url("certificados"), {"export": "csv"}))
    assert {f["Titular"] for f in certificados} == {"Ana López"}
    assert "Carla Soto" not in cliente_enlace.get(url("certificados")).content.decode()

    embudo = {
        f["Curso"]: f for f in filas_csv(cliente_enlace.get(url("embudo"), {"export": "csv"}))
    }
    assert embudo["Agua y clima"]["Inscritos"] == "2"
    assert embudo["Movilidad"]["Inscritos"] == "0"

    municipios = filas_csv(cliente_enlace.get(url("municipios"), {"export": "csv"}))
    assert [f["Clave INEGI"] for f in municipios] == ["15106"]
    assert "Ecatepec" not in cliente_enlace.get(url("municipios")).content.decode()


@pytest.mark.parametrize("reporte", REPORTES)
def test_enlace_solo_puede_elegir_sus_municipios(cliente_enlace, escenario, reporte):
    respuesta = cliente_enlace.get(url(reporte))
    opciones = respuesta.context["filters"].form.fields["municipio"].queryset
    assert list(opciones) == [escenario.toluca]
    # Asking for another municipality by hand does not widen the scope.
    otro = cliente_enlace.get(url(reporte), {"municipio": escenario.ecatepec.pk, "export": "csv"})
    texto = contenido(otro).decode()
    assert "Carla Soto" not in texto and "Ecatepec" not in texto and "Dora" not in texto


@pytest.mark.parametrize("reporte", REPORTES)
def test_resultados_parciales_tambien_acotados(cliente_enlace, escenario, reporte):
    """The fragment the filters reload (``…/resultados/``) answers with the same scope."""
    respuesta = cliente_enlace.get(url(f"{reporte}_results"), {"municipio": escenario.toluca.pk})
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Carla Soto" not in html and "Ecatepec" not in html


def test_enlace_recibe_404_en_otro_municipio(cliente_enlace, escenario):
    assert cliente_enlace.get(url("municipio", escenario.ecatepec.pk)).status_code == 404
    assert cliente_enlace.get(url("municipio", escenario.toluca.pk)).status_code == 200


# --- Access ---------------------------------------------------------------------------------


@pytest.fixture
def cliente_editora(client, catalogo):
    editora = factories.UsuarioFactory(username="editora")
    editora.groups.add(grupo_editorial_asegurar(catalogo=catalogo))
    client.force_login(editora)
    return client


@pytest.mark.parametrize("reporte", [*REPORTES, "municipio"])
def test_aprendiz_no_entra(cliente_aprendiz, toluca, reporte):
    args = [toluca.pk] if reporte == "municipio" else []
    respuesta = cliente_aprendiz.get(url(reporte, *args))
    assert respuesta.status_code == 302
    assert reverse("account_login") in respuesta["Location"]


@pytest.mark.parametrize("reporte", [*REPORTES, "municipio"])
def test_editora_no_entra(cliente_editora, toluca, reporte):
    """An editor reaches the admin but not the Red's figures: Wagtail turns the refusal
    (PermissionDenied) into a redirect to the dashboard with a message; nothing is exported."""
    args = [toluca.pk] if reporte == "municipio" else []
    for datos in ({}, {"export": "csv"}, {"export": "xlsx"}):
        respuesta = cliente_editora.get(url(reporte, *args), datos)
        assert respuesta.status_code == 302
        assert respuesta["Location"] == reverse("wagtailadmin_home")


def test_menu_de_reportes_solo_para_quien_puede_ver_cifras(cliente_editora, client, coordinacion):
    inicio = reverse("wagtailadmin_home")
    assert url("municipios") not in cliente_editora.get(inicio).content.decode()
    client.force_login(coordinacion)
    html = client.get(inicio).content.decode()
    for reporte in REPORTES:
        assert url(reporte) in html


def test_entradas_invalidas_no_rompen(cliente_coordinacion, escenario):
    for reporte in REPORTES:
        respuesta = cliente_coordinacion.get(
            url(reporte),
            {"fechas_from": "no-es-fecha", "municipio": "x", "p": "abc", "ordering": "zzz"},
        )
        assert respuesta.status_code == 200


# --- Query counts ---------------------------------------------------------------------------


NUMEROS = itertools.count(800000)


def mas_participantes(curso, modulos, municipio, n: int):
    """``n`` more people in ``municipio``, each enrolled, one module done, certified, written in
    bulk (the figures, not the services, are under test here)."""
    usuarios = [
        factories.participante(nombre_completo=f"Persona {i:02d}", municipio=municipio)
        for i in range(n)
    ]
    inscripciones = Inscripcion.objects.bulk_create(
        [Inscripcion(usuario=u, curso=curso, completado_en=timezone.now()) for u in usuarios]
    )
    ModuloCompletado.objects.bulk_create(
        [ModuloCompletado(inscripcion=i, modulo=modulos[0]) for i in inscripciones]
    )
    for i, usuario in enumerate(usuarios):
        certificado_emitido_el(
            usuario, curso, timezone.now() - dt.timedelta(days=i), numero=next(NUMEROS)
        )


def consultas(cliente, direccion, datos=None) -> int:
    """Queries of a request after a first one has warmed the caches (the signed-in user and
    its permissions, the site, the menu's catalogue), as on a running server."""
    contenido(cliente.get(direccion, datos or {}))
    with CaptureQueriesContext(connection) as capturadas:
        respuesta = cliente.get(direccion, datos or {})
        contenido(respuesta)
    assert respuesta.status_code == 200
    return len(capturadas)


# The reports with people's rows (participants, certificates, a municipality's ambassadors) also
# write the access log's entry (3 queries: cursos.acceso).
@pytest.mark.parametrize(
    ("reporte", "datos", "esperadas"),
    [
        ("participantes", {}, 12),
        ("participantes", {"export": "csv"}, 10),
        ("participantes", {"export": "xlsx"}, 10),
        ("embudo", {}, 11),
        ("embudo", {"export": "xlsx"}, 6),
        ("certificados", {}, 12),
        ("certificados", {"export": "csv"}, 6),
        ("municipios", {}, 12),
        ("municipios", {"export": "csv"}, 7),
        ("municipio", {}, 19),
    ],
)
def test_consultas_fijas_con_2_o_20_participantes(
    client, coordinacion, catalogo, toluca, reporte, datos, esperadas
):
    curso, modulos = factories.curso_con_modulos(2, catalogo=catalogo, title="Agua y clima")
    client.force_login(coordinacion)
    direccion = url(reporte, toluca.pk) if reporte == "municipio" else url(reporte)
    mas_participantes(curso, modulos, toluca, 2)
    con_dos = consultas(client, direccion, datos)
    mas_participantes(curso, modulos, toluca, 18)
    con_veinte = consultas(client, direccion, datos)
    assert (con_dos, con_veinte) == (esperadas, esperadas)


@pytest.mark.parametrize(
    ("reporte", "esperadas"),
    [
        ("participantes", 13),
        ("embudo", 12),
        ("certificados", 13),
        ("municipios", 13),
        ("municipio", 20),
    ],
)
def test_consultas_fijas_para_el_enlace(
    client, enlace_toluca, catalogo, toluca, reporte, esperadas
):
    """A liaison's scope costs one more query (their municipalities), whatever the data."""
    curso, modulos = factories.curso_con_modulos(2, catalogo=catalogo, title="Agua y clima")
    client.force_login(enlace_toluca)
    direccion = url(reporte, toluca.pk) if reporte == "municipio" else url(reporte)
    mas_participantes(curso, modulos, toluca, 2)
    con_dos = consultas(client, direccion)
    mas_participantes(curso, modulos, toluca, 18)
    con_veinte = consultas(client, direccion)
    assert (con_dos, con_veinte) == (esperadas, esperadas)
