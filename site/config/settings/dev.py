"""Local development: SQLite, console e-mail, debug pages."""

from .base import *

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
