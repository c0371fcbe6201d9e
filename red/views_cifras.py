"""The public page «La Red en cifras»: the map, the headline figures and the table of the
municipalities, in aggregate and for anyone (no login).

No personal data, and no figure that could single out a person: counts from 1 to
``umbral_anonimato() - 1`` read «menos de N» in the table, in the headline figures and in the
map (one colour class for all of them). A municipality that hides a figure adds to no
published total either (the headline people-counts read «al menos N» then): otherwise a total
minus the table's other rows would give the hidden figure back.

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


def protegido(fila, umbral: int) -> bool:
    """Whether a municipality shows some count as «menos de N»: then it adds to no published
    total, so that no difference of published numbers can reveal what it hides."""
    return any(
        0 < n < umbral for n in (fila.participantes, fila.capacitados, fila.cursos_completados)
    )


def _titulares(filas, hace_un_anio, generales, umbral: int) -> tuple[list[Titular], bool]:
    """The headline figures. The people-counts add up the municipalities that hide nothing
    (today's and a year ago's figures of the same municipalities), read «al menos N» when some
    were left out (the second value says so); municipalities integrated are not people and
    are shown as they are."""
    publicos = {f.municipio_id for f in filas if not protegido(f, umbral)}
    incompletos = len(publicos) < len(filas)

    def suma(campo, de):
        total = sum(getattr(f, campo) for f in de if f.municipio_id in publicos)
        texto = number_format(total, force_grouping=True)
        if not incompletos:
            return texto
        # «al menos 0» would say nothing: the note below says why there is no figure.
        return _("al menos %(n)s") % {"n": texto} if total else "—"

    integrados = generales.municipios_integrados
    return [
        Titular(
            _("Personas servidoras públicas capacitadas"),
            suma("capacitados", filas),
            suma("capacitados", hace_un_anio),
        ),
        Titular(
            _("Municipios integrados a la Red"),
            _("%(n)s de %(total)s")
            % {"n": number_format(integrados.actual), "total": generales.total_municipios},
            number_format(integrados.hace_un_anio),
        ),
        Titular(
            _("Personas registradas"),
            suma("participantes", filas),
            suma("participantes", hace_un_anio),
        ),
        Titular(
            _("Cursos completados"),
            suma("cursos_completados", filas),
            suma("cursos_completados", hace_un_anio),
        ),
    ], incompletos


def contexto_publico(modo: str) -> dict:
    """Everything the public page shows, for everyone alike (no user, no request)."""
    umbral = conf.umbral_anonimato()
    ahora = timezone.now()
    filas = selectors.cifras_por_municipio()
    hace_un_anio = selectors.cifras_por_municipio(
        filtros=selectors.FiltrosRed(hasta=_hace_un_anio(timezone.localdate(ahora)))
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
class CifrasView(View):
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
