"""The editors' reports on quizzes: right figures, filters that narrow them, exports, access.

The attempts are written straight to the database (``tests.evaluaciones.registros``) with
known answers, so every figure below can be worked out by hand:

Quiz «Evaluación de agua» (course «Agua y clima», 4 one-point questions, pass mark 70 %):

    ana   (Toluca)   attempt 1, January   ✗✗✗✗    0 %
    ana   (Toluca)   attempt 2, February  ✓✓✓✓  100 %  passed
    beto  (Toluca)   attempt 1, February  ✓✓✓✓  100 %  passed
    carla (Metepec)  attempt 1, February  ✓✓✓✗   75 %  passed
    dora  (Metepec)  attempt 1, February  ✗✓✗✗   25 %

    5 attempts, 4 learners, mean 60 %, median 75 %, 3 of 5 attempts passed (60 %),
    3 of 4 learners passed (75 %). Right answers per question: 1st 3/5, 2nd 4/5, 3rd 3/5,
    4th 2/5.

Quiz «Evaluación de movilidad» (another course, 2 questions): ana, 100 %. Beto has an attempt
in progress there, which no report counts.
"""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cursos.editorial import grupo_editorial_asegurar
from cursos.models import Municipio
from evaluaciones import estadisticas
from evaluaciones.models import Intento
from tests import factories
from tests.evaluaciones.registros import intento_en_curso, intento_entregado

pytestmark = pytest.mark.django_db

URL_RESULTADOS = "evaluaciones_reportes:resultados"
URL_INTENTOS = "evaluaciones_reportes:intentos"

ENERO = datetime(2025, 1, 20, 17, 0, tzinfo=UTC)
FEBRERO = datetime(2025, 2, 10, 18, 30, tzinfo=UTC)  # 12:30 in Mexico City


def url_detalle(evaluacion):
    return reverse("evaluaciones_reportes:detalle", args=[evaluacion.pk])


def contenido(respuesta) -> bytes:
    if respuesta.streaming:
        return b"".join(respuesta.streaming_content)
    return respuesta.content


def filas_csv(respuesta) -> list[dict]:
    return list(csv.DictReader(io.StringIO(contenido(respuesta).decode())))


@pytest.fixture
def escenario(catalogo):
    toluca = Municipio.objects.get(clave_inegi="15106")
    metepec = Municipio.objects.get(clave_inegi="15054")
    agua, _ = factories.curso_con_modulos(1, catalogo=catalogo, title="Agua y clima")
    movilidad, _ = factories.curso_con_modulos(1, catalogo=catalogo, title="Movilidad")
    preguntas = [factories.pregunta(f"Pregunta {i} sobre el agua") for i in range(1, 5)]
    evaluacion = factories.evaluacion(agua, preguntas=preguntas, titulo="Evaluación de agua")
    otra = factories.evaluacion(movilidad, n_preguntas=2, titulo="Evaluación de movilidad")

    ana = factories.participante(nombre_completo="Ana López", municipio=toluca)
    beto = factories.participante(nombre_completo="Beto Ruiz", municipio=toluca)
    carla = factories.participante(nombre_completo="Carla Díaz", municipio=metepec)
    dora = factories.participante(nombre_completo="Dora Sánchez", municipio=metepec)

    intento_entregado(ana, evaluacion, [False] * 4, numero=1, entregado_en=ENERO)
    intento_entregado(ana, evaluacion, [True] * 4, numero=2, entregado_en=FEBRERO)
    intento_entregado(beto, evaluacion, [True] * 4, entregado_en=FEBRERO)
    intento_entregado(carla, evaluacion, [True, True, True, False], entregado_en=FEBRERO)
    intento_entregado(dora, evaluacion, [False, True, False, False], entregado_en=FEBRERO)
    intento_entregado(ana, otra, entregado_en=FEBRERO)
    intento_en_curso(beto, otra)
    return {
        "evaluacion": evaluacion,
        "otra": otra,
        "agua": agua,
        "toluca": toluca,
        "preguntas": preguntas,
        "ana": ana,
    }


# --- The figures --------------------------------------------------------------------------


