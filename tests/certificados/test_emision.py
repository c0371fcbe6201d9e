"""Issuing: completing a course issues one signed certificate whose PDF carries everything."""

import hashlib
import io
import json

import pypdfium2
import pytest
from django.core import mail

from certificados import firma, render, selectors, services
from certificados.codigos import codigo_normalizar
from certificados.models import Certificado, EstadoCertificado


def texto_pdf(pdf: bytes) -> str:
    documento = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(p.get_textpage().get_text_range() for p in documento)
    finally:
        documento.close()


def test_completar_el_curso_emite_un_certificado_con_pdf(certificado, aprendiz):
    assert certificado.estado == EstadoCertificado.VALIDO
    assert certificado.listo and certificado.sha256
    pdf = certificado.pdf.open("rb").read()
    assert hashlib.sha256(pdf).hexdigest() == certificado.sha256
    assert pdf.startswith(b"%PDF-")
    assert codigo_normalizar(certificado.codigo) == certificado.codigo
    assert len(mail.outbox) == 1 and aprendiz.email in mail.outbox[0].to
    assert certificado.get_descarga_url() in mail.outbox[0].body


def test_el_pdf_dice_lo_que_guarda_el_snapshot(certificado):
    pdf = certificado.pdf.open("rb").read()
    texto = " ".join(texto_pdf(pdf).split())
    datos = certificado.datos
    for esperado in (
        datos["titular"]["nombre"],
        datos["curso"]["titulo"],
        datos["folio"],
        certificado.codigo_legible,
        "Instituto Estatal de Energía y Cambio Climático",
        "Constancia de acreditación",
    ):
        assert esperado in texto, esperado
    assert render.fecha_larga(datos["completado"]) in texto
    assert " de noviembre de " in render.fecha_larga("2026-11-20")


def test_el_pdf_lleva_la_credencial_firmada(certificado):
    pdf = certificado.pdf.open("rb").read()
    sobre = render.credencial_de_pdf(pdf)
    assert sobre == certificado.credencial
    credencial = firma.verificar(sobre, selectors.claves_publicas())
    assert credencial["folio"] == certificado.folio
    assert credencial["titular"]["nombre"] == certificado.datos["titular"]["nombre"]
    assert credencial["curso"]["horas"] == certificado.datos["curso"]["horas"]
    # Public subset: the municipality only as a salted digest, never its value.
    municipio = certificado.datos["titular"]["municipio"]
    assert municipio and municipio not in json.dumps(credencial, ensure_ascii=False)


def test_emitir_otra_vez_devuelve_el_mismo(certificado, aprendiz):
    inscripcion = certificado.curso.inscripciones.get(usuario=aprendiz)
    mismo, creado = services.certificado_emitir(inscripcion=inscripcion)
    assert (mismo.pk, creado) == (certificado.pk, False)
    assert services.certificado_generar_pdf(certificado=certificado) is False
    assert Certificado.objects.count() == 1


def test_el_snapshot_no_cambia(certificado):
    certificado.datos = {**certificado.datos, "titular": {"nombre": "Otra persona"}}
    with pytest.raises(ValueError, match="inmutables"):
        certificado.save()


def test_el_pdf_es_ligero_para_conexiones_lentas(certificado):
    assert io.BytesIO(certificado.pdf.open("rb").read()).getbuffer().nbytes < 200_000


def test_con_evaluacion_final_el_pdf_imprime_la_calificacion_del_snapshot(
    aprendiz, curso_y_modulos, completar, django_capture_on_commit_callbacks
):
    """The final score and municipality are in the snapshot and on the learner's PDF, but not in
    the public credential embedded beside them."""
    from evaluaciones import services as evaluaciones_services
    from tests import factories

    curso, modulos = curso_y_modulos
    evaluacion = factories.evaluacion(curso)
    completar(aprendiz, curso, modulos)  # modules done; the quiz is still pending
    assert not Certificado.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        intento, _ = evaluaciones_services.intento_iniciar(usuario=aprendiz, evaluacion=evaluacion)
        evaluaciones_services.intento_entregar(
            usuario=aprendiz, intento_id=intento.pk, datos=factories.respuestas_correctas(intento)
        )
    certificado = Certificado.objects.get(usuario=aprendiz, curso=curso)
    assert certificado.datos["calificacion"] == "100.00"
    assert certificado.datos["titular"]["municipio"] == aprendiz.participante.municipio.nombre
    pdf = certificado.pdf.open("rb").read()
    texto = " ".join(texto_pdf(pdf).split())
    assert "calificación final: 100 %" in texto
    assert f"{certificado.datos['titular']['municipio']}, Estado de México" in texto
    credencial = render.credencial_de_pdf(pdf)["credencial"]
    assert "calificacion" not in credencial and "100" not in json.dumps(credencial["curso"])
    assert credencial["resultado"] == "aprobado"


