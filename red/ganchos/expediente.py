"""Wagtail hooks: expediente."""
