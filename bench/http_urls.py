"""The site's URLs plus a bare Django view: the baseline bench/http.py divides by."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as urls_del_sitio


def vacia(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/vacia/", vacia), *urls_del_sitio]
