"""Ambassadors in the Wagtail admin: Coordinación designates, corrects and ends designations
(never deletes them), assigns liaisons; a liaison sees their municipalities' designations
read-only and nothing else; the designation document is private.

Through the admin's own URLs with the Django test client, with real PDFs written by pypdf.
A refused request changes nothing: each such test checks the rows.
"""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as DjangoClient
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from wagtail.log_actions import registry as log_registry

from red import roles, services
from red.models import Embajador, EnlaceMunicipal
from tests import factories
from tests.cuentas import dispositivo_totp

pytestmark = pytest.mark.django_db

INDEX = reverse("red_embajadores:index")
ADD = reverse("red_embajadores:add")


def url(nombre, objeto):
    return reverse(f"red_embajadores:{nombre}", args=[objeto.pk])


def url_documento(embajador):
    return reverse("red:documento", args=[embajador.pk])


def pdf_real(texto_paginas: int = 1) -> bytes:
    escritor = PdfWriter()
    for _ in range(texto_paginas):
        escritor.add_blank_page(width=612, height=792)
    salida = io.BytesIO()
    escritor.write(salida)
    return salida.getvalue()


def subir(contenido: bytes, nombre="oficio.pdf"):
    return SimpleUploadedFile(nombre, contenido, content_type="application/pdf")


def mensajes(respuesta) -> list[str]:
    return [str(m).strip() for m in get_messages(respuesta.wsgi_request)]


def denegado_por_wagtail(respuesta) -> bool:
    """Wagtail's own views answer a missing permission with a redirect to the dashboard."""
    return respuesta.status_code == 302 and respuesta["Location"] == reverse("wagtailadmin_home")


def contenido(respuesta) -> bytes:
    if respuesta.streaming:
        return b"".join(respuesta.streaming_content)
    return respuesta.content


@pytest.fixture
def ana(toluca):
    return factories.participante(
        nombre_completo="Ana Toluca", municipio=toluca, cargo="Jefa de Ecología"
    ).participante


@pytest.fixture
def beto(ecatepec):
    return factories.participante(nombre_completo="Beto Ecatepec", municipio=ecatepec).participante


@pytest.fixture
def dos_designaciones(ana, beto):
    """One active designation in Toluca (with its document), one in Ecatepec."""
    en_toluca = services.embajador_designar(
        participante=ana,
        cargo="Directora de Medio Ambiente",
        designado_en=dt.date(2026, 2, 1),
        documento=subir(pdf_real()),
    )
    en_ecatepec = services.embajador_designar(
        participante=beto,
        cargo="Regidor de Ecología",
        designado_en=dt.date(2026, 3, 1),
        documento=subir(pdf_real(2)),
    )
    return en_toluca, en_ecatepec


def datos_alta(participante, **extra):
    datos = {
        "participante": participante.pk,
        "municipio": "",
        "cargo": "Directora de Medio Ambiente",
        "designado_en": "2026-02-01",
    }
    datos.update(extra)
    return datos


# --- Coordinación: add, edit, end, never delete --------------------------------------------


def test_coordinacion_registra_una_designacion_con_su_documento(cliente_coordinacion, ana):
    assert cliente_coordinacion.get(ADD).status_code == 200
    pdf = pdf_real()
    respuesta = cliente_coordinacion.post(ADD, {**datos_alta(ana), "documento": subir(pdf)})
    assert respuesta.status_code == 302, respuesta.content.decode()[:3000]
    embajador = Embajador.objects.get()
    assert embajador.participante == ana
    assert embajador.municipio == ana.municipio  # the participant's own, by default
    assert embajador.activo
    assert embajador.registrado_por.username == "coordinacion"
    # Private: in the «red» storage, not in the public media storage.
    assert storages["red"].exists(embajador.documento.name)
    assert not default_storage.exists(embajador.documento.name)
    assert "Ana" not in embajador.documento.name
    with embajador.documento.open("rb") as archivo:
        assert archivo.read() == pdf
    assert log_registry.get_logs_for_instance(embajador).filter(action="wagtail.create")


def test_el_municipio_elegido_sustituye_al_del_perfil(cliente_coordinacion, ana, ecatepec):
    respuesta = cliente_coordinacion.post(ADD, datos_alta(ana, municipio=ecatepec.pk))
    assert respuesta.status_code == 302
    assert Embajador.objects.get().municipio == ecatepec


