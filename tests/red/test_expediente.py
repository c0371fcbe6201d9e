"""Each participant's record (expediente) in the admin: what it shows, who may open it, its
PDF, and a query count that does not grow with the record."""

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pypdfium2
import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificados import services as certificados_services
from certificados.models import Certificado
from cursos import services as cursos_services
from cursos.models import EntradaRegistro, Inscripcion, ModuloCompletado, Participante
from evaluaciones.models import EstadoIntento, Intento
from red import admin_expediente, expediente
from red.models import Embajador
from tests import factories
from tests.evaluaciones.registros import intento_entregado

MX = ZoneInfo("America/Mexico_City")
CURP = "HEGG560427MVZRRL04"


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=MX)


def url(participante, nombre="detalle"):
    return reverse(f"red_expediente:{nombre}", args=[participante.pk])


def texto_pdf(pdf: bytes) -> str:
    documento = pypdfium2.PdfDocument(pdf)
    try:
        return " ".join(" ".join(p.get_textpage().get_text_range().split()) for p in documento)
    finally:
        documento.close()


def html(respuesta) -> str:
    return respuesta.content.decode()


@pytest.fixture
def ana(toluca):
    """A Toluca civil servant with a CURP."""
    return factories.participante(
        factories.UsuarioFactory(username="ana"),
        nombre_completo="Ana López Martínez",
        municipio=toluca,
        curp=CURP,
        cargo="Jefa de Departamento",
        dependencia="Dirección de Medio Ambiente",
    )


@pytest.fixture
def registro(ana, catalogo, completar, designar, toluca):
    """Ana's record, dated: a finished course with its certificate (later revoked and
    re-issued), a course two of three modules in with a quiz (a failed and a passed attempt),
    and a designation as Toluca's ambassador. Every moment is set by hand so the timeline's
    order is known."""
    terminado, modulos_t = factories.curso_con_modulos(2, catalogo=catalogo, title="Agua y ODS 6")
    completar(ana, terminado, modulos_t)
    en_curso, modulos_c = factories.curso_con_modulos(
        3, catalogo=catalogo, title="Gestión de riesgos climáticos"
    )
    evaluacion = factories.evaluacion(en_curso, titulo="Evaluación de riesgos")
    cursos_services.inscripcion_crear(usuario=ana, curso=en_curso)
    for modulo in modulos_c[:2]:
        cursos_services.modulo_completar(usuario=ana, modulo=modulo)

    i_t = Inscripcion.objects.get(usuario=ana, curso=terminado)
    i_c = Inscripcion.objects.get(usuario=ana, curso=en_curso)
    Participante.objects.filter(usuario=ana).update(creado_en=local(2025, 1, 10, 9, 0))
    Inscripcion.objects.filter(pk=i_t.pk).update(
        inscrito_en=local(2025, 2, 1, 10, 0), completado_en=local(2025, 2, 3, 12, 30)
    )
    ModuloCompletado.objects.filter(inscripcion=i_t, modulo=modulos_t[0]).update(
        completado_en=local(2025, 2, 2, 11, 15)
    )
    ModuloCompletado.objects.filter(inscripcion=i_t, modulo=modulos_t[1]).update(
        completado_en=local(2025, 2, 3, 12, 30)
    )
    Inscripcion.objects.filter(pk=i_c.pk).update(inscrito_en=local(2025, 3, 1, 8, 0))
    ModuloCompletado.objects.filter(inscripcion=i_c, modulo=modulos_c[0]).update(
        completado_en=local(2025, 3, 2, 9, 45)
    )
    ModuloCompletado.objects.filter(inscripcion=i_c, modulo=modulos_c[1]).update(
        completado_en=local(2025, 3, 3, 17, 5)
    )
    reprobado = intento_entregado(
        ana, evaluacion, [True, False, False], numero=1, entregado_en=local(2025, 3, 4, 10, 0)
    )
    aprobado = intento_entregado(
        ana, evaluacion, [True, True, True], numero=2, entregado_en=local(2025, 3, 5, 10, 0)
    )

    original = ana.certificados.get()
    Certificado.objects.filter(pk=original.pk).update(emitido_en=local(2025, 2, 3, 12, 31))
    certificados_services.certificado_revocar(
        certificado=original, motivo="Nombre con error de captura"
    )
    Certificado.objects.filter(pk=original.pk).update(revocado_en=local(2025, 4, 1, 9, 0))
    nuevo = certificados_services.certificado_reemitir(
        certificado=Certificado.objects.get(pk=original.pk)
    )
    Certificado.objects.filter(pk=nuevo.pk).update(emitido_en=local(2025, 4, 2, 9, 0))
    designacion = designar(ana, toluca, designado_en=dt.date(2025, 5, 20), cargo="Regidora")
    return SimpleNamespace(
        terminado=terminado,
        en_curso=en_curso,
        modulos_c=modulos_c,
        evaluacion=evaluacion,
        reprobado=reprobado,
        aprobado=aprobado,
        original=Certificado.objects.get(pk=original.pk),
        nuevo=Certificado.objects.get(pk=nuevo.pk),
        designacion=designacion,
    )


