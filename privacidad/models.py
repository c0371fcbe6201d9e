"""The privacy notice (versioned), each person's consent to a version, and ARCO requests.

A notice version is a snippet editors and the Coordinación draft and publish; the highest
published version is the one in force. A consent names the version and its date, one per
person and version. An ARCO request keeps who asked what, when it is due, and who resolved
it, how and why: at most one pending request per person and kind, whatever the race.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index


class AvisoPrivacidadQuerySet(models.QuerySet):
    def vigente(self):
        """The notice in force: the highest published version (``None`` if none is)."""
        return self.filter(live=True).order_by("-version").first()


def siguiente_version() -> int:
    """The version a new notice is offered: one above the highest there is."""
    ultima = AvisoPrivacidad.objects.aggregate(m=models.Max("version"))["m"]
    return (ultima or 0) + 1


class AvisoPrivacidad(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """One version of the privacy notice. Publishing a higher version asks every participant
    for their consent again at their next sign-in."""

    version = models.PositiveIntegerField(
        _("versión"),
        unique=True,
        default=siguiente_version,
        help_text=_(
            "Un número mayor que el de la versión vigente; al publicarla, se pide "
            "de nuevo el consentimiento."
        ),
    )
    titulo = models.CharField(_("título"), max_length=200, default=_("Aviso de privacidad"))
    resumen_cambios = models.TextField(
        _("qué cambió"),
        blank=True,
        max_length=1000,
        help_text=_("Se muestra a quien debe aceptar la nueva versión."),
    )
    texto = RichTextField(
        _("texto del aviso"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"]
    )
    creado_en = models.DateTimeField(_("creado el"), db_default=Now())
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="aviso_privacidad")

    objects = AvisoPrivacidadQuerySet.as_manager()
    search_fields = [index.SearchField("titulo"), index.SearchField("texto")]

    class Meta:
        verbose_name = _("aviso de privacidad")
        verbose_name_plural = _("avisos de privacidad")
        ordering = ["-version"]

    def __str__(self):
        return _("%(titulo)s, versión %(version)s") % {
            "titulo": self.titulo,
            "version": self.version,
        }

    @property
    def revisions(self):
        return self._revisions

    @property
    def publicado_en(self):
        return self.first_published_at


class OrigenConsentimiento(models.TextChoices):
    PERFIL = "perfil", _("Al crear o guardar el perfil")
    INICIO_SESION = "inicio_sesion", _("Al iniciar sesión, ante una versión nueva")


class Consentimiento(models.Model):
    """A person's consent to one version of the notice, with its date."""

    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consentimientos_privacidad",
        verbose_name=_("usuario"),
    )
    aviso = models.ForeignKey(
        AvisoPrivacidad,
        on_delete=models.PROTECT,
        related_name="consentimientos",
        verbose_name=_("versión del aviso"),
    )
    otorgado_en = models.DateTimeField(_("otorgado el"), default=timezone.now)
    origen = models.CharField(
        _("cómo se otorgó"), max_length=20, choices=OrigenConsentimiento.choices
    )

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("consentimiento al aviso de privacidad")
        verbose_name_plural = _("consentimientos al aviso de privacidad")
        ordering = ["-otorgado_en"]
        constraints = [
            models.UniqueConstraint(fields=["usuario", "aviso"], name="consentimiento_por_version")
        ]

    def __str__(self):
        return f"{self.aviso.version} · {self.otorgado_en:%Y-%m-%d}"


class TipoSolicitud(models.TextChoices):
    RECTIFICACION = "rectificacion", _("Rectificación")
    CANCELACION = "cancelacion", _("Cancelación")
    OPOSICION = "oposicion", _("Oposición")


class EstadoSolicitud(models.TextChoices):
    PENDIENTE = "pendiente", _("Pendiente")
    APROBADA = "aprobada", _("Aprobada")
    RECHAZADA = "rechazada", _("Rechazada")


class SolicitudArcoQuerySet(models.QuerySet):
    def pendientes(self):
        return self.filter(estado=EstadoSolicitud.PENDIENTE)

    def vencidas(self, hoy=None):
        hoy = hoy or timezone.localdate()
        return self.pendientes().filter(vence_el__lt=hoy)


class SolicitudArco(models.Model):
    """A participant's request to rectify, cancel or oppose, until a coordinator resolves it.

    ``vence_el`` is the legal deadline (``privacidad.plazos``), fixed at receipt."""

    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="solicitudes_arco",
        verbose_name=_("persona titular"),
    )
    tipo = models.CharField(_("derecho"), max_length=20, choices=TipoSolicitud.choices)
    estado = models.CharField(
        _("estado"),
        max_length=12,
        choices=EstadoSolicitud.choices,
        default=EstadoSolicitud.PENDIENTE,
    )
    detalle = models.TextField(_("lo que pide"), blank=True, max_length=2000)
    recibida_en = models.DateTimeField(_("recibida el"), default=timezone.now)
    vence_el = models.DateField(_("plazo legal"))
    resuelta_en = models.DateTimeField(_("resuelta el"), null=True, blank=True)
    resuelta_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resuelta por"),
    )
    respuesta = models.TextField(_("respuesta o motivo"), blank=True, max_length=2000)
    resultado = models.JSONField(_("qué se hizo"), default=dict, blank=True)

    objects = SolicitudArcoQuerySet.as_manager()
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("solicitud ARCO")
        verbose_name_plural = _("solicitudes ARCO")
        ordering = ["vence_el", "recibida_en", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["usuario", "tipo"],
                condition=Q(estado="pendiente"),
                name="solicitud_arco_pendiente_unica",
            ),
            models.CheckConstraint(
                condition=Q(estado="pendiente", resuelta_en__isnull=True)
                | (~Q(estado="pendiente") & Q(resuelta_en__isnull=False)),
                name="solicitud_arco_resuelta_con_fecha",
            ),
            models.CheckConstraint(
                condition=~Q(estado="rechazada") | ~Q(respuesta=""),
                name="solicitud_arco_rechazo_con_motivo",
            ),
        ]
        indexes = [models.Index(fields=["estado", "vence_el"])]
        permissions = [
            ("resolver_solicitudarco", _("Puede aprobar o rechazar solicitudes ARCO")),
        ]

    def __str__(self):
        return _("Solicitud ARCO %(numero)s · %(tipo)s") % {
            "numero": self.pk,
            "tipo": self.get_tipo_display(),
        }

    @property
    def pendiente(self) -> bool:
        return self.estado == EstadoSolicitud.PENDIENTE

    @property
    def vencida(self) -> bool:
        return self.pendiente and self.vence_el < timezone.localdate()