def test_resultados_por_evaluacion(escenario):
    resultados = estadisticas.resultados_por_evaluacion(estadisticas.intentos_finalizados())
    por_titulo = {r.titulo: r for r in resultados}
    agua = por_titulo["Evaluación de agua"]
    assert (agua.intentos, agua.participantes) == (5, 4)
    assert agua.promedio == Decimal("60.00")
    assert agua.mediana == Decimal("75.00")
    assert agua.tasa_aprobacion_intentos == Decimal("60.00")
    assert agua.tasa_aprobacion_participantes == Decimal("75.00")
    assert agua.curso == "Agua y clima"
    movilidad = por_titulo["Evaluación de movilidad"]
    assert (movilidad.intentos, movilidad.participantes) == (1, 1)  # the open attempt: not counted
    assert movilidad.mediana == Decimal("100.00")


def test_la_mediana_de_un_numero_par_de_intentos(escenario):
    intentos = estadisticas.intentos_finalizados().filter(
        evaluacion=escenario["evaluacion"], usuario__participante__municipio=escenario["toluca"]
    )
    (fila,) = estadisticas.resultados_por_evaluacion(intentos)
    # 0, 100, 100 → median 100; mean 66.67. Without January: 100, 100.
    assert (fila.promedio, fila.mediana) == (Decimal("66.67"), Decimal("100.00"))
    (fila,) = estadisticas.resultados_por_evaluacion(intentos.filter(entregado_en__gte=FEBRERO))
    assert (fila.intentos, fila.mediana, fila.participantes) == (2, Decimal("100.00"), 2)
    (fila,) = estadisticas.resultados_por_evaluacion(
        estadisticas.intentos_finalizados().filter(
            evaluacion=escenario["evaluacion"], porcentaje__in=[0, 25, 75, 100]
        )
    )
    assert fila.mediana == Decimal("75.00")


def test_resultados_por_pregunta_de_peor_a_mejor(escenario):
    filas = estadisticas.resultados_por_pregunta(
        estadisticas.intentos_finalizados().filter(evaluacion=escenario["evaluacion"])
    )
    p1, p2, p3, p4 = escenario["preguntas"]
    assert [(f.pregunta_id, f.veces, f.aciertos, f.porcentaje_aciertos) for f in filas] == [
        (p4.pk, 5, 2, Decimal("40.00")),
        (p1.pk, 5, 3, Decimal("60.00")),
        (p3.pk, 5, 3, Decimal("60.00")),
        (p2.pk, 5, 4, Decimal("80.00")),
    ]
    assert filas[0].enunciado == "Pregunta 4 sobre el agua"


def test_una_pregunta_editada_cuenta_como_se_planteo(escenario):
    """The label is the wording of the latest attempt; the bank id keeps the rows together."""
    evaluacion = escenario["evaluacion"]
    ultimo = Intento.objects.filter(evaluacion=evaluacion).latest("entregado_en", "pk")
    ultimo.preguntas[0]["enunciado"] = "Pregunta 1, redactada de nuevo"
    ultimo.save(update_fields=["preguntas"])
    filas = estadisticas.resultados_por_pregunta(
        estadisticas.intentos_finalizados().filter(evaluacion=evaluacion)
    )
    assert len(filas) == 4
    assert "Pregunta 1, redactada de nuevo" in {f.enunciado for f in filas}


def test_el_credito_parcial_no_cuenta_como_acierto(catalogo):
    curso, _ = factories.curso_con_modulos(1, catalogo=catalogo)
    multiple = factories.pregunta("Elige los gases", tipo="multiple", modo_multiple="parcial")
    evaluacion = factories.evaluacion(curso, preguntas=[multiple])
    intento = intento_entregado(factories.participante(), evaluacion)
    clave = intento.preguntas[0]["clave"]
    intento.resultado = {clave: {"obtenidos": "0.50", "puntos": "1.00"}}
    intento.save(update_fields=["resultado"])
    (fila,) = estadisticas.resultados_por_pregunta(Intento.objects.all())
    assert (fila.veces, fila.aciertos) == (1, 0)


def test_respuestas_como_texto(escenario):
    intento = Intento.objects.get(usuario__participante__nombre_completo="Dora Sánchez")
    assert estadisticas.respuestas_como_texto(intento).splitlines() == [
        "1. Pregunta 1 sobre el agua → Nitrógeno",
        "2. Pregunta 2 sobre el agua → Dióxido de carbono",
        "3. Pregunta 3 sobre el agua → Nitrógeno",
        "4. Pregunta 4 sobre el agua → Nitrógeno",
    ]
    intento.respuestas = {}
    assert estadisticas.respuestas_como_texto(intento).startswith(
        "1. Pregunta 1 sobre el agua → (sin respuesta)"
    )


# --- The report pages ---------------------------------------------------------------------


