"""Wagtail hooks: reportes."""
