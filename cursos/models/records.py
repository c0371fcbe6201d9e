"""Learner records: who the participants are, what they enrolled in and what they finished.

Every invariant lives in a database constraint so that it holds when two requests race; the
services in ``cursos.services`` rely on those constraints rather than on prior checks.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from cursos.validators import validar_curp


class Municipio(models.Model):
    """One of the 125 municipalities of the Estado de México (INEGI, Marco Geoestadístico)."""

    clave_inegi = models.CharField(_("clave INEGI"), max_length=5, unique=True)
    nombre = models.CharField(_("nombre"), max_length=120)

    class Meta:
        ordering = ["nombre"]
        verbose_name = _("municipio")
        verbose_name_plural = _("municipios")
        constraints = [
            models.CheckConstraint(
                condition=Q(clave_inegi__regex=r"^[0-9]{5}$"), name="municipio_clave_5_digitos"
            )
        ]

    def __str__(self):
        return self.nombre


class TipoParticipante(models.TextChoices):
    SERVIDOR_MUNICIPAL = "servidor_municipal", _("Servidor(a) público(a) municipal")
    SERVIDOR_ESTATAL = "servidor_estatal", _("Servidor(a) público(a) estatal")
    EMBAJADOR = "embajador", _("Embajador(a) climático(a)")
    PUBLICO_GENERAL = "publico_general", _("Público general")


class Participante(models.Model):
    """The learner's profile beside Django's user. The e-mail is the user's (managed by allauth)."""

    usuario = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="participante",
        verbose_name=_("usuario"),
    )
    nombre_completo = models.CharField(
        _("nombre completo"),
        max_length=200,
        help_text=_("Tal como debe aparecer en tus constancias."),
    )
    municipio = models.ForeignKey(
        Municipio,
        on_delete=models.PROTECT,
        related_name="participantes",
        verbose_name=_("municipio"),
    )
    dependencia = models.CharField(_("dependencia o área"), max_length=200)
    cargo = models.CharField(_("cargo"), max_length=200)
    tipo = models.CharField(
        _("tipo de participante"), max_length=30, choices=TipoParticipante.choices
    )
    curp = models.CharField(
        _("CURP"),
        max_length=18,
        blank=True,
        validators=[validar_curp],
        help_text=_("Opcional. 18 caracteres, p. ej. GAPA850101HMCRRL02."),
    )
    aviso_privacidad_aceptado_en = models.DateTimeField(_("aviso de privacidad aceptado el"))
    creado_en = models.DateTimeField(_("creado el"), db_default=Now())
    actualizado_en = models.DateTimeField(_("actualizado el"), auto_now=True)

    class Meta:
        verbose_name = _("participante")
        verbose_name_plural = _("participantes")
        constraints = [
            models.UniqueConstraint(
                fields=["curp"], condition=~Q(curp=""), name="participante_curp_unica"
            ),
        ]
        # The participants report's order: its first page without sorting everyone.
        indexes = [models.Index(fields=["nombre_completo", "id"])]

    def __str__(self):
        return self.nombre_completo

    @property
    def email(self):
        return self.usuario.email


class Inscripcion(models.Model):
    """A learner enrolled in a course. One per learner and course, whatever the race."""

    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="inscripciones",
        verbose_name=_("usuario"),
    )
    curso = models.ForeignKey(
        "cursos.CursoPage",
        on_delete=models.PROTECT,
        related_name="inscripciones",
        verbose_name=_("curso"),
    )
    inscrito_en = models.DateTimeField(_("inscrito el"), db_default=Now())
    completado_en = models.DateTimeField(_("completado el"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscripción")
        verbose_name_plural = _("inscripciones")
        ordering = ["-inscrito_en"]
        constraints = [
            models.UniqueConstraint(fields=["usuario", "curso"], name="inscripcion_unica"),
        ]
        indexes = [models.Index(fields=["curso", "completado_en"])]

    def __str__(self):
        return f"{self.usuario} · {self.curso}"

    @property
    def completado(self) -> bool:
        return self.completado_en is not None


class ModuloCompletado(models.Model):
    """A module a learner marked as done, recorded once with its timestamp."""

    inscripcion = models.ForeignKey(
        Inscripcion,
        on_delete=models.CASCADE,
        related_name="modulos_completados",
        verbose_name=_("inscripción"),
    )
    modulo = models.ForeignKey(
        "cursos.ModuloPage",
        on_delete=models.PROTECT,
        related_name="completados",
        verbose_name=_("módulo"),
    )
    completado_en = models.DateTimeField(_("completado el"), db_default=Now())

    class Meta:
        verbose_name = _("módulo completado")
        verbose_name_plural = _("módulos completados")
        constraints = [
            models.UniqueConstraint(
                fields=["inscripcion", "modulo"], name="modulo_completado_una_vez"
            ),
        ]

    def __str__(self):
        return f"{self.inscripcion} · {self.modulo}"
