"""Signatures: Ed25519 over RFC 8785 bytes, kids that follow from the key, and key rotation.

Every change to what was signed (any field, the key id, the signature text) must be refused,
and a certificate signed before a rotation must keep verifying through the published keys.
"""

import base64
import copy
import hashlib
import json
import random
import unicodedata
from decimal import Decimal
from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from certificados import firma, render, selectors, services, snapshot
from certificados.models import ClavePublica
from cursos import services as cursos_services

# RFC 8037, appendix A: an Ed25519 key, its RFC 7638 thumbprint and a signature made with it.
RFC8037_D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
RFC8037_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
RFC8037_HUELLA = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
RFC8037_ENTRADA = b"eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
RFC8037_FIRMA = (
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
)
B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@pytest.fixture(autouse=True)
def _claves_registradas_por_prueba():
    """services remembers, per process, which keys already have a ClavePublica row; each
    test's rollback removes the rows, so the memory must go with them."""
    services._claves_registradas.clear()
    yield
    services._claves_registradas.clear()


def _de_b64url(texto: str) -> bytes:
    return base64.urlsafe_b64decode(texto + "=" * (-len(texto) % 4))


def _b64url(datos: bytes) -> str:
    return base64.urlsafe_b64encode(datos).rstrip(b"=").decode()


def clave_nueva() -> firma.ClaveFirma:
    return firma.clave_desde_pem(firma.clave_generar_pem())


def credencial_de_ejemplo() -> dict:
    """A credential built the way issuing builds one, with two signatories, so every kind of
    leaf (strings, numbers, nested objects, lists of objects) is there to be altered."""
    curso = SimpleNamespace(
        pk=7, title="Adaptación al cambio climático", duracion_horas=Decimal(20)
    )
    ahora = timezone.now()
    datos = snapshot.datos_construir(
        uuid="5b0c8f7e-2a51-4c1f-9a43-0d8f3c1e9b77",
        folio="IEECC-2026-000042",
        codigo="7KQ3M9XD2RT2",
        nombre="María Guadalupe Hernández Sánchez",
        municipio="Toluca",
        curso=curso,
        completado=ahora,
        calificacion=Decimal("95.50"),
        plantilla=None,
        emitido=ahora,
    )
    datos["firmantes"] = [
        {"nombre": "Laura Gómez Ruiz", "cargo": "Directora General", "firma_id": None},
        {"nombre": "Pedro Sánchez Ortiz", "cargo": "Coordinador Académico", "firma_id": None},
    ]
    return snapshot.credencial_de(datos)


def hojas(valor, ruta=()):
    """Every leaf of nested dicts and lists, with the path of keys and indexes to it."""
    if isinstance(valor, dict):
        for clave, hijo in valor.items():
            yield from hojas(hijo, (*ruta, clave))
    elif isinstance(valor, list):
        for indice, hijo in enumerate(valor):
            yield from hojas(hijo, (*ruta, indice))
    else:
        yield ruta, valor


def contenedores(valor, ruta=()):
    """Every dict and list inside ``valor`` (itself included), with its path."""
    if isinstance(valor, (dict, list)):
        yield ruta, valor
        hijos = valor.items() if isinstance(valor, dict) else enumerate(valor)
        for clave, hijo in hijos:
            yield from contenedores(hijo, (*ruta, clave))


def en(valor, ruta):
    for paso in ruta:
        valor = valor[paso]
    return valor


def variantes(hoja):
    """Small changes to one value: the kind a forger (or a careless editor) would make."""
    if isinstance(hoja, bool):
        return [not hoja]
    if isinstance(hoja, int):
        return [hoja + 1, hoja - 1, str(hoja)]
    if isinstance(hoja, str):
        cambios = [hoja + " ", hoja + "x", hoja[:-1], hoja.upper() if hoja != hoja.upper() else ""]
        if hoja:
            cambios.append(hoja[0].swapcase() + hoja[1:] if hoja[0].isalpha() else "_" + hoja)
        return [c for c in cambios if c != hoja]
    return ["", 0]