def test_el_reporte_de_resultados_en_el_admin(admin_client, escenario):
    respuesta = admin_client.get(reverse(URL_RESULTADOS))
    assert respuesta.status_code == 200
    html = respuesta.text
    for texto in ("Resultados por evaluación", "Evaluación de agua", "Agua y clima", "60 %"):
        assert texto in html
    assert url_detalle(escenario["evaluacion"]) in html
    # Sorting by a column works on the computed rows.
    ordenado = admin_client.get(reverse(URL_RESULTADOS), {"ordering": "-promedio"})
    titulos = [f.instance.titulo for f in ordenado.context["table"].rows]
    assert titulos == ["Evaluación de movilidad", "Evaluación de agua"]


def test_los_filtros_restringen_los_intentos_contados(admin_client, escenario):
    url = reverse(URL_RESULTADOS)

    def filas(**filtros):
        respuesta = admin_client.get(url, filtros)
        assert respuesta.status_code == 200
        return {f.instance.titulo: f.instance for f in respuesta.context["table"].rows}

    por_curso = filas(curso=escenario["agua"].pk)
    assert list(por_curso) == ["Evaluación de agua"]
    toluca = filas(municipio=escenario["toluca"].pk)["Evaluación de agua"]
    assert (toluca.intentos, toluca.participantes) == (3, 2)
    febrero = filas(entregado_en_from="2025-02-01", entregado_en_to="2025-02-28")
    assert febrero["Evaluación de agua"].intentos == 4
    assert febrero["Evaluación de agua"].promedio == Decimal("75.00")
    enero = filas(entregado_en_to="2025-01-31")
    assert list(enero) == ["Evaluación de agua"] and enero["Evaluación de agua"].intentos == 1


def test_el_detalle_por_pregunta(admin_client, escenario):
    evaluacion = escenario["evaluacion"]
    respuesta = admin_client.get(url_detalle(evaluacion))
    assert respuesta.status_code == 200
    html = respuesta.text
    assert "Resultados por pregunta" in html and "Evaluación de agua" in html
    # The worst question first, its share written as text beside an aria-hidden bar.
    assert html.index("Pregunta 4 sobre el agua") < html.index("Pregunta 2 sobre el agua")
    assert 'aria-hidden="true"' in html and "40 %" in html and "width: 40.00%" in html
    assert "evaluaciones/admin/reportes.css" in html

    toluca = admin_client.get(url_detalle(evaluacion), {"municipio": escenario["toluca"].pk})
    cifras = {f.instance.enunciado: f.instance.veces for f in toluca.context["table"].rows}
    assert set(cifras.values()) == {3}


def test_el_enlace_al_detalle_conserva_municipio_y_fechas(admin_client, escenario):
    respuesta = admin_client.get(
        reverse(URL_RESULTADOS),
        {"municipio": escenario["toluca"].pk, "entregado_en_from": "2025-02-01", "curso": ""},
    )
    esperado = (
        f"{url_detalle(escenario['evaluacion'])}?municipio={escenario['toluca'].pk}"
        "&amp;entregado_en_from=2025-02-01"
    )
    assert esperado in respuesta.text


def test_filtros_con_valores_invalidos_no_rompen_el_reporte(admin_client, escenario):
    for nombre in (URL_RESULTADOS, URL_INTENTOS):
        respuesta = admin_client.get(
            reverse(nombre), {"municipio": "abc", "entregado_en_from": "no es fecha"}
        )
        assert respuesta.status_code == 200


def test_el_detalle_de_una_evaluacion_inexistente_es_404(admin_client, escenario):
    assert (
        admin_client.get(reverse("evaluaciones_reportes:detalle", args=[999999])).status_code == 404
    )


def test_el_reporte_de_intentos_por_participante(admin_client, escenario):
    url = reverse(URL_INTENTOS)
    respuesta = admin_client.get(url)
    assert respuesta.status_code == 200
    filas = list(respuesta.context["table"].rows)
    assert len(filas) == 6  # the attempt in progress is left out
    html = respuesta.text
    assert "Dora Sánchez" in html and "Metepec" in html and "10/02/2025 12:30" in html

    por_evaluacion = admin_client.get(url, {"evaluacion": escenario["otra"].pk})
    assert [
        f.instance.usuario.participante.nombre_completo
        for f in por_evaluacion.context["table"].rows
    ] == ["Ana López"]
    metepec = admin_client.get(url, {"municipio": Municipio.objects.get(nombre="Metepec").pk})
    nombres = {
        f.instance.usuario.participante.nombre_completo for f in metepec.context["table"].rows
    }
    assert nombres == {"Carla Díaz", "Dora Sánchez"}
    buscada = admin_client.get(url, {"q": "beto"})
    assert {f.instance.usuario.email for f in buscada.context["table"].rows} == {
        Intento.objects.filter(usuario__participante__nombre_completo="Beto Ruiz")
        .first()
        .usuario.email
    }