@pytest.mark.parametrize(
    ("contenido_archivo", "nombre", "error"),
    [
        (b"PK\x03\x04 esto es un .docx renombrado", "oficio.pdf", "no es un PDF"),
        (b"\x89PNG\r\n\x1a\n una foto", "oficio.pdf", "no es un PDF"),
        (b"", "oficio.pdf", "vacío"),
    ],
)
def test_un_archivo_que_no_es_pdf_se_rechaza(
    cliente_coordinacion, ana, contenido_archivo, nombre, error
):
    respuesta = cliente_coordinacion.post(
        ADD, {**datos_alta(ana), "documento": subir(contenido_archivo, nombre)}
    )
    assert respuesta.status_code == 200
    assert error in respuesta.content.decode()
    assert not Embajador.objects.exists()


def test_un_pdf_con_otra_extension_se_rechaza(cliente_coordinacion, ana):
    respuesta = cliente_coordinacion.post(
        ADD, {**datos_alta(ana), "documento": subir(pdf_real(), "oficio.exe")}
    )
    assert respuesta.status_code == 200
    assert "extensión" in respuesta.content.decode()
    assert not Embajador.objects.exists()


def test_un_pdf_demasiado_grande_se_rechaza(cliente_coordinacion, ana, settings):
    settings.RED_DOCUMENTO_TAMANO_MAXIMO = 2048
    grande = pdf_real() + b"%" + b"x" * 4096
    respuesta = cliente_coordinacion.post(ADD, {**datos_alta(ana), "documento": subir(grande)})
    assert respuesta.status_code == 200
    assert "el máximo es 0" in respuesta.content.decode()
    assert not Embajador.objects.exists()


def test_una_fecha_futura_se_rechaza(cliente_coordinacion, ana):
    manana = timezone.localdate() + dt.timedelta(days=1)
    respuesta = cliente_coordinacion.post(ADD, datos_alta(ana, designado_en=manana.isoformat()))
    assert respuesta.status_code == 200
    assert "no puede ser posterior a hoy" in respuesta.content.decode()
    assert not Embajador.objects.exists()


def test_no_hay_dos_designaciones_activas_de_la_misma_persona_en_el_municipio(
    cliente_coordinacion, ana
):
    assert cliente_coordinacion.post(ADD, datos_alta(ana)).status_code == 302
    respuesta = cliente_coordinacion.post(ADD, datos_alta(ana, cargo="Otro cargo"))
    assert respuesta.status_code == 200
    assert "ya tiene una designación activa" in respuesta.content.decode()
    assert Embajador.objects.count() == 1


@pytest.mark.parametrize("valor", ["abc", "99999999999999999999999", "-1", "1.5", ""])
def test_ids_malformados_en_el_alta_son_un_error_del_formulario(cliente_coordinacion, ana, valor):
    respuesta = cliente_coordinacion.post(
        ADD, {**datos_alta(ana), "participante": valor, "municipio": valor}
    )
    assert respuesta.status_code == 200
    assert not Embajador.objects.exists()


def test_el_servicio_dice_lo_mismo_sin_pasar_por_el_formulario(ana):
    services.embajador_designar(participante=ana, cargo="A", designado_en=dt.date(2026, 1, 1))
    with pytest.raises(services.YaDesignado):
        services.embajador_designar(participante=ana, cargo="B", designado_en=dt.date(2026, 1, 2))
    assert Embajador.objects.count() == 1


def test_coordinacion_corrige_cargo_y_documento_pero_no_la_persona(
    cliente_coordinacion, dos_designaciones, beto
):
    en_toluca, _ = dos_designaciones
    anterior = en_toluca.documento.name
    nuevo_pdf = pdf_real(3)
    respuesta = cliente_coordinacion.post(
        url("edit", en_toluca),
        {
            "cargo": "Coordinadora de Cambio Climático",
            "designado_en": "2026-02-03",
            "documento": subir(nuevo_pdf),
            "participante": beto.pk,  # not a field of the edit form: ignored
        },
    )
    assert respuesta.status_code == 302, respuesta.content.decode()[:3000]
    en_toluca.refresh_from_db()
    assert en_toluca.cargo == "Coordinadora de Cambio Climático"
    assert en_toluca.designado_en == dt.date(2026, 2, 3)
    assert en_toluca.participante.nombre_completo == "Ana Toluca"
    assert en_toluca.documento.name != anterior
    assert storages["red"].exists(anterior)  # the replaced document is kept
    with en_toluca.documento.open("rb") as archivo:
        assert archivo.read() == nuevo_pdf