# --- What the page shows ------------------------------------------------------------------


def test_el_perfil_con_la_curp_enmascarada(cliente_coordinacion, ana, registro):
    respuesta = cliente_coordinacion.get(url(ana.participante))
    assert respuesta.status_code == 200
    contenido = html(respuesta)
    for esperado in (
        "Ana López Martínez",
        ana.email,
        "Toluca",
        "Servidor(a) público(a) municipal",
        "Dirección de Medio Ambiente",
        "Jefa de Departamento",
        "••••••••••••••RL04",
        '<time datetime="2025-01-10T09:00:00-06:00">10/01/2025 09:00</time>',
    ):
        assert esperado in contenido
    assert CURP not in contenido


def test_cada_curso_modulo_por_modulo_con_fechas_y_avance(cliente_coordinacion, ana, registro):
    contenido = html(cliente_coordinacion.get(url(ana.participante)))
    assert "Agua y ODS 6" in contenido and "Gestión de riesgos climáticos" in contenido
    # Module dates in Mexico City time, the third module still pending.
    assert "02/03/2025 09:45" in contenido and "03/03/2025 17:05" in contenido
    fila_pendiente = re.search(
        rf"{re.escape(registro.modulos_c[2].title)}</th>\s*<td>(.*?)</td>", contenido, re.S
    )
    assert fila_pendiente and "Pendiente" in fila_pendiente.group(1)
    # Two of three modules plus the passed required quiz: 3 of 4 steps; the finished course 100 %.
    assert "Avance: 75 % (3 de 4 pasos obligatorios)" in contenido
    assert 'style="width: 75%"' in contenido
    assert "Avance: 100 % (2 de 2 pasos obligatorios)" in contenido
    assert "03/02/2025 12:30" in contenido  # the finished course's completion


def test_intentos_con_calificacion_y_enlace_a_sus_respuestas(cliente_coordinacion, ana, registro):
    contenido = html(cliente_coordinacion.get(url(ana.participante)))
    fila = re.search(rf'<tr id="intento-{registro.reprobado.pk}">(.*?)</tr>', contenido, re.S)
    assert fila, "the failed attempt has its row"
    assert "33.33 %" in fila.group(1) and ">No<" in fila.group(1)
    assert "04/03/2025 10:00" in fila.group(1)
    fila = re.search(rf'<tr id="intento-{registro.aprobado.pk}">(.*?)</tr>', contenido, re.S)
    assert "100 %" in fila.group(1) and ">Sí<" in fila.group(1)
    inspeccion = reverse("evaluaciones_intentos:inspect", args=[registro.aprobado.pk])
    assert f'href="{inspeccion}"' in fila.group(1)
    assert cliente_coordinacion.get(inspeccion).status_code == 200


def test_certificados_con_su_estado_y_enlace(cliente_coordinacion, ana, registro):
    contenido = html(cliente_coordinacion.get(url(ana.participante)))
    original = re.search(
        rf'<tr id="certificado-{registro.original.pk}">(.*?)</tr>', contenido, re.S
    ).group(1)
    assert registro.original.folio in original and "Revocado" in original
    assert "Nombre con error de captura" in original
    assert f"Reemplazado por {registro.nuevo.folio}" in original
    nuevo = re.search(
        rf'<tr id="certificado-{registro.nuevo.pk}">(.*?)</tr>', contenido, re.S
    ).group(1)
    assert "Válido" in nuevo and "02/04/2025 09:00" in nuevo
    inspeccion = reverse("certificados_emitidos:inspect", args=[registro.nuevo.pk])
    assert f'href="{inspeccion}"' in nuevo


