"""Spreadsheet exports that a spreadsheet program cannot turn against the coordinator, and
the local times the admin tables and exports show."""

from django.utils import timezone
from django.utils.formats import date_format
from wagtail.admin.views.generic.models import IndexView

# A cell starting with one of these is read as a formula by Excel and LibreOffice (OWASP:
# CSV injection). Learners write their own names, agencies and positions.
INICIOS_DE_FORMULA = ("=", "+", "-", "@", "\t", "\r")


class ExportacionSeguraMixin:
    """Prefix a quote to CSV text that would start a formula; XLSX is already safe in Wagtail."""

    def preprocess_field_value(self, field, value, export_format):
        valor = super().preprocess_field_value(field, value, export_format)
        formula = isinstance(valor, str) and valor.startswith(INICIOS_DE_FORMULA)
        if export_format == self.FORMAT_CSV and formula:
            return "'" + valor
        return valor


class IndexSeguroView(ExportacionSeguraMixin, IndexView):
    pass


def fecha_hora_local(valor) -> str:
    """Mexico City wall-clock time, as editors read it (Wagtail would print UTC)."""
    if valor is None:
        return ""
    return date_format(timezone.localtime(valor, timezone.get_default_timezone()), "d/m/Y H:i")


def fecha_hora_para_exportar(valor):
    """Local wall-clock time without offset: a date cell in XLSX, ``2025-03-04 10:30:00`` in CSV.

    Wagtail would write aware datetimes in UTC; editors read Mexico City time.
    """
    if valor is None:
        return ""
    return timezone.make_naive(valor, timezone.get_default_timezone()).replace(microsecond=0)
