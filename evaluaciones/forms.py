"""Admin forms of the question bank and the quizzes: the rules an editor's input must keep.

Each rule that spans several inline rows (how many options are correct, repeated options,
a question twice in a quiz) is checked in the parent form's ``clean()``, where the inline
formsets are at hand in ``self.formsets``. The messages go to the form's non-field errors,
which Wagtail lists at the top of the editor, and the offending row is marked as well.
"""

from __future__ import annotations

from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminModelForm

from evaluaciones.models import TipoPregunta


def filas_vigentes(formset) -> tuple[list, bool]:
    """The inline forms that will be saved, and whether all of them are valid.

    Deleted rows and untouched blank rows are left out. Each child form is validated on its
    own (not the whole formset), so that a rule of the parent form can still mark a row
    before the formset's own checks run.
    """
    if formset is None:
        return [], True
    filas, todas_validas = [], True
    for form in formset.forms:
        valida = form.is_valid()
        if formset.can_delete and form.cleaned_data.get(DELETION_FIELD_NAME):
            continue
        if not form.has_changed() and form.instance.pk is None:
            continue
        if valida:
            filas.append(form)
        else:
            todas_validas = False
    return filas, todas_validas


def _normalizar(texto: str) -> str:
    return " ".join(texto.split()).casefold()


class PreguntaAdminForm(WagtailAdminModelForm):
    """A bank question: its options must make sense for its type."""

    def clean(self):
        cleaned_data = super().clean()
        opciones, todas_validas = filas_vigentes(self.formsets.get("opciones"))

        vistas: dict[str, str] = {}
        for form in opciones:
            texto = form.cleaned_data.get("texto", "")
            clave = _normalizar(texto)
            if not clave:
                continue
            if clave in vistas:
                form.add_error("texto", _("Esta opción repite otra de la pregunta."))
                self.add_error(
                    None,
                    _("La opción «%(texto)s» está repetida: cada opción debe ser distinta.")
                    % {"texto": vistas[clave]},
                )
            else:
                vistas[clave] = texto.strip()

        tipo = cleaned_data.get("tipo")
        if not todas_validas or tipo is None:
            # The rows' own errors are shown; counting half-valid rows would only confuse.
            return cleaned_data
        correctas = sum(1 for form in opciones if form.cleaned_data.get("correcta"))
        if tipo == TipoPregunta.VERDADERO_FALSO and len(opciones) != 2:
            self.add_error(
                None,
                _(
                    "Una pregunta de verdadero o falso lleva exactamente dos opciones "
                    "(«Verdadero» y «Falso»); ésta tiene %(n)d."
                )
                % {"n": len(opciones)},
            )
        if tipo in (TipoPregunta.UNICA, TipoPregunta.VERDADERO_FALSO) and correctas != 1:
            self.add_error(
                None,
                _(
                    "Marca exactamente una opción como correcta: en una pregunta de «%(tipo)s» "
                    "sólo hay una respuesta correcta (hay %(n)d marcadas)."
                )
                % {"tipo": TipoPregunta(tipo).label, "n": correctas},
            )
        if tipo == TipoPregunta.MULTIPLE and correctas < 1:
            self.add_error(
                None,
                _("Marca al menos una opción como correcta en una pregunta de opción múltiple."),
            )
        return cleaned_data


class EvaluacionAdminForm(WagtailAdminModelForm):
    """A quiz: its module belongs to its course and its pool has no repeated questions."""

    # Attempts count toward one course's completion under one grading method: once anyone
    # has taken the quiz, moving it or changing what counts would rewrite their results.
    CAMPOS_FIJOS_CON_INTENTOS = ("curso", "modulo", "metodo_calificacion")

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and self.instance.intentos.exists():
            for campo in self.CAMPOS_FIJOS_CON_INTENTOS:
                if campo in self.changed_data:
                    self.add_error(
                        campo,
                        _(
                            "Ya hay intentos registrados en esta evaluación: este dato no puede "
                            "cambiar. Crea una evaluación nueva si lo necesitas."
                        ),
                    )
        curso = cleaned_data.get("curso")
        modulo = cleaned_data.get("modulo")
        if curso is not None and modulo is not None and not modulo.is_child_of(curso):
            self.add_error(
                "modulo",
                _(
                    "«%(modulo)s» no es un módulo del curso «%(curso)s». Elige un módulo de ese "
                    "curso, o deja el campo vacío para que sea la evaluación final."
                )
                % {"modulo": modulo.title, "curso": curso.title},
            )

        items, todas_validas = filas_vigentes(self.formsets.get("items"))
        vistas = set()
        for form in items:
            pregunta = form.cleaned_data.get("pregunta")
            if pregunta is None:
                continue
            if pregunta.pk in vistas:
                form.add_error("pregunta", _("Esta pregunta ya está en la evaluación."))
                self.add_error(
                    None,
                    _(
                        "La pregunta «%(pregunta)s» aparece más de una vez: cada pregunta del "
                        "banco puede estar sólo una vez en la evaluación."
                    )
                    % {"pregunta": pregunta},
                )
            vistas.add(pregunta.pk)

        por_intento = cleaned_data.get("preguntas_por_intento")
        if todas_validas and por_intento and por_intento > len(vistas):
            self.add_error(
                "preguntas_por_intento",
                ngettext(
                    "Pides %(pedidas)d preguntas por intento, pero la evaluación tiene sólo "
                    "%(n)d pregunta.",
                    "Pides %(pedidas)d preguntas por intento, pero la evaluación tiene sólo "
                    "%(n)d preguntas.",
                    len(vistas),
                )
                % {"pedidas": por_intento, "n": len(vistas)},
            )
        return cleaned_data
