"""Ed25519 signatures over a canonical JSON form of the credential, and the keys that make them.

The signed bytes are the RFC 8785 (JSON Canonicalization Scheme) serialisation of the
credential, made by the ``rfc8785`` library, so any verifier in any language can rebuild them.
The signing key comes from settings (``CERTIFICADOS_CLAVE_PRIVADA``, a PEM text, or
``CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO``, a PEM file); its key id is the RFC 7638 thumbprint of
its public JWK, so the id follows from the key and cannot drift. Every public key that has
signed something is kept in the database (``ClavePublica``), which is what lets old
certificates keep verifying after the key is rotated.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

ALGORITMO = "Ed25519"


class FirmaInvalida(Exception):
    """The credential was altered, is malformed, or no known key signed it."""


def canonico(datos) -> bytes:
    """The RFC 8785 bytes of ``datos``: the exact input of the signature."""
    return rfc8785.dumps(datos)


def _b64url(datos: bytes) -> str:
    return base64.urlsafe_b64encode(datos).rstrip(b"=").decode("ascii")


def _de_b64url(texto: str) -> bytes:
    """The bytes of unpadded base64url text, which must be exactly how ``_b64url`` writes them.

    Python's decoder skips characters outside the alphabet and ignores the unused low bits of
    the last symbol, so several texts decode to the same bytes; accepting only the canonical
    one means a signature cannot be edited and still pass.
    """
    if not isinstance(texto, str):
        raise FirmaInvalida("base64url esperado")
    try:
        datos = base64.urlsafe_b64decode(texto + "=" * (-len(texto) % 4))
    except (ValueError, TypeError) as exc:
        raise FirmaInvalida("base64url inválido") from exc
    if _b64url(datos) != texto:
        raise FirmaInvalida("base64url no canónico")
    return datos


def jwk_de(publica: Ed25519PublicKey) -> dict:
    """The public key as a JWK (RFC 8037), with its ``kid``."""
    x = _b64url(publica.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
    jwk = {"crv": "Ed25519", "kty": "OKP", "x": x}
    huella = hashlib.sha256(json.dumps(jwk, separators=(",", ":"), sort_keys=True).encode())
    return {**jwk, "kid": _b64url(huella.digest()), "alg": "EdDSA", "use": "sig"}


def publica_de_jwk(jwk: dict) -> Ed25519PublicKey:
    if not isinstance(jwk, dict) or jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise FirmaInvalida("la clave no es Ed25519")
    try:
        return Ed25519PublicKey.from_public_bytes(_de_b64url(jwk.get("x", "")))
    except ValueError as exc:
        raise FirmaInvalida("clave pública inválida") from exc


@dataclass(frozen=True)
class ClaveFirma:
    privada: Ed25519PrivateKey
    jwk: dict

    @property
    def kid(self) -> str:
        return self.jwk["kid"]


def clave_generar_pem() -> bytes:
    """A new private key, PEM (PKCS #8), for ``crear_clave_certificados``."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def clave_desde_pem(pem: bytes) -> ClaveFirma:
    try:
        privada = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"La clave de firma no es un PEM válido: {exc}") from exc
    if not isinstance(privada, Ed25519PrivateKey):
        raise ImproperlyConfigured("La clave de firma de certificados debe ser Ed25519.")
    return ClaveFirma(privada=privada, jwk=jwk_de(privada.public_key()))


@cache
def clave_activa() -> ClaveFirma:
    """The key that signs new certificates, read once per process from settings."""
    pem = getattr(settings, "CERTIFICADOS_CLAVE_PRIVADA", "") or ""
    archivo = getattr(settings, "CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO", "") or ""
    if pem:
        return clave_desde_pem(pem.encode() if isinstance(pem, str) else pem)
    if archivo:
        ruta = Path(archivo)
        if not ruta.is_file():
            raise ImproperlyConfigured(
                f"CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO apunta a {ruta}, que no existe. "
                "Créala con «manage.py crear_clave_certificados»."
            )
        return clave_desde_pem(ruta.read_bytes())
    raise ImproperlyConfigured(
        "No hay clave para firmar certificados: define CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO "
        "(o CERTIFICADOS_CLAVE_PRIVADA) y crea la clave con «manage.py crear_clave_certificados»."
    )


@receiver(setting_changed)
def _olvidar_clave(*, setting, **kwargs):
    if setting.startswith("CERTIFICADOS_CLAVE"):
        clave_activa.cache_clear()


def firmar(credencial: dict, clave: ClaveFirma | None = None) -> dict:
    """The signed envelope: the credential as given and a proof over its canonical bytes."""
    clave = clave or clave_activa()
    firma = clave.privada.sign(canonico(credencial))
    return {
        "credencial": credencial,
        "prueba": {"tipo": ALGORITMO, "kid": clave.kid, "firma": _b64url(firma)},
    }


def verificar(sobre, claves: dict[str, Ed25519PublicKey]) -> dict:
    """Check a signed envelope against known public keys (by kid); return the credential.

    Raises ``FirmaInvalida`` for any change to any field, an unknown key or a malformed file.
    """
    if not isinstance(sobre, dict):
        raise FirmaInvalida("se esperaba un objeto JSON")
    credencial, prueba = sobre.get("credencial"), sobre.get("prueba")
    if not isinstance(credencial, dict) or not isinstance(prueba, dict):
        raise FirmaInvalida("faltan «credencial» o «prueba»")
    if prueba.get("tipo") != ALGORITMO:
        raise FirmaInvalida("algoritmo no admitido")
    kid = prueba.get("kid")
    publica = claves.get(kid) if isinstance(kid, str) else None  # a list kid is unhashable
    if publica is None:
        raise FirmaInvalida("la clave que firmó no es conocida")
    try:
        publica.verify(_de_b64url(prueba.get("firma")), canonico(credencial))
    except (InvalidSignature, ValueError, TypeError, RecursionError) as exc:
        raise FirmaInvalida("la firma no corresponde al contenido") from exc
    return credencial


def claves_de_jwks(jwks) -> dict[str, Ed25519PublicKey]:
    """Public keys by kid from a JWK Set (what ``/certificados/claves.json`` publishes)."""
    if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
        raise FirmaInvalida("no es un JWK Set")
    claves = {}
    for jwk in jwks["keys"]:
        publica = publica_de_jwk(jwk)
        claves[jwk_de(publica)["kid"]] = publica
    return claves
