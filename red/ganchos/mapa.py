"""Wagtail hooks: mapa."""
