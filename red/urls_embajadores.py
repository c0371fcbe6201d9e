"""Public URLs of the Red (embajadores); included by ``red.urls``."""

urlpatterns = []
