"""The PDF is made of two layers, the design (rendered once per design and kept) and the
person's text (rendered for every certificate), plus the QR code drawn into the place its link
leaves. These tests hold that the result is the page a single render of the whole HTML gives,
and that no stale or foreign layer can end up in anybody's certificate."""

import io
import threading
from collections import Counter

import pypdfium2
import pytest
import zxingcpp
from PIL import Image, ImageChops
from pypdf import PdfReader

from certificados import render
from cursos.models import Municipio
from tests import factories
from tests.certificados.test_emision import texto_pdf


@pytest.fixture
def diseno(db):
    """The default template as the Institute would have it: a logo and two signatories with
    their signature images."""
    return factories.plantilla_con_firmas(
        [("Mtra. Laura Díaz Ortega", "Directora General"), ("Ing. Ricardo Salas", "Coordinador")],
        leyenda="Red de Embajadores Climáticos",
    )


@pytest.fixture
def dos_certificados(diseno, aprendiz, curso_y_modulos, completar):
    """Two learners' certificates of one course and design."""
    curso, modulos = curso_y_modulos
    completar(aprendiz, curso, modulos)
    otra = factories.participante(
        factories.UsuarioFactory(),
        nombre_completo="Bruna Díaz Peña",
        municipio=Municipio.objects.exclude(clave_inegi="15106").order_by("nombre").first(),
    )
    completar(otra, curso, modulos)
    return [aprendiz.certificados.get(), otra.certificados.get()]


def contexto(certificado) -> dict:
    return render.contexto_de_datos(
        certificado.datos, url_verificacion=certificado.credencial["credencial"]["verificacion"]
    )


def pixeles(pdf: bytes, dpi: int = 100) -> Image.Image:
    documento = pypdfium2.PdfDocument(pdf)
    try:
        return documento[0].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        documento.close()


def distintos(a: Image.Image, b: Image.Image, umbral: int = 64) -> int:
    """How many pixels differ by more than ``umbral`` grey levels (of 255)."""
    assert a.size == b.size
    return sum(ImageChops.difference(a, b).histogram()[umbral + 1 :])


def test_la_pagina_en_capas_es_la_de_un_solo_render(dos_certificados):
    certificado = dos_certificados[0]
    datos = contexto(certificado)
    en_capas = certificado.pdf.open("rb").read()
    de_una_vez = render.pdf_de_html(render.html_de_contexto(datos, para_pdf=True))

    a, b = pixeles(en_capas), pixeles(de_una_vez)
    # Every part at the same place: at most the edge of a glyph differs, where each layer's
    # font subset is rasterised on its own (measured: 3 pixels of 967,590).
    assert distintos(a, b) < a.width * a.height * 0.0005
    # The bound is tight enough to see a part moved by a millimetre (measured: 4.7 % of the
    # page), or another person's page (1.1 %).
    assert distintos(ImageChops.offset(a, 4, 0), b) > a.width * a.height * 0.01
    otro = pixeles(dos_certificados[1].pdf.open("rb").read())
    assert distintos(otro, b) > a.width * a.height * 0.004

    # The same words, whichever layer prints them, and each value right after its label (what
    # a screen reader or a copy and paste gets).
    assert Counter(texto_pdf(en_capas).split()) == Counter(texto_pdf(de_una_vez).split())
    texto = " ".join(texto_pdf(en_capas).split())
    d = certificado.datos
    for seguidos in (
        f"FOLIO {d['folio']}",
        f"CÓDIGO DE VERIFICACIÓN {certificado.codigo_legible}",
        f"EMITIDA EL {render.fecha_larga(d['emitido'][:10])}",
        f"VERIFÍCALO EN {certificado.credencial['credencial']['verificacion']}",
        f"otorga la presente constancia a {d['titular']['nombre']}",
    ):
        assert seguidos in texto, seguidos


def test_el_qr_del_pdf_en_capas_abre_su_pagina_de_verificacion(dos_certificados):
    for certificado in dos_certificados:
        imagen = pixeles(certificado.pdf.open("rb").read(), dpi=200)
        codigos = zxingcpp.read_barcodes(imagen)
        assert [c.text for c in codigos] == [certificado.credencial["credencial"]["verificacion"]]


def otra_persona(datos: dict) -> dict:
    """The same course and design, with every field of the person's different."""
    return {
        **datos,
        "titular": {"nombre": "Zoé Ibarra Quintanar", "municipio": "Zumpango"},
        "folio": "IEECC-2031-999999",
        "codigo": "ZZZZZZZZZZZZ",
        "uuid": "00000000-0000-0000-0000-000000000000",
        "completado": "2031-01-02",
        "emitido": "2031-01-03T04:05:06+00:00",
        "calificacion": "61.5",
    }


