"""The Red's own records: ambassadors' designations, their consent to the public directory,
and which municipalities each municipal liaison follows.

History is kept: a designation ends (with its date and reason), it is never deleted; a consent
withdrawn keeps its row with the date it was withdrawn.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from red import conf


def almacen_documentos():
    """Designation documents are private: the ``red`` storage if the site defines one, else a
    folder outside MEDIA_ROOT; downloads go through a view that checks who asks."""
    if "red" in settings.STORAGES:
        return storages["red"]
    return FileSystemStorage(location=conf.documentos_directorio(), base_url=None)


class EmbajadorQuerySet(models.QuerySet):
    def activos(self):
        return self.filter(concluido_en__isnull=True)


class Embajador(models.Model):
    """A climate ambassador designated by a municipality: one participant, one designation.

    Active while ``concluido_en`` is empty. A municipality is «integrada a la Red» while it
    has at least one active ambassador."""

    participante = models.ForeignKey(
        "cursos.Participante",
        on_delete=models.PROTECT,
        related_name="designaciones",
        verbose_name=_("participante"),
    )
    municipio = models.ForeignKey(
        "cursos.Municipio",
        on_delete=models.PROTECT,
        related_name="embajadores",
        verbose_name=_("municipio que designa"),
    )
    cargo = models.CharField(_("cargo"), max_length=200)
    designado_en = models.DateField(_("fecha de designación"))
    documento = models.FileField(
        _("documento de designación"),
        storage=almacen_documentos,
        upload_to="designaciones/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"])],
        help_text=_("El oficio de designación en PDF. Privado: solo lo ve la Coordinación."),
    )
    concluido_en = models.DateField(_("concluyó el"), null=True, blank=True)
    motivo_conclusion = models.CharField(_("motivo de conclusión"), max_length=300, blank=True)
    registrado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrado por"),
    )
    creado_en = models.DateTimeField(_("registrado el"), db_default=Now())

    objects = EmbajadorQuerySet.as_manager()
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("embajador(a) climático(a)")
        verbose_name_plural = _("embajadores climáticos")
        ordering = ["municipio__nombre", "-designado_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["participante", "municipio"],
                condition=Q(concluido_en__isnull=True),
                name="embajador_una_designacion_activa",
            ),
            models.CheckConstraint(
                condition=Q(concluido_en__isnull=True) | Q(concluido_en__gte=F("designado_en")),
                name="embajador_concluye_despues_de_designacion",
            ),
        ]
        indexes = [models.Index(fields=["municipio", "concluido_en"])]
        permissions = [("ver_cifras_red", _("Puede ver las cifras y reportes de la Red"))]

    def __str__(self):
        return f"{self.participante} · {self.municipio}"

    @property
    def activo(self) -> bool:
        return self.concluido_en is None


class ConsentimientoDirectorio(models.Model):
    """A participant's consent to appear in the public directory of ambassadors.

    Given with its date; withdrawn by the person from their profile, which dates the
    withdrawal and keeps the row. At most one consent in force per participant."""

    participante = models.ForeignKey(
        "cursos.Participante",
        on_delete=models.CASCADE,
        related_name="consentimientos_directorio",
        verbose_name=_("participante"),
    )
    otorgado_en = models.DateTimeField(_("otorgado el"), db_default=Now())
    retirado_en = models.DateTimeField(_("retirado el"), null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("consentimiento para el directorio")
        verbose_name_plural = _("consentimientos para el directorio")
        ordering = ["-otorgado_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["participante"],
                condition=Q(retirado_en__isnull=True),
                name="consentimiento_vigente_unico",
            ),
            models.CheckConstraint(
                condition=Q(retirado_en__isnull=True) | Q(retirado_en__gte=F("otorgado_en")),
                name="consentimiento_retiro_posterior",
            ),
        ]

    def __str__(self):
        return f"{self.participante} · {self.otorgado_en:%Y-%m-%d}"

    @property
    def vigente(self) -> bool:
        return self.retirado_en is None


class EnlaceMunicipal(models.Model):
    """A staff user who follows one municipality as its liaison (one row per municipality)."""

    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="municipios_de_enlace",
        verbose_name=_("usuario"),
    )
    municipio = models.ForeignKey(
        "cursos.Municipio",
        on_delete=models.CASCADE,
        related_name="enlaces",
        verbose_name=_("municipio"),
    )
    asignado_en = models.DateTimeField(_("asignado el"), db_default=Now())

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("enlace municipal")
        verbose_name_plural = _("enlaces municipales")
        ordering = ["municipio__nombre"]
        constraints = [
            models.UniqueConstraint(fields=["usuario", "municipio"], name="enlace_municipio_unico")
        ]

    def __str__(self):
        return f"{self.usuario} · {self.municipio}"