def test_designaciones_como_embajadora(cliente_coordinacion, ana, registro):
    Embajador.objects.create(
        participante=ana.participante,
        municipio=registro.designacion.municipio,
        cargo="Enlace anterior",
        designado_en=dt.date(2024, 1, 8),
        concluido_en=dt.date(2024, 12, 31),
        motivo_conclusion="Cambio de administración",
    )
    contenido = html(cliente_coordinacion.get(url(ana.participante)))
    activa = re.search(
        rf'<tr id="designacion-{registro.designacion.pk}">(.*?)</tr>', contenido, re.S
    ).group(1)
    assert "Regidora" in activa and "20/05/2025" in activa and "Activa" in activa
    assert "Concluyó el" in contenido and "Cambio de administración" in contenido


def test_linea_de_tiempo_mas_reciente_primero_en_hora_local(cliente_coordinacion, ana, registro):
    contenido = html(cliente_coordinacion.get(url(ana.participante)))
    linea = re.search(r'<ol class="expediente-linea">(.*?)</ol>', contenido, re.S).group(1)
    fechas = re.findall(r'<time datetime="([^"]+)">', linea)
    assert fechas == [
        "2025-05-20",  # designated
        "2025-04-02T09:00:00-06:00",  # re-issued
        "2025-04-01T09:00:00-06:00",  # revoked
        "2025-03-05T10:00:00-06:00",  # second attempt
        "2025-03-04T10:00:00-06:00",  # first attempt
        "2025-03-03T17:05:00-06:00",
        "2025-03-02T09:45:00-06:00",
        "2025-03-01T08:00:00-06:00",  # enrolled in the second course
        "2025-02-03T12:31:00-06:00",  # certificate issued
        "2025-02-03T12:30:00-06:00",  # course completed…
        "2025-02-03T12:30:00-06:00",  # …with its last module, at the same instant
        "2025-02-02T11:15:00-06:00",
        "2025-02-01T10:00:00-06:00",
        "2025-01-10T09:00:00-06:00",  # registered
    ]
    textos = [
        re.sub(r"<[^>]+>", "", t).strip()
        for t in re.findall(r'<span class="expediente-evento__texto">(.*?)</span>', linea, re.S)
    ]
    assert textos[0].startswith("Designación como embajador(a) climático(a) de Toluca")
    assert textos[2] == f"Certificado revocado: {registro.original.folio}"
    assert textos[3] == "Intento 2 entregado en «Evaluación de riesgos»"
    assert textos[9] == "Curso completado: «Agua y ODS 6»"
    assert textos[10].startswith("Módulo completado")
    assert textos[-1] == "Registro en Aula Climática"


def test_linea_de_tiempo_pura():
    """The builder orders what it is given, ties and bare dates included, without queries."""
    curso = SimpleNamespace(title="Curso A")
    inscripcion = SimpleNamespace(
        pk=1, curso=curso, inscrito_en=local(2025, 1, 2, 8), completado_en=local(2025, 1, 5, 9)
    )
    hecho = expediente.ModuloHecho(
        inscripcion_id=1, modulo_id=7, modulo="Módulo 1", completado_en=local(2025, 1, 5, 9)
    )
    en_curso = SimpleNamespace(
        pk=3,
        estado=EstadoIntento.EN_CURSO,
        entregado_en=None,
        numero=2,
        porcentaje=None,
        aprobado=None,
        evaluacion=SimpleNamespace(titulo="Final"),
    )
    vencido = SimpleNamespace(
        pk=4,
        estado=EstadoIntento.VENCIDO,
        entregado_en=local(2025, 1, 4, 23, 59),
        numero=1,
        porcentaje=Decimal("0.00"),
        aprobado=False,
        evaluacion=SimpleNamespace(titulo="Final"),
    )
    designacion = SimpleNamespace(
        pk=5,
        municipio=SimpleNamespace(nombre="Ecatepec de Morelos"),
        cargo="Regidor",
        designado_en=dt.date(2025, 1, 5),
        concluido_en=None,
        motivo_conclusion="",
    )
    eventos = expediente.linea_de_tiempo(
        registrado_en=local(2025, 1, 1, 12),
        inscripciones=[inscripcion],
        modulos_hechos=[hecho],
        intentos=[en_curso, vencido],
        certificados=[],
        designaciones=[designacion],
    )
    assert [e.tipo for e in eventos] == [
        "curso",  # same instant as its last module: the course completes after it
        "modulo",
        "designacion",  # a bare date counts from local midnight
        "intento",  # expired; the attempt still in progress is not an event yet
        "inscripcion",
        "registro",
    ]
    assert eventos[3].texto == "Intento 1 sin entregar a tiempo en «Final»"
    assert eventos[3].detalle == "0 %, no aprobado"
    assert eventos[2].iso == "2025-01-05" and eventos[2].legible == "05/01/2025"
    assert eventos[0].iso == "2025-01-05T09:00:00-06:00"


