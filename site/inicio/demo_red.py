"""The Red's part of the demo: staff accounts, a few hundred synthetic public servants with
their history over three years, ambassadors in most municipalities, the demo learner as
Toluca's ambassador in the public directory.

The people and their records come from ``red.sinteticos`` (the same generator the benchmark
uses at 100,000 people), at a demo's size; its courses are kept unpublished, so the public
catalogue shows only the demo's own courses while the reports count the synthetic history.
Idempotent: a second run finds the synthetic data and adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from cursos.models import CursosIndexPage, Municipio
from red import roles, sinteticos
from red import services as red_services
from red.models import EnlaceMunicipal

SEMILLA = 2026
VOLUMENES = sinteticos.Volumenes(
    participantes=600,
    modulos_completados=6_000,
    intentos=1_200,
    certificados=240,
    embajadores=110,
)
# The demo liaison follows two municipalities of the Valle de Toluca.
MUNICIPIOS_DEL_ENLACE = ["15106", "15054"]  # Toluca, Metepec


def personal_asegurar(usuarios: dict) -> None:
    """The coordinator and the liaison in their roles (the accounts exist already)."""
    grupos = roles.roles_asegurar()
    usuarios["coordinacion"].groups.add(grupos[roles.COORDINACION])
    enlace = usuarios["enlace"]
    enlace.groups.add(grupos[roles.ENLACE_MUNICIPAL])
    for clave in MUNICIPIOS_DEL_ENLACE:
        municipio = Municipio.objects.get(clave_inegi=clave)
        if not EnlaceMunicipal.objects.filter(usuario=enlace, municipio=municipio).exists():
            red_services.enlace_asignar(usuario=enlace, municipio=municipio)


def historial_asegurar() -> sinteticos.Resumen | None:
    """The synthetic public servants and their records, once."""
    if sinteticos.hay_sinteticos():
        return None
    resumen = sinteticos.generar(semilla=SEMILLA, volumenes=VOLUMENES, informar=lambda _t: None)
    catalogo = CursosIndexPage.objects.get(slug=sinteticos.SLUG_CATALOGO)
    catalogo.get_descendants(inclusive=True).update(live=False)
    return resumen


def aprendiz_embajadora(aprendiz) -> None:
    """The demo learner is Toluca's ambassador and appears in the public directory."""
    participante = aprendiz.participante
    if not participante.designaciones.exists():
        red_services.embajador_designar(
            participante=participante,
            cargo="Embajadora Climática de Toluca",
            designado_en=dt.date(2025, 3, 10),
        )
    red_services.consentimiento_otorgar(participante=participante)


def cuentas_de_personal() -> list[tuple[str, str, str]]:
    Usuario = get_user_model()
    return [
        (u.username, u.email, u.get_full_name())
        for u in Usuario.objects.filter(username__in=["coordinacion", "enlace"]).order_by(
            "username"
        )
    ]
