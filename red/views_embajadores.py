"""Ambassadors outside the admin's listings: the public directory, the ambassador's own
consent page, and the private download of a designation document.

The directory shows municipality, name and position of active ambassadors with a consent in
force, and nothing else. The document is served only to staff who may view designations and
whose scope (``cursos.alcance``) includes its municipality: to anyone else it does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.permissions import policy_registry

from cursos import alcance
from cursos.acceso import ACCION_DESCARGAR, registrar_acceso
from cursos.models import Municipio, Participante
from cursos.segundo_factor import solo_con_segundo_factor
from red import services
from red.forms import ConsentimientoForm, DirectorioFiltroForm
from red.metodos import solo_metodos
from red.models import ConsentimientoDirectorio, Embajador

# --- Read side ----------------------------------------------------------------------------


def designaciones_visibles(usuario):
    """The designations ``usuario`` may see in the admin: every one, or those of the
    municipalities of a liaison."""
    return alcance.acotar(
        Embajador.objects.select_related("participante__usuario", "municipio", "registrado_por"),
        usuario,
        "municipio",
    )


def consentimiento_vigente():
    return ConsentimientoDirectorio.objects.filter(
        participante=OuterRef("participante"), retirado_en__isnull=True
    )


def directorio(*, municipio: int | None = None) -> list[dict]:
    """The public directory in one query: municipality, name and position of every active
    ambassador with a consent in force, by municipality and name."""
    filas = Embajador.objects.activos().filter(Exists(consentimiento_vigente()))
    if municipio is not None:
        filas = filas.filter(municipio=municipio)
    return list(
        filas.order_by("municipio__nombre", "participante__nombre_completo", "pk").values(
            "municipio_id",
            "cargo",
            municipio_nombre=F("municipio__nombre"),
            nombre=F("participante__nombre_completo"),
        )
    )


# --- Public directory ---------------------------------------------------------------------


@solo_metodos("GET", "HEAD")
def directorio_publico(request):
    municipios = list(Municipio.objects.order_by("nombre").values_list("pk", "nombre"))
    form = DirectorioFiltroForm(request.GET or None, municipios=municipios)
    municipio = None
    if form.is_bound and form.is_valid():
        municipio = form.cleaned_data["municipio"]
    filas = directorio(municipio=municipio)
    nombres = dict(municipios)
    return render(
        request,
        "red/embajadores/directorio.html",
        {
            "form": form,
            "filas": filas,
            "municipio": nombres.get(municipio) if municipio else "",
            "total_municipios": len({fila["municipio_id"] for fila in filas}),
        },
    )


# --- The ambassador's consent -------------------------------------------------------------


@solo_metodos("GET", "HEAD", "POST")
@login_required
def consentimiento(request):
    participante = (
        Participante.objects.filter(usuario=request.user).select_related("usuario").first()
    )
    designaciones = (
        list(
            Embajador.objects.filter(participante=participante)
            .select_related("municipio")
            .order_by("concluido_en", "-designado_en")
        )
        if participante
        else []
    )
    if not designaciones:
        return render(
            request,
            "red/embajadores/consentimiento.html",
            {"sin_designacion": True, "mensaje": services.SinDesignacion.mensaje},
            status=403 if request.method == "POST" else 200,
        )
    form = ConsentimientoForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return _cambiar_consentimiento(request, participante, form.cleaned_data["accion"])
    consentimientos = ConsentimientoDirectorio.objects.filter(participante=participante)
    return render(
        request,
        "red/embajadores/consentimiento.html",
        {
            "form": form,
            "participante": participante,
            "designaciones": designaciones,
            "activas": [d for d in designaciones if d.activo],
            "vigente": consentimientos.filter(retirado_en__isnull=True).first(),
            "ultimo_retiro": consentimientos.filter(retirado_en__isnull=False)
            .order_by("-retirado_en")
            .first(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _cambiar_consentimiento(request, participante, accion: str):
    if accion == ConsentimientoForm.OTORGAR:
        try:
            _consentimiento, creado = services.consentimiento_otorgar(participante=participante)
        except services.ReglaIncumplida as error:
            messages.error(request, str(error.mensaje))
            return redirect("red:consentimiento")
        if creado:
            messages.success(
                request,
                _("Listo: apareces en el directorio público de embajadores climáticos."),
            )
        else:
            messages.info(request, _("Ya aparecías en el directorio; no cambió nada."))
    else:
        retirado = services.consentimiento_retirar(participante=participante)
        if retirado:
            messages.success(
                request,
                _("Listo: ya no apareces en el directorio público. Puedes volver cuando quieras."),
            )
        else:
            messages.info(request, _("No aparecías en el directorio; no cambió nada."))
    return redirect("red:consentimiento")


# --- The private document -----------------------------------------------------------------


@solo_metodos("GET", "HEAD")
@login_required
@solo_con_segundo_factor
def documento(request, pk: int):
    """The designation's PDF as an attachment, for staff who may view designations of its
    municipality. Without the permission: 403; outside their scope or without a document:
    404, so nothing tells which designations exist."""
    politica = policy_registry.get_by_type(Embajador)
    if not politica.user_has_permission(request.user, "view"):
        raise PermissionDenied
    embajador = get_object_or_404(designaciones_visibles(request.user), pk=pk)
    if not embajador.documento:
        raise Http404(_("Esta designación no tiene documento."))
    try:
        archivo = embajador.documento.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("El documento no está disponible.")) from exc
    respuesta = FileResponse(
        archivo,
        as_attachment=True,
        filename=f"designacion-{embajador.pk}.pdf",
        content_type="application/pdf",
    )
    respuesta["Cache-Control"] = "private, no-store"
    registrar_acceso(
        request,
        accion=ACCION_DESCARGAR,
        puerta=_("Documento de designación"),
        objeto=embajador,
        formato="pdf",
    )
    return respuesta


def url_documento(embajador: Embajador) -> str:
    return reverse("red:documento", args=[embajador.pk])