@pytest.mark.parametrize(
    ("curp", "enmascarada"),
    [("", ""), (CURP, "••••••••••••••RL04"), ("ABC", "ABC")],
)
def test_curp_enmascarada(curp, enmascarada):
    assert expediente.curp_enmascarada(curp) == enmascarada


def test_participante_sin_actividad(cliente_coordinacion, aprendiz):
    respuesta = cliente_coordinacion.get(url(aprendiz.participante))
    assert respuesta.status_code == 200
    contenido = html(respuesta)
    assert "Sin inscripciones en ningún curso." in contenido
    assert "Sin certificados emitidos." in contenido
    assert "No registrada" in contenido  # no CURP


# --- Who may open it ----------------------------------------------------------------------


def test_el_enlace_ve_a_los_de_su_municipio(cliente_enlace, ana, registro):
    assert cliente_enlace.get(url(ana.participante)).status_code == 200
    assert cliente_enlace.get(url(ana.participante, "pdf")).status_code == 200


def test_el_enlace_no_ve_a_los_de_otro_municipio(cliente_enlace, ecatepec):
    otro = factories.participante(nombre_completo="Bruno Díaz Pérez", municipio=ecatepec)
    for nombre in ("detalle", "pdf"):
        respuesta = cliente_enlace.get(url(otro.participante, nombre))
        assert respuesta.status_code == 404
        assert "Bruno" not in respuesta.content.decode(errors="ignore")


def test_un_enlace_sin_municipios_no_ve_a_nadie(client, ana):
    from red import roles

    usuario = factories.UsuarioFactory(username="enlace-sin-municipio")
    usuario.groups.add(roles.roles_asegurar()[roles.ENLACE_MUNICIPAL])
    client.force_login(usuario)
    assert client.get(url(ana.participante)).status_code == 404


def test_un_editor_no_tiene_permiso(client, ana, catalogo):
    from cursos.editorial import grupo_editorial_asegurar

    editor = factories.UsuarioFactory(username="editor")
    editor.groups.add(grupo_editorial_asegurar(catalogo=catalogo))
    client.force_login(editor)
    for nombre in ("detalle", "pdf"):
        respuesta = client.get(url(ana.participante, nombre))
        assert respuesta.status_code == 403
        assert "No tienes permiso para ver los expedientes" in html(respuesta)
        assert "Ana López" not in html(respuesta)


def test_con_solo_el_permiso_de_cifras_basta(client, ana):
    usuario = factories.UsuarioFactory(username="analista")
    grupo = Group.objects.create(name="Analistas")
    grupo.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="red", codename="ver_cifras_red"),
    )
    usuario.groups.add(grupo)
    client.force_login(usuario)
    assert client.get(url(ana.participante)).status_code == 200


@pytest.mark.parametrize("nombre", ["detalle", "pdf"])
def test_un_aprendiz_o_un_visitante_van_al_inicio_de_sesion(client, ana, aprendiz, nombre):
    respuesta = client.get(url(ana.participante, nombre))
    assert respuesta.status_code == 302 and "/login/" in respuesta["Location"]
    client.force_login(aprendiz)
    respuesta = client.get(url(ana.participante, nombre))
    assert respuesta.status_code == 302 and "/login/" in respuesta["Location"]


@pytest.mark.parametrize("pk", ["0", "424242", "99999999999999999999", "9223372036854775808"])
@pytest.mark.parametrize("nombre", ["detalle", "pdf"])
def test_numeros_inexistentes_o_absurdos_dan_404(cliente_coordinacion, pk, nombre):
    ruta = reverse(f"red_expediente:{nombre}", args=[1]).replace("/1/", f"/{pk}/")
    assert cliente_coordinacion.get(ruta).status_code == 404


def test_solo_se_consulta(cliente_coordinacion, ana):
    respuesta = cliente_coordinacion.post(url(ana.participante))
    assert respuesta.status_code == 405
    assert "solo se consulta" in respuesta.content.decode()


# --- PDF ----------------------------------------------------------------------------------