# --- Exports ------------------------------------------------------------------------------


def test_exportar_resultados_en_csv(admin_client, escenario):
    respuesta = admin_client.get(
        reverse(URL_RESULTADOS), {"export": "csv", "curso": escenario["agua"].pk}
    )
    assert respuesta["Content-Type"].startswith("text/csv")
    assert "resultados-por-evaluacion.csv" in respuesta["Content-Disposition"]
    (fila,) = filas_csv(respuesta)
    assert fila == {
        "Curso": "Agua y clima",
        "Evaluación": "Evaluación de agua",
        "Módulo": "",
        "Intentos entregados": "5",
        "Participantes": "4",
        "Calificación promedio (%)": "60.00",
        "Mediana (%)": "75.00",
        "Intentos aprobados (%)": "60.00",
        "Participantes que aprobaron (%)": "75.00",
    }


def test_exportar_el_detalle_en_csv(admin_client, escenario):
    respuesta = admin_client.get(url_detalle(escenario["evaluacion"]), {"export": "csv"})
    filas = filas_csv(respuesta)
    assert [(f["Pregunta"], f["Veces planteada"], f["Aciertos (%)"]) for f in filas] == [
        ("Pregunta 4 sobre el agua", "5", "40.00"),
        ("Pregunta 1 sobre el agua", "5", "60.00"),
        ("Pregunta 3 sobre el agua", "5", "60.00"),
        ("Pregunta 2 sobre el agua", "5", "80.00"),
    ]


def test_exportar_intentos_en_csv_con_respuestas_y_hora_local(admin_client, escenario):
    respuesta = admin_client.get(
        reverse(URL_INTENTOS), {"export": "csv", "evaluacion": escenario["evaluacion"].pk}
    )
    filas = filas_csv(respuesta)
    assert list(filas[0]) == [
        "Nombre",
        "Correo",
        "Municipio",
        "Curso",
        "Evaluación",
        "Intento",
        "Entregado el (hora del centro de México)",
        "Calificación (%)",
        "Aprobado",
        "Respuestas",
    ]
    assert len(filas) == 5
    dora = next(f for f in filas if f["Nombre"] == "Dora Sánchez")
    assert dora["Municipio"] == "Metepec" and dora["Curso"] == "Agua y clima"
    assert dora["Entregado el (hora del centro de México)"] == "2025-02-10 12:30:00"
    assert (dora["Calificación (%)"], dora["Aprobado"], dora["Intento"]) == ("25.00", "No", "1")
    assert dora["Respuestas"].splitlines()[1] == "2. Pregunta 2 sobre el agua → Dióxido de carbono"
    ana_enero = next(f for f in filas if f["Nombre"] == "Ana López" and f["Intento"] == "1")
    assert ana_enero["Entregado el (hora del centro de México)"] == "2025-01-20 11:00:00"


def test_exportar_intentos_en_xlsx(admin_client, escenario):
    respuesta = admin_client.get(
        reverse(URL_INTENTOS), {"export": "xlsx", "municipio": escenario["toluca"].pk}
    )
    assert respuesta["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    datos = contenido(respuesta)
    assert datos[:2] == b"PK"
    hoja = openpyxl.load_workbook(io.BytesIO(datos)).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0][0] == "Nombre" and filas[0][-1] == "Respuestas"
    assert {f[0] for f in filas[1:]} == {"Ana López", "Beto Ruiz"}
    assert len(filas) == 1 + 4  # ana ×3 (two quizzes), beto ×1
    fechas = {f[6] for f in filas[1:]}
    assert datetime(2025, 2, 10, 12, 30) in fechas  # local wall-clock time, as a date cell


def test_exportar_resultados_en_xlsx(admin_client, escenario):
    respuesta = admin_client.get(reverse(URL_RESULTADOS), {"export": "xlsx"})
    hoja = openpyxl.load_workbook(io.BytesIO(contenido(respuesta))).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0][:2] == ("Curso", "Evaluación")
    assert ("Agua y clima", "Evaluación de agua") in {f[:2] for f in filas[1:]}


