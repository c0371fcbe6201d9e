"""The key and verification commands an operator runs: ``crear_clave_certificados`` and
``verificar_credencial`` (which needs nothing but a public key)."""

import copy
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.management import call_command
from django.core.management.base import CommandError

from certificados import firma, render, selectors
from certificados.management.commands.crear_clave_certificados import Command

RAIZ = Path(__file__).resolve().parents[2]


def correr(*argumentos) -> str:
    salida = io.StringIO()
    call_command(*argumentos, stdout=salida)
    return salida.getvalue()


def pdf_de(certificado) -> bytes:
    with certificado.pdf.open("rb") as archivo:
        return archivo.read()


@pytest.fixture
def jwks_publicado(client, certificado, tmp_path) -> Path:
    """What /certificados/claves.json publishes, saved as a verifier would save it."""
    ruta = tmp_path / "claves.json"
    ruta.write_bytes(client.get("/certificados/claves.json").content)
    return ruta


# --- crear_clave_certificados -----------------------------------------------------------


def test_crea_una_clave_privada_0600(tmp_path):
    ruta = tmp_path / "nuevas" / "claves" / "certificados.pem"
    salida = correr("crear_clave_certificados", "--archivo", str(ruta))

    assert stat.S_IMODE(ruta.stat().st_mode) == 0o600
    pem = ruta.read_bytes()
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    clave = firma.clave_desde_pem(pem)  # an Ed25519 key, or this raises
    assert f"kid: {clave.kid}" in salida
    assert f"CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO={ruta.resolve()}" in salida
    # Two runs, two different keys.
    otra = tmp_path / "otra.pem"
    correr("crear_clave_certificados", "--archivo", str(otra))
    assert firma.clave_desde_pem(otra.read_bytes()).kid != clave.kid


def test_por_omision_escribe_donde_dicen_los_ajustes(tmp_path, settings):
    ruta = tmp_path / "var" / "claves" / "certificados.pem"
    settings.CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO = str(ruta)
    settings.CERTIFICADOS_CLAVE_PRIVADA = ""
    salida = correr("crear_clave_certificados")
    assert ruta.is_file()
    # The site then signs with exactly that key.
    assert firma.clave_activa().kid == firma.clave_desde_pem(ruta.read_bytes()).kid
    assert f"kid: {firma.clave_activa().kid}" in salida
    assert "Atención" not in salida


def test_avisa_si_la_clave_en_texto_tiene_prioridad(tmp_path, settings):
    settings.CERTIFICADOS_CLAVE_PRIVADA = firma.clave_generar_pem().decode()
    salida = correr("crear_clave_certificados", "--archivo", str(tmp_path / "k.pem"))
    assert "CERTIFICADOS_CLAVE_PRIVADA está definida y tiene prioridad" in salida


def test_no_sobrescribe_una_clave(tmp_path):
    ruta = tmp_path / "certificados.pem"
    correr("crear_clave_certificados", "--archivo", str(ruta))
    antes = ruta.read_bytes()
    with pytest.raises(CommandError, match="Ya existe .* no se sobrescribe"):
        correr("crear_clave_certificados", "--archivo", str(ruta))
    assert ruta.read_bytes() == antes


def test_si_no_existe_deja_la_que_hay(tmp_path):
    ruta = tmp_path / "certificados.pem"
    correr("crear_clave_certificados", "--archivo", str(ruta), "--si-no-existe")
    antes = ruta.read_bytes()
    kid = firma.clave_desde_pem(antes).kid
    salida = correr("crear_clave_certificados", "--archivo", str(ruta), "--si-no-existe")
    assert ruta.read_bytes() == antes
    assert "Ya existe una clave" in salida and "no se cambia" in salida and kid in salida


