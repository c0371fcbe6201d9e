"""Certificates in the Wagtail admin: templates and signatories for editors, issued
certificates as a read-only record, and the actions staff take on them.

Everything goes through the admin's own URLs with the Django test client, against real PDFs
rendered by WeasyPrint. A refused request changes nothing: each such test checks the row.
"""

import csv
import io
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from certificados import services
from certificados.models import Certificado, EstadoCertificado, Firmante, PlantillaCertificado
from cursos import services as cursos_services
from cursos.editorial import grupo_editorial_asegurar
from cursos.models import EntradaRegistro, Municipio
from tests import factories

pytestmark = pytest.mark.django_db

INDEX = "certificados_emitidos:index"
ZIP = "certificados_emitidos:zip"
BULK_ZIP = reverse("wagtail_bulk_action", args=["certificados", "certificado", "descargar-zip"])


def url(nombre, certificado):
    return reverse(f"certificados_emitidos:{nombre}", args=[certificado.pk])


def url_snippet(modelo, vista, *args):
    return reverse(modelo.snippet_viewset.get_url_name(vista), args=args)


def contenido(respuesta) -> bytes:
    if respuesta.streaming:
        return b"".join(respuesta.streaming_content)
    return respuesta.content


def mensajes(respuesta) -> list[str]:
    return [str(m).strip() for m in get_messages(respuesta.wsgi_request)]


def denegado_por_wagtail(respuesta) -> bool:
    """Wagtail's own views answer a missing permission with a redirect to the dashboard."""
    return (
        respuesta.status_code == 302
        and respuesta["Location"] == reverse("wagtailadmin_home")
        and any("no tienes permiso" in m.lower() for m in mensajes(respuesta))
    )


def miembros_zip(respuesta) -> dict[str, bytes]:
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(contenido(respuesta))) as archivo:
        assert archivo.testzip() is None
        return {nombre: archivo.read(nombre) for nombre in archivo.namelist()}


