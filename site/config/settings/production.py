"""Production: everything comes from the environment (see README, «Variables de entorno»)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY no está definida: el sitio no arranca sin ella.")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

if "DATABASE_URL" not in os.environ:
    raise ImproperlyConfigured("DATABASE_URL no está definida (p. ej. postgres://usuario@host/bd).")
# A connection kept between requests (CONN_MAX_AGE) is checked before reuse, so a restarted
# database costs one reconnection instead of an error; an unreachable one fails in 5 s.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)

# Uploads (Wagtail's images and documents), certificate PDFs and designation documents: on this
# machine's disk (ALMACENAMIENTO=archivos, the default; with several hosts, a shared mount) or in
# S3-compatible object storage (ALMACENAMIENTO=s3, `pip install -e ".[s3]"`), so a web host
# keeps no state of its own. README, «Operación».
ALMACENAMIENTO = os.environ.get("ALMACENAMIENTO", "archivos")
if ALMACENAMIENTO == "s3":
    try:
        import storages  # noqa: F401 - django-storages, the optional extra `s3`
    except ImportError as exc:
        raise ImproperlyConfigured(
            'ALMACENAMIENTO=s3 necesita django-storages con boto3: pip install -e ".[s3]".'
        ) from exc
    _S3 = "storages.backends.s3.S3Storage"
    # Credentials come from boto3's usual chain: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,
    # or the machine's role.
    _s3_comun = {
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "file_overwrite": False,
    }
    _privado = {
        **_s3_comun,
        "bucket_name": os.environ.get("S3_BUCKET_PRIVADO", ""),
        "default_acl": "private",
        "querystring_auth": True,
    }
    STORAGES = {
        # Images and documents editors publish: public objects, linked directly.
        "default": {
            "BACKEND": _S3,
            "OPTIONS": {
                **_s3_comun,
                "bucket_name": os.environ.get("S3_BUCKET_MEDIOS", ""),
                "location": "medios",
                "querystring_auth": False,
                "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            },
        },
        # Private: read only by the views that check who asks, never linked.
        "certificados": {"BACKEND": _S3, "OPTIONS": {**_privado, "location": "certificados"}},
        "red": {"BACKEND": _S3, "OPTIONS": {**_privado, "location": "designaciones"}},
    }
    for _alias, _variable in (("default", "S3_BUCKET_MEDIOS"), ("red", "S3_BUCKET_PRIVADO")):
        if not STORAGES[_alias]["OPTIONS"]["bucket_name"]:
            raise ImproperlyConfigured(f"ALMACENAMIENTO=s3 necesita {_variable}.")
elif ALMACENAMIENTO == "archivos":
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "certificados": STORAGES["certificados"],
        "red": STORAGES["red"],
    }
else:
    raise ImproperlyConfigured("ALMACENAMIENTO debe ser «archivos» o «s3».")
# WhiteNoise serves hashed, compressed assets from the site itself: no CDN.
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# A shared cache makes the verification rate limit hold across workers and servers.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    # Without it each worker keeps a cache of its own: sessions and the signed-in user must then
    # come from the database on every request, or a sign-out, a deactivation or a password
    # change served by one worker would not reach the others (README, «Operación»).
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    MIDDLEWARE = [
        "django.contrib.auth.middleware.AuthenticationMiddleware"
        if m == "inicio.usuarios.AuthenticationMiddlewareEnCache"
        else m
        for m in MIDDLEWARE
    ]
# Behind a proxy, the client address for the rate limit (e.g. HTTP_X_REAL_IP).
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY") or None
# Without a signing key or an https public URL, `manage.py check` fails (certificados.E001,
# E002); `crear_clave_certificados` skips checks so it can create the first key.

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "587")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": os.environ.get("EMAIL_USE_TLS", "1") == "1",
        },
    }
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
# The load balancer asks /salud/ over plain HTTP, straight to each host.
SECURE_REDIRECT_EXEMPT = [r"^salud/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its own preview views SAMEORIGIN.

# One JSON object per line on stderr (config.registro), as gunicorn's own logs
# (deploy/gunicorn.conf.py): tracebacks stay inside their record.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.registro.FormatoJSON"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's own handlers (the console in DEBUG, mail to ADMINS) stay off: one stream.
        "django": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": [], "propagate": False},
        # The worker logs each task it runs (db_worker sets the level from --verbosity).
        "django.tasks": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}
