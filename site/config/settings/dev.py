"""Local development and `make demo`: SQLite, console e-mail, debug pages, and background work
on a real task worker (``manage.py db_worker``, started beside the site by `make demo`), as in
production: no certificate is rendered inside a learner's request."""

from .base import *

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The site and the worker write to the same SQLite file: WAL lets one read while the other
    # writes, IMMEDIATE takes the write lock when a transaction starts (so two writers queue up
    # instead of failing to upgrade a read lock), and a writer waits up to 20 s for its turn.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
