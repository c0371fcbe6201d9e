# Certificates newest first (the certificates report's order) with every column the Red's
# figures read (holder, course, state, dates): the report's first page without a sort, and
# the dashboard's counts from this index alone instead of the rows, which carry the snapshot
# and the credential (50,000 certificates: 84 MB of rows, 3 MB of index). See
# bench/reportes.py.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificados", "0002_permiso_revocar"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="certificado",
            index=models.Index(
                fields=["-emitido_en", "id", "usuario", "curso", "estado", "revocado_en"],
                name="certificado_emitido_d93d74_idx",
            ),
        ),
    ]
