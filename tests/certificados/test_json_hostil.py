"""JSON from an upload is I-JSON with bounded depth (issue 12): a certificate PDF whose
attachment nests deeply, repeats a member name or repeats an attachment name is refused with a
message by the upload check and by ``verificar_credencial``, never with a RecursionError; and
the command says «no verificado» beside a signed field whose disclosure was removed."""

from __future__ import annotations

import io
import json

import pikepdf
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from certificados import json_seguro, render
from tests.certificados.test_verificacion import pdf_de, subir, texto

pytestmark = pytest.mark.django_db

PROFUNDO = 900  # under Python's recursion limit for the parser, over it for what walks it


@pytest.fixture(autouse=True)
def _limites_limpios():
    cache.clear()
    yield
    cache.clear()


def con_adjuntos(pdf: bytes, adjuntos: dict[str, bytes], *, extra_con_nombre=None) -> bytes:
    """``pdf`` with its attachments replaced; ``extra_con_nombre`` adds one more file whose
    name (what readers show) repeats an existing one under another name-tree key."""
    documento = pikepdf.open(io.BytesIO(pdf))
    for nombre, contenido in adjuntos.items():
        documento.attachments[nombre] = pikepdf.AttachedFileSpec(
            documento, contenido, filename=nombre
        )
    if extra_con_nombre:
        nombre, contenido = extra_con_nombre
        documento.attachments["segundo"] = pikepdf.AttachedFileSpec(
            documento, contenido, filename=nombre
        )
    salida = io.BytesIO()
    documento.save(salida)
    return salida.getvalue()


def anidado(n: int):
    valor = "x"
    for _ in range(n):
        valor = [valor]
    return valor


def correr(*argumentos) -> str:
    salida = io.StringIO()
    call_command(*argumentos, stdout=salida)
    return salida.getvalue()


def divulgaciones(pdf: bytes) -> dict:
    return render.divulgaciones_de_pdf(pdf)


@pytest.fixture
def cliente():
    return Client(raise_request_exception=False)


def test_divulgacion_muy_anidada_se_rechaza_en_la_web_y_en_el_comando(
    certificado, cliente, tmp_path
):
    original = pdf_de(certificado)
    div = divulgaciones(original)
    div["municipio"] = [div["municipio"][0], anidado(PROFUNDO)]
    pdf = con_adjuntos(original, {render.NOMBRE_DIVULGACIONES: json.dumps(div).encode()})

    respuesta = subir(cliente, pdf)
    assert respuesta.status_code == 200
    assert "Archivo rechazado" in texto(respuesta)
    assert "anida más de" in texto(respuesta)

    ruta = tmp_path / "anidado.pdf"
    ruta.write_bytes(pdf)
    with pytest.raises(CommandError, match="anida más de"):
        correr("verificar_credencial", str(ruta))


def test_credencial_json_muy_anidada_se_rechaza_en_el_comando(tmp_path):
    ruta = tmp_path / "credencial.json"
    ruta.write_text(json.dumps({"credencial": anidado(PROFUNDO), "prueba": {}}))
    with pytest.raises(CommandError, match="anida más de"):
        correr("verificar_credencial", str(ruta))
    ruta.write_text("[" * 100_000)
    with pytest.raises(CommandError, match="anida más de"):
        correr("verificar_credencial", str(ruta))


def test_credencial_con_un_nombre_repetido_se_rechaza(certificado, tmp_path, cliente):
    sobre = render.credencial_de_pdf(pdf_de(certificado))
    crudo = render.adjunto_de_credencial(sobre).decode()
    # The same member twice: one JSON reader keeps the first value, another the last.
    repetido = crudo.replace('"folio":', '"folio": "IEECC-FALSO", "folio":', 1)
    ruta = tmp_path / "credencial.json"
    ruta.write_text(repetido)
    with pytest.raises(CommandError, match="repite el nombre «folio»"):
        correr("verificar_credencial", str(ruta))

    pdf = con_adjuntos(pdf_de(certificado), {render.NOMBRE_ADJUNTO: repetido.encode()})
    respuesta = subir(cliente, pdf)
    assert respuesta.status_code == 200
    assert "repite el nombre «folio»" in texto(respuesta)


def test_pdf_con_dos_adjuntos_del_mismo_nombre_se_rechaza(certificado, tmp_path, cliente):
    original = pdf_de(certificado)
    sobre = render.credencial_de_pdf(original)
    otro = json.loads(json.dumps(sobre))
    otro["credencial"]["titular"]["nombre"] = "Alguien Más"
    pdf = con_adjuntos(
        original,
        {},
        extra_con_nombre=(render.NOMBRE_ADJUNTO, json.dumps(otro).encode()),
    )
    respuesta = subir(cliente, pdf)
    assert respuesta.status_code == 200
    assert "dos adjuntos llamados «credencial.json»" in texto(respuesta)
    assert "Credencial auténtica" not in texto(respuesta)

    ruta = tmp_path / "doble.pdf"
    ruta.write_bytes(pdf)
    with pytest.raises(CommandError, match="dos adjuntos llamados"):
        correr("verificar_credencial", str(ruta))


def test_un_dato_sin_su_divulgacion_no_se_da_por_firmado(certificado, tmp_path):
    original = pdf_de(certificado)
    div = divulgaciones(original)
    assert {"municipio", "calificacion"} <= div.keys()
    del div["municipio"]
    ruta = tmp_path / "sin_municipio.pdf"
    ruta.write_bytes(
        con_adjuntos(original, {render.NOMBRE_DIVULGACIONES: json.dumps(div).encode()})
    )
    salida = correr("verificar_credencial", str(ruta))
    linea = next(linea for linea in salida.splitlines() if "Municipio:" in linea)
    assert "no verificado" in linea
    assert "(firmado)" not in linea
    calificacion = next(linea for linea in salida.splitlines() if "Calificación:" in linea)
    assert "(firmado)" in calificacion


@pytest.mark.parametrize(
    ("contenido", "mensaje"),
    [
        (b'{"a": 1, "a": 2}', "repite el nombre"),
        (b'{"a": NaN}', "no es un número válido"),
        (b'{"a": 1e999}', "fuera de rango"),
        (b'{"a": ' + b"1" * 5000 + b"}", "fuera de rango"),
        (b"[" * 17 + b"]" * 17, "anida más de"),
        (b"\xff\xfe", "UTF-8"),
        (b'{"a": "[[[[[[[[[[[[[[[[[[[[[[[["}', None),
    ],
)
def test_json_seguro(contenido, mensaje):
    if mensaje is None:
        assert json_seguro.cargar(contenido) == {"a": "[" * 24}
        return
    with pytest.raises(json_seguro.JsonNoAdmitido, match=mensaje):
        json_seguro.cargar(contenido)
