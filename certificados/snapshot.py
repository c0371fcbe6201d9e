"""What a certificate certifies, frozen at issue, and the public credential signed from it.

``datos`` (the snapshot) is everything the PDF prints: it includes the municipality and the
final score, which stay between the learner and the Institute. The credential is the part
anyone may see and check: name, course, hours, completion date, folio, issuer and that the
course was passed. It is what the verification page and its JSON show, and what is signed.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from decimal import Decimal

import rfc8785
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from certificados.codigos import codigo_formatear

VERSION = 1

EMISOR_PREDETERMINADO = {
    "nombre": "Instituto Estatal de Energía y Cambio Climático",
    # The subject of "… otorga la presente constancia a": the article the name takes.
    "articulo": "El",
    "dependencia": "Gobierno del Estado de México",
    "url": "",
    "prefijo_folio": "IEECC",
}


def emisor() -> dict:
    """The issuer, from ``CERTIFICADOS_EMISOR`` (merged over the Institute's defaults)."""
    return {**EMISOR_PREDETERMINADO, **getattr(settings, "CERTIFICADOS_EMISOR", {})}


def url_base() -> str:
    return (
        getattr(settings, "CERTIFICADOS_URL_BASE", "") or settings.WAGTAILADMIN_BASE_URL
    ).rstrip("/")


def url_verificacion(codigo: str, *, request=None) -> str:
    """The absolute verification URL printed and encoded in the QR code."""
    ruta = reverse("certificados:verificar_codigo", args=[codigo_formatear(codigo)])
    return url_base() + ruta


def horas_texto(horas) -> str:
    """``Decimal('20.0')`` → ``"20"``; ``Decimal('12.5')`` → ``"12.5"``."""
    valor = Decimal(str(horas)).normalize()
    return format(valor, "f")


def apariencia_de(plantilla) -> dict:
    """The template's texts, colour, logos and place; without a template, the model's defaults."""
    if plantilla is None:
        from certificados.models import PlantillaCertificado

        plantilla = PlantillaCertificado()
    return {
        "id": plantilla.pk,
        "titulo": str(plantilla.titulo),
        "texto_otorga": str(plantilla.texto_otorga),
        "texto_motivo": str(plantilla.texto_motivo),
        "leyenda": str(plantilla.leyenda),
        "color": plantilla.color,
        "logo_id": plantilla.logo_id,
        "logo_estado_id": plantilla.logo_estado_id,
        "lugar": str(plantilla.lugar),
    }


def firmantes_de(plantilla) -> list[dict]:
    if plantilla is None:
        return []
    return [
        {"nombre": f.firmante.nombre, "cargo": f.firmante.cargo, "firma_id": f.firmante.firma_id}
        for f in plantilla.firmas.all()
        if f.firmante_id
    ]


def datos_construir(
    *,
    uuid: str,
    folio: str,
    codigo: str,
    nombre: str,
    municipio: str,
    curso,
    completado,
    calificacion: Decimal | None,
    plantilla,
    emitido,
) -> dict:
    """The snapshot (JSON-ready: strings, no floats) of one certificate."""
    fuente = emisor()
    return {
        "version": VERSION,
        "uuid": str(uuid),
        "folio": folio,
        "codigo": codigo,
        "titular": {"nombre": nombre, "municipio": municipio},
        "curso": {
            "id": curso.pk,
            "titulo": curso.title,
            "horas": horas_texto(curso.duracion_horas),
        },
        "completado": timezone.localdate(completado).isoformat(),
        "calificacion": None if calificacion is None else format(Decimal(calificacion), "f"),
        "emisor": {k: fuente[k] for k in ("nombre", "dependencia", "url")},
        "firmantes": firmantes_de(plantilla),
        "emitido": timezone.localtime(emitido).isoformat(timespec="seconds"),
        "plantilla": apariencia_de(plantilla),
        # One random salt per private field: the public credential signs their digests.
        "sales": {campo: secrets.token_urlsafe(16) for campo in CAMPOS_PRIVADOS},
    }


# Printed on the learner's PDF and signed, but never published: the credential carries a
# salted digest of each (selective disclosure, as in SD-JWT), and the PDF embeds the salts
# and values (``divulgaciones.json``) so whoever holds the file can check them offline.
CAMPOS_PRIVADOS = ("municipio", "calificacion")


def _privados(datos: dict) -> dict:
    return {"municipio": datos["titular"]["municipio"], "calificacion": datos["calificacion"]}


def resumen(sal: str, campo: str, valor) -> str:
    """base64url(SHA-256(JCS([sal, campo, valor]))): the digest the credential signs."""
    crudo = hashlib.sha256(rfc8785.dumps([sal, campo, valor])).digest()
    return base64.urlsafe_b64encode(crudo).rstrip(b"=").decode("ascii")


def divulgaciones_de(datos: dict) -> dict:
    """What the PDF embeds beside the credential: each private field's salt and value."""
    valores = _privados(datos)
    return {campo: [datos["sales"][campo], valores[campo]] for campo in CAMPOS_PRIVADOS}


def divulgaciones_comprobar(credencial: dict, divulgaciones) -> dict:
    """The private values, checked against the signed digests; ``ValueError`` if any differs."""
    resumenes = credencial.get("resumenes")
    if not isinstance(resumenes, dict) or not isinstance(divulgaciones, dict):
        raise ValueError("sin resúmenes o divulgaciones")
    valores = {}
    for campo, par in divulgaciones.items():
        if (
            campo not in resumenes
            or not isinstance(par, list)
            or len(par) != 2
            or not isinstance(par[0], str)
        ):
            raise ValueError(f"divulgación mal formada: {campo}")
        if resumen(par[0], campo, par[1]) != resumenes[campo]:
            raise ValueError(f"«{campo}» no corresponde a la firma")
        valores[campo] = par[1]
    return valores


def credencial_de(datos: dict) -> dict:
    """The public, signed subset of a snapshot, with salted digests of the private fields."""
    return {
        "tipo": "ConstanciaAulaClimatica",
        "version": datos["version"],
        "id": f"urn:uuid:{datos['uuid']}",
        "folio": datos["folio"],
        "codigo": datos["codigo"],
        "titular": {"nombre": datos["titular"]["nombre"]},
        "curso": {"titulo": datos["curso"]["titulo"], "horas": datos["curso"]["horas"]},
        "completado": datos["completado"],
        "resultado": "aprobado",
        "emisor": {
            "nombre": datos["emisor"]["nombre"],
            "dependencia": datos["emisor"]["dependencia"],
        },
        "firmantes": [{"nombre": f["nombre"], "cargo": f["cargo"]} for f in datos["firmantes"]],
        "emitido": datos["emitido"],
        "verificacion": url_verificacion(datos["codigo"]),
        "resumenes": {
            campo: resumen(datos["sales"][campo], campo, valor)
            for campo, valor in _privados(datos).items()
        },
    }


def datos_de_muestra(plantilla) -> dict:
    """A sample snapshot for previews: the template's course (or an example one)."""
    from types import SimpleNamespace

    curso = (
        plantilla.curso
        if plantilla.curso_id
        else SimpleNamespace(
            pk=0, title="Adaptación al cambio climático en el municipio", duracion_horas=Decimal(20)
        )
    )
    ahora = timezone.now()
    return datos_construir(
        uuid="00000000-0000-4000-8000-000000000000",
        folio=f"{emisor()['prefijo_folio']}-{ahora.year}-000123",
        codigo="7KQ3M9XD2RT2",
        nombre="María Guadalupe Hernández Sánchez",
        municipio="Toluca",
        curso=curso,
        completado=ahora,
        calificacion=Decimal("95.5"),
        plantilla=plantilla,
        emitido=ahora,
    )