def test_sin_subir_otro_archivo_el_documento_se_conserva(cliente_coordinacion, dos_designaciones):
    en_toluca, _ = dos_designaciones
    anterior = en_toluca.documento.name
    respuesta = cliente_coordinacion.post(
        url("edit", en_toluca),
        {"cargo": "Otro", "designado_en": "2026-02-01", "documento-clear": "on"},
    )
    assert respuesta.status_code == 302
    en_toluca.refresh_from_db()
    assert en_toluca.documento.name == anterior


def test_el_formulario_de_edicion_enlaza_el_documento_por_la_vista_privada(
    cliente_coordinacion, dos_designaciones
):
    en_toluca, _ = dos_designaciones
    html = cliente_coordinacion.get(url("edit", en_toluca)).content.decode()
    assert url_documento(en_toluca) in html
    assert "/media/" not in html
    assert 'name="documento-clear"' not in html


def test_concluir_una_designacion(cliente_coordinacion, dos_designaciones):
    en_toluca, _ = dos_designaciones
    assert cliente_coordinacion.get(url("concluir", en_toluca)).status_code == 200
    respuesta = cliente_coordinacion.post(
        url("concluir", en_toluca),
        {"concluido_en": "2026-11-30", "motivo": "Cambio de administración"},
    )
    assert respuesta.status_code == 302
    assert respuesta["Location"] == url("inspect", en_toluca)
    en_toluca.refresh_from_db()
    assert en_toluca.concluido_en == dt.date(2026, 11, 30)
    assert en_toluca.motivo_conclusion == "Cambio de administración"
    assert Embajador.objects.count() == 2  # the history stays
    entrada = log_registry.get_logs_for_instance(en_toluca).get(action=services.ACCION_CONCLUIR)
    assert entrada.data["motivo"] == "Cambio de administración"


def test_concluir_dos_veces_es_409_y_no_cambia_nada(cliente_coordinacion, dos_designaciones):
    en_toluca, _ = dos_designaciones
    services.embajador_concluir(
        embajador=en_toluca, concluido_en=dt.date(2026, 6, 1), motivo="Renuncia"
    )
    for respuesta in (
        cliente_coordinacion.get(url("concluir", en_toluca)),
        cliente_coordinacion.post(
            url("concluir", en_toluca), {"concluido_en": "2026-07-01", "motivo": "Otra"}
        ),
    ):
        assert respuesta.status_code == 409
        assert "ya concluyó el 1 de junio de 2026" in respuesta.content.decode()
    en_toluca.refresh_from_db()
    assert en_toluca.concluido_en == dt.date(2026, 6, 1)
    assert en_toluca.motivo_conclusion == "Renuncia"
    with pytest.raises(services.DesignacionConcluida):
        services.embajador_concluir(
            embajador=en_toluca, concluido_en=dt.date(2026, 7, 1), motivo="Otra"
        )


@pytest.mark.parametrize(
    ("datos", "error"),
    [
        ({"concluido_en": "2026-01-01", "motivo": "Error"}, "no puede ser anterior"),
        ({"concluido_en": "2099-01-01", "motivo": "Error"}, "no puede ser posterior a hoy"),
        ({"concluido_en": "2026-06-01", "motivo": "   "}, "Escribe el motivo"),
        ({"concluido_en": "ayer", "motivo": "Error"}, "Escribe una fecha válida"),
    ],
)
def test_concluir_con_datos_invalidos_es_400(cliente_coordinacion, dos_designaciones, datos, error):
    en_toluca, _ = dos_designaciones
    respuesta = cliente_coordinacion.post(url("concluir", en_toluca), datos)
    assert respuesta.status_code == 400
    assert error in respuesta.content.decode()
    en_toluca.refresh_from_db()
    assert en_toluca.activo


def test_nadie_elimina_una_designacion(
    cliente_coordinacion, client, dos_designaciones, django_user_model
):
    en_toluca, _ = dos_designaciones
    html = cliente_coordinacion.get(INDEX).content.decode()
    assert url("delete", en_toluca) not in html
    assert denegado_por_wagtail(cliente_coordinacion.get(url("delete", en_toluca)))
    assert denegado_por_wagtail(cliente_coordinacion.post(url("delete", en_toluca)))
    raiz = django_user_model.objects.create_superuser("raiz", "raiz@example.com", "x")
    client.force_login(raiz)
    assert denegado_por_wagtail(client.post(url("delete", en_toluca)))
    assert Embajador.objects.count() == 2


