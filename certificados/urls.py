from django.urls import path, register_converter

from certificados import views


class CodigoConverter:
    """Anything a person might paste as a code: the view normalises it or explains why not."""

    regex = r"[0-9A-Za-z\-]{1,40}"

    def to_python(self, valor):
        return valor

    def to_url(self, valor):
        return valor


register_converter(CodigoConverter, "codigo")

app_name = "certificados"

urlpatterns = [
    path("mis-certificados/", views.mis_certificados, name="mis_certificados"),
    path("<uuid:uuid>/descargar/", views.descargar, name="descargar"),
    path("verificar/", views.verificar, name="verificar"),
    path(
        "verificar/<codigo:codigo>.json", views.verificar_codigo_json, name="verificar_codigo_json"
    ),
    path("verificar/<codigo:codigo>/", views.verificar_codigo, name="verificar_codigo"),
    path("claves.json", views.claves, name="claves"),
]