def test_la_capa_fija_no_lleva_nada_de_la_persona(dos_certificados):
    fijas = [
        render.html_de_contexto(contexto(c), para_pdf=True, capa="fija") for c in dos_certificados
    ]
    assert fijas[0] == fijas[1]
    otra = render.contexto_de_datos(
        otra_persona(dos_certificados[0].datos), url_verificacion="https://otro.example/v/ZZ/"
    )
    assert render.html_de_contexto(otra, para_pdf=True, capa="fija") == fijas[0]
    for certificado in dos_certificados:
        datos = certificado.datos
        for personal in (
            datos["titular"]["nombre"],
            datos["titular"]["municipio"],
            datos["folio"],
            certificado.codigo_legible,
            certificado.credencial["credencial"]["verificacion"],
        ):
            assert personal not in fijas[0], personal
    for del_diseno in ("Mtra. Laura Díaz Ortega", "Directora General", "data:image/png"):
        assert del_diseno in fijas[0]
    # And the variable layer carries none of the design's images or signatories.
    variable = render.html_de_contexto(
        contexto(dos_certificados[0]), para_pdf=True, capa="variable"
    )
    assert "data:image" not in variable and "Mtra. Laura Díaz Ortega" not in variable
    assert dos_certificados[0].datos["titular"]["nombre"] in variable


def test_la_capa_fija_se_hace_una_vez_por_diseno_y_otro_diseno_no_la_reutiliza(
    dos_certificados,
):
    render._pdf_de_capa_fija.cache_clear()
    for certificado in dos_certificados:
        render.pdf_de_contexto(contexto(certificado))
    assert render._pdf_de_capa_fija.cache_info()[:2] == (1, 1)  # hits, misses

    # The same certificate under another colour: a new fixed layer, and the band shows it.
    datos = contexto(dos_certificados[0])
    datos["ap"] = {**datos["ap"], "color": "#B00020"}
    pdf = render.pdf_de_contexto(datos)
    assert render._pdf_de_capa_fija.cache_info().misses == 2
    documento = pypdfium2.PdfDocument(pdf)
    try:
        banda = documento[0].render(scale=1).to_pil().convert("RGB").getpixel((30, 300))
    finally:
        documento.close()
    assert banda == (0xB0, 0x00, 0x20)


def test_el_pdf_en_capas_conserva_metadatos_enlace_y_adjuntos(dos_certificados):
    certificado = dos_certificados[0]
    lector = PdfReader(io.BytesIO(certificado.pdf.open("rb").read()))
    assert len(lector.pages) == 1
    assert certificado.folio in lector.metadata.title
    assert certificado.datos["titular"]["nombre"] in lector.metadata.subject
    assert set(lector.attachments) == {render.NOMBRE_ADJUNTO, render.NOMBRE_DIVULGACIONES}
    enlaces = [
        a.get_object()["/A"]["/URI"]
        for a in lector.pages[0].get("/Annots", [])
        if a.get_object()["/Subtype"] == "/Link"
    ]
    # The QR code is also a link, for whoever reads the PDF on a screen.
    assert enlaces == [certificado.credencial["credencial"]["verificacion"]]


def test_certificados_en_hilos_a_la_vez_no_se_mezclan(dos_certificados):
    """Worker threads render at the same time (the race tests do): each PDF carries its own
    person and QR code, never the other's."""
    render._pdf_de_capa_fija.cache_clear()
    resultados, errores = {}, []
    contextos = {c.pk: contexto(c) for c in dos_certificados}  # the database, before the threads

    def hacer(certificado, vuelta):
        try:
            resultados[(certificado.pk, vuelta)] = render.pdf_de_contexto(contextos[certificado.pk])
        except Exception as exc:  # noqa: BLE001 - reported below
            errores.append(exc)

    hilos = [
        threading.Thread(target=hacer, args=(c, v)) for v in range(3) for c in dos_certificados
    ]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    assert not errores
    for (pk, _vuelta), pdf in resultados.items():
        certificado = next(c for c in dos_certificados if c.pk == pk)
        otro = next(c for c in dos_certificados if c.pk != pk)
        texto = " ".join(texto_pdf(pdf).split())
        assert certificado.datos["titular"]["nombre"] in texto
        assert otro.datos["titular"]["nombre"] not in texto
        assert [c.text for c in zxingcpp.read_barcodes(pixeles(pdf, dpi=200))] == [
            certificado.credencial["credencial"]["verificacion"]
        ]


