"""Settings every environment shares. Environment-specific files import * from here."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

SITE_DIR = Path(__file__).resolve().parent.parent.parent  # site/
BASE_DIR = SITE_DIR.parent  # the checkout

INSTALLED_APPS = [
    "inicio",
    "cursos",
    "evaluaciones",
    "certificados",
    "red",
    "privacidad",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's AuthenticationMiddleware, with the user and its permissions read from the cache.
    "inicio.usuarios.AuthenticationMiddlewareEnCache",
    "inicio.servir.SitioEnCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.cabeceras.CabecerasMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff reach the admin only with a second factor (cursos/segundo_factor.py).
    "cursos.segundo_factor.SegundoFactorPersonalMiddleware",
    # After sessions and authentication: asks for consent to a new privacy notice.
    "privacidad.middleware.ConsentimientoMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Sessions are read from the cache and written through to the database: no query per request
# once read. Several processes or hosts need a shared cache (Redis, see production.py).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# DATABASE_URL wins everywhere (CI's PostgreSQL leg sets it); SQLite in the checkout otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
# SQLite takes the write lock when a transaction starts (BEGIN IMMEDIATE), so two requests
# that read and then write (a double click on «Iniciar») queue behind the busy timeout
# instead of one failing with "database is locked" when it upgrades its read lock.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# On PostgreSQL, Wagtail's search index uses a GinIndex, which Django 6.1's checks only accept
# with django.contrib.postgres installed (postgres.E005 would stop `check` and `migrate`).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Internationalisation: the whole interface is Spanish (Mexico).
LANGUAGE_CODE = "es-mx"
LANGUAGES = [("es-mx", _("Español (México)"))]
TIME_ZONE = "America/Mexico_City"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("es", "Español")]
WAGTAIL_USER_TIME_ZONES = ["America/Mexico_City"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [SITE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_root"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background work goes through Django's tasks framework. Immediate by default; production
# switches to django-tasks-db and a `manage.py db_worker` process.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Wagtail
WAGTAIL_SITE_NAME = "Aula Climática"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "odp", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False  # ASCII URLs: easier to type, share and print.
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Content-Security-Policy (Django's own middleware). Scripts and styles come from the site
# itself (no CDN); an inline script needs the request's nonce (``{{ csp_nonce }}``). Inline
# style attributes stay allowed: the progress bars and Wagtail's admin set widths with them.
# Video embeds (EmbedBlock) come from the providers in CSP_VIDEOS.
CSP_VIDEOS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF, *CSP_VIDEOS],
    "media-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
# The Wagtail admin (staff only, behind sign-in) renders inline scripts in its own templates
# (inline panels, date pickers) that carry no nonce: there, and only there, inline scripts run.
SECURE_CSP_ADMIN = {**SECURE_CSP, "script-src": [CSP.SELF, CSP.UNSAFE_INLINE]}

# Editors' avatars are uploaded or initials: never a hash of their e-mail sent to gravatar.com.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Accounts (django-allauth): e-mail is the login, and it must be confirmed before use.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Aula Climática] "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_SIGNUP_REDIRECT_URL = "cursos:perfil"
# Messages and e-mails name the person by the profile's name or the e-mail, never by the username
# allauth generates. The confirmation link opens a page with one button (the default, kept on
# purpose): link-preview bots and mail scanners open links, so a GET must not confirm.
ACCOUNT_USER_DISPLAY = "inicio.cuentas.nombre_visible"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Failed sign-ins are counted per client address and per account *from that address*
# (inicio.cuentas.AdaptadorCuentas): a stranger who types a public servant's e-mail five times
# blocks only their own address, never the owner elsewhere.
ACCOUNT_ADAPTER = "inicio.cuentas.AdaptadorCuentas"
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,5/5m/key"}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cursos:mis_cursos"
# Second factor (allauth's MFA): required for staff (cursos/segundo_factor.py), optional for
# learners. An authenticator app (TOTP) and ten single-use recovery codes; a code of the
# previous or next 30-second step is accepted (phone clocks drift), each code only once.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Aula Climática"
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "cursos.segundo_factor.AdaptadorSegundoFactor"
# The admin's sign-in is allauth's, which asks for the second factor; /admin/login/ redirects.
WAGTAILADMIN_LOGIN_URL = "account_login"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Aula Climática <aula@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # The immediate task backend logs every search-index and reference-index update at INFO.
    "loggers": {"django.tasks": {"level": "WARNING", "handlers": [], "propagate": True}},
}

# Certificates (see README, «Certificados»). The signing key: a PEM text or a PEM file.
CERTIFICADOS_CLAVE_PRIVADA = os.environ.get("CERTIFICADOS_CLAVE_PRIVADA", "")
CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO = os.environ.get(
    "CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO", str(BASE_DIR / "var" / "claves" / "certificados.pem")
)
# Rendered PDFs: private, outside MEDIA_ROOT; downloads go through a view that checks who asks.
CERTIFICADOS_DIRECTORIO = Path(
    os.environ.get("CERTIFICADOS_DIRECTORIO", BASE_DIR / "var" / "certificados")
)
CERTIFICADOS_URL_BASE = os.environ.get("CERTIFICADOS_URL_BASE", WAGTAILADMIN_BASE_URL)
# The certificate's header holds the agency on one line and the issuer's name on up to two
# (16 mm, beside the logo); the folio column, a prefix of up to ~12 characters on one line
# (a longer folio wraps).
CERTIFICADOS_EMISOR = {
    "nombre": "Instituto Estatal de Energía y Cambio Climático",
    "articulo": "El",  # the sentence reads "El Instituto … otorga la presente constancia a"
    "dependencia": "Gobierno del Estado de México",
    "prefijo_folio": "IEECC",
}
# Public verification, per client IP (django-ratelimit): code look-ups and PDF uploads.
CERTIFICADOS_LIMITE_CONSULTAS = os.environ.get("CERTIFICADOS_LIMITE_CONSULTAS", "60/m")
CERTIFICADOS_LIMITE_ARCHIVOS = os.environ.get("CERTIFICADOS_LIMITE_ARCHIVOS", "10/m")
CERTIFICADOS_TAMANO_MAXIMO_ARCHIVO = 5 * 1024 * 1024

# La Red en cifras (red/conf.py): the host's outlines of the municipalities for the map, and the
# credit line printed under every map (site/inicio/data/README.md).
RED_GEOMETRIA_MUNICIPIOS = SITE_DIR / "inicio" / "data" / "municipios_edomex.geojson"
RED_CREDITO_GEOMETRIA = (
    "Fuente: INEGI, Marco Geoestadístico (división municipal); geometría simplificada."
)
# La Red en cifras (see README). Designation documents of ambassadors: private, outside
# MEDIA_ROOT, downloaded through a view that checks who asks (or a `red` entry in STORAGES).
RED_DOCUMENTOS_DIRECTORIO = Path(
    os.environ.get("RED_DOCUMENTOS_DIRECTORIO", BASE_DIR / "var" / "designaciones")
)
# Private files go through their own STORAGES aliases (certificados/models.py, red/models.py),
# so production can move them to object storage without touching the apps.
STORAGES["certificados"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": CERTIFICADOS_DIRECTORIO, "base_url": None},
}
STORAGES["red"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": RED_DOCUMENTOS_DIRECTORIO, "base_url": None},
}

# /salud/ (site/inicio/salud.py), the load balancer's health check: a host reports itself
# unhealthy when the oldest task due has waited longer than this many seconds (0: never).
SALUD_ESPERA_MAXIMA_TAREAS = int(os.environ.get("SALUD_ESPERA_MAXIMA_TAREAS", "900"))
