"""The learner's certificates and the public verification (no login, rate-limited)."""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import is_ratelimited

from certificados import firma, selectors, snapshot
from certificados import render as documento
from certificados.codigos import CodigoInvalido, codigo_formatear, codigo_normalizar
from certificados.forms import ArchivoForm, CodigoForm, tamano_maximo
from certificados.models import Certificado, EstadoCertificado

LIMITE_CONSULTAS = "60/m"
LIMITE_ARCHIVOS = "10/m"


def _negativa(request, *, status: int, error: str, mensaje: str, plantilla: str):
    """A refusal in Spanish: JSON for the machine URLs (``….json``), a page otherwise."""
    if request.path.endswith(".json"):
        return JsonResponse({"error": error, "mensaje": mensaje}, status=status)
    return render(request, plantilla, status=status)


def limitado(grupo: str, ajuste: str, por_defecto: str):
    """Per-client rate limit (django-ratelimit, by IP); past it, a Spanish 429 page or JSON."""

    def decorador(vista):
        @wraps(vista)
        def envoltura(request, *args, **kwargs):
            tasa = getattr(settings, ajuste, por_defecto)
            if tasa and is_ratelimited(
                request, group=grupo, key="ip", rate=tasa, method=is_ratelimited.ALL, increment=True
            ):
                respuesta = _negativa(
                    request,
                    status=429,
                    error="demasiadas_consultas",
                    mensaje=_("Demasiadas consultas. Espera un minuto e inténtalo de nuevo."),
                    plantilla="certificados/limite.html",
                )
                respuesta["Retry-After"] = "60"
                return respuesta
            return vista(request, *args, **kwargs)

        return envoltura

    return decorador


def metodos(*permitidos: str):
    """Like ``require_http_methods`` (HEAD goes with GET), but the 405 explains itself in
    Spanish, as JSON for the .json URLs."""

    def decorador(vista):
        @wraps(vista)
        def envoltura(request, *args, **kwargs):
            aceptados = {*permitidos, *(("HEAD",) if "GET" in permitidos else ())}
            if request.method not in aceptados:
                respuesta = _negativa(
                    request,
                    status=405,
                    error="metodo_no_permitido",
                    mensaje=_("Solo se admiten consultas GET."),
                    plantilla="certificados/metodo_no_permitido.html",
                )
                respuesta["Allow"] = ", ".join(permitidos)
                return respuesta
            return vista(request, *args, **kwargs)

        return envoltura

    return decorador


solo_get = metodos("GET", "HEAD")


# --- The learner --------------------------------------------------------------------------


@solo_get
@login_required
def mis_certificados(request):
    return render(
        request,
        "certificados/mis_certificados.html",
        {
            "certificados": list(selectors.certificados_de(usuario=request.user)),
            "en_proceso": list(selectors.en_proceso_de(usuario=request.user)),
        },
    )


@solo_get
@login_required
def descargar(request, uuid):
    certificado = get_object_or_404(Certificado.objects.de_usuario(request.user), uuid=uuid)
    if certificado.estado != EstadoCertificado.VALIDO:
        return render(
            request, "certificados/no_disponible.html", {"certificado": certificado}, status=410
        )
    if not certificado.listo:
        return render(
            request, "certificados/en_proceso.html", {"certificado": certificado}, status=202
        )
    return respuesta_pdf(certificado)


def respuesta_pdf(certificado: Certificado) -> FileResponse:
    respuesta = FileResponse(
        certificado.pdf.open("rb"),
        as_attachment=True,
        filename=f"constancia-{certificado.folio}.pdf",
        content_type="application/pdf",
    )
    respuesta["Cache-Control"] = "private, no-store"
    return respuesta


# --- Verifiers (public) -------------------------------------------------------------------


def _contexto_formularios(codigo_form=None, archivo_form=None):
    return {
        "codigo_form": codigo_form or CodigoForm(),
        "archivo_form": archivo_form or ArchivoForm(),
        "tamano_maximo_mb": tamano_maximo() // (1024 * 1024),
    }


@metodos("GET", "POST")
@never_cache
@limitado("certificados.consulta", "CERTIFICADOS_LIMITE_CONSULTAS", LIMITE_CONSULTAS)
def verificar(request):
    """The form: a code to look up (GET) or a PDF to check (POST)."""
    if request.method == "POST":
        return _verificar_archivo(request)
    if "codigo" in request.GET:
        form = CodigoForm(request.GET)
        if form.is_valid():
            return redirect(
                "certificados:verificar_codigo", codigo_formatear(form.cleaned_data["codigo"])
            )
        return render(
            request,
            "certificados/verificar.html",
            _contexto_formularios(codigo_form=form),
            status=400,
        )
    return render(request, "certificados/verificar.html", _contexto_formularios())


@limitado("certificados.archivo", "CERTIFICADOS_LIMITE_ARCHIVOS", LIMITE_ARCHIVOS)
def _verificar_archivo(request):
    form = ArchivoForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "certificados/verificar.html",
            _contexto_formularios(archivo_form=form),
            status=400,
        )
    contenido = form.cleaned_data["archivo"].read()
    resultado = comprobar_pdf(contenido)
    return render(request, "certificados/verificacion_archivo.html", resultado)