def cajas(pdf: bytes, textos: list[str]) -> dict[str, tuple[float, float, float, float]]:
    """Each text's bounding box on the page (PDF points), from the characters pdfium finds."""
    documento = pypdfium2.PdfDocument(pdf)
    try:
        pagina = documento[0].get_textpage()
        todo = pagina.get_text_range().replace("\ufffe", "-")  # one character for one
        resultado = {}
        for texto in textos:
            inicio = todo.index(texto)
            esquinas = [pagina.get_charbox(i) for i in range(inicio, inicio + len(texto))]
            esquinas = [c for c in esquinas if c[2] > c[0]]  # spaces have no box
            resultado[texto] = (
                min(c[0] for c in esquinas),
                min(c[1] for c in esquinas),
                max(c[2] for c in esquinas),
                max(c[3] for c in esquinas),
            )
        return resultado
    finally:
        documento.close()


def se_tocan(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def variante(datos: dict, cambio: str) -> dict:
    datos = {**datos, "plantilla": dict(datos["plantilla"]), "curso": dict(datos["curso"])}
    if cambio == "folio largo":
        datos["folio"] = "SEMARNAT-EDOMEX-IEECC-2026-000123"
    elif cambio == "código ancho":
        datos["codigo"] = "WMWMWMWMWMWM"
    elif cambio == "nombre largo":
        datos["titular"] = {**datos["titular"], "nombre": "María Guadalupe " * 4 + "Velázquez"}
    elif cambio == "curso de tres renglones":
        datos["curso"]["titulo"] = "Gestión integral del agua y saneamiento municipal " * 3
    elif cambio == "sin logo ni firmantes":
        datos["plantilla"]["logo_id"] = None
        datos["firmantes"] = []
    elif cambio == "tres firmantes":
        datos["firmantes"] = [*datos["firmantes"], {**datos["firmantes"][0], "nombre": "Tercera"}]
    elif cambio == "leyenda larga":
        datos["plantilla"]["leyenda"] = "Constancia con valor curricular. " * 4
    return datos


@pytest.mark.parametrize(
    "cambio",
    [
        "folio largo",
        "código ancho",
        "nombre largo",
        "curso de tres renglones",
        "sin logo ni firmantes",
        "tres firmantes",
        "leyenda larga",
    ],
)
def test_disenos_y_datos_extremos_salen_igual_que_en_una_pasada(dos_certificados, cambio):
    certificado = dos_certificados[0]
    datos = variante(certificado.datos, cambio)
    url = certificado.credencial["credencial"]["verificacion"]
    ctx = render.contexto_de_datos(datos, url_verificacion=url)
    en_capas = render.pdf_de_contexto(ctx)
    de_una_vez = render.pdf_de_html(render.html_de_contexto(ctx, para_pdf=True))
    a, b = pixeles(en_capas), pixeles(de_una_vez)
    assert distintos(a, b) < a.width * a.height * 0.002
    # The footer's values never print over one another, however long: a value wraps inside
    # its column.
    legible = f"{datos['codigo'][:4]}-{datos['codigo'][4:8]}-{datos['codigo'][8:]}"
    texto = texto_pdf(en_capas).replace("\ufffe", "-")  # pdfium marks a hyphen at a line end
    valores = [
        v
        for v in (datos["folio"], legible, render.fecha_larga(datos["emitido"][:10]), url)
        if v in texto  # one that wrapped is split by a line break; checked whole below
    ]
    encontradas = cajas(en_capas, valores)
    for i, primera in enumerate(valores):
        for segunda in valores[i + 1 :]:
            assert not se_tocan(encontradas[primera], encontradas[segunda]), (primera, segunda)
    assert "".join(texto.split()).count("".join(datos["folio"].split())) == 1
    assert [c.text for c in zxingcpp.read_barcodes(pixeles(en_capas, dpi=200))] == [url]


@pytest.mark.parametrize(
    "url",
    [
        "https://aulá.example.mx/certificados/verificar/7KQ3-M9XD-2RT2/",
        "https://aula.example.mx/con espacio/7KQ3-M9XD-2RT2/",
        "/certificados/verificar/7KQ3-M9XD-2RT2/",
    ],
)
def test_el_qr_encuentra_su_lugar_con_cualquier_url(dos_certificados, url):
    """WeasyPrint reports a link's URL resolved and IRI-encoded: the QR's place is found by
    its element, so an address with accents, spaces or no host still gets its QR code."""
    ctx = render.contexto_de_datos(dos_certificados[0].datos, url_verificacion=url)
    pdf = render.pdf_de_contexto(ctx)
    assert [c.text for c in zxingcpp.read_barcodes(pixeles(pdf, dpi=200))] == [url]
