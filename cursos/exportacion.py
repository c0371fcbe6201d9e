"""Spreadsheet exports that a spreadsheet program cannot turn against the coordinator."""

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
