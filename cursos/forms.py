from django import forms
from django.utils.translation import gettext_lazy as _

from cursos.models import Municipio, Participante
from cursos.validators import normalizar_curp


class ParticipanteForm(forms.ModelForm):
    """The learner's profile. The privacy notice must be accepted to save it."""

    acepto_aviso = forms.BooleanField(
        label=_("He leído y acepto el aviso de privacidad."),
        error_messages={"required": _("Para continuar debes aceptar el aviso de privacidad.")},
    )

    class Meta:
        model = Participante
        fields = ["nombre_completo", "municipio", "dependencia", "cargo", "tipo", "curp"]
        error_messages = {
            "municipio": {
                "invalid_choice": _("Elige uno de los 125 municipios del Estado de México."),
                "required": _("Indica tu municipio."),
            },
            "nombre_completo": {"required": _("Escribe tu nombre completo.")},
            "dependencia": {"required": _("Indica tu dependencia o área.")},
            "cargo": {"required": _("Indica tu cargo.")},
            "tipo": {
                "required": _("Indica qué tipo de participante eres."),
                "invalid_choice": _("Elige un tipo de participante de la lista."),
            },
        }
        widgets = {
            "nombre_completo": forms.TextInput(attrs={"autocomplete": "name"}),
            "dependencia": forms.TextInput(attrs={"autocomplete": "organization"}),
            "cargo": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "curp": forms.TextInput(
                attrs={"autocapitalize": "characters", "spellcheck": "false", "maxlength": 18}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipio"].queryset = Municipio.objects.order_by("nombre")
        self.fields["municipio"].empty_label = _("Elige tu municipio")
        if self.instance.pk:
            self.fields["acepto_aviso"].initial = True

    def clean_curp(self):
        return normalizar_curp(self.cleaned_data.get("curp", ""))