def permiso(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


# --- Fixtures -----------------------------------------------------------------------------


@pytest.fixture
def escenario(certificado, catalogo, completar, otro):
    """Three certificates: Ana's (Toluca, first course), Carla's (Metepec, second course)
    and Bruno's (Toluca, second course, revoked)."""
    metepec = Municipio.objects.get(clave_inegi="15054")
    carla = factories.participante(
        factories.UsuarioFactory(username="carla"), nombre_completo="Carla Ruiz", municipio=metepec
    )
    movilidad, modulos = factories.curso_con_modulos(1, catalogo=catalogo, title="Movilidad")
    completar(carla, movilidad, modulos)
    completar(otro, movilidad, modulos)
    revocado = services.certificado_revocar(
        certificado=otro.certificados.get(), motivo="Se emitió por error."
    )
    return {
        "ana": certificado,
        "carla": carla.certificados.get(),
        "bruno": revocado,
        "movilidad": movilidad,
        "metepec": metepec,
        "toluca": Municipio.objects.get(clave_inegi="15106"),
    }


def folios_listados(cliente, **parametros) -> set[str]:
    respuesta = cliente.get(reverse(INDEX), parametros)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    return {c.folio for c in Certificado.objects.all() if c.folio in html}


@pytest.fixture
def editora(catalogo):
    """A member of the editorial team (not a superuser): only the group's permissions."""
    usuaria = factories.UsuarioFactory(username="editora")
    usuaria.groups.add(grupo_editorial_asegurar(catalogo=catalogo))
    return usuaria


@pytest.fixture
def cliente_editora(client, editora):
    client.force_login(editora)
    return client


@pytest.fixture
def coordinadora(client):
    """Staff who may look at certificates and revoke them, through a group, not superuser."""
    grupo = Group.objects.create(name="Revisión de certificados")
    grupo.permissions.add(
        permiso("wagtailadmin", "access_admin"),
        permiso("certificados", "view_certificado"),
        permiso("certificados", "revocar_certificado"),
    )
    usuaria = factories.UsuarioFactory(username="coordinadora")
    usuaria.groups.add(grupo)
    client.force_login(usuaria)
    return client


# --- The listing --------------------------------------------------------------------------


def test_el_listado_muestra_los_certificados(admin_client, escenario):
    respuesta = admin_client.get(reverse(INDEX))
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    for clave in ("ana", "carla", "bruno"):
        assert escenario[clave].folio in html
    for texto in ("Ana López Martínez", "Carla Ruiz", "Bruno Díaz Pérez", "Metepec", "Movilidad"):
        assert texto in html
    assert "Revocado" in html and "Válido" in html
    # Read-only: no «add» button, no edit links.
    assert reverse("certificados_emitidos:add") not in html
    assert "/edit/" not in html


def test_los_filtros_restringen_el_listado(admin_client, escenario):
    ana, carla, bruno = (escenario[k].folio for k in ("ana", "carla", "bruno"))
    assert folios_listados(admin_client) == {ana, carla, bruno}
    assert folios_listados(admin_client, curso=escenario["movilidad"].pk) == {carla, bruno}
    assert folios_listados(admin_client, municipio=escenario["metepec"].pk) == {carla}
    assert folios_listados(admin_client, municipio=escenario["toluca"].pk) == {ana, bruno}
    assert folios_listados(admin_client, estado="revocado") == {bruno}
    assert folios_listados(admin_client, estado="valido") == {ana, carla}
    hoy = timezone.localdate()
    assert folios_listados(
        admin_client, emitido_en_from=hoy.isoformat(), emitido_en_to=hoy.isoformat()
    ) == {ana, carla, bruno}
    assert (
        folios_listados(admin_client, emitido_en_to=(hoy - timedelta(days=1)).isoformat()) == set()
    )


def test_el_filtro_de_municipio_es_el_del_certificado_aunque_la_persona_se_mude(
    admin_client, escenario
):
    """The column shows the municipality printed on the certificate; the filter agrees with
    it after the learner moves to another municipality."""
    ana = escenario["ana"]
    participante = ana.usuario.participante
    cursos_services.participante_guardar(
        usuario=ana.usuario,
        nombre_completo=participante.nombre_completo,
        municipio=escenario["metepec"],
        dependencia=participante.dependencia,
        cargo=participante.cargo,
        tipo=participante.tipo,
        curp=participante.curp,
    )
    assert folios_listados(admin_client, municipio=escenario["toluca"].pk) == {
        ana.folio,
        escenario["bruno"].folio,
    }
    assert folios_listados(admin_client, municipio=escenario["metepec"].pk) == {
        escenario["carla"].folio
    }


def test_la_busqueda_por_folio_nombre_correo_y_codigo(admin_client, escenario):
    ana, carla = escenario["ana"], escenario["carla"]
    assert folios_listados(admin_client, q=carla.folio) == {carla.folio}
    assert folios_listados(admin_client, q="carla ruiz") == {carla.folio}
    assert folios_listados(admin_client, q=ana.usuario.email) == {ana.folio}
    # The code as a person reads it off paper: lower case, with hyphens.
    assert folios_listados(admin_client, q=ana.codigo_legible.lower()) == {ana.folio}


def test_exportar_en_csv_con_los_filtros(admin_client, escenario):
    respuesta = admin_client.get(
        reverse(INDEX), {"export": "csv", "curso": escenario["movilidad"].pk}
    )
    assert respuesta.status_code == 200
    filas = list(csv.DictReader(io.StringIO(contenido(respuesta).decode())))
    por_folio = {f["Folio"]: f for f in filas}
    assert set(por_folio) == {escenario["carla"].folio, escenario["bruno"].folio}
    carla = por_folio[escenario["carla"].folio]
    assert carla["Titular"] == "Carla Ruiz"
    assert carla["Municipio"] == "Metepec"
    assert carla["Curso"] == "Movilidad"
    assert carla["Estado"] == "Válido"
    assert carla["Código de verificación"] == escenario["carla"].codigo_legible
    assert carla["SHA-256 del PDF"] == escenario["carla"].sha256
    assert por_folio[escenario["bruno"].folio]["Motivo de la revocación"] == "Se emitió por error."


def test_exportar_en_xlsx(admin_client, escenario):
    respuesta = admin_client.get(reverse(INDEX), {"export": "xlsx"})
    assert respuesta.status_code == 200
    assert contenido(respuesta).startswith(b"PK")  # an OOXML workbook is a ZIP


# --- One certificate ----------------------------------------------------------------------


def test_inspeccionar_muestra_el_snapshot_el_estado_y_los_enlaces(admin_client, certificado):
    html = admin_client.get(url("inspect", certificado)).content.decode()
    assert certificado.folio in html
    assert certificado.codigo_legible in html
    assert "Ana López Martínez" in html and "Toluca" in html
    assert certificado.datos["curso"]["titulo"] in html
    assert "Válido" in html
    assert certificado.sha256 in html
    assert f"http://testserver/certificados/verificar/{certificado.codigo_legible}/" in html
    assert "Descargar PDF" in html and url("pdf", certificado) in html
    assert url("revocar", certificado) in html and url("reemitir", certificado) in html
    assert url("history", certificado) in html


def test_descargar_el_pdf(admin_client, certificado):
    respuesta = admin_client.get(url("pdf", certificado))
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/pdf"
    assert certificado.folio in respuesta["Content-Disposition"]
    assert contenido(respuesta) == certificado.pdf.open("rb").read()


def test_descargar_un_pdf_que_aun_no_se_genero_lo_genera(admin_client, aprendiz, catalogo):
    curso, modulos = factories.curso_con_modulos(1, catalogo=catalogo)
    cursos_services.inscripcion_crear(usuario=aprendiz, curso=curso)
    cursos_services.modulo_completar(usuario=aprendiz, modulo=modulos[0])  # task not run
    nuevo, _ = services.certificado_emitir(inscripcion=curso.inscripciones.get())
    assert not nuevo.listo
    respuesta = admin_client.get(url("pdf", nuevo))
    assert respuesta.status_code == 200
    pdf = contenido(respuesta)
    assert pdf.startswith(b"%PDF-")
    nuevo.refresh_from_db()
    assert nuevo.listo and nuevo.sha256


# --- Revoking -----------------------------------------------------------------------------


def test_revocar_con_motivo(admin_client, admin_user, certificado):
    formulario = admin_client.get(url("revocar", certificado))
    assert formulario.status_code == 200
    assert "Motivo de la revocación" in formulario.content.decode()

    respuesta = admin_client.post(url("revocar", certificado), {"motivo": "  Datos falsos.  "})
    assert respuesta.status_code == 302
    assert respuesta["Location"] == url("inspect", certificado)
    assert any("Se revocó el certificado" in m for m in mensajes(respuesta))
    certificado.refresh_from_db()
    assert certificado.estado == EstadoCertificado.REVOCADO
    assert certificado.motivo_revocacion == "Datos falsos."
    assert certificado.revocado_en is not None

    entrada = EntradaRegistro.objects.get(action="certificados.revocar")
    assert entrada.object_id == str(certificado.pk)
    assert entrada.user == admin_user
    assert entrada.data["motivo"] == "Datos falsos."

    # The certificate's history and Wagtail's site history show it, with the reason.
    historial = admin_client.get(url("history", certificado)).content.decode()
    assert "Certificado revocado: «Datos falsos.»" in historial
    sitio = admin_client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Certificado revocado: «Datos falsos.»" in sitio and certificado.folio in sitio
    # And the inspect page tells the state and the reason.
    inspeccion = admin_client.get(url("inspect", certificado)).content.decode()
    assert "Revocado" in inspeccion and "Datos falsos." in inspeccion
    assert url("revocar", certificado) not in inspeccion


@pytest.mark.parametrize("motivo", ["", "   "])
def test_revocar_sin_motivo_no_cambia_nada(admin_client, certificado, motivo):
    respuesta = admin_client.post(url("revocar", certificado), {"motivo": motivo})
    assert respuesta.status_code == 400
    html = respuesta.content.decode()
    assert "Escribe el motivo de la revocación." in html
    certificado.refresh_from_db()
    assert certificado.estado == EstadoCertificado.VALIDO and certificado.motivo_revocacion == ""
    assert not EntradaRegistro.objects.filter(action="certificados.revocar").exists()


def test_revocar_un_certificado_no_vigente_se_rechaza(admin_client, certificado):
    services.certificado_revocar(certificado=certificado, motivo="Primera revocación.")
    for respuesta in (
        admin_client.get(url("revocar", certificado)),
        admin_client.post(url("revocar", certificado), {"motivo": "Otra vez."}),
    ):
        assert respuesta.status_code == 302 and respuesta["Location"] == url("inspect", certificado)
        assert "Solo un certificado válido puede revocarse." in mensajes(respuesta)
    certificado.refresh_from_db()
    assert certificado.motivo_revocacion == "Primera revocación."
    assert EntradaRegistro.objects.filter(action="certificados.revocar").count() == 1
    assert Certificado.objects.count() == 1


def test_un_revocado_se_reemite_una_sola_vez_y_sigue_revocado(admin_client, certificado):
    services.certificado_revocar(certificado=certificado, motivo="Error de captura.")
    respuesta = admin_client.post(url("reemitir", certificado), {"motivo": "Corregido."})
    nuevo = Certificado.objects.get(reemplaza=certificado)
    assert respuesta.status_code == 302 and respuesta["Location"] == url("inspect", nuevo)
    certificado.refresh_from_db()
    assert certificado.estado == EstadoCertificado.REVOCADO and nuevo.vigente
    otra_vez = admin_client.post(url("reemitir", certificado), {"motivo": ""})
    assert otra_vez.status_code == 302 and Certificado.objects.count() == 2


def test_peticiones_alteradas(admin_client, certificado):
    inexistente = reverse("certificados_emitidos:revocar", args=[certificado.pk + 1000])
    assert admin_client.post(inexistente, {"motivo": "X"}).status_code == 404
    for metodo in (admin_client.put, admin_client.delete, admin_client.patch):
        respuesta = metodo(url("revocar", certificado))
        assert respuesta.status_code == 405
        assert "no acepta ese método" in respuesta.content.decode()
    respuesta = admin_client.post(url("pdf", certificado))
    assert respuesta.status_code == 405
    assert admin_client.post(reverse(ZIP)).status_code == 405
    certificado.refresh_from_db()
    assert certificado.estado == EstadoCertificado.VALIDO


def test_quien_no_tiene_el_permiso_no_revoca(client, editora, certificado):
    # Even with the view permission: revoking is a permission of its own.
    editora.user_permissions.add(permiso("certificados", "view_certificado"))
    client.force_login(editora)
    assert client.get(url("inspect", certificado)).status_code == 200
    assert url("revocar", certificado) not in client.get(url("inspect", certificado)).text
    assert client.get(url("revocar", certificado)).status_code == 403
    assert client.post(url("revocar", certificado), {"motivo": "Sin permiso."}).status_code == 403
    assert client.post(url("reemitir", certificado), {"motivo": ""}).status_code == 403
    certificado.refresh_from_db()
    assert certificado.estado == EstadoCertificado.VALIDO
    assert Certificado.objects.count() == 1


def test_el_equipo_editorial_no_ve_los_certificados(cliente_editora, certificado):
    assert denegado_por_wagtail(cliente_editora.get(reverse(INDEX)))
    assert denegado_por_wagtail(cliente_editora.get(url("inspect", certificado)))
    assert cliente_editora.get(url("pdf", certificado)).status_code == 403
    assert cliente_editora.get(reverse(ZIP)).status_code == 403
    assert cliente_editora.get(BULK_ZIP, {"id": certificado.pk}).status_code == 403


def test_revocar_sin_poder_ver_los_certificados_no_se_puede(client, certificado):
    # The revoke permission alone, by mistake, without view: the form would show the holder.
    usuaria = factories.UsuarioFactory(username="solo-revocar")
    usuaria.user_permissions.add(
        permiso("wagtailadmin", "access_admin"), permiso("certificados", "revocar_certificado")
    )
    client.force_login(usuaria)
    respuesta = client.get(url("revocar", certificado))
    assert respuesta.status_code == 403
    assert certificado.datos["titular"]["nombre"] not in respuesta.text
    assert client.post(url("revocar", certificado), {"motivo": "Sin ver."}).status_code == 403
    assert client.post(url("reemitir", certificado), {"motivo": "Sin ver."}).status_code == 403
    certificado.refresh_from_db()
    assert certificado.estado == EstadoCertificado.VALIDO
    assert Certificado.objects.count() == 1


def test_el_permiso_de_revocar_por_grupo(coordinadora, certificado):
    respuesta = coordinadora.post(url("revocar", certificado), {"motivo": "Solicitud de baja."})
    assert respuesta.status_code == 302
    certificado.refresh_from_db()
    assert certificado.estado == EstadoCertificado.REVOCADO


# --- Re-issuing ---------------------------------------------------------------------------


def test_reemitir_tras_corregir_el_nombre(admin_client, admin_user, aprendiz, certificado):
    participante = aprendiz.participante
    cursos_services.participante_guardar(
        usuario=aprendiz,
        nombre_completo="Ana Lucía López Martínez",
        municipio=participante.municipio,
        dependencia=participante.dependencia,
        cargo=participante.cargo,
        tipo=participante.tipo,
        curp="",
    )
    confirmacion = admin_client.get(url("reemitir", certificado)).content.decode()
    assert "Ana Lucía López Martínez" in confirmacion

    respuesta = admin_client.post(url("reemitir", certificado), {"motivo": "Corrección de nombre"})
    nuevo = Certificado.objects.exclude(pk=certificado.pk).get()
    assert respuesta.status_code == 302 and respuesta["Location"] == url("inspect", nuevo)
    certificado.refresh_from_db()
    assert certificado.estado == EstadoCertificado.REEMPLAZADO
    assert nuevo.estado == EstadoCertificado.VALIDO and nuevo.reemplaza == certificado
    assert nuevo.titular == "Ana Lucía López Martínez" and nuevo.folio != certificado.folio
    entrada = EntradaRegistro.objects.get(action="certificados.reemitir")
    assert entrada.user == admin_user and entrada.data["nuevo_folio"] == nuevo.folio

    anterior = admin_client.get(url("inspect", certificado)).content.decode()
    assert "Reemplazado" in anterior and url("inspect", nuevo) in anterior
    historial = admin_client.get(url("history", certificado)).content.decode()
    assert f"Certificado reemplazado por {nuevo.folio}: «Corrección de nombre»" in historial


# --- ZIP downloads ------------------------------------------------------------------------


def test_descargar_zip_de_la_lista_filtrada(admin_client, escenario):
    todos = miembros_zip(admin_client.get(reverse(ZIP)))
    assert set(todos) == {f"{escenario[k].folio}.pdf" for k in ("ana", "carla", "bruno")}
    for nombre, pdf in todos.items():
        assert pdf.startswith(b"%PDF-")
        folio = nombre.removesuffix(".pdf")
        assert pdf == Certificado.objects.get(folio=folio).pdf.open("rb").read()

    filtrado = miembros_zip(
        admin_client.get(reverse(ZIP), {"curso": escenario["movilidad"].pk, "estado": "valido"})
    )
    assert set(filtrado) == {f"{escenario['carla'].folio}.pdf"}


def test_el_boton_del_zip_lleva_los_filtros(admin_client, escenario):
    html = admin_client.get(reverse(INDEX), {"curso": escenario["movilidad"].pk, "p": 1}).text
    assert f'{reverse(ZIP)}?curso={escenario["movilidad"].pk}"' in html
    assert "Descargar ZIP" in html


def test_el_zip_tiene_un_tope(admin_client, escenario, settings):
    settings.CERTIFICADOS_ZIP_MAXIMO = 2
    respuesta = admin_client.get(reverse(ZIP), {"estado": ""})
    assert respuesta.status_code == 302
    assert respuesta["Location"] == reverse(INDEX) + "?estado="
    assert any("tiene 3 certificados" in m and "hasta 2" in m for m in mensajes(respuesta))
    assert len(miembros_zip(admin_client.get(reverse(ZIP), {"estado": "valido"}))) == 2


def test_un_zip_vacio_o_con_filtros_invalidos_vuelve_a_la_lista(admin_client, escenario):
    vacio = admin_client.get(reverse(ZIP), {"q": "nadie se llama así"})
    assert vacio.status_code == 302
    assert "No hay certificados que descargar con esta selección." in mensajes(vacio)
    invalido = admin_client.get(reverse(ZIP), {"emitido_en_from": "no es fecha"})
    assert invalido.status_code == 302
    assert any("filtro no es válido" in m for m in mensajes(invalido))


def test_la_lista_ofrece_la_accion_masiva(admin_client, escenario):
    html = admin_client.get(reverse(INDEX)).text
    assert "data-bulk-action-checkbox" in html
    assert f'data-object-id="{escenario["ana"].pk}"' in html
    assert BULK_ZIP in html and "Descargar ZIP" in html


def test_accion_masiva_descargar_zip_de_los_seleccionados(admin_client, escenario):
    ana, bruno = escenario["ana"], escenario["bruno"]
    respuesta = admin_client.get(BULK_ZIP, {"id": [ana.pk, bruno.pk], "next": reverse(INDEX)})
    miembros = miembros_zip(respuesta)
    assert set(miembros) == {f"{ana.folio}.pdf", f"{bruno.folio}.pdf"}
    assert all(pdf.startswith(b"%PDF-") for pdf in miembros.values())


def test_accion_masiva_con_toda_la_lista_usa_sus_filtros(admin_client, escenario):
    curso = escenario["movilidad"].pk
    respuesta = admin_client.get(BULK_ZIP, {"id": "all", "curso": curso, "next": reverse(INDEX)})
    assert respuesta.status_code == 302
    assert respuesta["Location"] == f"{reverse(ZIP)}?curso={curso}"
    assert set(miembros_zip(admin_client.get(respuesta["Location"]))) == {
        f"{escenario['carla'].folio}.pdf",
        f"{escenario['bruno'].folio}.pdf",
    }


# --- Nothing is edited or deleted ---------------------------------------------------------


def test_no_hay_alta_edicion_ni_borrado(admin_client, certificado):
    for nombre, args in (("add", []), ("edit", [certificado.pk]), ("delete", [certificado.pk])):
        direccion = reverse(f"certificados_emitidos:{nombre}", args=args)
        assert denegado_por_wagtail(admin_client.get(direccion))
        assert denegado_por_wagtail(
            admin_client.post(direccion, {"folio": "X", "estado": "revocado"})
        )
    with pytest.raises(NoReverseMatch):
        reverse("certificados_emitidos:copy", args=[certificado.pk])
    assert (
        admin_client.get(f"/admin/certificados/emitidos/copy/{certificado.pk}/").status_code == 404
    )
    certificado.refresh_from_db()
    assert certificado.estado == EstadoCertificado.VALIDO
    assert Certificado.objects.filter(pk=certificado.pk).exists()


# --- Templates and signatories (the editorial team) ---------------------------------------


def datos_plantilla(firmantes, *, curso=None, **campos):
    valores = {
        "nombre": "Plantilla general",
        "curso": str(curso.pk) if curso else "",
        "titulo": "Constancia de acreditación",
        "texto_otorga": "otorga la presente constancia a",
        "texto_motivo": "por haber acreditado satisfactoriamente el curso",
        "leyenda": "Red de Embajadores Climáticos",
        "color": "#1B5E20",
        "logo": "",
        "firmas": inline_formset([{"firmante": str(f.pk)} for f in firmantes], min=1, max=3),
    }
    valores.update(campos)
    return nested_form_data(valores)


@pytest.fixture
def firmante(db):
    return Firmante.objects.create(nombre="Dra. Elena Robles", cargo="Directora General")


def test_el_equipo_editorial_crea_firmantes_y_plantillas(cliente_editora, firmante):
    respuesta = cliente_editora.post(
        url_snippet(Firmante, "add"), {"nombre": "Lic. Mario Paz", "cargo": "Coordinador"}
    )
    assert respuesta.status_code == 302
    assert Firmante.objects.filter(nombre="Lic. Mario Paz").exists()

    respuesta = cliente_editora.post(
        url_snippet(PlantillaCertificado, "add"), datos_plantilla([firmante])
    )
    assert respuesta.status_code == 302
    plantilla = PlantillaCertificado.objects.get()
    assert plantilla.curso is None and [f.firmante for f in plantilla.firmas.all()] == [firmante]
    assert plantilla.revisions.count() == 1

    listado = cliente_editora.get(url_snippet(PlantillaCertificado, "list"), {"q": "general"})
    assert "Plantilla general" in listado.text and "Predeterminada" in listado.text
    assert "Dra. Elena Robles" in cliente_editora.get(url_snippet(Firmante, "list")).text


def test_solo_una_plantilla_predeterminada(cliente_editora, firmante):
    PlantillaCertificado.objects.create(nombre="La primera")
    respuesta = cliente_editora.post(
        url_snippet(PlantillaCertificado, "add"), datos_plantilla([firmante], nombre="Otra")
    )
    assert respuesta.status_code == 200
    assert "Ya hay una plantilla predeterminada («La primera»). Elige un curso." in respuesta.text
    assert PlantillaCertificado.objects.count() == 1


def test_la_plantilla_de_un_curso_se_guarda_junto_a_la_predeterminada(
    cliente_editora, firmante, curso_y_modulos
):
    PlantillaCertificado.objects.create(nombre="La primera")
    curso, _ = curso_y_modulos
    respuesta = cliente_editora.post(
        url_snippet(PlantillaCertificado, "add"),
        datos_plantilla([firmante], curso=curso, nombre="Del curso"),
    )
    assert respuesta.status_code == 302
    assert PlantillaCertificado.objects.get(nombre="Del curso").curso == curso


def test_vista_previa_en_html_y_en_pdf(cliente_editora, firmante):
    plantilla = PlantillaCertificado.objects.create(nombre="General", titulo="Reconocimiento")
    direccion = url_snippet(PlantillaCertificado, "preview_on_edit", plantilla.pk)
    datos = datos_plantilla([firmante], nombre="General", titulo="Constancia de participación")

    estado = cliente_editora.post(direccion, datos)
    assert estado.json() == {"is_valid": True, "is_available": True}

    html = cliente_editora.get(direccion)
    assert html.status_code == 200 and html["Content-Type"].startswith("text/html")
    texto = html.content.decode()
    assert "Constancia de participación" in texto  # the unsaved edit, not the stored title
    assert "María Guadalupe Hernández Sánchez" in texto and "Dra. Elena Robles" in texto

    pdf = cliente_editora.get(direccion, {"mode": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_vista_previa_al_crear(cliente_editora, firmante):
    direccion = url_snippet(PlantillaCertificado, "preview_on_add")
    assert cliente_editora.post(direccion, datos_plantilla([firmante])).json()["is_valid"]
    assert "María Guadalupe Hernández Sánchez" in cliente_editora.get(direccion).text


def test_el_grupo_editorial_tiene_los_permisos_de_los_snippets(editora):
    for codename in (
        "add_firmante",
        "change_firmante",
        "view_firmante",
        "add_plantillacertificado",
        "change_plantillacertificado",
        "view_plantillacertificado",
    ):
        assert editora.has_perm(f"certificados.{codename}"), codename
    assert not editora.has_perm("certificados.view_certificado")
    assert not editora.has_perm("certificados.revocar_certificado")


# --- Constant cost ------------------------------------------------------------------------


def emitir_sin_pdf(n, *, catalogo, inicio=0):
    """``n`` certificates issued through the service (their PDFs, a background task, skipped:
    the listing never reads them), for learners in different municipalities."""
    curso, modulos = factories.curso_con_modulos(1, catalogo=catalogo)
    municipios = list(Municipio.objects.all()[:5])
    for i in range(inicio, inicio + n):
        usuario = factories.participante(
            nombre_completo=f"Participante {i}", municipio=municipios[i % 5]
        )
        cursos_services.inscripcion_crear(usuario=usuario, curso=curso)
        cursos_services.modulo_completar(usuario=usuario, modulo=modulos[0])
        services.certificado_emitir(inscripcion=curso.inscripciones.get(usuario=usuario))


# Profile, count, locales, the sidebar's page-tree root (two queries), the course and
# municipality filters' choices, and one query for the rows with their course, profile and
# municipality (the session and user come from the cache). The CSV export skips the
# furniture: profile, rows. Both write the access log's entry (3: cursos.acceso).
@pytest.mark.parametrize(
    ("parametros", "consultas"),
    [({}, 11), ({"estado": "valido", "q": "Part"}, 11), ({"export": "csv"}, 5)],
)
def test_las_consultas_no_crecen_con_los_certificados(
    admin_client, catalogo, django_assert_num_queries, parametros, consultas
):
    emitir_sin_pdf(2, catalogo=catalogo)
    contenido(admin_client.get(reverse(INDEX), parametros))  # warm caches (site, content types)
    with django_assert_num_queries(consultas):
        contenido(admin_client.get(reverse(INDEX), parametros))
    emitir_sin_pdf(8, catalogo=catalogo, inicio=2)
    with django_assert_num_queries(consultas):
        respuesta = admin_client.get(reverse(INDEX), parametros)
        filas = contenido(respuesta).decode()
    assert respuesta.status_code == 200
    assert sum(c.folio in filas for c in Certificado.objects.all()) == 10


# --- The menu -----------------------------------------------------------------------------


def test_el_menu_de_certificados_segun_los_permisos(client, admin_client, editora):
    # The sidebar is JSON in the page: look for the items' names.
    menu = admin_client.get(reverse("wagtailadmin_home")).text
    for nombre in (
        "certificados",
        "certificados-emitidos",
        "plantillas-de-certificado",
        "firmantes",
    ):
        assert f'"name": "{nombre}"' in menu, nombre
    client.force_login(editora)
    menu = client.get(reverse("wagtailadmin_home")).text
    assert '"name": "plantillas-de-certificado"' in menu and '"name": "firmantes"' in menu
    assert '"name": "certificados-emitidos"' not in menu
