"""Every staff view or export of participants' personal data writes one entry of the audit log
(cursos.acceso): who, what, when; and only superusers read those entries."""

import datetime as dt
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from wagtail.models import ModelLogEntry

from certificados.models import Certificado
from cursos import acceso
from cursos.models import EntradaRegistro, Inscripcion, Participante
from evaluaciones.models import Intento
from privacidad import services as privacidad_services
from privacidad.models import SolicitudArco, TipoSolicitud
from red import services as red_services
from red.models import ConsentimientoDirectorio, Embajador
from tests import factories
from tests.cuentas import ClienteConSegundoFactor

HISTORIAL = "wagtailadmin_reports:site_history"


@pytest.fixture
def escena(toluca, coordinacion, designar, curso_y_modulos):
    ana = factories.participante(
        factories.UsuarioFactory(username="ana"),
        nombre_completo="Ana Lilia Becerril Colín",
        municipio=toluca,
    )
    curso, _modulos = curso_y_modulos
    from cursos import services

    services.inscripcion_crear(usuario=ana, curso=curso)
    inscripcion = Inscripcion.objects.get(usuario=ana, curso=curso)
    embajador = designar(ana)
    # Another designation, with its document (a real PDF: the upload is checked by its bytes).
    carla = factories.participante(
        factories.UsuarioFactory(username="carla"), nombre_completo="Carla Ruiz", municipio=toluca
    )
    escritor, pdf = PdfWriter(), io.BytesIO()
    escritor.add_blank_page(width=612, height=792)
    escritor.write(pdf)
    con_documento = red_services.embajador_designar(
        participante=carla.participante,
        cargo="Regidora de Ecología",
        designado_en=dt.date(2026, 2, 1),
        documento=SimpleUploadedFile("oficio.pdf", pdf.getvalue(), content_type="application/pdf"),
    )
    solicitud = privacidad_services.solicitud_crear(
        usuario=ana, tipo=TipoSolicitud.OPOSICION, detalle="No quiero avisos."
    )
    return {
        "ana": ana,
        "municipio": toluca,
        "solicitud": solicitud,
        "inscripcion": inscripcion,
        "embajador": embajador,
        "con_documento": con_documento,
    }


def _puertas(escena):
    """(URL, action, the object logged: an instance, or the model of a listing)."""
    participante = escena["ana"].participante
    inscripcion = escena["inscripcion"]
    embajador = escena["embajador"]
    return [
        (reverse("aprendizaje_participantes:index"), acceso.ACCION_LISTAR, Participante),
        (
            reverse("aprendizaje_participantes:index") + "?export=csv",
            acceso.ACCION_EXPORTAR,
            Participante,
        ),
        (
            reverse("aprendizaje_participantes:inspect", args=[participante.pk]),
            acceso.ACCION_CONSULTAR,
            participante,
        ),
        (reverse("aprendizaje_inscripciones:index"), acceso.ACCION_LISTAR, Inscripcion),
        (
            reverse("aprendizaje_inscripciones:index") + "?export=xlsx",
            acceso.ACCION_EXPORTAR,
            Inscripcion,
        ),
        (
            reverse("aprendizaje_inscripciones:inspect", args=[inscripcion.pk]),
            acceso.ACCION_CONSULTAR,
            inscripcion,
        ),
        (reverse("evaluaciones_intentos:index"), acceso.ACCION_LISTAR, Intento),
        (
            reverse("evaluaciones_intentos:index") + "?export=csv",
            acceso.ACCION_EXPORTAR,
            Intento,
        ),
        (reverse("evaluaciones_reportes:intentos"), acceso.ACCION_LISTAR, Intento),
        (reverse("certificados_emitidos:index"), acceso.ACCION_LISTAR, Certificado),
        (reverse("red_reportes:participantes"), acceso.ACCION_LISTAR, Participante),
        (
            reverse("red_reportes:participantes") + "?export=csv",
            acceso.ACCION_EXPORTAR,
            Participante,
        ),
        (
            reverse("red_reportes:certificados") + "?export=xlsx",
            acceso.ACCION_EXPORTAR,
            Certificado,
        ),
        (reverse("red_embajadores:index"), acceso.ACCION_LISTAR, Embajador),
        (
            reverse("red_embajadores:inspect", args=[embajador.pk]),
            acceso.ACCION_CONSULTAR,
            embajador,
        ),
        (
            reverse("red_consentimientos:index"),
            acceso.ACCION_LISTAR,
            ConsentimientoDirectorio,
        ),
        (
            reverse("red_expediente:detalle", args=[participante.pk]),
            acceso.ACCION_CONSULTAR,
            participante,
        ),
        (
            reverse("red_expediente:pdf", args=[participante.pk]),
            acceso.ACCION_EXPORTAR,
            participante,
        ),
        (
            reverse("red:documento", args=[escena["con_documento"].pk]),
            acceso.ACCION_DESCARGAR,
            escena["con_documento"],
        ),
        # The Red's page of one municipality lists its active ambassadors by name.
        (
            reverse("red_reportes:municipio", args=[escena["municipio"].pk]),
            acceso.ACCION_LISTAR,
            Embajador,
        ),
        # ARCO requests: the listing, one request, and the page that resolves it.
        (reverse("privacidad_solicitudes:index"), acceso.ACCION_LISTAR, SolicitudArco),
        (
            reverse("privacidad_solicitudes:inspect", args=[escena["solicitud"].pk]),
            acceso.ACCION_CONSULTAR,
            escena["solicitud"],
        ),
        (
            reverse("privacidad_solicitudes:resolver", args=[escena["solicitud"].pk]),
            acceso.ACCION_CONSULTAR,
            escena["solicitud"],
        ),
        # The participant chooser of a new designation (names, municipality, position).
        (reverse("red_participante_chooser:choose"), acceso.ACCION_LISTAR, Participante),
        (
            reverse("red_participante_chooser:choose_results") + "?q=Ana",
            acceso.ACCION_LISTAR,
            Participante,
        ),
    ]


