"""Settings of bench/http.py: production's, plus a bare view to compare with (never in production).

Everything else (database, secret key, hosts…) comes from the environment bench/http.py sets.
"""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.http_urls"
# The same manifest lookup as production's WhiteNoise storage, without compressing every
# admin asset before each run.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
