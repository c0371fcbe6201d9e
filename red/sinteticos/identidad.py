"""How synthetic data is recognised, and its digest."""

from __future__ import annotations

import hashlib
import json

from django.contrib.auth import get_user_model

from certificados.models import Certificado
from cursos.models import CursosIndexPage, Inscripcion, ModuloCompletado, Participante
from evaluaciones.models import Intento
from red.models import ConsentimientoDirectorio, Embajador
from red.sinteticos.datos import DOMINIO, PREFIJO_USUARIO, SLUG_CATALOGO


def usuarios_sinteticos():
    return get_user_model().objects.filter(
        username__startswith=PREFIJO_USUARIO, email__endswith=f"@{DOMINIO}"
    )


def hay_sinteticos() -> bool:
    return (
        usuarios_sinteticos().exists()
        or CursosIndexPage.objects.filter(slug=SLUG_CATALOGO).exists()
    )


def huella() -> str:
    """SHA-256 of the synthetic rows by their natural keys (user names, slugs, codes,
    dates, scores), leaving out what depends on the database (ids, folio numbers)."""
    usuarios = usuarios_sinteticos()
    consultas = [
        usuarios.values_list(
            "username", "email", "first_name", "last_name", "password", "date_joined"
        ),
        Participante.objects.filter(usuario__in=usuarios).values_list(
            "usuario__username",
            "nombre_completo",
            "municipio__clave_inegi",
            "dependencia",
            "cargo",
            "tipo",
            "creado_en",
        ),
        Inscripcion.objects.filter(usuario__in=usuarios).values_list(
            "usuario__username", "curso__slug", "inscrito_en", "completado_en"
        ),
        ModuloCompletado.objects.filter(inscripcion__usuario__in=usuarios).values_list(
            "inscripcion__usuario__username", "modulo__slug", "completado_en"
        ),
        Intento.objects.filter(usuario__in=usuarios).values_list(
            "usuario__username",
            "evaluacion__titulo",
            "numero",
            "iniciado_en",
            "entregado_en",
            "respuestas",
            "porcentaje",
            "aprobado",
        ),
        Certificado.objects.filter(usuario__in=usuarios).values_list(
            "usuario__username",
            "curso__slug",
            "codigo",
            "uuid",
            "anio",
            "estado",
            "emitido_en",
            "revocado_en",
            "reemplaza__codigo",
        ),
        Embajador.objects.filter(participante__usuario__in=usuarios).values_list(
            "participante__usuario__username",
            "municipio__clave_inegi",
            "cargo",
            "designado_en",
            "concluido_en",
        ),
        ConsentimientoDirectorio.objects.filter(participante__usuario__in=usuarios).values_list(
            "participante__usuario__username", "otorgado_en"
        ),
    ]
    resumen = hashlib.sha256()
    for consulta in consultas:
        for fila in sorted(json.dumps(f, default=str, sort_keys=True) for f in consulta):
            resumen.update(fila.encode())
        resumen.update(b"\x00")
    return resumen.hexdigest()
