"""Certificates hold their rules when requests and workers race (real threads, PostgreSQL).

One valid certificate per learner and course rests on the enrolment row lock taken by the
issuing service and, behind it, on a partial unique constraint; folios come from a per-year
counter row locked while a number is taken. SQLite serialises every write, so these prove
something only on PostgreSQL: they run in CI's PostgreSQL leg.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from certificados import services, tasks
from certificados.models import Certificado, EstadoCertificado
from cursos import services as cursos_services
from cursos.models import Inscripcion, ModuloPage
from tests import factories
from tests.hilos import en_paralelo, excepciones

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HILOS = 8


def _casi_completo(usuario, curso, modulos):
    """Enrolled, every module but the last done: the next completion finishes the course."""
    cursos_services.inscripcion_crear(usuario=usuario, curso=curso)
    for modulo in modulos[:-1]:
        cursos_services.modulo_completar(usuario=usuario, modulo=modulo)
    return Inscripcion.objects.get(usuario=usuario, curso=curso)


def test_completar_el_mismo_curso_en_paralelo_emite_un_certificado(aprendiz, curso_y_modulos):
    curso, modulos = curso_y_modulos
    _casi_completo(aprendiz, curso, modulos)
    ultimo = modulos[-1].pk

    def completar():
        usuario = get_user_model().objects.get(pk=aprendiz.pk)
        return cursos_services.modulo_completar(
            usuario=usuario, modulo=ModuloPage.objects.get(pk=ultimo)
        )

    resultados = en_paralelo([completar] * HILOS)
    assert excepciones(resultados) == []
    certificados = Certificado.objects.filter(usuario=aprendiz, curso=curso)
    assert certificados.count() == 1
    assert certificados.get().listo
    assert len(mail.outbox) == 1


def test_la_tarea_repetida_en_paralelo_emite_y_genera_una_vez(aprendiz, curso_y_modulos):
    """Workers given the same job at once (a retried task, a duplicate enqueue)."""
    curso, modulos = curso_y_modulos
    inscripcion = _casi_completo(aprendiz, curso, modulos)
    Inscripcion.objects.filter(pk=inscripcion.pk).update(completado_en=timezone.now())
    mail.outbox.clear()

    resultados = en_paralelo([lambda: tasks.certificado_emitir_tarea.call(inscripcion.pk)] * HILOS)
    assert excepciones(resultados) == []
    certificado = Certificado.objects.get(usuario=aprendiz, curso=curso)
    assert set(resultados) == {certificado.folio}
    assert certificado.listo and len(mail.outbox) == 1


def test_folios_consecutivos_sin_huecos_ni_repetidos(curso_y_modulos):
    curso, modulos = curso_y_modulos
    inscripciones = []
    for i in range(HILOS):
        usuario = factories.participante(nombre_completo=f"Persona {i}")
        inscripcion = _casi_completo(usuario, curso, modulos)
        Inscripcion.objects.filter(pk=inscripcion.pk).update(completado_en=timezone.now())
        inscripciones.append(inscripcion)

    def emitir(pk):
        return lambda: services.certificado_emitir(inscripcion=Inscripcion.objects.get(pk=pk))

    resultados = en_paralelo([emitir(i.pk) for i in inscripciones])
    assert excepciones(resultados) == []
    numeros = sorted(Certificado.objects.values_list("numero", flat=True))
    assert numeros == list(range(numeros[0], numeros[0] + HILOS))
    assert len(set(Certificado.objects.values_list("folio", flat=True))) == HILOS


def test_revocar_y_reemitir_a_la_vez_solo_uno_gana(aprendiz, curso_y_modulos):
    curso, modulos = curso_y_modulos
    inscripcion = _casi_completo(aprendiz, curso, modulos)
    Inscripcion.objects.filter(pk=inscripcion.pk).update(completado_en=timezone.now())
    certificado, _ = services.certificado_emitir(inscripcion=inscripcion)

    def revocar():
        return services.certificado_revocar(
            certificado=Certificado.objects.get(pk=certificado.pk), motivo="Datos erróneos"
        )

    def reemitir():
        return services.certificado_reemitir(certificado=Certificado.objects.get(pk=certificado.pk))

    resultados = en_paralelo([revocar, reemitir] * (HILOS // 2))
    assert all(isinstance(e, services.CertificadoNoVigente) for e in excepciones(resultados))
    # Whatever the order: one revocation at most, exactly one re-issue (a revoked certificate
    # may be re-issued once, a replaced one not), one valid certificate at most.
    revocaciones = [r for r in resultados if isinstance(r, Certificado) and r.pk == certificado.pk]
    nuevos = [r for r in resultados if isinstance(r, Certificado) and r.pk != certificado.pk]
    assert len(revocaciones) <= 1 and len(nuevos) == 1
    assert Certificado.objects.filter(usuario=aprendiz, curso=curso).count() == 2
    assert Certificado.objects.filter(usuario=aprendiz, curso=curso, estado="valido").count() == 1
    certificado.refresh_from_db()
    assert certificado.estado == ("revocado" if revocaciones else "reemplazado")


def test_la_restriccion_sola_impide_dos_validos(aprendiz, curso_y_modulos):
    curso, modulos = curso_y_modulos
    inscripcion = _casi_completo(aprendiz, curso, modulos)
    Inscripcion.objects.filter(pk=inscripcion.pk).update(completado_en=timezone.now())
    original, _ = services.certificado_emitir(inscripcion=inscripcion)
    copia = Certificado(
        usuario=aprendiz,
        curso=curso,
        anio=original.anio,
        numero=original.numero + 1,
        folio=original.folio + "-B",
        codigo="0" * 11 + "0",
        datos=original.datos,
        credencial=original.credencial,
        kid=original.kid,
        emitido_en=original.emitido_en,
        estado=EstadoCertificado.VALIDO,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        copia.save()