def test_cada_puerta_escribe_una_entrada_con_quien_y_que(escena, coordinacion):
    cliente = ClienteConSegundoFactor()
    cliente.force_login(coordinacion)
    for url, accion, objeto in _puertas(escena):
        EntradaRegistro.objects.all().delete()
        respuesta = cliente.get(url)
        assert respuesta.status_code == 200, url
        if respuesta.streaming:
            b"".join(respuesta.streaming_content)
        (entrada,) = EntradaRegistro.objects.filter(action__in=acceso.acciones_de_acceso())
        assert entrada.action == accion, url
        assert entrada.user == coordinacion, url
        assert entrada.data["ruta"] == url
        if isinstance(objeto, type):
            tipo = ContentType.objects.get_for_model(objeto, for_concrete_model=False)
            assert entrada.object_id == str(tipo.pk), url
            assert entrada.data["modelo"] == objeto._meta.label
        else:
            assert entrada.content_type.model_class() is type(objeto), url
            assert entrada.object_id == str(objeto.pk), url
        if "export=" in url or url.endswith(("/pdf/", "/documento/")):
            assert entrada.data["formato"] in {"csv", "xlsx", "pdf"}, url


def test_otra_persona_no_es_registrada_por_una_respuesta_fallida(escena, enlace_toluca):
    """A record out of the staff member's reach is a 404 and writes nothing."""
    cliente = ClienteConSegundoFactor()
    cliente.force_login(enlace_toluca)
    otra = factories.participante(factories.UsuarioFactory(username="beto"))
    otra.participante.municipio_id = escena["ana"].participante.municipio_id + 1
    otra.participante.save()
    url = reverse("red_expediente:detalle", args=[otra.participante.pk])
    assert cliente.get(url).status_code == 404
    assert not EntradaRegistro.objects.filter(action__in=acceso.acciones_de_acceso()).exists()


def test_las_puertas_nuevas_no_registran_un_404(escena, coordinacion):
    """A municipality or an ARCO request that does not exist is a 404 and writes nothing."""
    cliente = ClienteConSegundoFactor()
    cliente.force_login(coordinacion)
    for url in (
        reverse("red_reportes:municipio", args=[999_999]),
        reverse("privacidad_solicitudes:inspect", args=[999_999]),
        reverse("privacidad_solicitudes:resolver", args=[999_999]),
    ):
        assert cliente.get(url).status_code == 404, url
    assert not EntradaRegistro.objects.filter(action__in=acceso.acciones_de_acceso()).exists()


def test_solo_superusuarios_leen_los_accesos(escena, coordinacion, enlace_toluca):
    cliente = ClienteConSegundoFactor()
    cliente.force_login(coordinacion)
    participante = escena["ana"].participante
    cliente.get(reverse("red_expediente:detalle", args=[participante.pk]))
    cliente.get(reverse("red_reportes:participantes") + "?export=csv")
    entradas = EntradaRegistro.objects.filter(action__in=acceso.acciones_de_acceso())
    assert entradas.count() == 2

    for persona in (coordinacion, enlace_toluca):
        assert not EntradaRegistro.objects.viewable_by_user(persona).filter(
            pk__in=entradas.values("pk")
        )
        assert not ModelLogEntry.objects.viewable_by_user(persona).filter(
            action__in=acceso.acciones_de_acceso()
        )
        historial = ClienteConSegundoFactor()
        historial.force_login(persona)
        html = historial.get(reverse(HISTORIAL)).content.decode()
        assert "Consulta de datos personales" not in html
        assert "Exportación de datos personales" not in html
    # Not in the participant's own history either (whoever may open it).
    assert not EntradaRegistro.objects.for_instance(participante).filter(
        action__in=acceso.acciones_de_acceso()
    )

    jefa = factories.UsuarioFactory(username="jefa", is_superuser=True, is_staff=True)
    cliente = ClienteConSegundoFactor()
    cliente.force_login(jefa)
    html = cliente.get(reverse(HISTORIAL)).content.decode()
    assert "Consulta de datos personales: Expediente" in html
    assert "Exportación de datos personales: Participantes de la Red, en CSV" in html
    assert "Ana Lilia Becerril Colín" in html
