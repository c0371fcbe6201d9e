"""Load the 125 municipalities of the Estado de México from the project's copy of INEGI's table.

Fuente: INEGI, Marco Geoestadístico (división municipal). See cursos/data/README.md.
"""

import csv
from pathlib import Path

from django.db import migrations

DATOS = Path(__file__).resolve().parent.parent / "data" / "municipios_edomex.csv"


def cargar(apps, schema_editor):
    Municipio = apps.get_model("cursos", "Municipio")
    with DATOS.open(encoding="utf-8", newline="") as f:
        filas = list(csv.DictReader(f))
    for fila in filas:
        Municipio.objects.update_or_create(
            clave_inegi=fila["clave_inegi"], defaults={"nombre": fila["nombre"]}
        )


class Migration(migrations.Migration):
    dependencies = [("cursos", "0001_initial")]
    operations = [migrations.RunPython(cargar, migrations.RunPython.noop)]
