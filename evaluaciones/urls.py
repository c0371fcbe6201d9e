from django.urls import path

from evaluaciones import views

app_name = "evaluaciones"

urlpatterns = [
    path("<int:evaluacion_id>/", views.detalle, name="detalle"),
    path("<int:evaluacion_id>/iniciar/", views.iniciar, name="iniciar"),
    path("intentos/<int:intento_id>/", views.responder, name="responder"),
    path("intentos/<int:intento_id>/entregar/", views.entregar, name="entregar"),
    path("intentos/<int:intento_id>/resultado/", views.resultado, name="resultado"),
]
