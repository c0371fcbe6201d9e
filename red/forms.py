"""Forms of the Red's ambassadors: the designation (admin), its end, the liaisons'
assignments, the ambassador's consent and the public directory's filter.

They check what a person typed and say what to fix; the rules themselves live in
``red.services`` (dates) and in the database (one active designation, one consent in force).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput

from cursos import alcance
from cursos.models import Municipio, Participante
from red import conf, roles, services
from red.models import Embajador, EnlaceMunicipal

INICIO_PDF = b"%PDF-"


def _megabytes(tamano: int) -> str:
    """``10485760`` → ``"10"``, ``524288`` → ``"0.5"``."""
    return f"{round(tamano / (1024 * 1024), 1):g}"


def validar_documento_pdf(archivo) -> None:
    """The designation document is a PDF (by its first bytes, not its name) no larger than
    ``RED_DOCUMENTO_TAMANO_MAXIMO``."""
    limite = conf.documento_tamano_maximo()
    if archivo.size > limite:
        raise ValidationError(
            _(
                "El archivo pesa %(peso)s MB y el máximo es %(limite)s MB. Escanea el oficio "
                "con menor resolución o en blanco y negro."
            )
            % {"peso": _megabytes(archivo.size), "limite": _megabytes(limite)},
            code="demasiado_grande",
        )
    archivo.seek(0)
    inicio = archivo.read(len(INICIO_PDF))
    archivo.seek(0)
    if inicio != INICIO_PDF:
        raise ValidationError(
            _(
                "El archivo no es un PDF (aunque su nombre termine en .pdf). Sube el oficio "
                "de designación en PDF, no una imagen ni un documento de Word."
            ),
            code="no_pdf",
        )


class _DocumentoVigente:
    """What the file widget shows as the current document: the download through the view
    that checks permissions, never a storage URL."""

    def __init__(self, url: str):
        self.url = url

    def __str__(self):
        return str(_("Descargar el documento actual"))


class DocumentoPrivadoInput(forms.ClearableFileInput):
    """A file input whose «current document» link goes through ``red:documento``. No «clear»
    box: a designation's document may be replaced, not removed (the history is kept)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"accept": "application/pdf,.pdf", **(attrs or {})})

    def get_context(self, name, value, attrs):
        contexto = super().get_context(name, value, attrs)
        instancia = getattr(value, "instance", None)
        if contexto["widget"]["is_initial"] and getattr(instancia, "pk", None):
            contexto["widget"]["value"] = _DocumentoVigente(
                reverse("red:documento", args=[instancia.pk])
            )
            contexto["widget"]["initial_text"] = _("Documento registrado")
            contexto["widget"]["input_text"] = _("Reemplazar")
        contexto["widget"]["required"] = True  # hides the «clear» checkbox
        return contexto

    def value_from_datadict(self, data, files, name):
        # A crafted «clear» is ignored: only a new upload changes the document.
        return forms.FileInput.value_from_datadict(self, data, files, name)


def _campo_documento():
    return forms.FileField(
        label=_("Documento de designación (PDF)"),
        required=False,
        widget=DocumentoPrivadoInput(),
        help_text=_(
            "El oficio firmado, en PDF de hasta %(mb)s MB. Es privado: solo lo descargan la "
            "Coordinación y el enlace del municipio."
        )
        % {"mb": _megabytes(conf.documento_tamano_maximo())},
    )


class _DesignacionBaseForm(WagtailAdminModelForm):
    def clean_cargo(self):
        cargo = (self.cleaned_data.get("cargo") or "").strip()
        if not cargo:
            raise ValidationError(_("Escribe el cargo de la persona designada."))
        return cargo

    def clean_documento(self):
        documento = self.cleaned_data.get("documento")
        # An unchanged field gives back the stored file: nothing new to check.
        if documento and hasattr(documento, "content_type"):
            validar_documento_pdf(documento)
            return documento
        return None

    def _validar_fechas(self, concluido_en=None):
        designado_en = self.cleaned_data.get("designado_en")
        if designado_en is None:
            return
        try:
            services.validar_designacion(designado_en=designado_en, concluido_en=concluido_en)
        except services.FechaInvalida as error:
            self.add_error("designado_en", str(error.mensaje))


