"""The audit log of learner records gets a table of its own (``EntradaRegistro``), scoped to
each staff member's municipalities; the entries already in Wagtail's ``ModelLogEntry`` for
those records move into it (and back, on reverse)."""

import operator
from functools import reduce

import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The records declared with ``cursos.alcance.registrar_modelo`` when this migration was
# written, as (app label, model). Only content-type rows are read: an app that is not
# installed has none, and nothing of it moves.
MODELOS = [
    ("cursos", "participante"),
    ("cursos", "inscripcion"),
    ("evaluaciones", "intento"),
    ("certificados", "certificado"),
    ("red", "embajador"),
    ("red", "consentimientodirectorio"),
    ("red", "enlacemunicipal"),
]
CAMPOS = [
    "content_type_id",
    "label",
    "action",
    "data",
    "timestamp",
    "uuid",
    "user_id",
    "revision_id",
    "content_changed",
    "deleted",
    "object_id",
]
LOTE = 2000


def mover(entradas, destino, alias):
    """Copy ``entradas`` into ``destino`` in batches, oldest id first (so the new ids keep
    their order), then delete them. Ids are not copied: each table keeps its own sequence."""
    lote = []
    for fila in entradas.using(alias).order_by("pk").values(*CAMPOS).iterator(chunk_size=LOTE):
        lote.append(destino(**fila))
        if len(lote) >= LOTE:
            destino.objects.using(alias).bulk_create(lote)
            lote = []
    if lote:
        destino.objects.using(alias).bulk_create(lote)
    entradas.using(alias).delete()


def entradas_de_los_registros(apps, modelo_bitacora):
    ContentType = apps.get_model("contenttypes", "ContentType")
    condicion = reduce(
        operator.or_, (models.Q(app_label=app, model=nombre) for app, nombre in MODELOS)
    )
    tipos = ContentType.objects.filter(condicion).values("pk")
    return modelo_bitacora.objects.filter(content_type_id__in=tipos)


def a_la_bitacora(apps, schema_editor):
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    EntradaRegistro = apps.get_model("cursos", "EntradaRegistro")
    alias = schema_editor.connection.alias
    mover(entradas_de_los_registros(apps, ModelLogEntry), EntradaRegistro, alias)


def de_vuelta_a_wagtail(apps, schema_editor):
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    EntradaRegistro = apps.get_model("cursos", "EntradaRegistro")
    alias = schema_editor.connection.alias
    mover(EntradaRegistro.objects.all(), ModelLogEntry, alias)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("cursos", "0003_etiqueta_publico"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="EntradaRegistro",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("label", models.TextField()),
                ("action", models.CharField(blank=True, db_index=True, max_length=255)),
                (
                    "data",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        encoder=django.core.serializers.json.DjangoJSONEncoder,
                    ),
                ),
                ("timestamp", models.DateTimeField(db_index=True, verbose_name="timestamp (UTC)")),
                (
                    "uuid",
                    models.UUIDField(
                        blank=True,
                        editable=False,
                        help_text="Log entries that happened as part of the same user action are assigned the same UUID",
                        null=True,
                    ),
                ),
                ("content_changed", models.BooleanField(db_index=True, default=False)),
                ("deleted", models.BooleanField(default=False)),
                ("object_id", models.CharField(max_length=255)),
                (
                    "content_type",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="content type",
                    ),
                ),
                (
                    "revision",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="wagtailcore.revision",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "entrada de la bitácora de expedientes",
                "verbose_name_plural": "entradas de la bitácora de expedientes",
                "ordering": ["-timestamp", "-id"],
                "abstract": False,
                "indexes": [
                    models.Index(
                        fields=["uuid", "action", "-timestamp"], name="cursos_entr_uuid_91d335_idx"
                    ),
                    models.Index(
                        fields=["content_type", "object_id"], name="cursos_reg_tipo_objeto"
                    ),
                ],
            },
        ),
        migrations.RunPython(a_la_bitacora, de_vuelta_a_wagtail),
    ]
