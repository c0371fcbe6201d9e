from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from certificados.codigos import CodigoInvalido, codigo_normalizar

TAMANO_MAXIMO_PREDETERMINADO = 5 * 1024 * 1024


def tamano_maximo() -> int:
    return getattr(settings, "CERTIFICADOS_TAMANO_MAXIMO_ARCHIVO", TAMANO_MAXIMO_PREDETERMINADO)


def _megabytes(tamano: int) -> str:
    """``5242880`` → ``"5"``, ``524288`` → ``"0.5"``: a limit under 1 MB does not read as 0."""
    return f"{round(tamano / (1024 * 1024), 1):g}"


class CodigoForm(forms.Form):
    codigo = forms.CharField(
        label=_("Código de verificación"),
        max_length=40,
        help_text=_("Los 12 caracteres impresos en la constancia, p. ej. 7KQ3-M9XD-2RT2."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )

    def clean_codigo(self):
        try:
            return codigo_normalizar(self.cleaned_data["codigo"])
        except CodigoInvalido:
            raise forms.ValidationError(
                _(
                    "Ese código no es válido. Revisa que tenga 12 caracteres (letras y números) "
                    "y que no falte ni sobre ninguno."
                ),
                code="codigo_invalido",
            ) from None


class ArchivoForm(forms.Form):
    archivo = forms.FileField(
        label=_("Archivo PDF de la constancia"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read when the form is built, not at import: the limit is a setting a site may change.
        self.fields["archivo"].help_text = _("El PDF que te entregaron (máximo %(mb)s MB).") % {
            "mb": _megabytes(tamano_maximo())
        }

    def clean_archivo(self):
        archivo = self.cleaned_data["archivo"]
        if archivo.size > tamano_maximo():
            raise forms.ValidationError(
                _("El archivo pesa más de %(mb)s MB; una constancia pesa mucho menos.")
                % {"mb": _megabytes(tamano_maximo())},
                code="demasiado_grande",
            )
        inicio = archivo.read(5)
        archivo.seek(0)
        if inicio != b"%PDF-":
            raise forms.ValidationError(
                _("El archivo no es un PDF. Sube la constancia tal como la recibiste."),
                code="no_pdf",
            )
        return archivo


class RevocarForm(forms.Form):
    motivo = forms.CharField(
        label=_("Motivo de la revocación"),
        max_length=500,
        error_messages={"required": _("Escribe el motivo de la revocación.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Se muestra en la página pública de verificación y queda en el historial."),
    )

    def clean_motivo(self):
        motivo = self.cleaned_data["motivo"].strip()
        if not motivo:
            raise forms.ValidationError(_("Escribe el motivo de la revocación."))
        return motivo


class ReemitirForm(forms.Form):
    motivo = forms.CharField(
        label=_("Motivo de la reemisión"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Por ejemplo: «Corrección del nombre a petición de la persona». Queda en el historial."
        ),
    )