def comprobar_pdf(contenido: bytes) -> dict:
    """What a PDF a verifier holds proves: an exact issued file, an authentic credential in a
    changed file, a forged credential, or nothing known."""
    huella = hashlib.sha256(contenido).hexdigest()
    identico = Certificado.objects.filter(sha256=huella).select_related("reemplazado_por").first()
    motivo = ""
    try:
        adjuntos = documento.adjuntos_de_pdf(contenido)
        legible = True
    except documento.AdjuntoNoAdmitido as exc:
        adjuntos, legible, motivo = {}, True, str(exc)
    except ValueError:
        adjuntos, legible = {}, False
    sobre = adjuntos.get(documento.NOMBRE_ADJUNTO)
    divulgaciones = adjuntos.get(documento.NOMBRE_DIVULGACIONES)
    firma_valida, credencial = False, None
    if sobre is not None:
        try:
            credencial = firma.verificar(sobre, selectors.claves_publicas())
            # The printed private fields must match their signed digests too.
            if divulgaciones is not None:
                snapshot.divulgaciones_comprobar(credencial, divulgaciones)
            firma_valida = True
        except (firma.FirmaInvalida, ValueError):
            credencial = None
    certificado = identico
    if certificado is None and credencial is not None:
        try:
            certificado = selectors.certificado_por_codigo(
                codigo_normalizar(str(credencial.get("codigo", "")))
            )
        except CodigoInvalido:
            certificado = None
        if certificado is not None and certificado.credencial != sobre:
            certificado = None  # signed, but not a credential we issued as such
    publico = certificado.credencial["credencial"] if certificado else None
    return {
        "identico": identico is not None,
        "legible": legible,
        "motivo": motivo,
        "tiene_credencial": sobre is not None,
        "firma_valida": firma_valida,
        "certificado": certificado,
        "publico": publico,
        "fecha_completado": _fecha_completado(publico),
        "huella": huella,
    }


def _fecha_completado(publico: dict | None) -> str:
    """The completion date as the certificate prints it (``20 de noviembre de 2026``)."""
    return documento.fecha_larga(publico["completado"]) if publico else ""


def _buscar(codigo_url: str):
    """(canonical code or None, certificate or None) for a code in a URL."""
    try:
        codigo = codigo_normalizar(codigo_url)
    except CodigoInvalido:
        return None, None
    return codigo, selectors.certificado_por_codigo(codigo)


@solo_get
@never_cache
@limitado("certificados.consulta", "CERTIFICADOS_LIMITE_CONSULTAS", LIMITE_CONSULTAS)
def verificar_codigo(request, codigo):
    canonico, certificado = _buscar(codigo)
    if canonico is None:
        return render(request, "certificados/codigo_invalido.html", {"codigo": codigo}, status=400)
    if codigo != codigo_formatear(canonico):
        return redirect("certificados:verificar_codigo", codigo_formatear(canonico), permanent=True)
    if certificado is None:
        return render(request, "certificados/no_encontrado.html", {"codigo": codigo}, status=404)
    publico = certificado.credencial["credencial"]
    return render(
        request,
        "certificados/verificacion.html",
        {
            "certificado": certificado,
            "publico": publico,
            "fecha_completado": _fecha_completado(publico),
        },
    )


# GET-only JSON: no CSRF check to run first, so another method gets the Spanish 405 JSON, not
# the CSRF failure page.
@csrf_exempt
@solo_get
@never_cache
@limitado("certificados.consulta", "CERTIFICADOS_LIMITE_CONSULTAS", LIMITE_CONSULTAS)
def verificar_codigo_json(request, codigo):
    canonico, certificado = _buscar(codigo)
    if canonico is None:
        return JsonResponse(
            {"estado": "codigo_invalido", "mensaje": _("Ese código de verificación no es válido.")},
            status=400,
        )
    if certificado is None:
        return JsonResponse(
            {
                "estado": "no_encontrado",
                "codigo": codigo_formatear(canonico),
                "mensaje": _("No hay ninguna constancia con ese código."),
            },
            status=404,
        )
    return JsonResponse(
        estado_publico(request, certificado), json_dumps_params={"ensure_ascii": False}
    )


def estado_publico(request, certificado: Certificado) -> dict:
    """Status and signed credential: the minimum a verifier needs, nothing personal beyond it."""
    publico = certificado.credencial["credencial"]
    datos = {
        "estado": certificado.estado,
        "codigo": certificado.codigo_legible,
        "folio": certificado.folio,
        "titular": publico["titular"]["nombre"],
        "curso": publico["curso"]["titulo"],
        "horas": publico["curso"]["horas"],
        "completado": publico["completado"],
        "emisor": publico["emisor"]["nombre"],
        "credencial": certificado.credencial,
        "claves": request.build_absolute_uri(reverse("certificados:claves")),
    }
    if certificado.estado == EstadoCertificado.REVOCADO:
        datos["revocacion"] = {
            "fecha": certificado.revocado_en.isoformat(timespec="seconds"),
            "motivo": certificado.motivo_revocacion,
        }
    sucesor = certificado.sucesor
    if sucesor is not None:
        datos["reemplazado_por"] = {
            "folio": sucesor.folio,
            "verificacion": request.build_absolute_uri(sucesor.get_absolute_url()),
        }
    return datos


@csrf_exempt  # GET-only JSON, as above
@solo_get
@cache_control(public=True, max_age=300)  # short: a rotated-in key must show up soon
def claves(request):
    """The JWK Set of the keys that sign certificates."""
    respuesta = JsonResponse(selectors.jwks())
    respuesta["Content-Type"] = "application/jwk-set+json"
    return respuesta
