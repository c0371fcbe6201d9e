"""The Red's panel on the Wagtail admin dashboard: the headline figures, each beside the same
figure a year ago, and enrolments and certificates per month over the last 24 months.

Shown to users with ``red.ver_cifras_red``; a municipal liaison reads the figures of their
municipalities, and the panel says so. Rendering it costs a fixed number of queries (pinned in
``tests/red/test_panel.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.ui.components import Component

from cursos import alcance
from cursos.models import Municipio
from red import graficas, selectors
from red.reportes import url_o_nada

MESES = 24


@dataclass(frozen=True)
class Tarjeta:
    etiqueta: str
    valor: str
    comparacion: str
    nota: str = ""


def diferencia_en_palabras(cifra: selectors.Cifra) -> str:
    """The change from a year ago in words, so it does not rest on a colour or an arrow."""
    if cifra.cambio > 0:
        return ngettext("Ahora hay %(n)s más.", "Ahora hay %(n)s más.", cifra.cambio) % {
            "n": cifra.cambio
        }
    if cifra.cambio < 0:
        return ngettext("Ahora hay %(n)s menos.", "Ahora hay %(n)s menos.", -cifra.cambio) % {
            "n": -cifra.cambio
        }
    return _("Igual que hace un año.")


def comparacion(cifra: selectors.Cifra) -> str:
    return _("Hace un año: %(antes)s. %(diferencia)s") % {
        "antes": cifra.hace_un_anio,
        "diferencia": diferencia_en_palabras(cifra),
    }


def tarjetas(cifras: selectors.CifrasGenerales) -> list[Tarjeta]:
    anio = timezone.localtime(cifras.en).year
    total = cifras.total_municipios
    integrados = cifras.municipios_integrados
    return [
        Tarjeta(
            _("Personas capacitadas"),
            str(cifras.capacitados.actual),
            comparacion(cifras.capacitados),
            _("Con al menos un certificado vigente."),
        ),
        Tarjeta(
            _("Municipios integrados a la Red"),
            _("%(n)s de %(total)s") % {"n": integrados.actual, "total": total},
            comparacion(integrados),
            _("Con al menos un embajador o embajadora activa."),
        ),
        Tarjeta(
            _("Certificados emitidos este año"),
            str(cifras.certificados_del_anio.actual),
            comparacion(cifras.certificados_del_anio),
            _("Del 1 de enero de %(anio)s a hoy; hace un año, el mismo periodo.") % {"anio": anio},
        ),
        Tarjeta(
            _("Cursos completados este mes"),
            str(cifras.cursos_completados_del_mes.actual),
            comparacion(cifras.cursos_completados_del_mes),
            _("Del día 1 a hoy; hace un año, el mismo periodo."),
        ),
    ]


def grafica_mensual(serie: list[selectors.Mes]):
    """The chart of enrolments and certificates per month, and its rows for the table."""
    etiquetas = [date_format(mes.inicio, "M Y") for mes in serie]
    nombres = (_("inscripciones"), _("certificados emitidos"))
    svg = graficas.barras_agrupadas(
        etiquetas,
        [
            graficas.Serie(nombres[0], tuple(m.inscripciones for m in serie)),
            graficas.Serie(nombres[1], tuple(m.certificados for m in serie)),
        ],
        titulo=_("Inscripciones y certificados emitidos por mes, últimos %(n)s meses")
        % {"n": len(serie)},
        descripcion=_(
            "Barras azules: inscripciones; barras bermellón: certificados emitidos. "
            "Las cifras de cada mes están en la tabla que acompaña a la gráfica."
        ),
        eje_x=_("Mes"),
        eje_y=_("Cantidad"),
        id_base="red-grafica-mensual",
    )
    filas = [(date_format(m.inicio, "F \\d\\e Y"), m.inscripciones, m.certificados) for m in serie]
    return svg, nombres, filas


class PanelCifrasRed(Component):
    name = "red_cifras"
    template_name = "red/panel/panel.html"
    order = 50  # above Wagtail's own panels: it is what the Institute's staff come for

    class Media:
        css = {"all": ["red/reportes/reportes.css"]}

    def __init__(self, usuario):
        self.usuario = usuario

    def get_context_data(self, parent_context=None):
        limite = alcance.municipios_visibles(self.usuario)
        municipios = (
            None
            if limite is None
            else list(
                Municipio.objects.filter(pk__in=sorted(limite))
                .order_by("nombre")
                .values_list("nombre", flat=True)
            )
        )
        cifras = selectors.cifras_generales(usuario=self.usuario)
        svg, nombres, filas = grafica_mensual(
            selectors.serie_mensual(usuario=self.usuario, meses=MESES)
        )
        enlaces = [
            (_("Participantes"), url_o_nada("red_reportes:participantes")),
            (_("Avance por curso"), url_o_nada("red_reportes:embudo")),
            (_("Certificados"), url_o_nada("red_reportes:certificados")),
            (_("Municipios"), url_o_nada("red_reportes:municipios")),
            (_("Mapa de la Red"), url_o_nada("red_mapa:mapa")),
        ]
        return {
            "municipios": municipios,
            "tarjetas": tarjetas(cifras),
            "grafica": svg,
            "series": nombres,
            "filas": filas,
            "enlaces": [(texto, url) for texto, url in enlaces if url],
        }
