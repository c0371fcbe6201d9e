from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from cursos import segundo_factor
from inicio import salud, servir
from inicio import views as inicio_views

urlpatterns = [
    # The admin's own password form would skip the second factor: its sign-in is allauth's.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="admin_login_allauth",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documentos/", include(wagtaildocs_urls)),
    # allauth's activation of a second factor, which also marks the session as signed in with it.
    path(
        "cuentas/2fa/totp/activate/",
        segundo_factor.ActivarTOTPView.as_view(),
        name="mfa_activate_totp",
    ),
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

# Pages are served by a drop-in for wagtail.views.serve that routes in one query (inicio/servir.py);
# Wagtail's own patterns stay for its helpers (password-protected pages, front-end login).
urlpatterns += [
    re_path(serve_pattern, servir.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]
