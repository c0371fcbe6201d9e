"""``manage.py emitir_certificados``: every pending certificate issued and rendered, once.

The tests run it in-process (``--procesos 1``): the test database lives in one connection's
transaction, which forked workers could not see. The multi-process path runs against
PostgreSQL in CI's PostgreSQL leg, and end to end in ``bench/certificados.py``.
"""

import hashlib
import io

import pytest
from django.core import mail
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from certificados import services
from certificados.models import Certificado
from cursos import services as cursos_services
from tests import factories


def completar_sin_tarea(usuario, curso, modulos):
    """Complete the course through the services, without running what the commit enqueues
    (the certificate task): a completed enrolment with no certificate, as after an outage."""
    cursos_services.inscripcion_crear(usuario=usuario, curso=curso)
    for modulo in modulos:
        cursos_services.modulo_completar(usuario=usuario, modulo=modulo)
    return curso.inscripciones.get(usuario=usuario)


def emitir(*argumentos, procesos=1):
    salida, errores = io.StringIO(), io.StringIO()
    call_command(
        "emitir_certificados", *argumentos, procesos=procesos, stdout=salida, stderr=errores
    )
    return salida.getvalue(), errores.getvalue()


@pytest.fixture
def tres_pendientes(curso_y_modulos):
    curso, modulos = curso_y_modulos
    usuarios = [
        factories.participante(nombre_completo=nombre)
        for nombre in ("Ana López Martínez", "Bruno Díaz Pérez", "Carmen Ruiz Soto")
    ]
    for usuario in usuarios:
        completar_sin_tarea(usuario, curso, modulos)
    assert not Certificado.objects.exists()
    return curso, usuarios


def test_emite_y_genera_los_certificados_pendientes(
    tres_pendientes, django_capture_on_commit_callbacks
):
    curso, usuarios = tres_pendientes
    with django_capture_on_commit_callbacks(execute=True):
        salida, errores = emitir()

    assert "Certificados emitidos: 3. PDF generados: 3. Errores: 0." in salida
    assert "100%" in errores  # the progress bar, on stderr
    certificados = Certificado.objects.filter(curso=curso)
    assert sorted(c.usuario_id for c in certificados) == sorted(u.pk for u in usuarios)
    assert len({c.folio for c in certificados}) == 3
    for certificado in certificados:
        pdf = certificado.pdf.open("rb").read()
        assert pdf.startswith(b"%PDF-")
        assert hashlib.sha256(pdf).hexdigest() == certificado.sha256
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in usuarios)


def test_repetirlo_no_duplica_ni_cambia_nada(tres_pendientes):
    emitir()
    antes = {c.pk: (c.folio, c.codigo, c.sha256) for c in Certificado.objects.all()}

    salida, _ = emitir()

    assert "No hay certificados pendientes." in salida
    despues = {c.pk: (c.folio, c.codigo, c.sha256) for c in Certificado.objects.all()}
    assert despues == antes and len(despues) == 3


def test_genera_el_pdf_que_falta(aprendiz, curso_y_modulos):
    curso, modulos = curso_y_modulos
    inscripcion = completar_sin_tarea(aprendiz, curso, modulos)
    certificado, _ = services.certificado_emitir(inscripcion=inscripcion)
    assert not certificado.listo

    salida, _ = emitir()

    assert "Certificados emitidos: 0. PDF generados: 1. Errores: 0." in salida
    certificado.refresh_from_db()
    assert certificado.listo and Certificado.objects.count() == 1


def test_solo_el_curso_pedido(tres_pendientes, catalogo, aprendiz):
    curso, _ = tres_pendientes
    otro_curso, modulos = factories.curso_con_modulos(1, catalogo=catalogo)
    completar_sin_tarea(aprendiz, otro_curso, modulos)

    salida, _ = emitir("--curso", str(otro_curso.pk))

    assert "Certificados emitidos: 1." in salida
    assert list(Certificado.objects.values_list("curso_id", flat=True)) == [otro_curso.pk]
    with pytest.raises(CommandError, match="No existe el curso"):
        emitir("--curso", "987654")


def test_un_error_no_detiene_los_demas(tres_pendientes, monkeypatch):
    _, (ana, *_) = tres_pendientes
    pdf_de = services.pdf_de

    def falla_con_ana(certificado):
        if certificado.usuario_id == ana.pk:
            raise RuntimeError("sin fuentes")
        return pdf_de(certificado)

    monkeypatch.setattr(services, "pdf_de", falla_con_ana)
    with pytest.raises(CommandError, match=r"PDF generados: 2\. Errores: 1\.") as error:
        call_command("emitir_certificados", procesos=1, stdout=io.StringIO(), stderr=io.StringIO())
    assert "Vuelve a ejecutar" in str(error.value)
    assert Certificado.objects.count() == 3
    assert Certificado.objects.filter(pdf="").get().usuario_id == ana.pk

    monkeypatch.setattr(services, "pdf_de", pdf_de)
    salida, _ = emitir()
    assert "Certificados emitidos: 0. PDF generados: 1. Errores: 0." in salida
    assert not Certificado.objects.filter(pdf="").exists()


def test_el_error_se_informa_con_lo_que_fallo(tres_pendientes, monkeypatch):
    monkeypatch.setattr(services, "pdf_de", lambda certificado: 1 / 0)
    errores = io.StringIO()
    with pytest.raises(CommandError, match="Errores: 3"):
        call_command("emitir_certificados", procesos=1, stdout=io.StringIO(), stderr=errores)
    assert errores.getvalue().count("ZeroDivisionError") == 3
    assert "Error en la inscripción" in errores.getvalue()


def test_procesos_debe_ser_positivo(db):
    with pytest.raises(CommandError, match="al menos 1"):
        emitir(procesos=0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_en_varios_procesos(curso_y_modulos, monkeypatch, tmp_path):
    """Forked workers, each with its own connection, share the work and store every PDF."""
    monkeypatch.setattr(
        Certificado._meta.get_field("pdf"), "storage", FileSystemStorage(location=tmp_path)
    )
    curso, _ = curso_y_modulos
    for i in range(8):
        usuario = factories.participante(nombre_completo=f"Persona {i}")
        cursos_services.inscripcion_crear(usuario=usuario, curso=curso)
    # Completed outside the services: here every commit is real and would run the task.
    curso.inscripciones.update(completado_en=timezone.now())

    salida, _ = emitir(procesos=2)

    assert "Certificados emitidos: 8. PDF generados: 8. Errores: 0." in salida
    numeros = sorted(Certificado.objects.values_list("numero", flat=True))
    assert numeros == list(range(numeros[0], numeros[0] + 8))
    for certificado in Certificado.objects.all():
        datos = (tmp_path / certificado.pdf.name).read_bytes()
        assert hashlib.sha256(datos).hexdigest() == certificado.sha256
    assert "No hay certificados pendientes." in emitir(procesos=2)[0]
