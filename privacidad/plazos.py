"""The legal deadline of an ARCO request, in business days (pure: no database).

A business day is Monday to Friday, neither one of Mexico's official holidays (the
``holidays`` package, which follows the Ley Federal del Trabajo's list, including the
«Monday» holidays) nor a non-working day the Institute adds (``conf``). The count starts the
business day after receipt: a request received on a Saturday is counted from Monday on.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays

from privacidad import conf


@cache
def _feriados(pais: str, subdivision: str, anio: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays(pais, subdiv=subdivision or None, years=anio))


def es_habil(dia: dt.date, *, adicionales: frozenset = frozenset()) -> bool:
    if dia.weekday() >= 5 or dia in adicionales:
        return False
    pais, subdivision = conf.pais_dias_feriados()
    return dia not in _feriados(pais, subdivision, dia.year)


def fecha_limite(recibida: dt.date, dias: int | None = None) -> dt.date:
    """The last day to answer a request received on ``recibida``: its ``dias``-th business
    day after receipt."""
    dias = conf.dias_habiles_plazo() if dias is None else dias
    adicionales = conf.dias_inhabiles_adicionales()
    dia, contados = recibida, 0
    while contados < dias:
        dia += dt.timedelta(days=1)
        if es_habil(dia, adicionales=adicionales):
            contados += 1
    return dia


def dias_habiles_entre(desde: dt.date, hasta: dt.date) -> int:
    """Business days after ``desde`` up to ``hasta`` included (negative when ``hasta`` is
    earlier): how many are left before a deadline, or how many it is overdue by."""
    if hasta == desde:
        return 0
    signo = 1 if hasta > desde else -1
    inicio, fin = (desde, hasta) if signo == 1 else (hasta, desde)
    adicionales = conf.dias_inhabiles_adicionales()
    total, dia = 0, inicio
    while dia < fin:
        dia += dt.timedelta(days=1)
        total += es_habil(dia, adicionales=adicionales)
    return signo * total
