"""Certificates: what editors design (templates, signatories) and what learners receive.

A ``Certificado`` keeps a snapshot of what it certifies and the signed credential made from it;
both are fixed at issue and the model refuses to change them afterwards. Nothing is deleted:
a certificate is revoked or replaced, and its verification URL keeps answering.
"""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PreviewableMixin, RevisionMixin
from wagtail.search import index

from certificados.codigos import codigo_formatear


def almacen_certificados():
    """Where the PDFs live: the ``certificados`` storage if the site defines one, else a
    private folder outside MEDIA_ROOT (never served directly: downloads go through a view
    that checks who is asking)."""
    if "certificados" in settings.STORAGES:
        return storages["certificados"]
    ubicacion = getattr(settings, "CERTIFICADOS_DIRECTORIO", None) or (
        settings.BASE_DIR / "var" / "certificados"
    )
    return FileSystemStorage(location=ubicacion, base_url=None)


class Firmante(index.Indexed, models.Model):
    """A person who signs certificates: name, position and an image of the signature."""

    nombre = models.CharField(_("nombre"), max_length=150)
    cargo = models.CharField(_("cargo"), max_length=200)
    firma = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("imagen de la firma"),
        help_text=_("PNG con fondo transparente, de preferencia."),
    )

    panels = [FieldRowPanel([FieldPanel("nombre"), FieldPanel("cargo")]), FieldPanel("firma")]
    search_fields = [index.SearchField("nombre"), index.AutocompleteField("nombre")]

    class Meta:
        verbose_name = _("firmante")
        verbose_name_plural = _("firmantes")
        ordering = ["nombre"]

    def __str__(self):
        return f"{self.nombre} ({self.cargo})"


color_hex = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Usa un color hexadecimal, p. ej. #1B5E20."))


class PlantillaCertificado(PreviewableMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """How a course's certificate looks and reads. One per course at most, and one default."""

    nombre = models.CharField(_("nombre"), max_length=120)
    curso = models.OneToOneField(
        "cursos.CursoPage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plantilla_certificado",
        verbose_name=_("curso"),
        help_text=_("Vacío: la plantilla predeterminada, para los cursos sin plantilla propia."),
    )
    titulo = models.CharField(_("título"), max_length=120, default=_("Constancia de acreditación"))
    texto_otorga = models.CharField(
        _("texto antes del nombre"), max_length=200, default=_("otorga la presente constancia a")
    )
    texto_motivo = models.TextField(
        _("texto después del nombre"),
        max_length=600,
        default=_("por haber acreditado satisfactoriamente el curso"),
    )
    leyenda = models.CharField(
        _("leyenda al pie"),
        max_length=300,
        blank=True,
        default=_("Red de Embajadores Climáticos del Estado de México"),
    )
    color = models.CharField(
        _("color de acento"), max_length=7, default="#1B5E20", validators=[color_hex]
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logotipo del Instituto"),
        help_text=_("Se imprime a la derecha del encabezado."),
    )
    logo_estado = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logotipo del Gobierno del Estado"),
        help_text=_("Se imprime a la izquierda del encabezado. Sube el emblema oficial vigente."),
    )
    lugar = models.CharField(
        _("lugar de expedición"),
        max_length=120,
        blank=True,
        default="Toluca de Lerdo, Estado de México",
        help_text=_(
            "Antecede a la fecha: «Toluca de Lerdo, Estado de México, a 2 de diciembre de 2026»."
        ),
    )
    actualizado_en = models.DateTimeField(_("actualizado el"), auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("nombre"), FieldPanel("curso")]),
        MultiFieldPanel(
            [
                FieldPanel("titulo"),
                FieldPanel("texto_otorga"),
                FieldPanel("texto_motivo"),
                FieldPanel("leyenda"),
                FieldPanel("lugar"),
            ],
            heading=_("Texto"),
        ),
        FieldRowPanel(
            [FieldPanel("color"), FieldPanel("logo_estado"), FieldPanel("logo")],
            heading=_("Identidad"),
        ),
        InlinePanel("firmas", label=_("Firmantes"), min_num=1, max_num=3),
    ]
    search_fields = [index.SearchField("nombre"), index.AutocompleteField("nombre")]

    class Meta:
        verbose_name = _("plantilla de certificado")
        verbose_name_plural = _("plantillas de certificado")
        ordering = ["curso__title", "nombre"]
        constraints = [
            models.CheckConstraint(
                condition=Q(color__regex=r"^#[0-9a-fA-F]{6}$"), name="plantilla_color_hex"
            ),
        ]

    def __str__(self):
        return self.nombre

    def clean(self):
        super().clean()
        if self.curso_id is None:
            otra = PlantillaCertificado.objects.filter(curso__isnull=True).exclude(pk=self.pk)
            if otra.exists():
                raise ValidationError(
                    {
                        "curso": _("Ya hay una plantilla predeterminada («%(n)s»). Elige un curso.")
                        % {"n": otra.first().nombre}
                    }
                )

    # Live preview: the same HTML WeasyPrint turns into the PDF, or the PDF itself.
    preview_modes = [("", _("Certificado (HTML)")), ("pdf", _("PDF"))]

    def get_preview_template(self, request, mode_name):
        return "certificados/pdf/certificado.html"

    def get_preview_context(self, request, mode_name):
        from certificados import render

        return render.contexto_de_muestra(self, request=request)

    def serve_preview(self, request, mode_name):
        from django.http import HttpResponse

        from certificados import render

        if mode_name == "pdf":
            pdf = render.pdf_de_contexto(render.contexto_de_muestra(self, request=request))
            return HttpResponse(pdf, content_type="application/pdf")
        return super().serve_preview(request, mode_name)


