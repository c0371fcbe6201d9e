#!/usr/bin/env python
"""Django's command-line utility for the Aula Climática host site."""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    # The host project lives in site/ (not an importable package: the stdlib owns `site`).
    sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
