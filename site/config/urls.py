from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from inicio import salud
from inicio import views as inicio_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documentos/", include(wagtaildocs_urls)),
    path("cuentas/", include("allauth.urls")),
    path("aprendizaje/", include("cursos.urls")),
    path("aprendizaje/evaluaciones/", include("evaluaciones.urls")),
    path("certificados/", include("certificados.urls")),
    path("red/", include("red.urls")),
    path("salud/", salud.salud, name="salud"),
    path("privacidad/", include("privacidad.urls")),
    path("aviso-de-privacidad/", inicio_views.aviso_privacidad, name="aviso_privacidad"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
