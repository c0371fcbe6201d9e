"""Demo data of privacy: the notice's first published version (every demo account with a
profile has consented to it) and a few ARCO requests from synthetic people of the Red, one of
them overdue, so the Coordinación's listing shows deadlines, states and the overdue mark."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from cursos.models import Participante
from privacidad import plazos, roles, services
from privacidad.models import AvisoPrivacidad, OrigenConsentimiento, SolicitudArco, TipoSolicitud

TEXTO_AVISO = """
<h2>Responsable</h2>
<p>El Instituto Estatal de Energía y Cambio Climático del Estado de México trata los datos
personales que proporcionas en Aula Climática.</p>
<h2>Finalidades</h2>
<ul><li>Registrar tu participación, avance y resultados en los cursos.</li>
<li>Emitir tus constancias y permitir que cualquiera los verifique.</li>
<li>Elaborar las cifras de la Red de Embajadores Climáticos por municipio, sin
identificarte.</li></ul>
<h2>Datos que tratamos</h2>
<p>Nombre completo, correo electrónico, municipio, dependencia o área, cargo, tipo de
participante y, si la das, tu CURP.</p>
<h2>Tus derechos ARCO</h2>
<p>Desde «Mi perfil» → «Tus datos y tus derechos» descargas tus datos, pides su rectificación,
la cancelación de tu cuenta o te opones a un uso. Te respondemos en un máximo de 20 días
hábiles.</p>
"""

# (synthetic person's position in the listing, right, business days since receipt, detail)
SOLICITUDES = [
    (0, TipoSolicitud.OPOSICION, 3, "No deseo que mi cargo aparezca en los informes municipales."),
    (1, TipoSolicitud.CANCELACION, 24, "Ya no trabajo en el ayuntamiento; cierren mi cuenta."),
    (2, TipoSolicitud.RECTIFICACION, 8, "Mi segundo apellido lleva acento: Pérez."),
]


def aviso_asegurar(usuarios: dict) -> AvisoPrivacidad:
    """Publish version 1 once; the demo accounts with a profile have consented to it."""
    roles.permisos_asegurar()
    aviso = AvisoPrivacidad.objects.vigente()
    if aviso is None:
        aviso = AvisoPrivacidad.objects.create(
            version=1,
            titulo="Aviso de privacidad integral de Aula Climática",
            resumen_cambios="Primera versión publicada en línea.",
            texto=TEXTO_AVISO,
            live=False,
        )
        aviso.save_revision().publish()
        aviso.refresh_from_db()
    for usuario in usuarios.values():
        if Participante.objects.filter(usuario=usuario).exists():
            services.consentimiento_otorgar(
                usuario=usuario, aviso=aviso, origen=OrigenConsentimiento.PERFIL
            )
    return aviso


def _habiles_atras(hoy: dt.date, dias: int) -> dt.date:
    dia, contados = hoy, 0
    while contados < dias:
        dia -= dt.timedelta(days=1)
        contados += plazos.es_habil(dia)
    return dia


def solicitudes_asegurar() -> int:
    """A few requests from synthetic participants, received some business days ago (once)."""
    if SolicitudArco.objects.exists():
        return SolicitudArco.objects.count()
    personas = list(
        Participante.objects.filter(usuario__is_active=True, usuario__email__endswith=".invalid")
        .select_related("usuario")
        .order_by("pk")[: len(SOLICITUDES)]
    )
    hoy = timezone.localdate()
    with transaction.atomic():
        for indice, tipo, dias, detalle in SOLICITUDES:
            if indice >= len(personas):
                break
            solicitud = services.solicitud_crear(
                usuario=personas[indice].usuario, tipo=tipo, detalle=detalle
            )
            recibida = _habiles_atras(hoy, dias)
            momento = timezone.make_aware(dt.datetime.combine(recibida, dt.time(10, 30)))
            SolicitudArco.objects.filter(pk=solicitud.pk).update(
                recibida_en=momento, vence_el=plazos.fecha_limite(recibida)
            )
    return SolicitudArco.objects.count()
