"""gunicorn's settings for Aula Climática (`gunicorn -c deploy/gunicorn.conf.py`).

Every value can be changed from the environment: GUNICORN_BIND (default 127.0.0.1:$PORT, or
127.0.0.1:8000), GUNICORN_WORKERS (default 2 × cores + 1), GUNICORN_TIMEOUT (30 s). Logs go to
stdout/stderr as one JSON object per line (config.registro.FormatoJSON), as Django's do.
"""

import multiprocessing
import os
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
# The host project lives in site/ (not an importable package: the stdlib owns `site`).
sys.path.insert(0, str(RAIZ / "site"))
sys.path.insert(0, str(RAIZ))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

wsgi_app = "config.wsgi:application"
chdir = str(RAIZ)
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
# Sync workers: every page is short and the slow work (PDFs) runs on the task workers.
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# A worker is replaced after about a thousand requests, so a slow leak never grows unbounded.
max_requests = 1000
max_requests_jitter = 100
# nginx in front sets X-Forwarded-Proto; gunicorn trusts it only from these addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.registro.FormatoJSON"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        },
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
    "root": {"level": "WARNING", "handlers": ["stderr"]},
}
