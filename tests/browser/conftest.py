"""Playwright fixtures for the browser tests: Debian's Chromium, one fresh context per test.

Playwright's sync API keeps an event loop running in the main thread. Two consequences for
Django, both handled here and only for this package's tests:

- Django refuses ORM calls beside a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The
  variable is set while this package runs and removed afterwards: set for the whole process it
  leaks into other tests' subprocesses (``manage.py check --deploy`` fails on it).
- Beside a running loop, Django looks connections up in a separate, context-local store. See
  ``playwright_sesion``: the tests keep the connection objects the test database setup made.

The Playwright fixtures are package-scoped so that the loop stops before the rest of the suite.
"""

import os
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGUMENTOS_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CAPTURAS = Path(__file__).resolve().parents[2] / "artefactos" / "capturas"
ESPERA_MS = 10_000
expect.set_options(timeout=ESPERA_MS)


def captura(page, nombre: str, *, alto: int | None = None) -> Path:
    """Save a full-page screenshot to artefactos/capturas/<nombre>.png and return its path.

    Pages that scroll inside their own containers (the Wagtail editor) are only as tall as the
    viewport; ``alto`` makes the viewport that tall for the screenshot, then restores it.
    """
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    destino = CAPTURAS / f"{nombre}.png"
    tamano = page.viewport_size
    if alto and tamano:
        page.set_viewport_size({"width": tamano["width"], "height": alto})
    try:
        page.screenshot(path=str(destino), full_page=True)
    finally:
        if alto and tamano:
            page.set_viewport_size(tamano)
    return destino


@pytest.fixture(scope="package", autouse=True)
def _orm_junto_a_playwright():
    """Allow the ORM beside Playwright's loop for this package's tests only."""
    anterior = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if anterior is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = anterior


@pytest.fixture(scope="package")
def playwright_sesion(_orm_junto_a_playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium no está en {CHROMIUM}: instálalo con `make sysdeps`.")
    # While an event loop runs in a thread, Django looks its connections up in a separate,
    # context-local store; without this, the tests would get new connection objects that lack
    # what the test database setup stored on the originals (the serialized data that
    # serialized_rollback restores after each flush). Keep using the same objects.
    propias = {alias: connections[alias] for alias in connections}
    with sync_playwright() as pw:
        for alias, conexion in propias.items():
            connections[alias] = conexion
        yield pw


@pytest.fixture(scope="package")
def navegador(playwright_sesion):
    navegador = playwright_sesion.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=ARGUMENTOS_CHROMIUM
    )
    yield navegador
    navegador.close()


def _contexto(navegador):
    contexto = navegador.new_context(
        viewport={"width": 1280, "height": 900}, locale="es-MX", timezone_id="America/Mexico_City"
    )
    contexto.set_default_timeout(ESPERA_MS)
    contexto.set_default_navigation_timeout(ESPERA_MS)
    return contexto


@pytest.fixture
def page(navegador):
    """A page in a fresh browser context (own cookies and storage) for each test."""
    contexto = _contexto(navegador)
    yield contexto.new_page()
    contexto.close()


@pytest.fixture
def nueva_pagina(navegador):
    """Open pages for other people in the same test (e.g. an anonymous visitor).

    Each call returns a page in its own fresh context; all are closed at the end of the test.
    """
    contextos = []

    def abrir():
        contexto = _contexto(navegador)
        contextos.append(contexto)
        return contexto.new_page()

    yield abrir
    for contexto in contextos:
        contexto.close()
