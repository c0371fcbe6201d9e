"""Public URLs of the Red (cifras); included by ``red.urls``."""

from django.urls import path

from red import views_cifras

urlpatterns = [path("cifras/", views_cifras.cifras, name="cifras")]
