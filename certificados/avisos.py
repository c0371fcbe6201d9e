"""E-mail to the learner when their certificate is ready."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from certificados import snapshot


def certificado_listo(certificado) -> None:
    if not certificado.usuario.email:
        return
    base = snapshot.url_base()
    contexto = {
        "certificado": certificado,
        "nombre": certificado.titular,
        "curso": certificado.datos["curso"]["titulo"],
        "url_mis_certificados": base + reverse("certificados:mis_certificados"),
        "url_descarga": base + certificado.get_descarga_url(),
        "url_verificacion": certificado.credencial["credencial"]["verificacion"],
    }
    with translation.override(settings.LANGUAGE_CODE):
        asunto = render_to_string("certificados/correo/listo_asunto.txt", contexto).strip()
        cuerpo = render_to_string("certificados/correo/listo.txt", contexto)
    send_mail(asunto, cuerpo, None, [certificado.usuario.email])
