from django.urls import path

from privacidad import views

app_name = "privacidad"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("solicitudes/", views.solicitar, name="solicitar"),
    path("solicitudes/<int:pk>/", views.solicitud, name="solicitud"),
    path("mis-datos.json", views.descargar_json, name="descargar_json"),
    path("mis-datos.pdf", views.descargar_pdf, name="descargar_pdf"),
    path("consentimiento/", views.consentimiento, name="consentimiento"),
]
