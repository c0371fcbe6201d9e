"""Public pages of the Red: «La Red en cifras» and the directory of ambassadors."""

from red import urls_cifras, urls_embajadores

app_name = "red"

urlpatterns = [*urls_cifras.urlpatterns, *urls_embajadores.urlpatterns]
