"""``manage.py verificar_credencial``: check a certificate's signature from a PDF or its JSON."""

from __future__ import annotations

import json
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management.base import BaseCommand, CommandError

from certificados import firma, json_seguro, render, selectors, snapshot
from certificados.codigos import CodigoInvalido, codigo_formatear, codigo_normalizar
from certificados.management import AyudaEnParrafos


class Command(BaseCommand):
    requires_system_checks = []  # must run before the key exists, and offline
    help = """Comprueba la firma Ed25519 de un certificado a partir de su PDF o de su JSON.

ARCHIVO puede ser el PDF del certificado (se lee la credencial firmada que lleva dentro), el
JSON de la credencial firmada ({"credencial": …, "prueba": …}) o la respuesta completa de
/certificados/verificar/<código>.json.

Solo hace falta la clave pública. Con --claves se usa un JWK Set (lo que publica
/certificados/claves.json) o una clave pública PEM, sin tocar la base de datos; sin --claves,
las claves que guarda el sitio y la que está activa.

Termina con código 0 si la firma es válida y con 1 si no lo es o el archivo no sirve."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("formatter_class", AyudaEnParrafos)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("archivo", help="El PDF del certificado o el JSON de su credencial.")
        parser.add_argument(
            "--claves",
            help="Un JWK Set (JSON) o una clave pública PEM con la que verificar.",
        )

    def handle(self, *args, archivo, claves=None, **opciones):
        contenido = _leer(archivo, "el archivo")
        sobre = _sobre_de(contenido)
        publicas = _claves_de_archivo(claves) if claves else selectors.claves_publicas()
        try:
            credencial = firma.verificar(sobre, publicas)
        except firma.FirmaInvalida as exc:
            raise CommandError(f"Firma NO válida: {exc}. No confíes en este certificado.") from exc

        kid = sobre["prueba"]["kid"]
        self.stdout.write(self.style.SUCCESS(f"Firma válida (Ed25519, clave {kid})."))
        titular, curso = _dict(credencial.get("titular")), _dict(credencial.get("curso"))
        for etiqueta, valor in (
            ("Folio", credencial.get("folio")),
            ("Titular", titular.get("nombre")),
            ("Curso", curso.get("titulo")),
            ("Horas", curso.get("horas")),
            ("Concluido", credencial.get("completado")),
            ("Emitido", credencial.get("emitido")),
            ("Código", _legible(credencial.get("codigo"))),
        ):
            self.stdout.write(f"  {etiqueta + ':':<11}{'' if valor is None else valor}")
        if contenido.startswith(b"%PDF-"):
            self._privados(contenido, credencial)
        if not claves:
            self._estado(credencial)

    def _privados(self, pdf: bytes, credencial: dict) -> None:
        """The municipality and score printed on the PDF, checked against the signed digests."""
        try:
            divulgaciones = render.divulgaciones_de_pdf(pdf)
        except ValueError as exc:
            raise CommandError(f"{exc} No confíes en este certificado.") from exc
        if divulgaciones is None:
            self.stdout.write("  (El PDF no trae municipio ni calificación para comprobar.)")
            return
        try:
            valores = snapshot.divulgaciones_comprobar(credencial, divulgaciones)
        except ValueError as exc:
            raise CommandError(
                f"Datos del PDF alterados: {exc}. No confíes en este certificado."
            ) from exc
        # Every field the credential signs a digest of: a value is «firmado» only when its
        # disclosure was present and matched; one whose entry was removed was not checked.
        resumenes = _dict(credencial.get("resumenes"))
        etiquetas = {"municipio": "Municipio", "calificacion": "Calificación"}
        for campo in [*etiquetas, *sorted(set(resumenes) - set(etiquetas))]:
            etiqueta = etiquetas.get(campo, campo)
            if campo not in valores:
                if campo in resumenes:
                    self.stdout.write(
                        self.style.WARNING(
                            f"  {etiqueta + ':':<11}(no verificado: el PDF no trae su dato)"
                        )
                    )
                continue
            valor = valores[campo]
            texto = "(sin dato)" if valor in (None, "") else valor
            self.stdout.write(f"  {etiqueta + ':':<11}{texto} (firmado)")

    def _estado(self, credencial: dict) -> None:
        """A valid signature says who issued it, not whether it still stands: say that too."""
        try:
            codigo = codigo_normalizar(str(credencial.get("codigo", "")))
        except CodigoInvalido:
            return
        certificado = selectors.certificado_por_codigo(codigo)
        if certificado is None:
            self.stdout.write(
                self.style.WARNING(f"  No hay registro del código {codigo_formatear(codigo)}.")
            )
        elif certificado.vigente:
            self.stdout.write(f"  {'Estado:':<11}{certificado.get_estado_display()}")
        else:
            self.stdout.write(
                self.style.WARNING(f"  {'Estado:':<11}{certificado.get_estado_display()}")
            )


def _legible(codigo):
    return codigo_formatear(codigo) if isinstance(codigo, str) else codigo


def _dict(valor) -> dict:
    return valor if isinstance(valor, dict) else {}


def _leer(ruta: str, que: str) -> bytes:
    try:
        return Path(ruta).read_bytes()
    except OSError as exc:
        raise CommandError(f"No se pudo leer {que} {ruta}: {exc.strerror or exc}.") from exc


def _sobre_de(contenido: bytes) -> dict:
    """The signed envelope inside a PDF, a JSON envelope or a verification JSON response."""
    if contenido.startswith(b"%PDF-"):
        try:
            sobre = render.credencial_de_pdf(contenido)
        except render.AdjuntoNoAdmitido as exc:
            raise CommandError(f"{exc} No confíes en este certificado.") from exc
        except Exception as exc:  # pypdf reads untrusted bytes; any failure means unreadable
            raise CommandError("El PDF está dañado o no se puede leer.") from exc
        if sobre is None:
            raise CommandError(
                f"El PDF no lleva una credencial firmada ({render.NOMBRE_ADJUNTO}): no es un "
                "certificado de Aula Climática o se guardó de nuevo sin sus adjuntos."
            )
        return sobre
    try:
        sobre = json_seguro.cargar(contenido)
    except json_seguro.JsonIlegible as exc:
        causa = exc.__cause__
        if isinstance(causa, json.JSONDecodeError):
            raise CommandError(
                f"El archivo no es un PDF ni un JSON válido (línea {causa.lineno}, columna "
                f"{causa.colno}: {causa.msg})."
            ) from exc
        raise CommandError("El archivo no es un PDF ni un JSON en UTF-8.") from exc
    except json_seguro.JsonNoAdmitido as exc:
        raise CommandError(
            f"El archivo no es un PDF ni una credencial que se admita: {exc}."
        ) from exc
    # The JSON of /certificados/verificar/<code>.json carries the envelope under «credencial».
    if isinstance(sobre, dict) and "prueba" not in sobre:
        interior = sobre.get("credencial")
        if isinstance(interior, dict) and "prueba" in interior:
            sobre = interior
    if not isinstance(sobre, dict) or not {"credencial", "prueba"} <= sobre.keys():
        raise CommandError(
            "El JSON no es una credencial firmada: le faltan «credencial» y «prueba»."
        )
    return sobre


def _claves_de_archivo(ruta: str) -> dict[str, Ed25519PublicKey]:
    """Public keys by kid from a JWK Set, a single JWK or a PEM public key."""
    contenido = _leer(ruta, "el archivo de claves")
    if contenido.lstrip().startswith(b"-----BEGIN"):
        try:
            publica = serialization.load_pem_public_key(contenido)
        except (ValueError, TypeError) as exc:
            raise CommandError(
                f"{ruta} no es una clave pública PEM (¿es la privada?). "
                "Usa la pública o /certificados/claves.json."
            ) from exc
        if not isinstance(publica, Ed25519PublicKey):
            raise CommandError(f"La clave de {ruta} no es Ed25519.")
        return {firma.jwk_de(publica)["kid"]: publica}
    try:
        datos = json_seguro.cargar(contenido)
    except json_seguro.JsonNoAdmitido as exc:
        raise CommandError(f"{ruta} no es un JWK Set (JSON) ni una clave PEM: {exc}.") from exc
    if isinstance(datos, dict) and "keys" not in datos and "kty" in datos:
        datos = {"keys": [datos]}  # one bare JWK
    try:
        publicas = firma.claves_de_jwks(datos)
    except firma.FirmaInvalida as exc:
        raise CommandError(f"{ruta} no es un JWK Set de claves Ed25519: {exc}.") from exc
    if not publicas:
        raise CommandError(f"{ruta} no trae ninguna clave.")
    return publicas
