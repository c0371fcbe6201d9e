"""Wagtail hooks: embajadores."""
