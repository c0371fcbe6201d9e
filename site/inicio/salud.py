"""``/salud/``: the load balancer's health check.

It answers in at most one query, reads nothing a visitor sends and says nothing about the
machine (no versions, paths, host names or exception text): ``200`` with ``{"estado": "ok"}``
when this host can serve, ``503`` with which check failed otherwise. The checks:

- the database answers;
- the certificate signing key is loaded (``certificados.firma.clave_activa``);
- with ``django-tasks-db``, the oldest task due and not yet taken is younger than
  ``SALUD_ESPERA_MAXIMA_TAREAS`` seconds (default 900; ``0`` reports the age without failing),
  which shows the workers are alive and keeping up.

What failed and why goes to the server's log (logger ``inicio.salud``), never to the response.
"""

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection
from django.db.models import Min
from django.http import JsonResponse
from django.tasks import task_backends
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from certificados import firma

logger = logging.getLogger(__name__)

OK, FALLA, ATRASADA = "ok", "falla", "atrasada"


def espera_maxima_tareas() -> int:
    """Seconds the oldest pending task may wait before the host reports itself unhealthy.
    ``SALUD_ESPERA_MAXIMA_TAREAS``; 0 turns that check off (the age is still reported)."""
    return int(getattr(settings, "SALUD_ESPERA_MAXIMA_TAREAS", 900))


@never_cache
def salud(request):
    if request.method not in ("GET", "HEAD"):
        respuesta = JsonResponse(
            {"estado": "metodo_no_permitido", "detalle": "Esta dirección solo se consulta."},
            status=405,
        )
        respuesta["Allow"] = "GET, HEAD"
        return respuesta

    comprobaciones = {"base_de_datos": OK, "clave_de_firma": _clave_de_firma()}
    cuerpo = {"comprobaciones": comprobaciones}
    backend = task_backends["default"]
    try:
        if isinstance(backend, DatabaseBackend):
            comprobaciones["tareas"] = OK
            # One query answers both: the database is up, and how long the queue has waited.
            mas_antigua = (
                DBTaskResult.objects.ready()
                .filter(backend_name=backend.alias)
                .aggregate(mas_antigua=Min("enqueued_at"))["mas_antigua"]
            )
            espera = 0 if mas_antigua is None else (timezone.now() - mas_antigua).total_seconds()
            cuerpo["tarea_pendiente_mas_antigua_s"] = max(0, round(espera))
            limite = espera_maxima_tareas()
            if limite and espera > limite:
                logger.warning("Salud: la tarea pendiente más antigua espera %d s.", espera)
                comprobaciones["tareas"] = ATRASADA
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Salud: la base de datos no responde.")
        comprobaciones["base_de_datos"] = FALLA
        if "tareas" in comprobaciones:
            comprobaciones["tareas"] = FALLA
    sano = all(valor == OK for valor in comprobaciones.values())
    return JsonResponse({"estado": OK if sano else FALLA, **cuerpo}, status=200 if sano else 503)


def _clave_de_firma() -> str:
    try:
        firma.clave_activa()
    except (ImproperlyConfigured, OSError, ValueError):
        logger.exception("Salud: no hay clave de firma de certificados cargada.")
        return FALLA
    return OK
