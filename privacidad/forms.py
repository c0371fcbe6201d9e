from django import forms
from django.utils.translation import gettext_lazy as _

from privacidad.models import TipoSolicitud


class ConsentimientoForm(forms.Form):
    acepto = forms.BooleanField(
        label=_("Leí el aviso de privacidad y acepto el tratamiento de mis datos que describe."),
        error_messages={"required": _("Para seguir usando el Aula, marca la casilla.")},
    )


class SolicitudForm(forms.Form):
    """A request to rectify, cancel or oppose. The kind comes from the button pressed."""

    tipo = forms.ChoiceField(choices=TipoSolicitud.choices, widget=forms.HiddenInput)
    detalle = forms.CharField(
        label=_("Cuéntanos qué pides (opcional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CancelacionForm(SolicitudForm):
    confirmo = forms.BooleanField(
        label=_(
            "Entiendo que, cuando la Coordinación confirme, mi cuenta se cierra y mis datos "
            "personales se eliminan; mis constancias emitidas siguen verificables."
        ),
        error_messages={"required": _("Marca la casilla para confirmar que lo entiendes.")},
    )


class ResolverForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisión"),
        choices=[("aprobar", _("Aprobar y ejecutar")), ("rechazar", _("Rechazar"))],
        widget=forms.RadioSelect,
    )
    respuesta = forms.CharField(
        label=_("Respuesta a la persona (obligatoria si rechazas)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        datos = super().clean()
        if datos.get("decision") == "rechazar" and not (datos.get("respuesta") or "").strip():
            self.add_error("respuesta", _("Escribe el motivo del rechazo."))
        return datos
