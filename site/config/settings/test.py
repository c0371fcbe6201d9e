"""The test suite: fast hasher, in-memory cache and mail, immediate tasks."""

import os
import tempfile

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .base import *

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "certificados": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "red": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A fresh signing key for every test run: no file to manage, nothing to leak.
CERTIFICADOS_CLAVE_PRIVADA = (
    Ed25519PrivateKey.generate()
    .private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    .decode()
)
CERTIFICADOS_URL_BASE = "http://testserver"

# The browser tests serve pages from the live server's thread pool. On a shared in-memory SQLite
# those threads share one connection and collide on table locks under load ("database table is
# locked" while an editor saves tags); a file database gives each thread its own connection,
# which waits its turn. The Makefile sets this for the browser run.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and os.environ.get(
    "AULA_PRUEBAS_SQLITE_EN_ARCHIVO"
):
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"aula-pruebas-{os.getpid()}.sqlite3")
    }
