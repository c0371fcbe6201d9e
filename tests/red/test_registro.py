"""The admin's audit log within each liaison's municipalities (``cursos.EntradaRegistro``),
and the «Expediente» button on the participants' listing and inspect page.

    Ana Toluqueña   (Toluca)    certificate revoked «Motivo en Toluca»; ambassador of Toluca;
                                her record downloaded by the coordinator
    Beto Ecatepense (Ecatepec)  certificate revoked «Motivo en Ecatepec»; ambassador of
                                Ecatepec, designation ended «Conclusión en Ecatepec»; his
                                record downloaded by Ecatepec's liaison

The liaison of Toluca reads in «Historial del sitio» (page, CSV, XLSX, filters) only Ana's
entries; the coordinator reads both.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
from html.parser import HTMLParser
from types import SimpleNamespace

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from certificados import services as certificados_services
from certificados.models import Certificado, Firmante
from cursos import alcance
from cursos import services as cursos_services
from cursos.models import EntradaRegistro, Inscripcion, Participante
from red import admin_expediente, roles
from red import services as red_services
from red.models import Embajador, EnlaceMunicipal
from tests import factories
from tests.cuentas import ClienteConSegundoFactor as Client

pytestmark = pytest.mark.django_db

ANA = "Ana Toluqueña"
BETO = "Beto Ecatepense"
MOTIVO_TOLUCA = "Motivo en Toluca"
MOTIVO_ECATEPEC = "Motivo en Ecatepec"
CONCLUSION_ECATEPEC = "Conclusión en Ecatepec"
HISTORIAL = "wagtailadmin_reports:site_history"
MIGRACION = "cursos.migrations.0004_bitacora_de_expedientes"


# --- Reading responses --------------------------------------------------------------------


def contenido(respuesta) -> bytes:
    assert respuesta.status_code == 200, respuesta.status_code
    if respuesta.streaming:
        return b"".join(respuesta.streaming_content)
    return respuesta.content


def texto(respuesta) -> str:
    return contenido(respuesta).decode()


def celdas_csv(respuesta) -> list[list[str]]:
    assert respuesta["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(contenido(respuesta).decode("utf-8-sig"))))


def celdas_xlsx(respuesta) -> list[list[str]]:
    libro = openpyxl.load_workbook(io.BytesIO(contenido(respuesta)), read_only=True)
    return [
        ["" if c is None else str(c) for c in fila]
        for fila in libro.active.iter_rows(values_only=True)
    ]


class _Casillas(HTMLParser):
    """The values of the inputs (checkboxes) named ``nombre`` in a page."""

    def __init__(self, nombre):
        super().__init__()
        self.nombre, self.valores = nombre, set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == self.nombre and attrs.get("value"):
            self.valores.add(attrs["value"])


def casillas(html: str, nombre: str) -> set[str]:
    lector = _Casillas(nombre)
    lector.feed(html)
    return lector.valores


def cliente_de(usuario) -> Client:
    cliente = Client()
    cliente.force_login(usuario)
    return cliente


# --- The scene ----------------------------------------------------------------------------


def emitir(usuario, *, curso, modulo) -> Certificado:
    cursos_services.inscripcion_crear(usuario=usuario, curso=curso)
    cursos_services.modulo_completar(usuario=usuario, modulo=modulo)
    certificado, _ = certificados_services.certificado_emitir(
        inscripcion=Inscripcion.objects.get(usuario=usuario, curso=curso)
    )
    return certificado


@pytest.fixture
def enlace_ecatepec(ecatepec):
    usuario = factories.UsuarioFactory(username="enlace-ecatepec")
    usuario.groups.add(roles.roles_asegurar()[roles.ENLACE_MUNICIPAL])
    EnlaceMunicipal.objects.create(usuario=usuario, municipio=ecatepec)
    return usuario


@pytest.fixture
def curso(catalogo):
    curso, (modulo,) = factories.curso_con_modulos(1, catalogo=catalogo, title="Agua y clima")
    return SimpleNamespace(curso=curso, modulo=modulo)


@pytest.fixture
def escena(curso, toluca, ecatepec, coordinacion, enlace_toluca, enlace_ecatepec):
    ana = factories.participante(
        factories.UsuarioFactory(username="ana-toluca"), nombre_completo=ANA, municipio=toluca
    )
    beto = factories.participante(
        factories.UsuarioFactory(username="beto-ecatepec"),
        nombre_completo=BETO,
        municipio=ecatepec,
    )
    cert_ana = emitir(ana, curso=curso.curso, modulo=curso.modulo)
    cert_beto = emitir(beto, curso=curso.curso, modulo=curso.modulo)
    certificados_services.certificado_revocar(
        certificado=cert_ana, motivo=MOTIVO_TOLUCA, usuario=coordinacion
    )
    certificados_services.certificado_revocar(
        certificado=cert_beto, motivo=MOTIVO_ECATEPEC, usuario=coordinacion
    )
    hace_un_mes = timezone.localdate() - dt.timedelta(days=30)
    emb_ana = red_services.embajador_designar(
        participante=ana.participante,
        cargo="Directora",
        designado_en=hace_un_mes,
        usuario=coordinacion,
    )
    emb_beto = red_services.embajador_designar(
        participante=beto.participante,
        cargo="Director",
        designado_en=hace_un_mes,
        usuario=coordinacion,
    )
    red_services.embajador_concluir(
        embajador=emb_beto,
        concluido_en=timezone.localdate(),
        motivo=CONCLUSION_ECATEPEC,
        usuario=coordinacion,
    )
    # Each record downloaded as a PDF (the view logs it so: test_la_descarga_real… below).
    log(instance=ana.participante, action=admin_expediente.ACCION_PDF, user=coordinacion)
    log(instance=beto.participante, action=admin_expediente.ACCION_PDF, user=enlace_ecatepec)
    return SimpleNamespace(
        ana=ana,
        beto=beto,
        cert_ana=cert_ana,
        cert_beto=cert_beto,
        emb_ana=emb_ana,
        emb_beto=emb_beto,
    )


# --- Where the entries go -----------------------------------------------------------------


def test_los_registros_de_aprendizaje_escriben_en_su_propia_bitacora():
    for modelo in (Participante, Inscripcion, Certificado, Embajador, EnlaceMunicipal):
        assert log_registry.get_log_model_for_model(modelo) is EntradaRegistro, modelo
    # Editorial content stays in Wagtail's table.
    assert log_registry.get_log_model_for_model(Firmante) is ModelLogEntry
    assert EntradaRegistro in log_registry.get_log_entry_models()
    campos = alcance.modelos_registrados()
    assert campos[Certificado] == "usuario__participante__municipio"
    assert campos[Embajador] == "municipio"
    assert campos[Participante] == "municipio"


def test_la_escena_deja_cada_accion_en_la_bitacora(escena):
    assert not ModelLogEntry.objects.filter(action__startswith="certificados.").exists()
    acciones = set(EntradaRegistro.objects.values_list("action", flat=True))
    assert {
        "certificados.emitir",
        "certificados.revocar",
        "wagtail.create",
        red_services.ACCION_CONCLUIR,
        admin_expediente.ACCION_PDF,
    } <= acciones


# --- «Historial del sitio» ----------------------------------------------------------------


def test_el_enlace_lee_solo_el_historial_de_su_municipio(escena, enlace_toluca):
    html = texto(cliente_de(enlace_toluca).get(reverse(HISTORIAL)))
    # The revocation of Toluca's certificate, with its reason; not Ecatepec's.
    assert escena.cert_ana.folio in html and MOTIVO_TOLUCA in html
    assert escena.cert_beto.folio not in html and MOTIVO_ECATEPEC not in html
    # Ana's designation; nothing of Beto's. Who downloaded whose record is read by superusers
    # only (cursos.acceso), even within the liaison's municipality.
    assert str(escena.emb_ana) in html
    assert CONCLUSION_ECATEPEC not in html
    assert "Exportación de datos personales" not in html
    assert BETO not in html


@pytest.mark.parametrize("formato", ["csv", "xlsx"])
def test_la_exportacion_del_historial_respeta_el_alcance(escena, enlace_toluca, formato):
    respuesta = cliente_de(enlace_toluca).get(reverse(HISTORIAL), {"export": formato})
    filas = celdas_csv(respuesta) if formato == "csv" else celdas_xlsx(respuesta)
    encabezados, *filas = filas
    etiquetas = [fila[1] for fila in filas]
    assert escena.cert_ana.folio in etiquetas
    assert ANA not in etiquetas  # the record's download: superusers only (cursos.acceso)
    assert str(escena.emb_ana) in etiquetas
    assert escena.cert_beto.folio not in etiquetas
    assert not any(BETO in celda for fila in filas for celda in fila)


def test_coordinacion_lee_el_historial_de_todos(escena, coordinacion):
    html = texto(cliente_de(coordinacion).get(reverse(HISTORIAL)))
    for esperado in (
        escena.cert_ana.folio,
        escena.cert_beto.folio,
        MOTIVO_TOLUCA,
        MOTIVO_ECATEPEC,
        CONCLUSION_ECATEPEC,
        BETO,
    ):
        assert esperado in html, esperado
    filas = celdas_csv(cliente_de(coordinacion).get(reverse(HISTORIAL), {"export": "csv"}))
    etiquetas = [fila[1] for fila in filas[1:]]
    assert escena.cert_beto.folio in etiquetas and str(escena.emb_beto) in etiquetas


def test_los_filtros_del_historial_no_muestran_al_personal_de_otro_municipio(
    escena, enlace_toluca, enlace_ecatepec, coordinacion
):
    """The «Acción» choices are the actions among the entries the liaison may read. (Wagtail
    8.0 takes the «Usuario» choices from page log entries only, so staff who acted on
    learner records are never offered there; filtering by one by hand shows nothing.)"""
    html = texto(cliente_de(enlace_toluca).get(reverse(HISTORIAL)))
    acciones = casillas(html, "action")
    assert "certificados.revocar" in acciones
    assert admin_expediente.ACCION_PDF not in acciones  # superusers only (cursos.acceso)
    assert red_services.ACCION_CONCLUIR not in acciones  # only Ecatepec's designation ended
    assert str(enlace_ecatepec.pk) not in casillas(html, "user")
    filtrado = texto(
        cliente_de(enlace_toluca).get(reverse(HISTORIAL), {"user": enlace_ecatepec.pk})
    )
    assert BETO not in filtrado and MOTIVO_ECATEPEC not in filtrado
    # The coordinator's action filter offers it.
    html = texto(cliente_de(coordinacion).get(reverse(HISTORIAL)))
    assert red_services.ACCION_CONCLUIR in casillas(html, "action")


def test_un_enlace_sin_municipios_no_lee_ninguna_entrada(escena, enlace_toluca):
    EnlaceMunicipal.objects.filter(usuario=enlace_toluca).delete()
    html = texto(cliente_de(enlace_toluca).get(reverse(HISTORIAL)))
    assert escena.cert_ana.folio not in html and ANA not in html


def test_las_entradas_de_un_modelo_no_declarado_se_ocultan_al_enlace(escena, enlace_toluca):
    # An entry of this table whose model nobody declared (its path to a municipality unknown).
    EntradaRegistro.objects.create(
        content_type=ContentType.objects.get_for_model(Firmante),
        object_id="1",
        label="Entrada sin municipio",
        action="wagtail.edit",
        timestamp=timezone.now(),
    )
    visibles = EntradaRegistro.objects.viewable_by_user(enlace_toluca)
    assert not visibles.filter(label="Entrada sin municipio").exists()
    assert visibles.filter(object_id=str(escena.cert_ana.pk)).exists()


def test_el_historial_no_depende_del_orden_en_que_se_leen_las_tablas(escena, coordinacion):
    """Wagtail caches a user's readable content types on the user, computed from whichever
    log table asks first; this table keeps its own answer, so both orders read both tables."""
    firmante = Firmante.objects.create(nombre="Firmante de prueba", cargo="Titular")
    log(instance=firmante, action="wagtail.create", user=coordinacion)
    coordinacion.user_permissions.add(Permission.objects.get(codename="view_firmante"))
    for primero, segundo in ((ModelLogEntry, EntradaRegistro), (EntradaRegistro, ModelLogEntry)):
        usuario = type(coordinacion).objects.get(pk=coordinacion.pk)
        leidas = {
            modelo: set(modelo.objects.viewable_by_user(usuario).values_list("label", flat=True))
            for modelo in (primero, segundo)
        }
        assert str(firmante) in leidas[ModelLogEntry]
        assert {escena.cert_ana.folio, escena.cert_beto.folio} <= leidas[EntradaRegistro]


def test_la_descarga_real_del_expediente_queda_en_el_municipio(
    personas, enlace_toluca, enlace_ecatepec
):
    pdf = reverse("red_expediente:pdf", args=[personas.beto.participante.pk])
    assert cliente_de(enlace_ecatepec).get(pdf).status_code == 200
    entrada = EntradaRegistro.objects.get(action=admin_expediente.ACCION_PDF)
    assert entrada.user == enlace_ecatepec and entrada.label == BETO
    # Who read whose record is for superusers only (cursos.acceso), even in the municipality.
    assert not EntradaRegistro.objects.viewable_by_user(enlace_toluca).filter(pk=entrada.pk)
    assert not EntradaRegistro.objects.viewable_by_user(enlace_ecatepec).filter(pk=entrada.pk)
    jefa = factories.UsuarioFactory(username="jefa", is_superuser=True)
    assert EntradaRegistro.objects.viewable_by_user(jefa).filter(pk=entrada.pk)
    html = texto(cliente_de(enlace_toluca).get(reverse(HISTORIAL)))
    assert BETO not in html and "Expediente descargado en PDF" not in html


def test_el_historial_del_enlace_no_crece_en_consultas_con_las_entradas(
    escena, curso, toluca, enlace_toluca, coordinacion
):
    cliente = cliente_de(enlace_toluca)
    texto(cliente.get(reverse(HISTORIAL)))  # warm caches (site, content types)
    with CaptureQueriesContext(connection) as antes:
        texto(cliente.get(reverse(HISTORIAL)))
    for i in range(5):
        otra = factories.participante(nombre_completo=f"Persona {i}", municipio=toluca)
        certificado = emitir(otra, curso=curso.curso, modulo=curso.modulo)
        certificados_services.certificado_revocar(
            certificado=certificado, motivo=f"Motivo {i}", usuario=coordinacion
        )
    with CaptureQueriesContext(connection) as despues:
        html = texto(cliente.get(reverse(HISTORIAL)))
    assert "Motivo 4" in html
    assert len(despues) == len(antes), [q["sql"] for q in despues]


# --- One object's history -----------------------------------------------------------------


def test_el_historial_del_certificado_sigue_listando_sus_entradas(escena, enlace_toluca):
    cliente = cliente_de(enlace_toluca)
    historial = reverse("certificados_emitidos:history", args=[escena.cert_ana.pk])
    html = texto(cliente.get(historial))
    assert f"Certificado revocado: «{MOTIVO_TOLUCA}»" in html
    assert "Certificado emitido" in html
    otro = reverse("certificados_emitidos:history", args=[escena.cert_beto.pk])
    assert cliente.get(otro).status_code == 404


def test_la_reemision_queda_en_el_historial_del_certificado(escena, coordinacion):
    nuevo = certificados_services.certificado_reemitir(
        certificado=escena.cert_ana, motivo="Corrección", usuario=coordinacion
    )
    historial = reverse("certificados_emitidos:history", args=[escena.cert_ana.pk])
    html = texto(cliente_de(coordinacion).get(historial))
    assert f"Certificado reemplazado por {nuevo.folio}: «Corrección»" in html


# --- The data migration -------------------------------------------------------------------


def test_la_migracion_mueve_las_entradas_de_los_registros_y_las_devuelve(
    curso, toluca, ecatepec, coordinacion, enlace_toluca
):
    ana = factories.participante(nombre_completo=ANA, municipio=toluca)
    beto = factories.participante(nombre_completo=BETO, municipio=ecatepec)
    cert_ana = emitir(ana, curso=curso.curso, modulo=curso.modulo)
    cert_beto = emitir(beto, curso=curso.curso, modulo=curso.modulo)
    EntradaRegistro.objects.all().delete()
    momento = timezone.now() - dt.timedelta(days=400)
    tipo = ContentType.objects.get_for_model(Certificado)
    # Entries as Wagtail wrote them before this table existed.
    for certificado, motivo in ((cert_ana, MOTIVO_TOLUCA), (cert_beto, MOTIVO_ECATEPEC)):
        ModelLogEntry.objects.create(
            content_type=tipo,
            object_id=str(certificado.pk),
            label=certificado.folio,
            action="certificados.revocar",
            data={"motivo": motivo},
            timestamp=momento,
            user=coordinacion,
        )
    ajeno = ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Firmante),
        object_id="7",
        label="Firmante",
        action="wagtail.create",
        timestamp=momento,
    )
    modulo = importlib.import_module(MIGRACION)
    estado = MigrationExecutor(connection).loader.project_state(
        ("cursos", "0004_bitacora_de_expedientes")
    )
    editor = SimpleNamespace(connection=connection)

    modulo.a_la_bitacora(estado.apps, editor)

    assert list(ModelLogEntry.objects.values_list("pk", flat=True)) == [ajeno.pk]
    movida = EntradaRegistro.objects.get(object_id=str(cert_ana.pk))
    assert movida.action == "certificados.revocar" and movida.user == coordinacion
    assert movida.data == {"motivo": MOTIVO_TOLUCA} and movida.timestamp == momento
    assert movida.content_type == tipo and movida.label == cert_ana.folio
    # Moved, they are read within the liaison's municipalities like new ones.
    visibles = EntradaRegistro.objects.viewable_by_user(enlace_toluca)
    assert list(visibles.values_list("object_id", flat=True)) == [str(cert_ana.pk)]

    modulo.de_vuelta_a_wagtail(estado.apps, editor)

    assert not EntradaRegistro.objects.exists()
    assert ModelLogEntry.objects.filter(content_type=tipo).count() == 2
    assert ModelLogEntry.objects.filter(pk=ajeno.pk).exists()


def test_la_migracion_de_las_solicitudes_arco_mueve_sus_entradas_y_las_devuelve(coordinacion):
    """An ARCO request's entry Wagtail wrote before the model was declared moves to the scoped
    table, and only it; on reverse it goes back."""
    modulo = importlib.import_module("privacidad.migrations.0002_bitacora_de_solicitudes")
    EntradaRegistro.objects.all().delete()
    tipo = ContentType.objects.get(app_label="privacidad", model="solicitudarco")
    vieja = ModelLogEntry.objects.create(
        content_type=tipo,
        object_id="41",
        label="Solicitud",
        action="wagtail.create",
        timestamp=timezone.now(),
        user=coordinacion,
    )
    ajeno = ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Firmante),
        object_id="7",
        label="Firmante",
        action="wagtail.create",
        timestamp=timezone.now(),
    )
    estado = MigrationExecutor(connection).loader.project_state(
        ("privacidad", "0002_bitacora_de_solicitudes")
    )
    editor = SimpleNamespace(connection=connection)

    modulo.a_la_bitacora(estado.apps, editor)

    assert list(ModelLogEntry.objects.values_list("pk", flat=True)) == [ajeno.pk]
    movida = EntradaRegistro.objects.get()
    assert (movida.content_type, movida.object_id, movida.user) == (tipo, "41", coordinacion)

    modulo.de_vuelta_a_wagtail(estado.apps, editor)

    assert not EntradaRegistro.objects.exists()
    assert ModelLogEntry.objects.filter(content_type=tipo, object_id="41").count() == 1
    assert not ModelLogEntry.objects.filter(pk=vieja.pk).exists()  # a new row, same content


# Migrations that move a declared record's old entries out of Wagtail's table: cursos 0004 for
# the records declared then, one of its own for each record declared later.
MIGRACIONES_DE_BITACORA = [MIGRACION, "privacidad.migrations.0002_bitacora_de_solicitudes"]


def test_la_migracion_solo_nombra_modelos_declarados():
    """The migrations' frozen lists and the live declarations agree (a model declared later
    needs a migration of its own to move its old entries)."""
    congelados = set()
    for nombre in MIGRACIONES_DE_BITACORA:
        congelados |= set(importlib.import_module(nombre).MODELOS)
    declarados = {(m._meta.app_label, m._meta.model_name) for m in alcance.modelos_registrados()}
    assert congelados == declarados, (
        "A newly declared model keeps its old entries in Wagtail's table, readable by model "
        "permission alone: move them with a migration of its own."
    )


# --- The «Expediente» button --------------------------------------------------------------


def url_expediente(usuario) -> str:
    return reverse("red_expediente:detalle", args=[usuario.participante.pk])


@pytest.fixture
def personas(toluca, ecatepec):
    ana = factories.participante(nombre_completo=ANA, municipio=toluca)
    beto = factories.participante(nombre_completo=BETO, municipio=ecatepec)
    return SimpleNamespace(ana=ana, beto=beto)


@pytest.fixture
def sin_cifras(db):
    """Staff who may list participants but not read records (no ``red.ver_cifras_red``)."""
    usuario = factories.UsuarioFactory(username="solo-listado")
    usuario.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_participante"),
    )
    return usuario


LISTADO = "aprendizaje_participantes:index"


def test_el_boton_expediente_en_el_listado(personas, coordinacion, enlace_toluca, sin_cifras):
    html = texto(cliente_de(coordinacion).get(reverse(LISTADO)))
    assert url_expediente(personas.ana) in html and url_expediente(personas.beto) in html
    assert f'aria-label="Expediente de {ANA}"' in html

    html = texto(cliente_de(enlace_toluca).get(reverse(LISTADO)))
    assert url_expediente(personas.ana) in html
    assert url_expediente(personas.beto) not in html and BETO not in html

    html = texto(cliente_de(sin_cifras).get(reverse(LISTADO)))
    assert ANA in html  # they do see the listing
    assert "/red/expedientes/" not in html


def test_el_boton_expediente_en_la_ficha(personas, coordinacion, enlace_toluca, sin_cifras):
    ficha = reverse("aprendizaje_participantes:inspect", args=[personas.ana.participante.pk])
    for usuario in (coordinacion, enlace_toluca):
        html = texto(cliente_de(usuario).get(ficha))
        assert url_expediente(personas.ana) in html, usuario
    assert url_expediente(personas.ana) not in texto(cliente_de(sin_cifras).get(ficha))
    otra = reverse("aprendizaje_participantes:inspect", args=[personas.beto.participante.pk])
    assert cliente_de(enlace_toluca).get(otra).status_code == 404
    # The button opens the record.
    assert cliente_de(enlace_toluca).get(url_expediente(personas.ana)).status_code == 200


@pytest.mark.parametrize("quien", ["coordinacion", "enlace_toluca"])
def test_el_boton_no_cuesta_consultas_por_fila(quien, request, toluca):
    usuario = request.getfixturevalue(quien)
    cliente = cliente_de(usuario)
    factories.participante(nombre_completo="Persona 0", municipio=toluca)
    texto(cliente.get(reverse(LISTADO)))  # warm caches
    with CaptureQueriesContext(connection) as una:
        html = texto(cliente.get(reverse(LISTADO)))
    assert html.count("/red/expedientes/") == 1
    for i in range(1, 10):
        factories.participante(nombre_completo=f"Persona {i}", municipio=toluca)
    with CaptureQueriesContext(connection) as diez:
        html = texto(cliente.get(reverse(LISTADO)))
    assert html.count("/red/expedientes/") == 10
    assert len(diez) == len(una), [q["sql"] for q in diez]
