"""Public URLs of the Red (embajadores); included by ``red.urls``."""

from django.urls import path

from red import views_embajadores

urlpatterns = [
    path("directorio/", views_embajadores.directorio_publico, name="directorio"),
    path("mi-consentimiento/", views_embajadores.consentimiento, name="consentimiento"),
    path(
        "designaciones/<id:pk>/documento/",
        views_embajadores.documento,
        name="documento",
    ),
]