class FirmaDePlantilla(Orderable):
    plantilla = ParentalKey(PlantillaCertificado, on_delete=models.CASCADE, related_name="firmas")
    firmante = models.ForeignKey(
        Firmante, on_delete=models.PROTECT, related_name="+", verbose_name=_("firmante")
    )

    panels = [FieldPanel("firmante")]

    class Meta(Orderable.Meta):
        verbose_name = _("firma")
        verbose_name_plural = _("firmas")


class ContadorFolio(models.Model):
    """The last folio number issued in a year; its row is locked while a folio is taken."""

    anio = models.PositiveSmallIntegerField(_("año"), primary_key=True)
    ultimo = models.PositiveIntegerField(_("último número"), default=0)

    class Meta:
        verbose_name = _("contador de folios")
        verbose_name_plural = _("contadores de folios")

    def __str__(self):
        return f"{self.anio}: {self.ultimo}"


class ClavePublica(models.Model):
    """A public key that has signed certificates, kept so they verify after rotation."""

    kid = models.CharField(_("identificador"), max_length=64, unique=True)
    jwk = models.JSONField(_("JWK"))
    registrada_en = models.DateTimeField(_("registrada el"), db_default=Now())

    class Meta:
        verbose_name = _("clave pública")
        verbose_name_plural = _("claves públicas")
        ordering = ["registrada_en"]

    def __str__(self):
        return self.kid


class EstadoCertificado(models.TextChoices):
    VALIDO = "valido", _("Válido")
    REVOCADO = "revocado", _("Revocado")
    REEMPLAZADO = "reemplazado", _("Reemplazado")


def _congelar(valor) -> str:
    return json.dumps(valor, sort_keys=True, default=str)


class CertificadoQuerySet(models.QuerySet):
    def update(self, **kwargs):
        inmutables = {n.removesuffix("_id") for n in Certificado.INMUTABLES} & {
            k.removesuffix("_id") for k in kwargs
        }
        if inmutables:
            raise ValueError(f"Un certificado emitido no cambia: {', '.join(sorted(inmutables))}.")
        return super().update(**kwargs)

    def de_usuario(self, usuario):
        return self.filter(usuario=usuario) if usuario.is_authenticated else self.none()