class EmbajadorForm(_DesignacionBaseForm):
    """A new designation. The municipality defaults to the participant's own."""

    documento = _campo_documento()

    class Meta:
        model = Embajador
        fields = ["participante", "municipio", "cargo", "designado_en", "documento"]
        widgets = {"designado_en": AdminDateInput()}
        help_texts = {
            "municipio": _("Déjalo vacío para usar el municipio del perfil del participante."),
            "cargo": _("El cargo con el que el municipio la o lo designa."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        usuario = self.for_user
        participantes = Participante.objects.select_related("municipio")
        municipios = Municipio.objects.order_by("nombre")
        if usuario is not None:
            participantes = alcance.acotar(participantes, usuario, "municipio")
            municipios = alcance.acotar(municipios, usuario, "pk")
        self.fields["participante"].queryset = participantes
        self.fields["participante"].error_messages["invalid_choice"] = _(
            "Elige a un participante registrado de la lista."
        )
        self.fields["municipio"].queryset = municipios
        self.fields["municipio"].required = False
        self.fields["municipio"].empty_label = _("El municipio del participante")
        if "designado_en" not in self.initial:
            self.initial["designado_en"] = timezone.localdate()

    def clean(self):
        datos = super().clean()
        participante = datos.get("participante")
        if participante and not datos.get("municipio"):
            datos["municipio"] = participante.municipio
            self.instance.municipio = participante.municipio
        self._validar_fechas()
        municipio = datos.get("municipio")
        if (
            participante
            and municipio
            and Embajador.objects.activos()
            .filter(participante=participante, municipio=municipio)
            .exists()
        ):
            raise ValidationError(services.YaDesignado.mensaje, code="ya_designado")
        return datos


class EmbajadorEditarForm(_DesignacionBaseForm):
    """Corrections to a designation: position, date, document. Who and where do not change
    (a designation recorded for the wrong person is ended and registered anew)."""

    documento = _campo_documento()

    class Meta:
        model = Embajador
        fields = ["cargo", "designado_en", "documento"]
        widgets = {"designado_en": AdminDateInput()}

    def clean(self):
        datos = super().clean()
        self._validar_fechas(concluido_en=self.instance.concluido_en)
        return datos


class ConcluirForm(forms.Form):
    concluido_en = forms.DateField(
        label=_("Fecha de conclusión"),
        widget=AdminDateInput(),
        error_messages={
            "required": _("Escribe la fecha en que concluyó la designación."),
            "invalid": _("Escribe una fecha válida, p. ej. 31/01/2026."),
        },
    )
    motivo = forms.CharField(
        label=_("Motivo de la conclusión"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Escribe el motivo de la conclusión.")},
        help_text=_("Por ejemplo: «Cambio de administración municipal». Queda en el historial."),
    )

    def __init__(self, *args, embajador: Embajador, **kwargs):
        super().__init__(*args, **kwargs)
        self.embajador = embajador
        self.fields["concluido_en"].initial = timezone.localdate()

    def clean_motivo(self):
        motivo = self.cleaned_data["motivo"].strip()
        if not motivo:
            raise ValidationError(_("Escribe el motivo de la conclusión."))
        return motivo

    def clean_concluido_en(self):
        concluido_en = self.cleaned_data["concluido_en"]
        try:
            services.validar_designacion(
                designado_en=self.embajador.designado_en, concluido_en=concluido_en
            )
        except services.FechaInvalida as error:
            raise ValidationError(str(error.mensaje)) from None
        return concluido_en


class UsuarioEnlaceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        nombre = obj.get_full_name() or obj.username
        return f"{nombre} ({obj.email})" if obj.email else nombre


class EnlaceMunicipalForm(WagtailAdminModelForm):
    """A liaison and one municipality they will follow. Only members of «Enlace municipal»
    are offered."""

    usuario = UsuarioEnlaceField(
        label=_("Enlace municipal"),
        queryset=get_user_model().objects.none(),
        help_text=_("Solo aparecen las cuentas del grupo «Enlace municipal»."),
        error_messages={
            "invalid_choice": _("Elige una cuenta del grupo «Enlace municipal» de la lista.")
        },
    )

    class Meta:
        model = EnlaceMunicipal
        fields = ["usuario", "municipio"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["usuario"].queryset = (
            get_user_model()
            .objects.filter(groups__name=roles.ENLACE_MUNICIPAL, is_active=True)
            .order_by("first_name", "last_name", "username")
        )
        self.fields["municipio"].queryset = Municipio.objects.order_by("nombre")

    def clean(self):
        datos = super().clean()
        usuario, municipio = datos.get("usuario"), datos.get("municipio")
        duplicado = EnlaceMunicipal.objects.filter(usuario=usuario, municipio=municipio)
        if usuario and municipio and duplicado.exists():
            raise ValidationError(services.EnlaceDuplicado.mensaje, code="duplicado")
        return datos

    def validate_constraints(self):
        # clean() says it in the coordinator's words; the database constraint still holds.
        return


class ConsentimientoForm(forms.Form):
    OTORGAR, RETIRAR = "otorgar", "retirar"

    accion = forms.ChoiceField(
        choices=[(OTORGAR, _("Aparecer en el directorio")), (RETIRAR, _("Retirarme"))],
        error_messages={
            "required": _("Elige si quieres aparecer en el directorio o retirarte."),
            "invalid_choice": _("Elige si quieres aparecer en el directorio o retirarte."),
        },
    )


class DirectorioFiltroForm(forms.Form):
    """The directory's municipality filter (GET). Checked against the list of municipalities
    in Python: an unknown, huge or non-numeric id is a form error, never a query."""

    municipio = forms.TypedChoiceField(
        label=_("Municipio"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={
            "invalid_choice": _(
                "Ese municipio no está en la lista. Elige uno de los 125 municipios o deja "
                "«Todos los municipios»."
            )
        },
    )

    def __init__(self, *args, municipios, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipio"].choices = [
            ("", _("Todos los municipios")),
            *((str(pk), nombre) for pk, nombre in municipios),
        ]
