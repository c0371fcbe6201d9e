"""The learner's side: "Mis constancias", downloads (theirs only), the "being rendered" state."""

import hashlib

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from certificados import services
from certificados.models import Certificado
from cursos import services as cursos_services
from cursos.models import Inscripcion
from tests import factories

MIS = reverse("certificados:mis_certificados")


def test_mis_certificados_y_descarga(certificado, cliente_aprendiz):
    pagina = cliente_aprendiz.get(MIS).content.decode()
    assert certificado.folio in pagina and certificado.codigo_legible in pagina
    assert certificado.get_descarga_url() in pagina
    respuesta = cliente_aprendiz.get(certificado.get_descarga_url())
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/pdf"
    assert f"constancia-{certificado.folio}.pdf" in respuesta["Content-Disposition"]
    assert "no-store" in respuesta["Cache-Control"]
    contenido = b"".join(respuesta.streaming_content)
    assert hashlib.sha256(contenido).hexdigest() == certificado.sha256


def test_el_certificado_de_otra_persona_da_404(certificado, client, otro):
    client.force_login(otro)
    assert client.get(certificado.get_descarga_url()).status_code == 404
    assert certificado.folio not in client.get(MIS).content.decode()


def test_sin_sesion_pide_entrar(certificado, client):
    respuesta = client.get(certificado.get_descarga_url())
    assert respuesta.status_code == 302 and "/cuentas/login/" in respuesta["Location"]
    assert client.get(MIS).status_code == 302


def test_metodo_incorrecto_da_405(certificado, cliente_aprendiz):
    assert cliente_aprendiz.post(certificado.get_descarga_url()).status_code == 405


def test_revocado_no_se_descarga_y_lo_explica(certificado, cliente_aprendiz):
    services.certificado_revocar(
        certificado=certificado, motivo="Se detectó un error en el registro"
    )
    respuesta = cliente_aprendiz.get(certificado.get_descarga_url())
    assert respuesta.status_code == 410
    assert "Se detectó un error en el registro" in respuesta.content.decode()
    assert "Revocada" in cliente_aprendiz.get(MIS).content.decode()


def test_reemplazado_enlaza_al_nuevo(
    certificado, cliente_aprendiz, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        nuevo = services.certificado_reemitir(certificado=certificado, motivo="Nombre corregido")
    pagina = cliente_aprendiz.get(MIS).content.decode()
    assert "Reemplazada" in pagina and nuevo.get_absolute_url() in pagina
    assert cliente_aprendiz.get(certificado.get_descarga_url()).status_code == 410
    assert cliente_aprendiz.get(nuevo.get_descarga_url()).status_code == 200


def test_mientras_se_genera_la_pagina_lo_dice(aprendiz, cliente_aprendiz, curso_y_modulos):
    """Completed, but the worker has not run yet (on-commit callbacks are not executed here)."""
    curso, modulos = curso_y_modulos
    cursos_services.inscripcion_crear(usuario=aprendiz, curso=curso)
    for modulo in modulos:
        cursos_services.modulo_completar(usuario=aprendiz, modulo=modulo)
    assert not Certificado.objects.exists()
    pagina = cliente_aprendiz.get(MIS).content.decode()
    assert "se está generando" in pagina and curso.title in pagina
    # Issued but not rendered: the download says so instead of failing.
    certificado, _ = services.certificado_emitir(
        inscripcion=Inscripcion.objects.get(usuario=aprendiz, curso=curso)
    )
    respuesta = cliente_aprendiz.get(certificado.get_descarga_url())
    assert respuesta.status_code == 202 and "se está generando" in respuesta.content.decode()


@pytest.mark.parametrize("n", [1, 5])
def test_mis_certificados_consultas_constantes(
    n, aprendiz, client, catalogo, django_assert_num_queries
):
    for _ in range(n):
        curso, _modulos = factories.curso_con_modulos(1, catalogo=catalogo)
        inscripcion, _ = cursos_services.inscripcion_crear(usuario=aprendiz, curso=curso)
        Inscripcion.objects.filter(pk=inscripcion.pk).update(completado_en=timezone.now())
        services.certificado_emitir(inscripcion=inscripcion)
    client.force_login(aprendiz)
    cache.clear()  # Wagtail caches the site's root paths: start from the same cold cache
    with django_assert_num_queries(9):
        respuesta = client.get(MIS)
    assert respuesta.content.decode().count(">IEECC-") == n


def test_reemitir_un_revocado_lo_deja_revocado_y_enlaza_al_nuevo(
    certificado, client, django_capture_on_commit_callbacks
):
    services.certificado_revocar(certificado=certificado, motivo="Nombre con un error")
    with django_capture_on_commit_callbacks(execute=True):
        nuevo = services.certificado_reemitir(certificado=certificado, motivo="Nombre corregido")
    certificado.refresh_from_db()
    assert certificado.estado == "revocado" and nuevo.estado == "valido"
    nuevo.refresh_from_db()
    assert nuevo.reemplaza_id == certificado.pk and nuevo.listo
    pagina = client.get(certificado.get_absolute_url()).content.decode()
    assert "Revocada" in pagina and nuevo.get_absolute_url() in pagina
    datos = client.get(
        reverse("certificados:verificar_codigo_json", args=[certificado.codigo_legible])
    ).json()
    assert datos["estado"] == "revocado" and datos["reemplazado_por"]["folio"] == nuevo.folio
    # Once re-issued, never again from the same certificate.
    with pytest.raises(services.CertificadoNoVigente):
        services.certificado_reemitir(certificado=certificado)


def test_un_correo_que_falla_no_rompe_la_emision(
    aprendiz, curso_y_modulos, completar, settings, caplog
):
    settings.MAILERS = {"default": {"BACKEND": "tests.certificados.correo_roto.Backend"}}
    curso, modulos = curso_y_modulos
    completar(aprendiz, curso, modulos)
    certificado = Certificado.objects.get(usuario=aprendiz, curso=curso)
    assert certificado.listo
    assert "No se pudo avisar por correo" in caplog.text
