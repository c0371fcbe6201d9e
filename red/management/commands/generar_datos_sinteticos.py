"""Fill the database with synthetic data at realistic volume, reproducibly from a seed.

    manage.py generar_datos_sinteticos --semilla 1                # 100,000 people, 1 M completions…
    manage.py generar_datos_sinteticos --semilla 1 --escala 0.01  # a hundredth of it
    manage.py generar_datos_sinteticos --borrar --semilla 1       # replace what a run left
    manage.py generar_datos_sinteticos --borrar                   # only remove it

What is written, how it is recognised and why it may skip the models' save hooks: see
``red/sinteticos.py``.
"""

import argparse
import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from red import sinteticos


def _escala(texto: str) -> float:
    try:
        valor = float(texto)
    except ValueError:
        valor = 0
    if not 0 < valor <= 10:
        raise argparse.ArgumentTypeError(
            f"«{texto}» no sirve: la escala es un número mayor que 0 y hasta 10."
        )
    return valor


def _fecha(texto: str) -> dt.datetime:
    """A local date (the data ends at its midnight) or an ISO date and time."""
    try:
        valor = dt.datetime.fromisoformat(texto)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"«{texto}» no es una fecha: usa AAAA-MM-DD o AAAA-MM-DDTHH:MM."
        ) from None
    return valor if timezone.is_aware(valor) else timezone.make_aware(valor)


class Command(BaseCommand):
    help = (
        "Genera datos sintéticos reproducibles (misma semilla, mismos datos): a escala 1, "
        "100 000 participantes, 10 cursos, 1 000 000 de módulos completados, 200 000 intentos, "
        "50 000 certificados y 500 embajadores de los últimos tres años."
    )

    def add_arguments(self, parser):
        parser.add_argument("--semilla", type=int, help="Semilla del generador (un entero).")
        parser.add_argument(
            "--escala",
            type=_escala,
            default=1.0,
            help="Fracción de los volúmenes (mayor que 0, hasta 10). Predeterminada: 1.",
        )
        parser.add_argument(
            "--hasta",
            type=_fecha,
            help="Fin del periodo de tres años (AAAA-MM-DD[THH:MM]). Predeterminado: ahora.",
        )
        parser.add_argument(
            "--borrar",
            action="store_true",
            help="Borra antes los datos sintéticos (solo esos). Sin --semilla, solo borra.",
        )
        parser.add_argument(
            "--huella",
            action="store_true",
            help="Al terminar, imprime el SHA-256 de los datos generados (para comparar corridas).",
        )

    def handle(self, *args, semilla, escala, hasta, borrar, huella, **options):
        if semilla is None and not borrar:
            raise CommandError("Indica --semilla N (o --borrar para solo borrar).")
        informar = self.stdout.write
        if borrar:
            informar("Borrando los datos sintéticos…")
            sinteticos.borrar(informar=informar)
        if semilla is None:
            return
        informar(f"Generando datos sintéticos: semilla {semilla}, escala {escala:g}…")
        try:
            resumen = sinteticos.generar(
                semilla=semilla, escala=escala, hasta=hasta, informar=informar
            )
        except sinteticos.DatosSinteticosExistentes:
            raise CommandError(
                "Ya hay datos sintéticos en esta base de datos. Agrega --borrar para reemplazarlos."
            ) from None
        for nombre, n in resumen.conteos.items():
            informar(f"  {nombre:<22} {n:>10,}")
        informar(self.style.SUCCESS(f"Listo en {resumen.segundos:.1f} s."))
        if huella:
            informar(f"Huella: {sinteticos.huella()}")