def test_si_no_existe_no_da_por_buena_una_clave_rota(tmp_path):
    """A deploy script trusts this command: a damaged key file must stop it, not pass."""
    ruta = tmp_path / "certificados.pem"
    ruta.write_text("no es una clave")
    with pytest.raises(CommandError, match="no es una clave Ed25519"):
        correr("crear_clave_certificados", "--archivo", str(ruta), "--si-no-existe")
    assert ruta.read_text() == "no es una clave"


def test_la_ayuda_explica_la_rotacion(capsys):
    Command().print_help("manage.py", "crear_clave_certificados")
    ayuda = " ".join(capsys.readouterr().out.split())
    assert "Rotación" in ayuda
    assert "firma los certificados que se emitan desde entonces" in ayuda
    assert "siguen verificándose" in ayuda
    assert "--si-no-existe" in ayuda


# --- verificar_credencial ---------------------------------------------------------------


def test_verifica_el_pdf(certificado, tmp_path):
    ruta = tmp_path / "certificado.pdf"
    ruta.write_bytes(pdf_de(certificado))
    salida = correr("verificar_credencial", str(ruta))
    assert "Firma válida" in salida
    for dato in (certificado.folio, certificado.titular, certificado.curso.title, certificado.kid):
        assert dato in salida, dato
    assert "Válido" in salida  # without --claves, the site's record is consulted too


def test_verifica_el_json_extraido_del_pdf(certificado, tmp_path):
    ruta = tmp_path / "credencial.json"
    ruta.write_bytes(render.adjunto_de_credencial(render.credencial_de_pdf(pdf_de(certificado))))
    salida = correr("verificar_credencial", str(ruta))
    assert "Firma válida" in salida and certificado.folio in salida


def test_verifica_el_json_de_la_pagina_de_verificacion(client, certificado, tmp_path):
    ruta = tmp_path / "verificacion.json"
    ruta.write_bytes(
        client.get(f"/certificados/verificar/{certificado.codigo_legible}.json").content
    )
    assert "Firma válida" in correr("verificar_credencial", str(ruta))


def test_con_claves_solo_hace_falta_la_clave_publica(
    certificado, jwks_publicado, tmp_path, settings, django_assert_num_queries
):
    pdf = tmp_path / "certificado.pdf"
    pdf.write_bytes(pdf_de(certificado))
    # The site's signing key is not even configured: only the published JWK Set is used.
    settings.CERTIFICADOS_CLAVE_PRIVADA = ""
    settings.CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO = ""
    with django_assert_num_queries(0):
        salida = correr("verificar_credencial", str(pdf), "--claves", str(jwks_publicado))
    assert "Firma válida" in salida and certificado.folio in salida


