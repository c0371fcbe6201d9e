"""Print the current second-factor code of a demo staff account (`make demo` only)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from inicio.demo_cuentas import codigo_actual


class Command(BaseCommand):
    help = (
        "Muestra el código de verificación (TOTP) vigente de una cuenta de la demostración, "
        "para entrar a /admin/ sin una aplicación de autenticación. Solo con DEBUG activo."
    )

    def add_arguments(self, parser):
        parser.add_argument("usuario", help="admin, editora, coordinacion o enlace")

    def handle(self, *args, usuario, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Este comando es solo para la demostración (DEBUG activo): en un sitio real, "
                "el código lo da la aplicación de autenticación de cada persona."
            )
        cuenta = get_user_model().objects.filter(username=usuario).first()
        codigo = codigo_actual(cuenta) if cuenta else None
        if codigo is None:
            raise CommandError(f"«{usuario}» no tiene la verificación en dos pasos activada.")
        self.stdout.write(codigo)
