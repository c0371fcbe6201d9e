"""ARCO requests are records of a person (``cursos.alcance.registrar_modelo``): their audit
entries live in ``cursos.EntradaRegistro``, scoped to each staff member's municipalities. Any
entry written to Wagtail's ``ModelLogEntry`` before the model was declared moves there (and
back, on reverse), as cursos' migration 0004 did for the records declared then."""

import importlib

from django.db import migrations

bitacora = importlib.import_module("cursos.migrations.0004_bitacora_de_expedientes")

MODELOS = [("privacidad", "solicitudarco")]


def _entradas(apps, modelo_bitacora):
    ContentType = apps.get_model("contenttypes", "ContentType")
    tipos = ContentType.objects.filter(app_label="privacidad", model="solicitudarco").values("pk")
    return modelo_bitacora.objects.filter(content_type_id__in=tipos)


def a_la_bitacora(apps, schema_editor):
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    EntradaRegistro = apps.get_model("cursos", "EntradaRegistro")
    alias = schema_editor.connection.alias
    bitacora.mover(_entradas(apps, ModelLogEntry), EntradaRegistro, alias)


def de_vuelta_a_wagtail(apps, schema_editor):
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    EntradaRegistro = apps.get_model("cursos", "EntradaRegistro")
    alias = schema_editor.connection.alias
    bitacora.mover(_entradas(apps, EntradaRegistro), ModelLogEntry, alias)


class Migration(migrations.Migration):
    dependencies = [
        ("privacidad", "0001_inicial"),
        ("cursos", "0004_bitacora_de_expedientes"),
    ]

    operations = [migrations.RunPython(a_la_bitacora, de_vuelta_a_wagtail)]