def test_el_snapshot_no_cambia_ni_por_dentro_ni_diferido_ni_en_bloque(certificado):
    certificado.datos["titular"]["nombre"] = "Otra persona"  # changed in place
    with pytest.raises(ValueError, match="inmutables"):
        certificado.save()
    diferido = Certificado.objects.defer("datos").get(pk=certificado.pk)
    diferido.datos = {"titular": {"nombre": "Otra persona"}}
    with pytest.raises(ValueError, match="inmutables"):
        diferido.save()
    with pytest.raises(ValueError, match="no cambia"):
        Certificado.objects.filter(pk=certificado.pk).update(datos={})
    # What may change, changes: the status fields, through update_fields or update().
    fresco = Certificado.objects.only("pk", "estado").get(pk=certificado.pk)
    fresco.estado = "valido"
    fresco.save(update_fields=["estado"])
    Certificado.objects.filter(pk=certificado.pk).update(estado="valido")
    certificado.refresh_from_db()
    assert certificado.datos["titular"]["nombre"] != "Otra persona"


def test_municipio_y_calificacion_van_firmados_sin_publicarse(certificado):
    """Selective disclosure: the credential signs salted digests; the PDF carries the values."""
    from certificados import snapshot

    pdf = certificado.pdf.open("rb").read()
    credencial = firma.verificar(render.credencial_de_pdf(pdf), selectors.claves_publicas())
    municipio = certificado.datos["titular"]["municipio"]
    assert municipio not in json.dumps(credencial, ensure_ascii=False)
    assert set(credencial["resumenes"]) == {"municipio", "calificacion"}
    divulgaciones = render.divulgaciones_de_pdf(pdf)
    valores = snapshot.divulgaciones_comprobar(credencial, divulgaciones)
    assert valores == {"municipio": municipio, "calificacion": certificado.datos["calificacion"]}
    for campo, otro_valor in (("municipio", "Metepec"), ("calificacion", "100.00")):
        alterado = {**divulgaciones, campo: [divulgaciones[campo][0], otro_valor]}
        with pytest.raises(ValueError, match=campo):
            snapshot.divulgaciones_comprobar(credencial, alterado)
    # A salt from elsewhere does not pass either (the digest binds salt, field and value).
    with pytest.raises(ValueError):
        snapshot.divulgaciones_comprobar(credencial, {"municipio": ["otra-sal", municipio]})


def test_verificar_credencial_comprueba_los_datos_privados_del_pdf(certificado, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from certificados import snapshot

    original = tmp_path / "original.pdf"
    original.write_bytes(certificado.pdf.open("rb").read())
    salida = io.StringIO()
    call_command("verificar_credencial", str(original), stdout=salida)
    municipio = certificado.datos["titular"]["municipio"]
    assert f"Municipio: {municipio} (firmado)" in salida.getvalue()
    # The same certificate, re-rendered with another municipality in its disclosures.
    divulgaciones = snapshot.divulgaciones_de(certificado.datos)
    divulgaciones["municipio"][1] = "Metepec"
    contexto = render.contexto_de_datos(
        certificado.datos, url_verificacion=certificado.credencial["credencial"]["verificacion"]
    )
    alterado = tmp_path / "alterado.pdf"
    alterado.write_bytes(
        render.pdf_de_contexto(
            contexto,
            adjunto=render.adjunto_de_credencial(certificado.credencial),
            divulgaciones=render.adjunto_de_credencial(divulgaciones),
        )
    )
    with pytest.raises(CommandError, match="alterados"):
        call_command("verificar_credencial", str(alterado), stdout=io.StringIO())
