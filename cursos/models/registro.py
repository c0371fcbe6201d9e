"""The audit log of learner records (participants, enrolments, attempts, certificates, and
whatever other apps declare with ``cursos.alcance.registrar_modelo``).

Wagtail keeps one log table for every model (``ModelLogEntry``) and shows it to staff by model
permission only, so a municipal liaison would read in «Historial del sitio» what happened to
other municipalities' people. Wagtail lets a model log into a table of its own: the records
declared in ``cursos.alcance`` log here, and this table's manager answers
``viewable_by_user`` with the entries of the objects the user may see.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import BaseLogEntry
from wagtail.models.audit_log import ModelLogEntryManager

from cursos import acceso, alcance

_CACHE_TIPOS = "_cursos_registro_tipos_permitidos"


def _codigos_de_permiso(modelo) -> set[str]:
    opciones = modelo._meta
    return {f"{accion}_{opciones.model_name}" for accion in opciones.default_permissions} | {
        codigo for codigo, _nombre in opciones.permissions
    }


class EntradaRegistroManager(ModelLogEntryManager):
    """``ModelLogEntry``'s manager (writes, one object's history) with a scoped reading."""

    def tipos_permitidos(self, usuario) -> frozenset[int]:
        """Content types of the declared records on which ``usuario`` holds any permission:
        Wagtail's rule for its log table, applied to this one.

        Wagtail caches its answer on the user in an attribute every log table shares, computed
        from the content types of whichever table asks first; this one keeps its own, so the
        order in which «Historial del sitio» reads the tables changes nothing. No query: the
        user's permissions and the content types are cached by Django."""
        if (tipos := getattr(usuario, _CACHE_TIPOS, None)) is not None:
            return tipos
        modelos = alcance.modelos_registrados()
        por_modelo = ContentType.objects.get_for_models(*modelos, for_concrete_models=False)
        tipos = frozenset(
            tipo.pk
            for modelo, tipo in por_modelo.items()
            if any(
                usuario.has_perm(f"{tipo.app_label}.{codigo}")
                for codigo in _codigos_de_permiso(modelo)
            )
        )
        setattr(usuario, _CACHE_TIPOS, tipos)
        return tipos

    def for_instance(self, instance):
        """One object's history, as its admin page shows it (to anyone who may open it):
        without the access entries, which only superusers read, in «Historial del sitio»."""
        return (
            super().for_instance(instance).exclude(action__in=sorted(acceso.acciones_de_acceso()))
        )

    def viewable_by_user(self, user):
        """The entries ``user`` may read: of the records they hold a permission on, and,
        for a user limited to some municipalities, of the objects within them (one subquery
        per declared model, never a query per entry). Entries of a model nobody declared
        are hidden from everyone but superusers."""
        if user.is_superuser:
            return self.all()
        # Staff access to personal data (cursos.acceso) is read by superusers only.
        entradas = self.filter(content_type_id__in=sorted(self.tipos_permitidos(user))).exclude(
            action__in=sorted(acceso.acciones_de_acceso())
        )
        return alcance.acotar_entradas(entradas, user)


class EntradaRegistro(BaseLogEntry):
    """One action on a learner record, as Wagtail's ``ModelLogEntry`` stores it."""

    # Indexed with its content type (below): every lookup names both.
    object_id = models.CharField(max_length=255, blank=False)

    objects = EntradaRegistroManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("entrada de la bitácora de expedientes")
        verbose_name_plural = _("entradas de la bitácora de expedientes")
        indexes = [
            *BaseLogEntry.Meta.indexes,
            # The scope's subqueries ask «entries of this type whose object is among these».
            models.Index(fields=["content_type", "object_id"], name="cursos_reg_tipo_objeto"),
        ]

    def __str__(self):
        return (
            f"EntradaRegistro {self.pk}: '{self.action}' on "
            f"'{self.object_verbose_name}' with id {self.object_id}"
        )
