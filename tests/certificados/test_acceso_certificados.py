"""The certificates' admin doors write the access log (cursos.acceso): the inspect view, one
PDF, the ZIP of the listing."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from certificados.models import Certificado
from cursos import acceso
from cursos.models import EntradaRegistro


def test_las_puertas_de_los_certificados_registran_el_acceso(admin_client, admin_user, certificado):
    tipo = ContentType.objects.get_for_model(Certificado)
    for url, accion, objeto_id, formato in (
        (
            reverse("certificados_emitidos:inspect", args=[certificado.pk]),
            acceso.ACCION_CONSULTAR,
            certificado.pk,
            None,
        ),
        (
            reverse("certificados_emitidos:pdf", args=[certificado.pk]),
            acceso.ACCION_DESCARGAR,
            certificado.pk,
            "pdf",
        ),
        (reverse("certificados_emitidos:zip"), acceso.ACCION_EXPORTAR, None, "zip"),
    ):
        EntradaRegistro.objects.all().delete()
        respuesta = admin_client.get(url)
        assert respuesta.status_code == 200, url
        if respuesta.streaming:
            b"".join(respuesta.streaming_content)
        (entrada,) = EntradaRegistro.objects.filter(action__in=acceso.acciones_de_acceso())
        assert (entrada.action, entrada.user) == (accion, admin_user), url
        if objeto_id is None:
            assert entrada.data["modelo"] == "certificados.Certificado"
        else:
            assert (entrada.content_type, entrada.object_id) == (tipo, str(objeto_id))
        assert entrada.data.get("formato") == formato