def alteraciones(credencial: dict):
    """(description, altered copy) for every leaf changed, every key removed and added, and
    every list shortened, lengthened and reordered."""
    for ruta, hoja in hojas(credencial):
        for otra in variantes(hoja):
            copia = copy.deepcopy(credencial)
            en(copia, ruta[:-1])[ruta[-1]] = otra
            yield f"{ruta} = {otra!r}", copia
    for ruta, contenedor in contenedores(credencial):
        copia = copy.deepcopy(credencial)
        if isinstance(contenedor, dict):
            en(copia, ruta)["extra"] = "añadido"
            yield f"{ruta} + extra", copia
            for clave in contenedor:
                copia = copy.deepcopy(credencial)
                del en(copia, ruta)[clave]
                yield f"{ruta} - {clave}", copia
        else:
            en(copia, ruta).append(copy.deepcopy(contenedor[0]) if contenedor else "x")
            yield f"{ruta} + elemento", copia
            if contenedor:
                copia = copy.deepcopy(credencial)
                en(copia, ruta).pop()
                yield f"{ruta} - elemento", copia
            if len(contenedor) > 1 and contenedor[0] != contenedor[1]:
                copia = copy.deepcopy(credencial)
                en(copia, ruta).reverse()
                yield f"{ruta} invertida", copia


def rechaza(sobre, claves, descripcion=""):
    """Fail, saying which change passed, unless ``sobre`` is refused."""
    try:
        firma.verificar(sobre, claves)
    except firma.FirmaInvalida:
        return
    pytest.fail(f"aceptada con el cambio {descripcion}")


def reordenado(valor, azar):
    """The same JSON value with every object's keys in a shuffled order."""
    if isinstance(valor, dict):
        claves = list(valor)
        azar.shuffle(claves)
        return {clave: reordenado(valor[clave], azar) for clave in claves}
    if isinstance(valor, list):
        return [reordenado(v, azar) for v in valor]
    return valor


# --- Sign and verify --------------------------------------------------------------------


def test_firmar_y_verificar():
    clave = clave_nueva()
    credencial = credencial_de_ejemplo()
    sobre = firma.firmar(credencial, clave)
    assert sobre["prueba"] == {
        "tipo": "Ed25519",
        "kid": clave.kid,
        "firma": sobre["prueba"]["firma"],
    }
    assert len(_de_b64url(sobre["prueba"]["firma"])) == 64
    assert firma.verificar(sobre, {clave.kid: clave.privada.public_key()}) == credencial
    # What travels is JSON: the same envelope after a round trip through text still verifies.
    viajado = json.loads(json.dumps(sobre, ensure_ascii=False, indent=2))
    assert firma.verificar(viajado, {clave.kid: clave.privada.public_key()}) == credencial
    # Anyone can check it with nothing but the public key and RFC 8785 bytes.
    clave.privada.public_key().verify(
        _de_b64url(sobre["prueba"]["firma"]), firma.canonico(credencial)
    )


def test_cualquier_cambio_a_cualquier_campo_rompe_la_firma():
    clave = clave_nueva()
    claves = {clave.kid: clave.privada.public_key()}
    credencial = credencial_de_ejemplo()
    sobre = firma.firmar(credencial, clave)
    revisadas = 0
    for descripcion, alterada in alteraciones(credencial):
        assert alterada != credencial, descripcion
        rechaza({**sobre, "credencial": alterada}, claves, descripcion)
        revisadas += 1
    # Every leaf of the credential was reached (not only the top level).
    assert len(list(hojas(credencial))) >= 18
    assert revisadas > 3 * len(list(hojas(credencial)))


def test_cualquier_cambio_a_un_certificado_emitido_rompe_su_firma(certificado):
    """The same walk over a real issued credential, checked with the site's published keys."""
    claves = selectors.claves_publicas()
    sobre = certificado.credencial
    assert firma.verificar(sobre, claves) == sobre["credencial"]
    for descripcion, alterada in alteraciones(sobre["credencial"]):
        rechaza({**sobre, "credencial": alterada}, claves, descripcion)


def test_un_nombre_en_otra_forma_unicode_no_es_el_mismo():
    """RFC 8785 does not normalise Unicode: «í» composed and decomposed are different bytes,
    so a name re-typed in NFD does not pass for the signed one."""
    clave = clave_nueva()
    credencial = credencial_de_ejemplo()
    sobre = firma.firmar(credencial, clave)
    alterada = copy.deepcopy(credencial)
    alterada["titular"]["nombre"] = unicodedata.normalize("NFD", credencial["titular"]["nombre"])
    assert alterada["titular"]["nombre"] != credencial["titular"]["nombre"]
    with pytest.raises(firma.FirmaInvalida):
        firma.verificar({**sobre, "credencial": alterada}, {clave.kid: clave.privada.public_key()})


