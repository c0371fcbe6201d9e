"""The legal deadline: 20 business days, Monday to Friday, without Mexico's holidays."""

import datetime as dt

import pytest

from privacidad import plazos


def test_veinte_dias_habiles_sin_feriados():
    # Monday 2026-06-01: four full weeks later, no holiday in between.
    assert plazos.fecha_limite(dt.date(2026, 6, 1)) == dt.date(2026, 6, 29)


def test_salta_el_16_de_septiembre_y_el_lunes_de_la_revolucion():
    # Received Tuesday 2026-09-15: Wednesday 16 (Independence) does not count.
    assert plazos.fecha_limite(dt.date(2026, 9, 15)) == dt.date(2026, 10, 14)
    # Received Friday 2026-11-06: Monday 16 (Revolution, third Monday) does not count.
    assert plazos.fecha_limite(dt.date(2026, 11, 6)) == dt.date(2026, 12, 7)


def test_fin_de_anio_salta_navidad_y_anio_nuevo():
    # Received Friday 2026-12-18: 25 Dec and 1 Jan are holidays.
    assert plazos.fecha_limite(dt.date(2026, 12, 18)) == dt.date(2027, 1, 19)


def test_recibida_en_sabado_cuenta_desde_el_lunes():
    assert plazos.fecha_limite(dt.date(2026, 6, 6)) == plazos.fecha_limite(dt.date(2026, 6, 5))


@pytest.mark.parametrize(
    ("dia", "habil"),
    [
        (dt.date(2026, 2, 2), False),  # first Monday of February: Constitution
        (dt.date(2026, 3, 16), False),  # third Monday of March: Benito Juárez
        (dt.date(2026, 5, 1), False),
        (dt.date(2026, 6, 6), False),  # Saturday
        (dt.date(2026, 6, 8), True),
    ],
)
def test_dias_habiles(dia, habil):
    assert plazos.es_habil(dia) is habil


def test_dias_inhabiles_del_instituto(settings):
    settings.PRIVACIDAD_DIAS_INHABILES = [dt.date(2026, 6, 2)]
    assert plazos.fecha_limite(dt.date(2026, 6, 1)) == dt.date(2026, 6, 30)


def test_dias_habiles_entre_cuenta_en_ambos_sentidos():
    assert plazos.dias_habiles_entre(dt.date(2026, 6, 1), dt.date(2026, 6, 8)) == 5
    assert plazos.dias_habiles_entre(dt.date(2026, 6, 8), dt.date(2026, 6, 1)) == -5
    assert plazos.dias_habiles_entre(dt.date(2026, 6, 1), dt.date(2026, 6, 1)) == 0