def test_con_claves_en_pem_publico(certificado, tmp_path):
    publica = firma.publica_de_jwk(next(iter(_jwks_del_kid(certificado)["keys"])))
    pem = tmp_path / "publica.pem"
    pem.write_bytes(
        publica.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    sobre = tmp_path / "credencial.json"
    sobre.write_text(json.dumps(certificado.credencial))
    assert "Firma válida" in correr("verificar_credencial", str(sobre), "--claves", str(pem))

    otra = firma.clave_desde_pem(firma.clave_generar_pem()).privada.public_key()
    pem.write_bytes(
        otra.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    with pytest.raises(CommandError, match="Firma NO válida: la clave que firmó no es conocida"):
        correr("verificar_credencial", str(sobre), "--claves", str(pem))


def _jwks_del_kid(certificado) -> dict:
    return {"keys": [k for k in selectors.jwks()["keys"] if k["kid"] == certificado.kid]}


def test_una_credencial_alterada_no_pasa(certificado, jwks_publicado, tmp_path):
    alterado = copy.deepcopy(certificado.credencial)
    alterado["credencial"]["curso"]["horas"] = "40"
    ruta = tmp_path / "alterada.json"
    ruta.write_text(json.dumps(alterado, ensure_ascii=False))
    for claves in ((), ("--claves", str(jwks_publicado))):
        with pytest.raises(CommandError, match="Firma NO válida") as error:
            correr("verificar_credencial", str(ruta), *claves)
        assert error.value.returncode == 1


@pytest.mark.parametrize(
    ("contenido", "mensaje"),
    [
        (b'{"credencial": {', "no es un PDF ni un JSON válido"),
        (b"\xff\xfe\x00basura", "no es un PDF ni un JSON en UTF-8"),
        (b"[1, 2, 3]", "no es una credencial firmada"),
        (b'{"hola": "mundo"}', "no es una credencial firmada"),
        (b"%PDF-1.7\n esto no sigue siendo un PDF", "El PDF está dañado"),
        (b"%PDF-", "El PDF está dañado"),
    ],
    ids=["json-cortado", "binario", "lista", "otro-json", "pdf-roto", "solo-cabecera"],
)
def test_archivos_que_no_sirven_dan_un_mensaje_claro(db, tmp_path, contenido, mensaje):
    ruta = tmp_path / "entrada"
    ruta.write_bytes(contenido)
    with pytest.raises(CommandError, match=mensaje):
        correr("verificar_credencial", str(ruta))


def test_un_pdf_sin_credencial(db, tmp_path):
    ruta = tmp_path / "otro.pdf"
    ruta.write_bytes(render.pdf_de_html("<p>Constancia de otro sitio</p>"))
    with pytest.raises(CommandError, match="no lleva una credencial firmada"):
        correr("verificar_credencial", str(ruta))


def test_archivo_o_claves_que_no_existen(db, tmp_path, certificado):
    with pytest.raises(CommandError, match="No se pudo leer el archivo"):
        correr("verificar_credencial", str(tmp_path / "no-existe.pdf"))
    sobre = tmp_path / "credencial.json"
    sobre.write_text(json.dumps(certificado.credencial))
    with pytest.raises(CommandError, match="No se pudo leer el archivo de claves"):
        correr("verificar_credencial", str(sobre), "--claves", str(tmp_path / "no.json"))
    malas = tmp_path / "malas.json"
    for contenido, mensaje in (
        ("no es json", "ni una clave PEM"),
        ('{"keys": [{"kty": "RSA", "n": "x", "e": "AQAB"}]}', "no es un JWK Set de claves Ed25519"),
        ('{"keys": []}', "no trae ninguna clave"),
        (
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
            "no es una clave pública",
        ),
    ):
        malas.write_text(contenido)
        with pytest.raises(CommandError, match=mensaje):
            correr("verificar_credencial", str(sobre), "--claves", str(malas))


@pytest.mark.parametrize(("alterar", "codigo"), [(False, 0), (True, 1)], ids=["buena", "alterada"])
def test_desde_la_terminal_codigo_de_salida_y_sin_traceback(
    certificado, jwks_publicado, tmp_path, alterar, codigo
):
    """Run as an operator would: a separate process that has only the JWK Set file (its own
    settings even hold a different signing key), exit status 0 or 1, never a traceback."""
    sobre = copy.deepcopy(certificado.credencial)
    if alterar:
        sobre["credencial"]["titular"]["nombre"] += " "
    ruta = tmp_path / "credencial.json"
    ruta.write_text(json.dumps(sobre, ensure_ascii=False), encoding="utf-8")
    entorno = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    proceso = subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [
            sys.executable,
            str(RAIZ / "manage.py"),
            "verificar_credencial",
            str(ruta),
            "--claves",
            str(jwks_publicado),
        ],
        capture_output=True,
        text=True,
        env=entorno,
        cwd=RAIZ,
        timeout=120,
        check=False,
    )
    assert proceso.returncode == codigo, proceso.stderr
    assert "Traceback" not in proceso.stderr
    if alterar:
        assert "Firma NO válida" in proceso.stderr
    else:
        assert "Firma válida" in proceso.stdout and certificado.folio in proceso.stdout
