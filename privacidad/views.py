"""The participant's side of privacy: their data and rights, the downloads (access), requests
(rectification, cancellation, objection) and the consent to a new notice.

Every page is about the signed-in person only: no address names anyone else, and one of their
requests is looked up among their own (another's is a 404). Pages and downloads carry
``Cache-Control: private, no-store``: a shared municipal computer keeps none of it."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from certificados.models import Certificado, EstadoCertificado
from cursos.models import Participante
from cursos.services import ReglaIncumplida
from privacidad import pdf, selectors, services
from privacidad.forms import CancelacionForm, ConsentimientoForm, SolicitudForm
from privacidad.models import OrigenConsentimiento, TipoSolicitud
from privacidad.receivers import CLAVE_SESION
from red.metodos import solo_metodos


def _privada(respuesta):
    add_never_cache_headers(respuesta)
    respuesta["Cache-Control"] = "private, no-store, no-cache, must-revalidate, max-age=0"
    return respuesta


def _formularios(usuario, **reemplazos) -> dict:
    return {
        "rectificacion": SolicitudForm(initial={"tipo": TipoSolicitud.RECTIFICACION}),
        "oposicion": SolicitudForm(initial={"tipo": TipoSolicitud.OPOSICION}),
        "cancelacion": CancelacionForm(initial={"tipo": TipoSolicitud.CANCELACION}),
        **reemplazos,
    }


def _contexto(request, **extra) -> dict:
    usuario = request.user
    participante = Participante.objects.filter(usuario=usuario).first()
    nombre = participante.nombre_completo if participante else ""
    certificados = list(
        Certificado.objects.filter(usuario=usuario, estado=EstadoCertificado.VALIDO)
        .select_related("curso")
        .order_by("-emitido_en")
    )
    return {
        "participante": participante,
        "solicitudes": list(selectors.solicitudes_de(usuario=usuario)),
        "por_rectificar": [c for c in certificados if c.titular != nombre] if nombre else [],
        "formularios": _formularios(usuario, **extra.pop("formularios", {})),
        "aviso": selectors.aviso_vigente(),
        **extra,
    }


@solo_metodos("GET", "HEAD")
@login_required
def inicio(request):
    return _privada(render(request, "privacidad/inicio.html", _contexto(request)))


@solo_metodos("POST")
@login_required
def solicitar(request):
    tipo = request.POST.get("tipo")
    clase = CancelacionForm if tipo == TipoSolicitud.CANCELACION else SolicitudForm
    form = clase(request.POST)
    if not form.is_valid():
        formularios = {tipo: form} if tipo in TipoSolicitud.values else {}
        contexto = _contexto(request, formularios=formularios, error_tipo=tipo)
        return _privada(render(request, "privacidad/inicio.html", contexto, status=400))
    try:
        solicitud = services.solicitud_crear(
            usuario=request.user,
            tipo=form.cleaned_data["tipo"],
            detalle=form.cleaned_data["detalle"],
        )
    except services.SolicitudDuplicada as error:
        contexto = _contexto(request, error_general=str(error.mensaje))
        return _privada(render(request, "privacidad/inicio.html", contexto, status=409))
    except ReglaIncumplida as error:
        contexto = _contexto(request, error_general=str(error.mensaje))
        return _privada(render(request, "privacidad/inicio.html", contexto, status=400))
    messages.success(
        request,
        _("Recibimos tu solicitud núm. %(numero)s. Te responderemos a más tardar el %(fecha)s.")
        % {"numero": solicitud.pk, "fecha": solicitud.vence_el.strftime("%d/%m/%Y")},
    )
    return redirect("privacidad:solicitud", pk=solicitud.pk)


@solo_metodos("GET", "HEAD")
@login_required
def solicitud(request, pk):
    encontrada = selectors.solicitud_de(usuario=request.user, pk=pk)
    if encontrada is None:
        raise Http404(_("No tienes una solicitud con ese número."))
    return _privada(render(request, "privacidad/solicitud.html", {"solicitud": encontrada}))


def _nombre_archivo(extension: str) -> str:
    return f"mis-datos-aula-climatica.{extension}"


@solo_metodos("GET", "HEAD")
@login_required
def descargar_json(request):
    datos = selectors.datos_personales(usuario=request.user)
    services.acceso_registrar(usuario=request.user, formato="json")
    contenido = json.dumps(datos, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
    respuesta = HttpResponse(contenido, content_type="application/json; charset=utf-8")
    respuesta["Content-Disposition"] = content_disposition_header(True, _nombre_archivo("json"))
    respuesta["X-Content-Type-Options"] = "nosniff"
    return _privada(respuesta)


@solo_metodos("GET", "HEAD")
@login_required
def descargar_pdf(request):
    datos = selectors.datos_personales(usuario=request.user)
    services.acceso_registrar(usuario=request.user, formato="pdf")
    respuesta = HttpResponse(pdf.pdf_de_datos(datos), content_type="application/pdf")
    respuesta["Content-Disposition"] = content_disposition_header(True, _nombre_archivo("pdf"))
    respuesta["X-Content-Type-Options"] = "nosniff"
    return _privada(respuesta)


def _siguiente(request) -> str:
    destino = request.POST.get("next") or request.GET.get("next") or ""
    if destino.startswith("/") and url_has_allowed_host_and_scheme(
        destino, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return destino
    return reverse("cursos:mis_cursos")


@solo_metodos("GET", "HEAD", "POST")
@login_required
def consentimiento(request):
    aviso = selectors.aviso_vigente()
    if aviso is None:
        request.session.pop(CLAVE_SESION, None)
        return redirect(_siguiente(request))
    form = ConsentimientoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.consentimiento_otorgar(
            usuario=request.user, aviso=aviso, origen=OrigenConsentimiento.INICIO_SESION
        )
        request.session.pop(CLAVE_SESION, None)
        messages.success(
            request, _("Gracias. Registramos tu consentimiento a la versión %s.") % aviso.version
        )
        return redirect(_siguiente(request))
    contexto = {"aviso": aviso, "form": form, "next": _siguiente(request)}
    status = 400 if request.method == "POST" else 200
    return _privada(render(request, "privacidad/consentimiento.html", contexto, status=status))
