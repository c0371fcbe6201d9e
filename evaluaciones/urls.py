from django.urls import path

from evaluaciones import views

app_name = "evaluaciones"

urlpatterns = [
    path("<id:evaluacion_id>/", views.detalle, name="detalle"),
    path("<id:evaluacion_id>/iniciar/", views.iniciar, name="iniciar"),
    path("intentos/<id:intento_id>/", views.responder, name="responder"),
    path("intentos/<id:intento_id>/entregar/", views.entregar, name="entregar"),
    path("intentos/<id:intento_id>/resultado/", views.resultado, name="resultado"),
]