class Certificado(models.Model):
    """One certificate of one learner for one course. At most one valid per learner and course."""

    INMUTABLES = (
        "uuid",
        "folio",
        "codigo",
        "usuario_id",
        "curso_id",
        "datos",
        "credencial",
        "reemplaza_id",
    )

    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    folio = models.CharField(_("folio"), max_length=32, unique=True)
    anio = models.PositiveSmallIntegerField(_("año del folio"))
    numero = models.PositiveIntegerField(_("número del folio"))
    codigo = models.CharField(_("código de verificación"), max_length=12, unique=True)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificados",
        verbose_name=_("usuario"),
    )
    curso = models.ForeignKey(
        "cursos.CursoPage",
        on_delete=models.PROTECT,
        related_name="certificados",
        verbose_name=_("curso"),
    )
    plantilla = models.ForeignKey(
        PlantillaCertificado,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificados",
        verbose_name=_("plantilla"),
    )
    estado = models.CharField(
        _("estado"),
        max_length=12,
        choices=EstadoCertificado.choices,
        default=EstadoCertificado.VALIDO,
    )
    datos = models.JSONField(_("datos certificados"))
    credencial = models.JSONField(_("credencial firmada"))
    kid = models.CharField(_("clave de firma"), max_length=64)
    emitido_en = models.DateTimeField(_("emitido el"))
    pdf = models.FileField(_("PDF"), storage=almacen_certificados, upload_to="pdf/%Y/", blank=True)
    sha256 = models.CharField(_("SHA-256 del PDF"), max_length=64, blank=True, db_index=True)
    pdf_generado_en = models.DateTimeField(_("PDF generado el"), null=True, blank=True)
    revocado_en = models.DateTimeField(_("revocado el"), null=True, blank=True)
    motivo_revocacion = models.TextField(_("motivo de la revocación"), blank=True, max_length=500)
    reemplaza = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reemplazado_por",
        verbose_name=_("reemplaza a"),
        help_text=_("El certificado anterior que este sustituye (p. ej. tras corregir un nombre)."),
    )

    objects = CertificadoQuerySet.as_manager()
    # A record, not content: nothing in Wagtail's reference index points from it.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("certificado")
        verbose_name_plural = _("certificados")
        ordering = ["-emitido_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["usuario", "curso"],
                condition=Q(estado="valido"),
                name="certificado_valido_unico",
            ),
            models.UniqueConstraint(fields=["anio", "numero"], name="certificado_folio_anual"),
            models.CheckConstraint(
                condition=~Q(estado="revocado")
                | (Q(revocado_en__isnull=False) & ~Q(motivo_revocacion="")),
                name="certificado_revocado_con_motivo",
            ),
            models.CheckConstraint(
                condition=Q(codigo__regex=r"^[0-9A-HJKMNP-TV-Z]{12}$"),
                name="certificado_codigo_forma",
            ),
        ]
        indexes = [
            models.Index(fields=["curso", "estado"]),
            # The certificates report's order, and every column the Red's figures read, so
            # those are answered from the index alone rather than from the wide rows.
            models.Index(fields=["-emitido_en", "id", "usuario", "curso", "estado", "revocado_en"]),
        ]
        permissions = [("revocar_certificado", _("Puede revocar y reemitir certificados"))]

    def __str__(self):
        return self.folio

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self._comprobar_inmutables(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("certificados:verificar_codigo", args=[self.codigo_legible])

    def get_descarga_url(self):
        return reverse("certificados:descargar", args=[self.uuid])

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        instancia = super().from_db(db, field_names, values, *args, **kwargs)
        # A frozen copy (canonical JSON), so changing a nested value in place is noticed too.
        instancia._originales = {
            n: _congelar(getattr(instancia, n)) for n in cls.INMUTABLES if n in field_names
        }
        return instancia

    def _comprobar_inmutables(self, update_fields) -> None:
        """Refuse to write an issued certificate's identity, snapshot or credential."""
        originales = getattr(self, "_originales", {})
        por_escribir = (
            {f.attname for f in self._meta.concrete_fields}
            if update_fields is None
            else {self._meta.get_field(n).attname for n in update_fields}
        )
        sin_cargar = [n for n in self.INMUTABLES if n in por_escribir and n not in originales]
        cambiados = [
            n
            for n in self.INMUTABLES
            if n in por_escribir
            and n in originales
            and _congelar(getattr(self, n)) != originales[n]
        ]
        if sin_cargar or cambiados:
            raise ValueError(
                "Un certificado emitido no cambia: "
                f"{', '.join(sin_cargar + cambiados)} son inmutables (usa update_fields)."
            )

    @cached_property
    def sucesor(self):
        """The certificate that replaced this one, if any."""
        try:
            return self.reemplazado_por
        except Certificado.DoesNotExist:
            return None

    @property
    def codigo_legible(self) -> str:
        return codigo_formatear(self.codigo)

    @property
    def listo(self) -> bool:
        """Its PDF has been rendered and stored."""
        return bool(self.pdf)

    @property
    def reemitible(self) -> bool:
        """Valid, or revoked by an error since corrected; and not re-issued already."""
        return self.estado != EstadoCertificado.REEMPLAZADO and self.sucesor is None

    @property
    def vigente(self) -> bool:
        return self.estado == EstadoCertificado.VALIDO

    @cached_property
    def titular(self) -> str:
        return self.datos.get("titular", {}).get("nombre", "")
