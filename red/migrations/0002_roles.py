"""Create the staff roles «Coordinación» and «Enlace municipal» with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def crear_roles(apps, schema_editor):
    # Permissions are normally created after `migrate` ends; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    from red.roles import roles_asegurar

    roles_asegurar(Group=apps.get_model("auth", "Group"), Permission=apps.get_model("auth", "Permission"))


def quitar_roles(apps, schema_editor):
    from red.roles import PERMISOS

    apps.get_model("auth", "Group").objects.filter(name__in=list(PERMISOS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("red", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("evaluaciones", "0001_initial"),
        ("certificados", "0002_permiso_revocar"),
    ]

    operations = [migrations.RunPython(crear_roles, quitar_roles)]