# --- Who may see them ---------------------------------------------------------------------


@pytest.fixture
def sin_permiso(client):
    """Someone who may enter the admin but not look at attempts."""
    usuario = factories.UsuarioFactory(username="sin-permiso")
    usuario.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(usuario)
    return client


@pytest.mark.parametrize(
    "url",
    [
        lambda e: reverse(URL_RESULTADOS),
        lambda e: url_detalle(e["evaluacion"]),
        lambda e: reverse(URL_INTENTOS),
        lambda e: reverse(URL_INTENTOS) + "?export=csv",
    ],
)
def test_sin_permiso_de_ver_intentos_no_hay_reportes(sin_permiso, escenario, url):
    respuesta = sin_permiso.get(url(escenario))
    assert respuesta.status_code == 302
    assert respuesta["Location"] == reverse("wagtailadmin_home")


def test_los_reportes_no_aparecen_en_el_menu_sin_permiso(sin_permiso, escenario):
    # The sidebar is JSON in the page: look for the items' names and addresses.
    menu = sin_permiso.get(reverse("wagtailadmin_home")).text
    assert '"name": "resultados-por-evaluacion"' not in menu
    assert reverse(URL_RESULTADOS) not in menu and reverse(URL_INTENTOS) not in menu


def test_fuera_del_admin_se_pide_iniciar_sesion(client, escenario):
    respuesta = client.get(reverse(URL_RESULTADOS))
    # The admin's sign-in is allauth's (with its second factor).
    assert respuesta.status_code == 302 and "/cuentas/login/" in respuesta["Location"]


def test_el_equipo_editorial_ve_los_reportes(client, catalogo, escenario):
    grupo = grupo_editorial_asegurar(catalogo=catalogo)
    editora = factories.UsuarioFactory(username="editora")
    editora.groups.add(grupo)
    client.force_login(editora)
    menu = client.get(reverse("wagtailadmin_home")).text
    assert '"name": "resultados-por-evaluacion"' in menu
    assert reverse(URL_RESULTADOS) in menu and reverse(URL_INTENTOS) in menu
    assert client.get(reverse(URL_RESULTADOS)).status_code == 200
    assert client.get(url_detalle(escenario["evaluacion"])).status_code == 200
    assert client.get(reverse(URL_INTENTOS)).status_code == 200


def test_quien_solo_tiene_view_intento_tambien(client, escenario):
    usuario = factories.UsuarioFactory(username="analista")
    grupo = Group.objects.create(name="Análisis")
    grupo.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="evaluaciones", codename="view_intento"),
    )
    usuario.groups.add(grupo)
    client.force_login(usuario)
    assert client.get(reverse(URL_RESULTADOS)).status_code == 200


# --- Constant cost ------------------------------------------------------------------------


def _consultas(client, url, parametros=None) -> int:
    with CaptureQueriesContext(connection) as consultas:
        respuesta = client.get(url, parametros or {})
        contenido(respuesta)  # a CSV streams: its queries run while it is read
    assert respuesta.status_code == 200
    return len(consultas)


@pytest.mark.parametrize(
    ("nombre", "parametros"),
    [
        (URL_RESULTADOS, None),
        (URL_RESULTADOS, {"export": "csv"}),
        ("detalle", None),
        ("detalle", {"export": "xlsx"}),
        (URL_INTENTOS, None),
        (URL_INTENTOS, {"export": "csv"}),
    ],
)
def test_las_consultas_no_crecen_con_los_intentos(admin_client, catalogo, nombre, parametros):
    curso, _ = factories.curso_con_modulos(1, catalogo=catalogo)
    evaluacion = factories.evaluacion(curso, n_preguntas=3)
    municipios = list(Municipio.objects.all()[:5])

    def agregar(n):
        for i in range(n):
            usuario = factories.participante(
                nombre_completo=f"Participante {i}", municipio=municipios[i % 5]
            )
            intento_entregado(usuario, evaluacion, [i % 2 == 0, True, i % 3 == 0])

    def url():
        if nombre == "detalle":
            return url_detalle(evaluacion)
        return reverse(nombre)

    agregar(3)
    _consultas(admin_client, url(), parametros)  # warm caches (site, content types, ...)
    con_3 = _consultas(admin_client, url(), parametros)
    agregar(27)
    con_30 = _consultas(admin_client, url(), parametros)
    assert con_30 == con_3
