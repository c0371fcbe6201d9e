"""Public URLs of the Red (cifras); included by ``red.urls``."""

urlpatterns = []
