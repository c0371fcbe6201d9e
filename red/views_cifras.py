"""The public page «La Red en cifras»: the map, the headline figures and the table of the
municipalities, in aggregate and for anyone (no login).

No personal data, and no figure that could single out a person: counts from 1 to
``umbral_anonimato() - 1`` read «menos de N» in the table, in the headline figures and in the
map (one colour class for all of them). The statewide totals are worked out from the table
itself (a hidden figure counts as 1, «al menos N»): an exact total minus the table's other
rows would give the hidden figure back.

The whole page is the same for everyone: it is rendered once per ``cache_publico_segundos()``
into Django's cache, served with ``Cache-Control: public`` so a proxy may keep it too, and it
never reads the session (its template empties the blocks of ``base.html`` that do), so no
``Vary: Cookie``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.gzip import gzip_page

from red import conf, mapa, selectors
from red.metodos import SoloMetodosMixin

PARAMETRO_MODO = "ver"


@dataclass(frozen=True)
class FilaPublica:
    clave_inegi: str
    nombre: str
    participantes: str
    capacitados: str
    cursos_completados: str
    integrado: bool


@dataclass(frozen=True)
class Titular:
    etiqueta: str
    valor: str
    hace_un_anio: str


def total_publico(filas, hace_un_anio, campo: str, umbral: int) -> tuple[str, str, bool]:
    """A statewide people-count that the table already implies, today and a year ago.

    A municipality whose figure reads «menos de N» adds only 1 to today's total (the least it
    can hold, «al menos» then) and nothing to a year ago's: the total is then worked out from
    the table itself, so subtracting the table from it gives nothing back. A year ago adds the
    same municipalities' figures then. Returns both texts and whether some were left out."""
    ocultos = {f.municipio_id for f in filas if 0 < getattr(f, campo) < umbral}
    hoy = sum(getattr(f, campo) for f in filas if f.municipio_id not in ocultos) + len(ocultos)
    antes = sum(getattr(f, campo) for f in hace_un_anio if f.municipio_id not in ocultos)

    if not ocultos:
        return (
            mapa.cifra(hoy, umbral=umbral, publico=True),
            mapa.cifra(antes, umbral=umbral, publico=True),
            False,
        )

    def al_menos(n):
        return _("al menos %(n)s") % {"n": number_format(n, force_grouping=True)}

    # A year ago's sum is not in the table: under the threshold it is not shown at all («al
    # menos 0» would say nothing either; the note on the page says why).
    return al_menos(hoy), al_menos(antes) if antes >= umbral else "—", True


def _titulares(filas, hace_un_anio, generales, umbral: int) -> tuple[list[Titular], bool]:
    """The headline figures (see :func:`total_publico` for the people-counts), and whether a
    people-count left some municipalities out; municipalities integrated are not people and
    are shown as they are."""
    titulares, incompletos = [], False
    for campo, etiqueta in (
        ("capacitados", _("Personas servidoras públicas capacitadas")),
        ("participantes", _("Personas registradas")),
        ("cursos_completados", _("Cursos completados")),
    ):
        hoy, antes, parcial = total_publico(filas, hace_un_anio, campo, umbral)
        titulares.append(Titular(etiqueta, hoy, antes))
        incompletos = incompletos or parcial
    integrados = generales.municipios_integrados
    titulares.insert(
        1,
        Titular(
            _("Municipios integrados a la Red"),
            _("%(n)s de %(total)s")
            % {"n": number_format(integrados.actual), "total": generales.total_municipios},
            number_format(integrados.hace_un_anio),
        ),
    )
    return titulares, incompletos


def contexto_publico(modo: str) -> dict:
    """Everything the public page shows, for everyone alike (no user, no request)."""
    umbral = conf.umbral_anonimato()
    ahora = timezone.now()
    filas, hace_un_anio = selectors.cifras_por_municipio_y_antes(
        hasta=_hace_un_anio(timezone.localdate(ahora))
    )
    generales = selectors.cifras_generales(en=ahora)

    def cifra(n):
        return mapa.cifra(n, umbral=umbral, publico=True)

    titulares, incompletos = _titulares(filas, hace_un_anio, generales, umbral)
    ruta = conf.geometria_municipios()
    dibujo = None
    if ruta:
        dibujo = mapa.construir(
            mapa.geometria(ruta),
            filas,
            modo=modo,
            umbral=umbral,
            publico=True,
            # Each municipality leads to its row of the table below: no admin link here.
            enlace=lambda fila: f"#m{fila.clave_inegi}",
            titulo=titulo_del_mapa(modo),
        )
    return {
        "modo": modo,
        "modos": modos(),
        "mapa": dibujo,
        "credito": conf.credito_geometria(),
        "titulares": titulares,
        "titulares_incompletos": incompletos,
        "filas": [
            FilaPublica(
                f.clave_inegi,
                f.nombre,
                cifra(f.participantes),
                cifra(f.capacitados),
                cifra(f.cursos_completados),
                f.integrado,
            )
            for f in filas
        ],
        "umbral": umbral,
        "en": timezone.localtime(ahora),
    }


def _hace_un_anio(fecha):
    try:
        return fecha.replace(year=fecha.year - 1)
    except ValueError:  # 29 February
        return fecha.replace(year=fecha.year - 1, day=28)


def titulo_del_mapa(modo: str) -> str:
    if modo == mapa.INTEGRACION:
        return _("Municipios integrados a la Red")
    return _("Personas capacitadas por municipio")


def modos() -> list[tuple[str, str]]:
    """The ways to colour the map, for the links that choose one (``?ver=…``)."""
    return [
        (mapa.CAPACITADOS, _("Personas capacitadas")),
        (mapa.INTEGRACION, _("Integración a la Red")),
    ]


def _clave(request, modo: str) -> str:
    return ":".join(
        [
            "red",
            "cifras",
            modo,
            get_language() or "",
            request.get_host(),
            str(conf.umbral_anonimato()),
        ]
    )


@method_decorator(gzip_page, name="dispatch")
class CifrasView(SoloMetodosMixin, View):
    """``/red/cifras/``: the cached public page. ``?ver=integracion`` colours the map by
    integration instead of by people trained; any other value is a 400."""

    template_name = "red/cifras/cifras.html"

    def get(self, request):
        modo = request.GET.get(PARAMETRO_MODO, mapa.CAPACITADOS)
        if modo not in mapa.MODOS:
            return render(
                request,
                "red/cifras/modo_invalido.html",
                {"modos": modos(), "valor": modo},
                status=400,
            )
        segundos = conf.cache_publico_segundos()
        clave = _clave(request, modo)
        guardado = cache.get(clave)
        if guardado is None:
            contenido = render_to_string(self.template_name, contexto_publico(modo), request)
            guardado = (contenido, time.time())
            cache.set(clave, guardado, segundos)
        contenido, creado = guardado
        respuesta = HttpResponse(contenido)
        # What is left of the cached copy's life, so a proxy never keeps it longer than we do.
        restante = max(0, int(creado + segundos - time.time()))
        patch_cache_control(respuesta, public=True, max_age=restante)
        return respuesta


cifras = CifrasView.as_view()
