"""Read-side queries of certificates: the learner's, the verifier's and the public keys."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from certificados import firma
from certificados.models import Certificado, ClavePublica
from cursos.models import Inscripcion


def certificados_de(*, usuario):
    """The learner's certificates, newest first, with what their list shows (one query)."""
    return (
        Certificado.objects.de_usuario(usuario)
        .select_related("curso", "reemplazado_por")
        .defer("credencial")
        .order_by("-emitido_en")
    )


def en_proceso_de(*, usuario):
    """Completed enrolments whose certificate has not been issued yet (it is on its way)."""
    if not usuario.is_authenticated:
        return Inscripcion.objects.none()
    return (
        Inscripcion.objects.filter(usuario=usuario, completado_en__isnull=False)
        .exclude(curso__certificados__usuario=usuario)
        .select_related("curso")
        .order_by("-completado_en")
    )


def constancias_por_curso(*, usuario, curso_ids) -> dict[int, dict]:
    """For each of the learner's completed courses in ``curso_ids``: its valid certificate,
    ready to download (``"lista"``) or still being rendered or issued (``"generando"``), in
    one query. A course whose certificate was revoked (and not re-issued) has no entry. The
    answer of the ``cursos_constancias`` hook (cursos.selectors.constancias_de)."""
    from django.urls import reverse

    todas = reverse("certificados:mis_certificados")
    constancias = {curso_id: {"estado": "generando", "todas": todas} for curso_id in curso_ids}
    certificados = (
        Certificado.objects.de_usuario(usuario)
        .filter(curso_id__in=curso_ids)
        .exclude(estado="reemplazado")
        .only("curso_id", "estado", "pdf", "uuid", "codigo")
        .order_by("emitido_en")
    )
    for certificado in certificados:
        if certificado.estado != "valido":
            constancias.pop(certificado.curso_id, None)
            continue
        constancias[certificado.curso_id] = {
            "estado": "lista" if certificado.listo else "generando",
            "descarga": certificado.get_descarga_url(),
            "verificacion": certificado.get_absolute_url(),
            "todas": todas,
        }
    return constancias


def certificado_por_codigo(codigo: str) -> Certificado | None:
    return (
        Certificado.objects.select_related("reemplazado_por", "reemplaza")
        .defer("datos")
        .filter(codigo=codigo)
        .first()
    )


def jwks() -> dict:
    """The JWK Set of every key that has signed certificates, plus the active one."""
    claves = {c.kid: c.jwk for c in ClavePublica.objects.all()}
    try:
        activa = firma.clave_activa()
    except ImproperlyConfigured:
        activa = None
    if activa is not None:
        claves.setdefault(activa.kid, activa.jwk)
    return {"keys": [{**jwk, "kid": kid} for kid, jwk in claves.items()]}


def claves_publicas() -> dict:
    """Public keys by kid, as the verifier uses them."""
    return firma.claves_de_jwks(jwks())


def certificados_que_acreditan(*, en=None):
    """Certificates that make their holder «capacitado» at the instant ``en`` (now if
    ``None``): issued by then and not revoked by then. A replaced certificate still counts
    until its replacement is issued; counting distinct holders hides the overlap."""
    certificados = Certificado.objects.all()
    if en is None:
        return certificados.exclude(estado="revocado")
    return certificados.filter(emitido_en__lte=en).exclude(estado="revocado", revocado_en__lte=en)
