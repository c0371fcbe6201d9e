"""The certificate reads and looks like an official document of the Estado de México: the
issuer is the subject of "otorga la presente constancia a", the person's name is centred, a
place-and-date line the editors set, both logos in the header, the signatories in a row
centred on the page, and a legend on one line."""

from certificados import render
from tests.certificados.test_capas import (  # noqa: F401 - fixtures
    cajas,
    contexto,
    diseno,
    dos_certificados,
)
from tests.certificados.test_emision import texto_pdf

MITAD_A4_HORIZONTAL = 841.89 / 2  # points


def centro(caja) -> float:
    return (caja[0] + caja[2]) / 2


def test_la_constancia_dice_quien_la_otorga_a_quien_donde_y_cuando(dos_certificados):  # noqa: F811 - the fixture
    certificado = dos_certificados[0]
    pdf = certificado.pdf.open("rb").read()
    texto = " ".join(texto_pdf(pdf).split())
    d = certificado.datos
    assert (
        "El Instituto Estatal de Energía y Cambio Climático otorga la presente constancia a "
        f"{d['titular']['nombre']}"
    ) in texto
    fecha = render.fecha_larga(d["emitido"][:10])
    assert f"Toluca de Lerdo, Estado de México, a {fecha}" in texto


def test_el_lugar_lo_elige_quien_edita_la_plantilla(dos_certificados):  # noqa: F811 - the fixture
    datos = contexto(dos_certificados[0])
    datos["ap"] = {**datos["ap"], "lugar": "Metepec, Estado de México"}
    texto = " ".join(texto_pdf(render.pdf_de_contexto(datos)).split())
    assert "Metepec, Estado de México, a " in texto
    assert "Toluca de Lerdo" not in texto


def test_nombre_firmas_y_leyenda_centrados_y_la_leyenda_en_un_renglon(dos_certificados):  # noqa: F811 - the fixture
    certificado = dos_certificados[0]
    pdf = certificado.pdf.open("rb").read()
    nombre = certificado.datos["titular"]["nombre"]
    leyenda = "Red de Embajadores Climáticos"
    firmantes = ["Mtra. Laura Díaz Ortega", "Ing. Ricardo Salas"]
    encontradas = cajas(pdf, [nombre, leyenda, *firmantes])
    assert abs(centro(encontradas[nombre]) - MITAD_A4_HORIZONTAL) < 3
    assert abs(centro(encontradas[leyenda]) - MITAD_A4_HORIZONTAL) < 3
    # The signatories side by side (one row), the row centred on the page.
    primera, segunda = (encontradas[f] for f in firmantes)
    assert abs(primera[1] - segunda[1]) < 1 and primera[2] < segunda[0]
    assert abs((centro(primera) + centro(segunda)) / 2 - MITAD_A4_HORIZONTAL) < 3
    # The default legend is one line (9 pt: two lines would be some 22 pt high).
    assert encontradas[leyenda][3] - encontradas[leyenda][1] < 13


def test_los_dos_logotipos_van_en_la_capa_del_diseno(dos_certificados):  # noqa: F811 - the fixture
    fija = render.html_de_contexto(contexto(dos_certificados[0]), para_pdf=True, capa="fija")
    assert fija.count("data:image/png") == 2 + 2  # state, Institute, two signatures
    assert 'class="logo-izquierdo"><img' in fija and 'class="logo-derecho"><img' in fija
