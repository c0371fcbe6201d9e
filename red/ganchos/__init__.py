"""Wagtail hooks of the Red, one module per area; ``red.wagtail_hooks`` imports them all."""