def test_el_pdf_es_un_pdf_con_el_expediente(cliente_coordinacion, coordinacion, ana, registro):
    respuesta = cliente_coordinacion.get(url(ana.participante, "pdf"))
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/pdf"
    assert respuesta["Content-Disposition"] == (
        'attachment; filename="expediente-ana-lopez-martinez.pdf"'
    )
    assert "no-store" in respuesta["Cache-Control"] and "private" in respuesta["Cache-Control"]
    assert respuesta.content.startswith(b"%PDF-")
    texto = texto_pdf(respuesta.content)
    for esperado in (
        "Expediente de Ana López Martínez",
        "Agua y ODS 6",
        "Gestión de riesgos climáticos",
        registro.original.folio,
        registro.nuevo.folio,
        "Revocado",
        "Reemplazado",
        "Evaluación de riesgos",
        "33.33 %",
        "Regidora",
        "Línea de tiempo",
        "RL04",
    ):
        assert esperado in texto, esperado
    assert CURP not in texto
    assert "Ver respuestas" not in texto  # no admin links in the document
    assert EntradaRegistro.objects.filter(
        action=admin_expediente.ACCION_PDF, object_id=str(ana.participante.pk), user=coordinacion
    ).exists()


def test_el_pdf_no_lee_mas_que_sus_fuentes_y_hoja():
    _hojas, _fuentes, buscador, _base = admin_expediente._weasy()
    for prohibida in ("file:///etc/passwd", "http://example.com/x.png", "https://example.com/"):
        with pytest.raises(ValueError):
            buscador.fetch(prohibida)
    assert buscador.fetch("data:text/plain,hola").read() == b"hola"


# --- Query budget -------------------------------------------------------------------------


def _consultas(cliente, participante) -> int:
    cliente.get(url(participante))  # warm the per-process caches (content types, site)
    with CaptureQueriesContext(connection) as consultas:
        respuesta = cliente.get(url(participante))
    assert respuesta.status_code == 200
    return len(consultas)


# Wagtail's user profile, the scope (groups), the participant, the record (8), the admin
# menu (3) and the access log's entry (3: cursos.acceso); the session, the user and its
# permissions come from the cache (inicio/usuarios.py).
CONSULTAS_PAGINA = 17


def test_las_consultas_no_crecen_con_el_expediente(
    cliente_coordinacion, ana, catalogo, completar, designar, ecatepec, django_assert_num_queries
):
    # Small: one finished course with its certificate, one attempt at another course's quiz.
    curso, modulos = factories.curso_con_modulos(2, catalogo=catalogo)
    completar(ana, curso, modulos)
    otro, _ = factories.curso_con_modulos(1, catalogo=catalogo)
    intento_entregado(ana, factories.evaluacion(otro), numero=1)
    pocas = _consultas(cliente_coordinacion, ana.participante)

    # Larger: four more courses (finished, with certificates), more modules, more attempts,
    # a revoked and re-issued certificate, and two designations.
    for _i in range(4):
        curso, modulos = factories.curso_con_modulos(4, catalogo=catalogo)
        completar(ana, curso, modulos)
        evaluacion = factories.evaluacion(curso, obligatoria=False)
        for numero in (1, 2, 3):
            intento_entregado(ana, evaluacion, [True, False, numero == 3], numero=numero)
    certificado = ana.certificados.filter(estado="valido").first()
    certificados_services.certificado_revocar(certificado=certificado, motivo="Prueba")
    certificados_services.certificado_reemitir(
        certificado=Certificado.objects.get(pk=certificado.pk)
    )
    designar(ana)
    designar(ana, ecatepec)
    assert Inscripcion.objects.filter(usuario=ana).count() == 6
    assert Intento.objects.filter(usuario=ana).count() == 13
    muchas = _consultas(cliente_coordinacion, ana.participante)

    assert pocas == muchas
    with django_assert_num_queries(CONSULTAS_PAGINA):
        cliente_coordinacion.get(url(ana.participante))


def test_el_expediente_en_ocho_consultas(ana, registro, django_assert_num_queries):
    participante = Participante.objects.select_related("usuario", "municipio").get(
        pk=ana.participante.pk
    )
    with django_assert_num_queries(8):
        registro_leido = expediente.expediente_de(participante=participante)
    with django_assert_num_queries(0):
        assert len(registro_leido.linea_de_tiempo) == 14
        assert [c.curso.title for c in registro_leido.cursos] == [
            "Gestión de riesgos climáticos",
            "Agua y ODS 6",
        ]
