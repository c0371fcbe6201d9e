"""``manage.py crear_clave_certificados``: a new Ed25519 signing key for certificates."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from certificados import firma
from certificados.management import AyudaEnParrafos


class Command(BaseCommand):
    requires_system_checks = []  # must run before the key exists, and offline
    help = """Crea una clave privada Ed25519 (PEM, PKCS #8) para firmar certificados.

La escribe en --archivo (por omisión, CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO) con permisos 0600
y nunca sobrescribe una clave que ya existe (para reemplazarla, consulta «Rotación»).

Rotación: crea la nueva clave en otra ruta y apunta CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO a
ella. La clave nueva firma los certificados que se emitan desde entonces. La parte pública
de la anterior quedó guardada en la base de datos (claves públicas) cuando firmó su primer
certificado y se sigue publicando en /certificados/claves.json, así que los certificados ya
emitidos siguen verificándose; la clave privada anterior ya no hace falta para verificar.

Con --si-no-existe (para scripts de despliegue) una clave que ya existe se deja como está y
el comando termina bien."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("formatter_class", AyudaEnParrafos)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument(
            "--archivo",
            help="Dónde escribir la clave (por omisión, CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO).",
        )
        parser.add_argument(
            "--si-no-existe",
            action="store_true",
            dest="si_no_existe",
            help="Si ya hay una clave en esa ruta, dejarla y terminar sin error.",
        )

    def handle(self, *args, archivo=None, si_no_existe=False, **opciones):
        ruta = Path(archivo or getattr(settings, "CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO", "") or "")
        if not str(ruta) or str(ruta) == ".":
            raise CommandError(
                "No sé dónde escribir la clave: usa --archivo o define "
                "CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO."
            )
        ruta = ruta.expanduser()
        if ruta.exists():
            if not si_no_existe:
                raise CommandError(
                    f"Ya existe {ruta} y no se sobrescribe. Para rotar la clave, crea la nueva "
                    "en otra ruta y apunta CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO a ella; "
                    "usa --si-no-existe para conservar la que hay."
                )
            # A deploy script relies on this file to start the site: say now if it cannot.
            try:
                clave = firma.clave_desde_pem(ruta.read_bytes())
            except (OSError, ImproperlyConfigured) as exc:
                raise CommandError(
                    f"Ya existe {ruta}, pero no es una clave Ed25519 legible: {exc}"
                ) from exc
            self.stdout.write(f"Ya existe una clave en {ruta}; no se cambia (kid {clave.kid}).")
            return

        pem = firma.clave_generar_pem()
        try:
            ruta.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # O_EXCL: if another process creates the file in between, fail instead of
            # overwriting it. The mode is set at creation, so the key is never world-readable.
            descriptor = os.open(ruta, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError as exc:
            raise CommandError(f"Ya existe {ruta} y no se sobrescribe.") from exc
        except OSError as exc:
            raise CommandError(f"No se pudo crear {ruta}: {exc.strerror or exc}.") from exc
        with os.fdopen(descriptor, "wb") as salida:
            os.fchmod(salida.fileno(), 0o600)  # the umask could have left it narrower or odd
            salida.write(pem)

        kid = firma.clave_desde_pem(pem).kid
        self.stdout.write(self.style.SUCCESS(f"Clave de firma creada en {ruta}."))
        self.stdout.write(f"kid: {kid}")
        self.stdout.write("Para firmar con ella, define en el entorno (o en los ajustes):")
        self.stdout.write(f"  CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO={ruta.resolve()}")
        if getattr(settings, "CERTIFICADOS_CLAVE_PRIVADA", ""):
            self.stdout.write(
                self.style.WARNING(
                    "Atención: CERTIFICADOS_CLAVE_PRIVADA está definida y tiene prioridad sobre "
                    "el archivo; quítala para que se use esta clave."
                )
            )
        self.stdout.write(
            "Guarda una copia de seguridad en un lugar seguro; nunca la subas al repositorio."
        )
