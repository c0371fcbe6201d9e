"""Replace Wagtail's placeholder welcome page by the Red's home page and point the site at it."""

from django.db import migrations


def crear_inicio(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("inicio", "HomePage")
    Locale = apps.get_model("wagtailcore", "Locale")

    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    tipo, _ = ContentType.objects.get_or_create(model="homepage", app_label="inicio")
    locale = Locale.objects.first()
    inicio = HomePage.objects.create(
        title="Aula Climática",
        draft_title="Aula Climática",
        slug="inicio",
        content_type=tipo,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/inicio/",
        locale=locale,
        subtitulo="Capacitación virtual de la Red de Embajadores Climáticos del Estado de México",
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": inicio, "site_name": "Aula Climática"},
    )


def quitar_inicio(apps, schema_editor):
    apps.get_model("inicio", "HomePage").objects.filter(slug="inicio", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("inicio", "0001_initial")]
    operations = [migrations.RunPython(crear_inicio, quitar_inicio)]