def test_el_listado_muestra_estado_y_acciones(cliente_coordinacion, dos_designaciones):
    en_toluca, en_ecatepec = dos_designaciones
    services.embajador_concluir(
        embajador=en_ecatepec, concluido_en=dt.date(2026, 5, 1), motivo="Renuncia"
    )
    html = cliente_coordinacion.get(INDEX).content.decode()
    assert "Ana Toluca" in html and "Beto Ecatepec" in html
    assert "01/02/2026" in html and "01/05/2026" in html  # calendar dates, not «hace…»
    assert url("concluir", en_toluca) in html
    assert url("concluir", en_ecatepec) not in html
    assert url_documento(en_toluca) in html
    solo_activas = cliente_coordinacion.get(INDEX, {"estado": "activa"}).content.decode()
    assert "Ana Toluca" in solo_activas and "Beto Ecatepec" not in solo_activas


def test_el_listado_no_crece_en_consultas_con_los_datos(
    cliente_coordinacion, django_assert_max_num_queries, toluca
):
    def designar(n):
        for i in range(n):
            persona = factories.participante(nombre_completo=f"P{i}", municipio=toluca)
            services.embajador_designar(
                participante=persona.participante,
                cargo="Cargo",
                designado_en=dt.date(2026, 1, 1),
                documento=subir(pdf_real()),
            )

    designar(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as pocas:
        assert cliente_coordinacion.get(INDEX).status_code == 200
    designar(10)
    with django_assert_max_num_queries(len(pocas)):
        assert cliente_coordinacion.get(INDEX).status_code == 200


def test_exportacion_xlsx_de_coordinacion(cliente_coordinacion, dos_designaciones):
    respuesta = cliente_coordinacion.get(INDEX, {"export": "xlsx"})
    assert respuesta.status_code == 200
    hoja = openpyxl.load_workbook(io.BytesIO(contenido(respuesta))).active
    filas = list(hoja.iter_rows(values_only=True))
    assert filas[0][:3] == ("Municipio", "Clave INEGI", "Nombre")
    nombres = {fila[2] for fila in filas[1:]}
    assert nombres == {"Ana Toluca", "Beto Ecatepec"}
    fila_ana = next(f for f in filas[1:] if f[2] == "Ana Toluca")
    assert fila_ana[0] == "Toluca"
    assert fila_ana[6] == "Activa"
    assert fila_ana[9] == "Sí"


# --- Liaisons: view only, their municipalities only ----------------------------------------


def test_el_enlace_solo_ve_las_designaciones_de_su_municipio(cliente_enlace, dos_designaciones):
    en_toluca, en_ecatepec = dos_designaciones
    respuesta = cliente_enlace.get(INDEX)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Ana Toluca" in html
    assert "Beto Ecatepec" not in html
    # Nothing to write: no add button, no end action.
    assert ADD not in html
    assert url("concluir", en_toluca) not in html
    # Searching or filtering by the other municipality finds nothing.
    assert "Beto Ecatepec" not in cliente_enlace.get(INDEX, {"q": "Beto"}).content.decode()
    filtrado = cliente_enlace.get(INDEX, {"municipio": en_ecatepec.municipio_id})
    assert "Beto Ecatepec" not in filtrado.content.decode()


def test_el_filtro_de_municipio_del_enlace_solo_ofrece_los_suyos(cliente_enlace, ecatepec):
    html = cliente_enlace.get(INDEX).content.decode()
    assert ">Toluca<" in html
    assert ">Ecatepec de Morelos<" not in html and f'value="{ecatepec.pk}"' not in html


def test_la_exportacion_del_enlace_solo_lleva_su_municipio(cliente_enlace, dos_designaciones):
    respuesta = cliente_enlace.get(INDEX, {"export": "csv"})
    assert respuesta.status_code == 200
    filas = list(csv.DictReader(io.StringIO(contenido(respuesta).decode("utf-8"))))
    assert [fila["Nombre"] for fila in filas] == ["Ana Toluca"]
    assert filas[0]["Municipio"] == "Toluca"


def test_el_enlace_inspecciona_la_suya_y_no_la_ajena(cliente_enlace, dos_designaciones):
    en_toluca, en_ecatepec = dos_designaciones
    propia = cliente_enlace.get(url("inspect", en_toluca))
    assert propia.status_code == 200
    assert "Directora de Medio Ambiente" in propia.content.decode()
    assert url("edit", en_toluca) not in propia.content.decode()
    for vista in ("inspect", "history", "concluir", "delete"):
        assert cliente_enlace.get(url(vista, en_ecatepec)).status_code == 404, vista
    # Editing is refused before any lookup: the same answer for her municipality and another.
    assert denegado_por_wagtail(cliente_enlace.get(url("edit", en_ecatepec)))
    assert denegado_por_wagtail(cliente_enlace.get(url("edit", en_toluca)))


def test_el_enlace_no_escribe(cliente_enlace, dos_designaciones, ana):
    en_toluca, _ = dos_designaciones
    assert denegado_por_wagtail(cliente_enlace.get(ADD))
    assert denegado_por_wagtail(cliente_enlace.post(ADD, datos_alta(ana)))
    assert denegado_por_wagtail(
        cliente_enlace.post(url("edit", en_toluca), {"cargo": "X", "designado_en": "2026-02-01"})
    )
    assert denegado_por_wagtail(
        cliente_enlace.post(
            url("concluir", en_toluca), {"concluido_en": "2026-06-01", "motivo": "X"}
        )
    )
    en_toluca.refresh_from_db()
    assert en_toluca.cargo == "Directora de Medio Ambiente" and en_toluca.activo
    assert Embajador.objects.count() == 2


def test_el_enlace_no_usa_el_selector_de_participantes(cliente_enlace, ana):
    elegir = reverse("red_participante_chooser:choose")
    assert cliente_enlace.get(elegir).status_code == 403
    assert (
        cliente_enlace.get(reverse("red_participante_chooser:chosen", args=[ana.pk])).status_code
        == 403
    )


def test_el_selector_de_participantes_busca(cliente_coordinacion, ana, beto):
    respuesta = cliente_coordinacion.get(
        reverse("red_participante_chooser:choose_results"), {"q": "ecatepec"}
    )
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert "Beto Ecatepec" in html and "Ana Toluca" not in html
    elegido = cliente_coordinacion.get(reverse("red_participante_chooser:chosen", args=[ana.pk]))
    assert elegido.status_code == 200
    assert "Ana Toluca" in elegido.content.decode()


# --- The private document ------------------------------------------------------------------


def test_el_documento_lo_descarga_coordinacion_como_pdf_adjunto(
    cliente_coordinacion, dos_designaciones
):
    en_toluca, _ = dos_designaciones
    respuesta = cliente_coordinacion.get(url_documento(en_toluca))
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/pdf"
    assert respuesta["Content-Disposition"].startswith("attachment;")
    assert f"designacion-{en_toluca.pk}.pdf" in respuesta["Content-Disposition"]
    assert "no-store" in respuesta["Cache-Control"]
    assert len(PdfReader(io.BytesIO(contenido(respuesta))).pages) == 1


def test_el_documento_no_es_para_cualquiera(client, aprendiz, dos_designaciones):
    en_toluca, _ = dos_designaciones
    anonima = client.get(url_documento(en_toluca))
    assert anonima.status_code == 302
    assert anonima["Location"].startswith(reverse("account_login"))
    # A learner (even the ambassador herself) is no staff: refused.
    client.force_login(aprendiz)
    assert client.get(url_documento(en_toluca)).status_code == 403
    client.force_login(en_toluca.participante.usuario)
    assert client.get(url_documento(en_toluca)).status_code == 403


def test_el_documento_pide_el_segundo_factor_como_el_admin(coordinacion, dos_designaciones):
    """The download lives outside /admin/, yet a staff session without its second step gets
    no document: with a device, it is closed and sent to sign in with the code; without one,
    to set it up (the admin's own rule, tests/test_segundo_factor.py)."""
    en_toluca, _ = dos_designaciones
    url = url_documento(en_toluca)
    sin_dispositivo = DjangoClient()
    sin_dispositivo.force_login(coordinacion)  # password only: no second step in the session
    respuesta = sin_dispositivo.get(url)
    assert respuesta.status_code == 302
    assert respuesta.url == reverse("mfa_activate_totp")

    dispositivo_totp(coordinacion)
    con_dispositivo = DjangoClient()
    con_dispositivo.force_login(coordinacion)
    respuesta = con_dispositivo.get(url)
    assert respuesta.status_code == 302
    assert respuesta.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in con_dispositivo.session


def test_el_enlace_descarga_el_de_su_municipio_y_no_el_ajeno(cliente_enlace, dos_designaciones):
    en_toluca, en_ecatepec = dos_designaciones
    assert cliente_enlace.get(url_documento(en_toluca)).status_code == 200
    assert cliente_enlace.get(url_documento(en_ecatepec)).status_code == 404


def test_sin_documento_o_con_ids_raros_es_404(cliente_coordinacion, ana):
    sin = services.embajador_designar(participante=ana, cargo="C", designado_en=dt.date(2026, 1, 1))
    assert cliente_coordinacion.get(url_documento(sin)).status_code == 404
    assert (
        cliente_coordinacion.get(
            "/red/designaciones/99999999999999999999999/documento/"
        ).status_code
        == 404
    )
    assert cliente_coordinacion.get("/red/designaciones/abc/documento/").status_code == 404


# --- Liaisons' municipalities --------------------------------------------------------------

ENLACES = reverse("red_enlaces:index")
ENLACE_ADD = reverse("red_enlaces:add")


@pytest.fixture
def otro_enlace(db):
    usuario = factories.UsuarioFactory(username="enlace-nuevo", first_name="Nora")
    usuario.groups.add(roles.roles_asegurar()[roles.ENLACE_MUNICIPAL])
    return usuario


def test_coordinacion_asigna_y_retira_municipios_a_un_enlace(
    cliente_coordinacion, otro_enlace, ecatepec
):
    formulario = cliente_coordinacion.get(ENLACE_ADD).content.decode()
    assert "Nora" in formulario
    respuesta = cliente_coordinacion.post(
        ENLACE_ADD, {"usuario": otro_enlace.pk, "municipio": ecatepec.pk}
    )
    assert respuesta.status_code == 302
    enlace = EnlaceMunicipal.objects.get(usuario=otro_enlace)
    assert enlace.municipio == ecatepec
    assert "Ecatepec" in cliente_coordinacion.get(ENLACES).content.decode()
    duplicado = cliente_coordinacion.post(
        ENLACE_ADD, {"usuario": otro_enlace.pk, "municipio": ecatepec.pk}
    )
    assert duplicado.status_code == 200
    assert "ya es enlace de ese municipio" in duplicado.content.decode()
    borrar = reverse("red_enlaces:delete", args=[enlace.pk])
    assert cliente_coordinacion.post(borrar).status_code == 302
    assert not EnlaceMunicipal.objects.filter(usuario=otro_enlace).exists()
    assert log_registry.get_logs_for_instance(enlace).filter(action="wagtail.delete")


def test_solo_cuentas_del_grupo_enlace_pueden_ser_enlace(cliente_coordinacion, aprendiz, ecatepec):
    assert aprendiz.username not in cliente_coordinacion.get(ENLACE_ADD).content.decode()
    respuesta = cliente_coordinacion.post(
        ENLACE_ADD, {"usuario": aprendiz.pk, "municipio": ecatepec.pk}
    )
    assert respuesta.status_code == 200
    assert "grupo «Enlace municipal»" in respuesta.content.decode()
    assert not EnlaceMunicipal.objects.filter(usuario=aprendiz).exists()
    with pytest.raises(services.NoEsEnlace):
        services.enlace_asignar(usuario=aprendiz, municipio=ecatepec)


def test_una_asignacion_no_se_edita(cliente_coordinacion, enlace_toluca, ecatepec):
    enlace = EnlaceMunicipal.objects.get(usuario=enlace_toluca)
    respuesta = cliente_coordinacion.post(
        reverse("red_enlaces:edit", args=[enlace.pk]),
        {"usuario": enlace_toluca.pk, "municipio": ecatepec.pk},
    )
    assert denegado_por_wagtail(respuesta)
    enlace.refresh_from_db()
    assert enlace.municipio.clave_inegi == "15106"


def test_el_enlace_no_administra_enlaces(cliente_enlace):
    assert denegado_por_wagtail(cliente_enlace.get(ENLACES))


# --- The link from the learner's profile ---------------------------------------------------


def test_el_perfil_enlaza_el_consentimiento_solo_a_quien_fue_designado(client, ana, beto, designar):
    designar(ana.usuario)
    client.force_login(ana.usuario)
    assert reverse("red:consentimiento") in client.get(reverse("cursos:perfil")).content.decode()
    client.force_login(beto.usuario)
    assert (
        reverse("red:consentimiento") not in client.get(reverse("cursos:perfil")).content.decode()
    )
