"""From "Completaste el curso" to the document: the course page, "Mis cursos" and the quiz's
result page lead to the learner's constancia (download and verification page) once it is
issued, and say it is being generated while the task runs; nothing for a revoked one."""

from django.urls import reverse

from certificados import services
from cursos import services as cursos_services
from cursos.models import Inscripcion
from tests import factories
from tests.evaluaciones.test_intentos import _entregar, _iniciar

MIS_CURSOS = reverse("cursos:mis_cursos")


def test_curso_y_mis_cursos_llevan_a_la_constancia_lista(certificado, cliente_aprendiz):
    for url in (certificado.curso.url, MIS_CURSOS):
        pagina = cliente_aprendiz.get(url).content.decode()
        assert f'href="{certificado.get_descarga_url()}" download' in pagina, url
        assert f'href="{certificado.get_absolute_url()}"' in pagina, url
        assert "Descargar mi constancia (PDF)" in pagina
        assert "se está generando" not in pagina


def test_mientras_se_genera_lo_dice(certificado, cliente_aprendiz):
    certificado.pdf = ""
    certificado.save(update_fields=["pdf"])
    for url in (certificado.curso.url, MIS_CURSOS):
        pagina = cliente_aprendiz.get(url).content.decode()
        assert "Tu constancia se está generando" in pagina, url
        assert certificado.get_descarga_url() not in pagina
        assert f'href="{reverse("certificados:mis_certificados")}"' in pagina


def test_completado_sin_constancia_aun_emitida_tambien_se_esta_generando(
    aprendiz, cliente_aprendiz, curso_y_modulos
):
    """The task has not run yet (no certificate row): the course still says it is coming."""
    curso, modulos = curso_y_modulos
    cursos_services.inscripcion_crear(usuario=aprendiz, curso=curso)
    for modulo in modulos:  # without running the on-commit task
        cursos_services.modulo_completar(usuario=aprendiz, modulo=modulo)
    assert Inscripcion.objects.get(usuario=aprendiz, curso=curso).completado
    assert not aprendiz.certificados.exists()
    assert "Tu constancia se está generando" in cliente_aprendiz.get(curso.url).content.decode()


def test_una_constancia_revocada_no_se_ofrece(certificado, cliente_aprendiz):
    services.certificado_revocar(certificado=certificado, motivo="Emitida por error")
    pagina = cliente_aprendiz.get(certificado.curso.url).content.decode()
    assert certificado.get_descarga_url() not in pagina
    assert "se está generando" not in pagina


def test_nadie_ve_la_constancia_de_otra_persona(certificado, client, otro):
    cursos_services.inscripcion_crear(usuario=otro, curso=certificado.curso)
    client.force_login(otro)
    pagina = client.get(certificado.curso.url).content.decode()
    assert certificado.get_descarga_url() not in pagina
    assert certificado.get_absolute_url() not in pagina


def test_el_resultado_que_completa_el_curso_lleva_a_la_constancia(
    client, aprendiz, curso_y_modulos, django_capture_on_commit_callbacks
):
    """The passing attempt completes the course: its result page says the constancia is
    being generated (the task runs after the commit), then, issued, offers it; and after a
    pass it no longer invites another attempt."""
    curso, modulos = curso_y_modulos
    evaluacion = factories.evaluacion(curso)
    cursos_services.inscripcion_crear(usuario=aprendiz, curso=curso)
    for modulo in modulos:
        cursos_services.modulo_completar(usuario=aprendiz, modulo=modulo)
    client.force_login(aprendiz)
    intento = _iniciar(client, evaluacion)
    with django_capture_on_commit_callbacks(execute=False) as tareas:
        respuesta = _entregar(client, intento, factories.respuestas_correctas(intento))
    texto = client.get(respuesta.url).content.decode()
    assert "Completaste el curso" in texto
    assert "Tu constancia se está generando" in texto
    assert "Ya aprobaste esta evaluación" in texto
    assert "Te queda" not in texto and "Te quedan" not in texto

    for tarea in tareas:  # the certificate task, as the worker would run it
        tarea()
    certificado = aprendiz.certificados.get()
    assert certificado.listo
    texto = client.get(respuesta.url).content.decode()
    assert f'href="{certificado.get_descarga_url()}" download' in texto
    assert "se está generando" not in texto


def test_tras_aprobar_la_evaluacion_no_invita_a_otro_intento(client, aprendiz, curso_y_modulos):
    curso, _modulos = curso_y_modulos
    evaluacion = factories.evaluacion(curso)
    cursos_services.inscripcion_crear(usuario=aprendiz, curso=curso)
    client.force_login(aprendiz)
    intento = _iniciar(client, evaluacion)
    _entregar(client, intento, factories.respuestas_correctas(intento))
    texto = client.get(reverse("evaluaciones:detalle", args=[evaluacion.pk])).content.decode()
    assert "Ya aprobaste: no necesitas otro intento." in texto
    assert "Repetir la evaluación (opcional)" in texto
    assert "Iniciar otro intento" not in texto
