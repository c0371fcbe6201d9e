"""The log of staff access to participants' personal data: who looked at or took what, when.

Every admin door that shows or hands out a participant's personal data writes one entry of
Wagtail's audit log through :func:`registrar_acceso`: a page about one person (record, inspect
view), a listing or report with people's rows, an export (CSV, XLSX, PDF, ZIP) or a document
download. The doors use it through :class:`ListadoConDatosPersonalesMixin` (listings, reports
and their exports), :class:`DetalleConDatosPersonalesMixin` (one record's page) or, in a view
of their own, by calling it once the response is ready.

An entry names the person (``user``), the time (``timestamp``), the kind of access
(``action``), the object (the record shown, or for a listing the kind of record listed), and in
``data`` the door (``puerta``, the admin page's title; ``vista``, its URL name), the address
with its filters, and the format of an export.

The entries go to the learner records' log (``cursos.EntradaRegistro``) and only superusers
read them (in «Historial del sitio»): :func:`acciones_de_acceso` is what its manager hides
from everyone else, even from the staff whose municipality the record belongs to.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

ACCION_CONSULTAR = "cursos.datos_consultar"
ACCION_LISTAR = "cursos.datos_listar"
ACCION_EXPORTAR = "cursos.datos_exportar"
ACCION_DESCARGAR = "cursos.datos_descargar"

_ACCIONES: set[str] = {ACCION_CONSULTAR, ACCION_LISTAR, ACCION_EXPORTAR, ACCION_DESCARGAR}
_LARGO_RUTA = 1000


def declarar_accion_de_acceso(accion: str) -> None:
    """Declare another app's log action an access to personal data (superusers only)."""
    _ACCIONES.add(accion)


def acciones_de_acceso() -> frozenset[str]:
    return frozenset(_ACCIONES)


def registrar_acceso(
    request, *, accion: str, puerta, objeto=None, modelo=None, formato: str = "", titulo=None
):
    """Write one access entry for ``request.user``.

    ``objeto`` is the record shown (a participant, an attempt, a designation…); a listing
    passes ``modelo`` instead, the kind of record it lists. ``puerta`` names the admin page."""
    if objeto is None:
        objeto = ContentType.objects.get_for_model(modelo, for_concrete_model=False)
    elif titulo is None:
        titulo = str(objeto)  # the person (or their record) whose data was shown
    coincidencia = getattr(request, "resolver_match", None)
    datos = {
        "puerta": str(puerta),
        "vista": coincidencia.view_name if coincidencia else "",
        "ruta": request.get_full_path()[:_LARGO_RUTA],
    }
    if formato:
        datos["formato"] = formato
    if modelo is not None:
        datos["modelo"] = modelo._meta.label
    return log(
        instance=objeto,
        action=accion,
        user=request.user,
        data=datos,
        title=str(titulo or puerta)[:255],
    )


class ListadoConDatosPersonalesMixin:
    """For a Wagtail listing or report (``IndexView``, ``ReportView``) whose rows show
    participants' personal data: each page of rows served, and each export, is one entry.

    ``puerta_datos`` names the door (the page's title by default); the entry's object is the
    kind of record listed (``modelo_datos``, the view's model by default)."""

    puerta_datos = None
    modelo_datos = None

    def get(self, request, *args, **kwargs):
        respuesta = super().get(request, *args, **kwargs)
        if respuesta.status_code == 200:
            formato = request.GET.get("export") if getattr(self, "is_export", False) else ""
            modelo = self.modelo_datos or self.model
            puerta = self.puerta_datos or self.get_page_title()
            registrar_acceso(
                request,
                accion=ACCION_EXPORTAR if formato else ACCION_LISTAR,
                puerta=puerta,
                modelo=modelo,
                formato=formato,
                titulo=f"{puerta} ({modelo._meta.verbose_name_plural})",
            )
        return respuesta


class DetalleConDatosPersonalesMixin:
    """For a Wagtail view of one record with personal data (an inspect view, a record page):
    each time it is served is one entry, whose object is :meth:`objeto_consultado`."""

    puerta_datos = None

    def objeto_consultado(self):
        return self.object

    def get(self, request, *args, **kwargs):
        respuesta = super().get(request, *args, **kwargs)
        if respuesta.status_code == 200:
            registrar_acceso(
                request,
                accion=ACCION_CONSULTAR,
                puerta=self.puerta_datos or self.get_page_title(),
                objeto=self.objeto_consultado(),
            )
        return respuesta


class AccesoLogFormatter(LogFormatter):
    """«Historial del sitio» says which door, and the format of an export."""

    def format_message(self, log_entry):
        datos = log_entry.data or {}
        puerta = datos.get("puerta", "")
        if datos.get("formato"):
            return _("%(accion)s: %(puerta)s, en %(formato)s") % {
                "accion": self.label,
                "puerta": puerta,
                "formato": datos["formato"].upper(),
            }
        return _("%(accion)s: %(puerta)s") % {"accion": self.label, "puerta": puerta}


def registrar_acciones(actions) -> None:
    """The four kinds of access, for the ``register_log_actions`` hook."""
    for accion, etiqueta in (
        (ACCION_CONSULTAR, _("Consulta de datos personales")),
        (ACCION_LISTAR, _("Listado con datos personales")),
        (ACCION_EXPORTAR, _("Exportación de datos personales")),
        (ACCION_DESCARGAR, _("Descarga de documento con datos personales")),
    ):
        actions.register_action(accion)(
            type(f"Formato_{accion}", (AccesoLogFormatter,), {"label": etiqueta})
        )
