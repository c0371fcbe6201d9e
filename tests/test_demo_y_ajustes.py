"""The demo command, the page tree editors may build, the admin in Spanish, production settings."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Revision

from certificados import firma
from certificados.models import Certificado, PlantillaCertificado
from cursos.models import (
    CursoPage,
    CursosIndexPage,
    Inscripcion,
    ModuloCompletado,
    ModuloPage,
    Participante,
)
from evaluaciones.models import (
    EstadoIntento,
    Evaluacion,
    Intento,
    ModoMultiple,
    Opcion,
    Pregunta,
    PreguntaDeEvaluacion,
    TipoPregunta,
)
from inicio.models import HomePage
from tests import factories

RAIZ = Path(__file__).resolve().parent.parent


def _conteos():
    return {
        modelo.__name__: modelo.objects.count()
        for modelo in (
            CursosIndexPage,
            CursoPage,
            ModuloPage,
            Inscripcion,
            ModuloCompletado,
            Participante,
            get_user_model(),
            Pregunta,
            Opcion,
            Evaluacion,
            PreguntaDeEvaluacion,
            Intento,
            Revision,
            Certificado,
            PlantillaCertificado,
        )
    }


@pytest.mark.django_db
def test_la_demo_corre_dos_veces_sin_errores_ni_duplicados(client):
    call_command("cargar_demo", stdout=io.StringIO())
    primera = _conteos()
    salida = io.StringIO()
    call_command("cargar_demo", stdout=salida)
    assert _conteos() == primera
    # The demo's own content; the synthetic history of the Red (red.sinteticos) comes on top.
    sinteticos = {"usuario__username__startswith": "sintetico-"}
    assert CursoPage.objects.live().count() == 3
    assert ModuloPage.objects.live().count() >= 10
    assert Evaluacion.objects.exclude(curso__slug__startswith="sintetico-").count() == 2
    assert Intento.objects.exclude(**sinteticos).count() == 3
    assert Certificado.objects.exclude(**sinteticos).count() == 2
    embajador = CursoPage.objects.get(title="Funciones y compromisos del Embajador Climático")
    assert {t.name for t in embajador.tags.all()} >= {"ODS 6", "Agua"}
    aprendiz = get_user_model().objects.get(username="aprendiz")
    inscripcion = Inscripcion.objects.get(usuario=aprendiz, curso=embajador)
    assert inscripcion.modulos_completados.count() == 2
    # The final quiz is passed, but two required modules are still to do.
    assert not inscripcion.completado
    # The demo learner can log in with the printed password and sees their progress, which
    # counts the required quiz as one more step.
    assert client.login(username="aprendiz", password="aula-demo-2026")
    respuesta = client.get("/aprendizaje/mis-cursos/")
    assert "3 de 5 pasos obligatorios (60\u00a0%)" in respuesta.text
    assert "Módulos obligatorios: 2 de 4 · evaluaciones aprobadas: 1 de 1" in respuesta.text
    texto = salida.getvalue()
    for evaluacion in Evaluacion.objects.exclude(curso__slug__startswith="sintetico-"):
        assert f"/aprendizaje/evaluaciones/{evaluacion.pk}/" in texto
    assert "3 de 5 pasos obligatorios (60 %); evaluación final aprobada" in texto


@pytest.mark.django_db
def test_la_demo_deja_una_constancia_valida_y_otra_revocada(client):
    salida = io.StringIO()
    call_command("cargar_demo", stdout=salida)
    aprendiz = get_user_model().objects.get(username="aprendiz")
    valido = Certificado.objects.get(usuario=aprendiz, estado="valido")
    revocado = Certificado.objects.get(usuario=aprendiz, estado="revocado")
    assert valido.listo and revocado.motivo_revocacion
    texto = salida.getvalue()
    assert f"constancia válida:   http://127.0.0.1:8000{valido.get_absolute_url()}" in texto
    assert f"constancia revocada: http://127.0.0.1:8000{revocado.get_absolute_url()}" in texto
    assert "Válida" in client.get(valido.get_absolute_url()).text
    pagina = client.get(revocado.get_absolute_url()).text
    assert "Revocada" in pagina and revocado.motivo_revocacion in pagina
    # The default template has two signatories with signature images, printed in the PDF.
    plantilla = PlantillaCertificado.objects.get(curso__isnull=True)
    assert [f.firmante.firma_id is not None for f in plantilla.firmas.all()] == [True, True]
    assert [f["nombre"] for f in valido.datos["firmantes"]] == [
        f.firmante.nombre for f in plantilla.firmas.all()
    ]


@pytest.mark.django_db
def test_la_demo_trae_evaluaciones_finales_publicadas_con_su_banco_de_preguntas():
    call_command("cargar_demo", stdout=io.StringIO())
    for evaluacion in Evaluacion.objects.exclude(curso__slug__startswith="sintetico-"):
        assert evaluacion.live and evaluacion.live_revision_id is not None
        assert evaluacion.es_final and evaluacion.obligatoria
        assert evaluacion.porcentaje_aprobatorio == 70
        assert evaluacion.intentos_maximos == 3
        preguntas = [item.pregunta for item in evaluacion.items.select_related("pregunta")]
        assert 6 <= len(preguntas) <= 8
        assert {p.tipo for p in preguntas} == set(TipoPregunta.values)
        assert any(
            p.tipo == TipoPregunta.MULTIPLE and p.modo_multiple == ModoMultiple.PARCIAL
            for p in preguntas
        )
        for pregunta in preguntas:
            assert pregunta.explicacion
            assert set(pregunta.tags.names()) & {
                "Adaptación",
                "Mitigación",
                "Agua",
                "Gobierno municipal",
            }
            opciones = list(pregunta.opciones.all())
            assert opciones and all(o.retroalimentacion for o in opciones)
            assert any(o.correcta for o in opciones)
    # Between them, the two quizzes show every rule a demo should.
    embajador, adaptacion = (
        Evaluacion.objects.get(curso__slug=slug)
        for slug in (
            "funciones-y-compromisos-del-embajador-climatico",
            "adaptacion-y-mitigacion-para-municipios",
        )
    )
    assert (embajador.revision, adaptacion.revision) == ("inmediata", "al_terminar")
    assert embajador.barajar_opciones and embajador.limite_minutos is None
    assert adaptacion.limite_minutos == 15
    assert adaptacion.preguntas_por_intento == 5 < adaptacion.items.count()


@pytest.mark.django_db
def test_la_aprendiz_de_la_demo_reprobo_y_luego_aprobo_la_evaluacion_final(client):
    call_command("cargar_demo", stdout=io.StringIO())
    aprendiz = get_user_model().objects.get(username="aprendiz")
    embajador = CursoPage.objects.get(slug="funciones-y-compromisos-del-embajador-climatico")
    evaluacion = Evaluacion.objects.get(curso=embajador)
    intentos = list(
        Intento.objects.filter(usuario=aprendiz, evaluacion=evaluacion).order_by("numero")
    )
    assert [(i.evaluacion_id, i.numero, i.estado, i.aprobado) for i in intentos] == [
        (evaluacion.pk, 1, EstadoIntento.ENTREGADO, False),
        (evaluacion.pk, 2, EstadoIntento.ENTREGADO, True),
    ]
    reprobado, aprobado = intentos
    assert 0 < reprobado.porcentaje < 70
    assert aprobado.porcentaje == 100
    # Graded from what was asked: every question of the pool, each with an answer.
    assert set(reprobado.respuestas) == {p["clave"] for p in reprobado.preguntas}
    assert len(reprobado.preguntas) == evaluacion.items.count()

    assert client.login(username="aprendiz", password="aula-demo-2026")
    pagina = client.get(f"/aprendizaje/evaluaciones/{evaluacion.pk}/")
    assert "Aprobada: tu calificación es 100\u00a0%." in pagina.text
    assert "2 de 3 usados; te queda 1" in pagina.text
    resultado = client.get(f"/aprendizaje/evaluaciones/intentos/{reprobado.pk}/resultado/")
    assert "No aprobado" in resultado.text
    assert "Parcialmente correcta" in resultado.text  # the review is shown right away
    assert "Completaste el curso" not in resultado.text


@pytest.mark.django_db
def test_los_editores_solo_pueden_armar_arboles_validos():
    inicio = HomePage.objects.get()
    catalogo = factories.CursosIndexPageFactory(parent=inicio)
    curso = factories.CursoPageFactory(parent=catalogo)
    assert CursosIndexPage.can_create_at(inicio)
    assert CursoPage.can_create_at(catalogo)
    assert not CursoPage.can_create_at(inicio)
    assert ModuloPage.can_create_at(curso)
    assert not ModuloPage.can_create_at(catalogo)
    assert not ModuloPage.can_create_at(inicio)
    assert CursoPage.allowed_subpage_models() == [ModuloPage]
    assert ModuloPage.allowed_subpage_models() == []


@pytest.mark.django_db
def test_no_se_borra_un_curso_con_historial_de_aprendizaje(admin_client, curso_y_modulos):
    from cursos import services

    curso, modulos = curso_y_modulos
    aprendiz = factories.participante()
    services.inscripcion_crear(usuario=aprendiz, curso=curso)
    services.modulo_completar(usuario=aprendiz, modulo=modulos[0])
    respuesta = admin_client.post(f"/admin/pages/{curso.pk}/delete/", follow=True)
    assert "no puede eliminarse" in respuesta.text
    assert CursoPage.objects.filter(pk=curso.pk).exists()
    # A course nobody took can still be deleted.
    vacio, _ = factories.curso_con_modulos(1, catalogo=curso.get_parent())
    admin_client.post(f"/admin/pages/{vacio.pk}/delete/")
    assert not CursoPage.objects.filter(pk=vacio.pk).exists()


@pytest.mark.django_db
def test_el_admin_muestra_el_historial_en_espanol_y_sin_poder_editarlo(admin_client, aprendiz):
    respuesta = admin_client.get("/admin/aprendizaje/participantes/")
    assert respuesta.status_code == 200
    assert "Ana López Martínez" in respuesta.text
    assert "Se necesita JavaScript para usar Wagtail" in respuesta.text  # Wagtail in Spanish
    participante = Participante.objects.get(usuario=aprendiz)
    editar = admin_client.get(f"/admin/aprendizaje/participantes/edit/{participante.pk}/")
    assert editar.status_code in (302, 403)
    borrar = admin_client.post(f"/admin/aprendizaje/participantes/delete/{participante.pk}/")
    assert borrar.status_code in (302, 403)
    assert Participante.objects.filter(pk=participante.pk).exists()
    csv = admin_client.get("/admin/aprendizaje/participantes/?export=csv")
    contenido = b"".join(csv.streaming_content).decode()
    assert "Ana López Martínez" in contenido and "Toluca" in contenido


PRODUCCION = {
    "SECRET_KEY": "x" * 20 + "una-clave-larga-y-aleatoria-de-produccion-0123456789",
    "ALLOWED_HOSTS": "aula.example.gob.mx",
    "DATABASE_URL": "sqlite:///:memory:",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "WAGTAILADMIN_BASE_URL": "https://aula.example.gob.mx",
}


def _manage(*args, **entorno):
    quitar = ("SECRET_KEY", "DATABASE_URL", "CERTIFICADOS_CLAVE_PRIVADA", "REDIS_URL")
    env = {k: v for k, v in os.environ.items() if k not in quitar}
    env.setdefault("CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO", "/no/existe/certificados.pem")
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", **entorno)
    return subprocess.run(  # noqa: S603 - fixed argv, our own manage.py
        [sys.executable, str(RAIZ / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_sin_redis_la_sesion_y_el_usuario_se_leen_de_la_base():
    """Without a shared cache, gunicorn's workers each keep their own: a session or a user
    cached in one would outlive a sign-out or a deactivation served by another."""
    leer = (
        "from django.conf import settings as s; print(s.SESSION_ENGINE); "
        "print('inicio.usuarios.AuthenticationMiddlewareEnCache' in s.MIDDLEWARE); "
        "print('django.contrib.auth.middleware.AuthenticationMiddleware' in s.MIDDLEWARE)"
    )
    sin_redis = {k: v for k, v in PRODUCCION.items() if k != "REDIS_URL"}
    sin = _manage("shell", "-v", "0", "-c", leer, **sin_redis)
    assert sin.returncode == 0, sin.stderr
    assert sin.stdout.split() == ["django.contrib.sessions.backends.db", "False", "True"]
    con = _manage("shell", "-v", "0", "-c", leer, **PRODUCCION)
    assert con.returncode == 0, con.stderr
    assert con.stdout.split() == ["django.contrib.sessions.backends.cached_db", "True", "False"]


def test_produccion_no_arranca_sin_secret_key():
    resultado = _manage("check", DATABASE_URL="sqlite:///:memory:")
    assert resultado.returncode != 0
    assert "SECRET_KEY no está definida" in resultado.stderr


def test_produccion_pasa_check_deploy():
    clave = firma.clave_generar_pem().decode()
    resultado = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        CERTIFICADOS_CLAVE_PRIVADA=clave,
        **PRODUCCION,
    )
    assert resultado.returncode == 0, resultado.stderr + resultado.stdout


def test_produccion_no_arranca_sin_clave_de_firma_pero_puede_crearla(tmp_path):
    resultado = _manage("check", **PRODUCCION)
    assert resultado.returncode != 0
    assert "No hay clave para firmar certificados" in resultado.stderr
    archivo = tmp_path / "claves" / "certificados.pem"
    creada = _manage(
        "crear_clave_certificados", **PRODUCCION, CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO=str(archivo)
    )
    assert creada.returncode == 0, creada.stderr
    con_clave = _manage("check", **PRODUCCION, CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO=str(archivo))
    assert con_clave.returncode == 0, con_clave.stderr


def test_produccion_exige_una_url_publica_https_para_los_certificados():
    clave = firma.clave_generar_pem().decode()
    entorno = {**PRODUCCION, "WAGTAILADMIN_BASE_URL": "http://127.0.0.1:8000"}
    resultado = _manage("check", "--deploy", CERTIFICADOS_CLAVE_PRIVADA=clave, **entorno)
    assert resultado.returncode != 0
    assert "certificados.E002" in resultado.stderr


@pytest.mark.postgres
def test_produccion_pasa_check_deploy_sobre_postgresql():
    """Wagtail's search index has a GinIndex: on PostgreSQL, Django 6.1 refuses it without
    django.contrib.postgres (postgres.E005), which would stop `check` and `migrate`."""
    clave = firma.clave_generar_pem().decode()
    entorno = {**PRODUCCION, "DATABASE_URL": os.environ["DATABASE_URL"]}
    resultado = _manage(
        "check", "--deploy", "--fail-level=WARNING", CERTIFICADOS_CLAVE_PRIVADA=clave, **entorno
    )
    assert resultado.returncode == 0, resultado.stderr + resultado.stdout


@pytest.mark.django_db
def test_la_demo_trae_la_red_con_personal_embajadores_e_historial(client):
    """Coordinator and liaison in their roles, a few hundred public servants with three years
    of history across many municipalities, most municipalities integrated, the demo learner
    in the public directory; the synthetic courses stay out of the public catalogue."""
    from red import roles
    from red.models import Embajador, EnlaceMunicipal
    from red.selectors import cifras_por_municipio

    salida = io.StringIO()
    call_command("cargar_demo", stdout=salida)
    texto = salida.getvalue()
    Usuario = get_user_model()
    coordinacion = Usuario.objects.get(username="coordinacion")
    enlace = Usuario.objects.get(username="enlace")
    assert coordinacion.groups.filter(name=roles.COORDINACION).exists()
    assert enlace.groups.filter(name=roles.ENLACE_MUNICIPAL).exists()
    assert sorted(
        EnlaceMunicipal.objects.filter(usuario=enlace).values_list("municipio__nombre", flat=True)
    ) == ["Metepec", "Toluca"]
    for cuenta in ("coordinacion@aula.example", "enlace@aula.example"):
        assert cuenta in texto
    assert "/red/cifras/" in texto

    filas = cifras_por_municipio()
    con_gente = [f for f in filas if f.participantes]
    assert sum(f.participantes for f in filas) >= 600
    assert len(con_gente) >= 80
    assert sum(f.integrado for f in filas) >= 80
    assert sum(f.capacitados for f in filas) >= 100
    maria = Embajador.objects.get(participante__usuario__username="aprendiz")
    assert maria.activo and maria.municipio.nombre == "Toluca"

    assert client.login(username="coordinacion", password="aula-demo-2026")
    # The password alone does not open the admin: the demo's staff have a second factor.
    assert client.get("/admin/").status_code == 302
    client.logout()
    from tests.cuentas import codigo, secreto_de

    client.post(
        "/cuentas/login/", {"login": "coordinacion@aula.example", "password": "aula-demo-2026"}
    )
    coordinacion = get_user_model().objects.get(username="coordinacion")
    client.post("/cuentas/2fa/authenticate/", {"code": codigo(secreto_de(coordinacion))})
    assert client.get("/admin/").status_code == 200
    assert "María Guadalupe Hernández Ruiz" in client.get("/red/directorio/").text
    client.logout()
    catalogo = client.get("/cursos/")
    assert catalogo.status_code == 200
    assert "Financiamiento climático municipal" not in catalogo.text


@pytest.mark.django_db
def test_el_personal_de_la_demo_entra_al_admin_con_el_segundo_paso_impreso():
    """Staff need a second factor: the demo gives its staff accounts one and prints how to
    use it, so a person trying `make demo` can reach the admin."""
    import re

    from django.core.management.base import CommandError
    from django.test import Client, override_settings

    from tests.cuentas import codigo

    salida = io.StringIO()
    call_command("cargar_demo", stdout=salida)
    texto = salida.getvalue()
    claves = dict(re.findall(r"^  (\w+) .*\n\s+segundo paso: clave TOTP (\w+)", texto, re.M))
    recuperacion = dict(
        re.findall(r"^  (\w+) .*\n\s+segundo paso: .* código de recuperación (\w+)", texto, re.M)
    )
    assert set(claves) == {"admin", "editora", "coordinacion", "enlace"}
    for usuario, secreto in claves.items():
        cliente = Client()
        entrada = cliente.post(
            "/cuentas/login/", {"login": f"{usuario}@aula.example", "password": "aula-demo-2026"}
        )
        assert entrada["Location"] == "/cuentas/2fa/authenticate/", usuario
        cliente.post("/cuentas/2fa/authenticate/", {"code": codigo(secreto)})
        assert cliente.get("/admin/").status_code == 200, usuario
    # A recovery code works too (once).
    cliente = Client()
    cliente.post("/cuentas/login/", {"login": "enlace@aula.example", "password": "aula-demo-2026"})
    cliente.post("/cuentas/2fa/authenticate/", {"code": recuperacion["enlace"]})
    assert cliente.get("/admin/").status_code == 200
    # The same keys on a second run; the learner has no second factor.
    otra = io.StringIO()
    call_command("cargar_demo", stdout=otra)
    assert (
        dict(re.findall(r"^  (\w+) .*\n\s+segundo paso: clave TOTP (\w+)", otra.getvalue(), re.M))
        == claves
    )
    # The command that shows the current code is for the demo only.
    with pytest.raises(CommandError, match="solo para la demostración"):
        call_command("codigo_totp_demo", "admin", stdout=io.StringIO())
    with override_settings(DEBUG=True):
        actual = io.StringIO()
        call_command("codigo_totp_demo", "admin", stdout=actual)
        assert actual.getvalue().strip() == codigo(claves["admin"])
        with pytest.raises(CommandError, match="no tiene"):
            call_command("codigo_totp_demo", "aprendiz", stdout=io.StringIO())