def test_cambiar_el_kid_o_la_prueba_rompe_la_firma():
    clave, otra = clave_nueva(), clave_nueva()
    claves = {clave.kid: clave.privada.public_key(), otra.kid: otra.privada.public_key()}
    sobre = firma.firmar(credencial_de_ejemplo(), clave)
    prueba = sobre["prueba"]
    for cambio in (
        {"kid": otra.kid},  # a known key that did not sign it
        {"kid": "desconocida"},
        {"kid": ""},
        {"kid": None},
        {"kid": [clave.kid]},  # not even hashable
        {"kid": {"k": clave.kid}},
        {"tipo": "EdDSA"},
        {"tipo": "RS256"},
        {"tipo": None},
        {"firma": ""},
        {"firma": None},
        {"firma": 12},
        {"firma": "no es base64url!"},
    ):
        rechaza({**sobre, "prueba": {**prueba, **cambio}}, claves, cambio)
    for roto in (None, [], "texto", {}, {"credencial": sobre["credencial"]}, {"prueba": prueba}):
        rechaza(roto, claves, roto)


def test_cualquier_cambio_al_texto_de_la_firma_la_rompe():
    """Each of the 86 symbols replaced by each of the other 63, each of the 512 bits flipped,
    and padding or stray characters added. base64url text that merely decodes to the same bytes
    (the unused bits of the last symbol, skipped characters) is refused as well."""
    clave = clave_nueva()
    claves = {clave.kid: clave.privada.public_key()}
    sobre = firma.firmar(credencial_de_ejemplo(), clave)
    texto = sobre["prueba"]["firma"]
    assert len(texto) == 86

    def rechazada(otra_firma):
        rechaza({**sobre, "prueba": {**sobre["prueba"], "firma": otra_firma}}, claves, otra_firma)

    for posicion in range(len(texto)):
        for simbolo in B64URL:
            if simbolo != texto[posicion]:
                rechazada(texto[:posicion] + simbolo + texto[posicion + 1 :])
    crudo = _de_b64url(texto)
    for bit in range(len(crudo) * 8):
        volteado = bytearray(crudo)
        volteado[bit // 8] ^= 1 << (bit % 8)
        rechazada(_b64url(bytes(volteado)))
    for agregado in (
        texto + "==",
        texto + "=",
        " " + texto,
        texto + "\n",
        texto[:40] + "." + texto[40:],
    ):
        rechazada(agregado)
    rechazada(texto[:-1])
    rechazada(base64.b64encode(crudo).decode())  # standard alphabet, padded: not base64url


# --- Canonical bytes and key ids --------------------------------------------------------


def test_la_forma_canonica_no_depende_del_orden_de_las_claves():
    azar = random.Random(8785)
    credencial = credencial_de_ejemplo()
    clave = clave_nueva()
    sobre = firma.firmar(credencial, clave)
    for _ in range(20):
        mezclada = reordenado(credencial, azar)
        assert firma.canonico(mezclada) == firma.canonico(credencial)
        assert firma.verificar(
            {"prueba": sobre["prueba"], "credencial": mezclada},
            {clave.kid: clave.privada.public_key()},
        )
    # RFC 8785 by hand for a small value: keys sorted by UTF-16 code units, no spaces, UTF-8.
    assert firma.canonico({"b": [1, "é"], "a": {"d": True, "c": None}}) == (
        '{"a":{"c":null,"d":true},"b":[1,"é"]}'.encode()
    )


def test_kid_es_la_huella_rfc7638_del_vector_de_rfc8037():
    privada = Ed25519PrivateKey.from_private_bytes(_de_b64url(RFC8037_D))
    jwk = firma.jwk_de(privada.public_key())
    assert jwk["x"] == RFC8037_X
    assert (jwk["kty"], jwk["crv"], jwk["alg"], jwk["use"]) == ("OKP", "Ed25519", "EdDSA", "sig")
    # The thumbprint by hand: required members only, in lexicographic order, no whitespace.
    a_mano = f'{{"crv":"Ed25519","kty":"OKP","x":"{RFC8037_X}"}}'.encode()
    assert _b64url(hashlib.sha256(a_mano).digest()) == RFC8037_HUELLA
    assert jwk["kid"] == RFC8037_HUELLA
    # The key read back from the JWK checks the RFC's own signature.
    publica = firma.publica_de_jwk(jwk)
    publica.verify(_de_b64url(RFC8037_FIRMA), RFC8037_ENTRADA)
    pem = privada.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    assert firma.clave_desde_pem(pem).kid == RFC8037_HUELLA


def test_un_jwks_no_puede_atribuirse_el_kid_de_otra_clave():
    """claves_de_jwks derives each kid from the key itself: a JWK Set that labels key B with
    key A's kid does not make B's signatures pass for A's, nor A's for B's."""
    a, b = clave_nueva(), clave_nueva()
    impostor = {"keys": [{**b.jwk, "kid": a.kid}]}
    claves = firma.claves_de_jwks(impostor)
    assert set(claves) == {b.kid}
    with pytest.raises(firma.FirmaInvalida):
        firma.verificar(firma.firmar(credencial_de_ejemplo(), a), claves)
    for roto in (None, [], {"keys": "x"}, {"keys": [{"kty": "RSA"}]}, {"keys": [{"kty": "OKP"}]}):
        with pytest.raises(firma.FirmaInvalida):
            firma.claves_de_jwks(roto)
    mala_x = {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": _b64url(b"corta")}]}
    with pytest.raises(firma.FirmaInvalida):
        firma.claves_de_jwks(mala_x)


def test_la_clave_activa_sale_de_los_ajustes(settings, tmp_path):
    pem = firma.clave_generar_pem()
    archivo = tmp_path / "clave.pem"
    archivo.write_bytes(pem)
    settings.CERTIFICADOS_CLAVE_PRIVADA = ""
    settings.CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO = str(archivo)
    assert firma.clave_activa().kid == firma.clave_desde_pem(pem).kid

    settings.CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO = str(tmp_path / "no-existe.pem")
    with pytest.raises(ImproperlyConfigured, match="crear_clave_certificados"):
        firma.clave_activa()

    settings.CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO = ""
    with pytest.raises(ImproperlyConfigured, match="No hay clave"):
        firma.clave_activa()

    ecdsa = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    settings.CERTIFICADOS_CLAVE_PRIVADA = ecdsa.decode()
    with pytest.raises(ImproperlyConfigured, match="Ed25519"):
        firma.clave_activa()
    settings.CERTIFICADOS_CLAVE_PRIVADA = "no es un PEM"
    with pytest.raises(ImproperlyConfigured, match="PEM"):
        firma.clave_activa()


# --- Rotation ---------------------------------------------------------------------------


def _verifica_con_lo_publicado(client, *certificados):
    respuesta = client.get("/certificados/claves.json")
    assert respuesta.status_code == 200
    jwks = respuesta.json()
    claves = firma.claves_de_jwks(jwks)
    for certificado in certificados:
        pdf = certificado.pdf.open("rb").read()
        for sobre in (certificado.credencial, render.credencial_de_pdf(pdf)):
            assert firma.verificar(sobre, claves)["folio"] == certificado.folio
    return {jwk["kid"] for jwk in jwks["keys"]}


def test_tras_rotar_la_clave_los_certificados_viejos_siguen_verificando(
    certificado, otro, curso_y_modulos, completar, client, settings
):
    curso, modulos = curso_y_modulos
    anterior = firma.clave_activa()
    assert certificado.kid == anterior.kid

    settings.CERTIFICADOS_CLAVE_PRIVADA = firma.clave_generar_pem().decode()
    nueva = firma.clave_activa()
    assert nueva.kid != anterior.kid
    completar(otro, curso, modulos)
    reciente = otro.certificados.get()
    assert reciente.kid == reciente.credencial["prueba"]["kid"] == nueva.kid

    kids = _verifica_con_lo_publicado(client, certificado, reciente)
    assert kids == {anterior.kid, nueva.kid}
    assert set(ClavePublica.objects.values_list("kid", flat=True)) == kids
    # The public verification of the old certificate is unaffected.
    respuesta = client.get(certificado.get_absolute_url())
    assert respuesta.status_code == 200 and "Válida" in respuesta.text


def test_una_emision_deshecha_no_impide_guardar_la_clave(
    aprendiz, otro, curso_y_modulos, completar, client, settings
):
    curso, modulos = curso_y_modulos

    class Deshacer(Exception):
        pass

    with pytest.raises(Deshacer), transaction.atomic():
        cursos_services.inscripcion_crear(usuario=aprendiz, curso=curso)
        for modulo in modulos:
            cursos_services.modulo_completar(usuario=aprendiz, modulo=modulo)
        services.certificado_emitir(inscripcion=curso.inscripciones.get(usuario=aprendiz))
        raise Deshacer  # e.g. a later step of the same request fails
    assert not ClavePublica.objects.exists()

    completar(otro, curso, modulos)
    firmado_antes = otro.certificados.get()
    settings.CERTIFICADOS_CLAVE_PRIVADA = firma.clave_generar_pem().decode()

    _verifica_con_lo_publicado(client, firmado_antes)


def test_una_credencial_anidada_sin_fin_es_invalida_no_un_error(certificado):
    """Canonicalising ~1,000 nested lists exhausts Python's stack: a verdict, not a crash."""
    profundo = []
    for _ in range(5000):
        profundo = [profundo]
    sobre = {
        "credencial": {"a": profundo},
        "prueba": {"tipo": "Ed25519", "kid": certificado.kid, "firma": "AAAA"},
    }
    with pytest.raises(firma.FirmaInvalida):
        firma.verificar(sobre, selectors.claves_publicas())
