from django.urls import path

from cursos import views

app_name = "cursos"

urlpatterns = [
    path("mis-cursos/", views.mis_cursos, name="mis_cursos"),
    path("perfil/", views.perfil, name="perfil"),
    path("cursos/<id:curso_id>/inscripcion/", views.inscribirse, name="inscribirse"),
    path("modulos/<id:modulo_id>/completar/", views.completar_modulo, name="completar_modulo"),
]
