"""What every benchmark shares: the project on the path, test settings, a database in memory.

Import it first (`import entorno`); the scripts run as `python bench/<name>.py`, so this
module sits beside them on sys.path.
"""

import os
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(RAIZ), str(RAIZ / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django  # noqa: E402

django.setup()


def preparar():
    """Migrate a throw-away database; never touches db.sqlite3."""
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
