"""Every setting the ``red`` app reads, with its default."""

from django.conf import settings


def documentos_directorio():
    """Where designation documents (private PDFs) are kept: outside MEDIA_ROOT, served only
    through a view that checks who asks. ``RED_DOCUMENTOS_DIRECTORIO``."""
    return getattr(settings, "RED_DOCUMENTOS_DIRECTORIO", None) or (
        settings.BASE_DIR / "var" / "designaciones"
    )


def geometria_municipios():
    """Path of a GeoJSON FeatureCollection of the territory's municipalities (properties
    ``clave_inegi`` and ``nombre``), the host's data. ``RED_GEOMETRIA_MUNICIPIOS``; ``None``
    means no map."""
    return getattr(settings, "RED_GEOMETRIA_MUNICIPIOS", None)


def credito_geometria() -> str:
    """The credit line shown under the map. ``RED_CREDITO_GEOMETRIA``."""
    return getattr(settings, "RED_CREDITO_GEOMETRIA", "")


def umbral_anonimato() -> int:
    """Public figures below this are shown as «menos de N». ``RED_UMBRAL_ANONIMATO``."""
    return getattr(settings, "RED_UMBRAL_ANONIMATO", 3)


def cache_publico_segundos() -> int:
    """How long the public page and the map are cached. ``RED_CACHE_PUBLICO_SEGUNDOS``."""
    return getattr(settings, "RED_CACHE_PUBLICO_SEGUNDOS", 600)


def total_municipios() -> int | None:
    """How many municipalities the territory has ("integrados de 125"); ``None`` counts the
    rows of ``cursos.Municipio``. ``RED_TOTAL_MUNICIPIOS``."""
    return getattr(settings, "RED_TOTAL_MUNICIPIOS", None)


def documento_tamano_maximo() -> int:
    """Largest designation document (PDF) accepted, in bytes. ``RED_DOCUMENTO_TAMANO_MAXIMO``."""
    return getattr(settings, "RED_DOCUMENTO_TAMANO_MAXIMO", 10 * 1024 * 1024)
