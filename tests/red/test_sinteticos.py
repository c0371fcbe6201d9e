"""The synthetic data generator on a tiny scale: volumes, constraints, seed, removal."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min

from certificados.codigos import codigo_normalizar
from certificados.models import Certificado
from cursos import selectors as cursos_selectors
from cursos.models import (
    CursoPage,
    CursosIndexPage,
    Inscripcion,
    ModuloCompletado,
    ModuloPage,
    Participante,
)
from evaluaciones.models import Intento
from red import sinteticos
from red.models import ConsentimientoDirectorio, Embajador
from tests import factories

pytestmark = pytest.mark.django_db

HASTA = dt.datetime(2026, 6, 15, 18, 0, tzinfo=dt.UTC)
ESCALA = 0.01


def _generar(semilla=11, escala=ESCALA):
    return sinteticos.generar(semilla=semilla, escala=escala, hasta=HASTA, informar=lambda _: None)


def test_volumenes_proporcionales_a_la_escala():
    resumen = _generar()

    usuarios = sinteticos.usuarios_sinteticos()
    assert usuarios.count() == Participante.objects.count() == 1_000
    assert ModuloCompletado.objects.count() == 10_000
    assert Intento.objects.count() == 2_000
    assert Certificado.objects.count() == 500
    assert Embajador.objects.count() == 5
    assert resumen.conteos["modulos_completados"] == 10_000
    # Real pages of the tree: 10 live courses of 5 to 7 modules under their own catalogue.
    catalogo = CursosIndexPage.objects.get(slug=sinteticos.SLUG_CATALOGO)
    cursos = CursoPage.objects.child_of(catalogo).live()
    assert cursos.count() == 10
    assert all(5 <= ModuloPage.objects.child_of(c).live().count() <= 7 for c in cursos)
    # Nobody can sign in as a synthetic person, and no mail can reach one.
    assert not any(u.has_usable_password() for u in usuarios)
    assert all(u.email.endswith("@sintetico.invalid") for u in usuarios)

    # People are spread like the population: Ecatepec first, the big ones on top.
    por_clave = Counter(Participante.objects.values_list("municipio__clave_inegi", flat=True))
    mayores = [clave for clave, _ in por_clave.most_common(3)]
    assert mayores[0] == "15033"
    assert set(mayores) <= {"15033", "15058", "15106", "15057", "15031", "15104"}
    assert por_clave["15033"] > 20 * por_clave.get("15066", 0)  # Otzoloapan
    assert len(set(Participante.objects.values_list("tipo", flat=True))) == 4


def test_volumenes_escalan():
    _generar(escala=0.005)

    assert Participante.objects.count() == 500
    assert ModuloCompletado.objects.count() == 5_000
    assert Intento.objects.count() == 1_000
    assert Certificado.objects.count() == 250


def test_registros_coherentes_y_restricciones():
    _generar()
    inicio = HASTA - dt.timedelta(days=3 * 365)

    fechas = Inscripcion.objects.aggregate(Min("inscrito_en"), Max("completado_en"))
    assert fechas["inscrito_en__min"] >= inicio
    assert fechas["completado_en__max"] < HASTA

    # A completion never precedes the enrolment, a course's completion never precedes its
    # last module, a certificate never precedes its course.
    for m in ModuloCompletado.objects.select_related("inscripcion")[:2_000]:
        assert m.completado_en >= m.inscripcion.inscrito_en
    completas = Inscripcion.objects.filter(completado_en__isnull=False).annotate(
        ultimo=Max("modulos_completados__completado_en")
    )
    assert all(i.completado_en >= i.ultimo for i in completas)
    certificados = Certificado.objects.all()
    completado = {(i.usuario_id, i.curso_id): i.completado_en for i in Inscripcion.objects.all()}
    for c in certificados:
        assert c.emitido_en >= completado[(c.usuario_id, c.curso_id)]
        assert codigo_normalizar(c.codigo) == c.codigo  # right alphabet and check symbol
        assert c.folio.endswith(f"-{c.anio}-{c.numero:06d}")
    assert certificados.values("folio").distinct().count() == 500
    # 498 completed courses; 5 certificates revoked, 2 replaced by a corrected one.
    estados = Counter(certificados.values_list("estado", flat=True))
    assert estados == {"valido": 493, "revocado": 5, "reemplazado": 2}
    assert not (
        certificados.filter(estado="valido")
        .values("usuario", "curso")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .exists()
    )
    assert all(c.reemplaza.estado == "reemplazado" for c in certificados.exclude(reemplaza=None))

    # Attempts are numbered 1, 2, 3 per learner and quiz, without gaps, graded consistently.
    for n, mayor in (
        Intento.objects.values("usuario", "evaluacion")
        .annotate(n=Count("pk"), mayor=Max("numero"))
        .values_list("n", "mayor")
    ):
        assert n == mayor <= 3
    for intento in Intento.objects.all()[:300]:
        assert intento.estado == "entregado"
        aciertos = sum(1 for r in intento.resultado.values() if r["obtenidos"] == "1.00")
        assert intento.aprobado == (intento.porcentaje >= intento.porcentaje_aprobatorio)
        assert intento.puntaje == aciertos
        assert set(intento.respuestas) == {p["clave"] for p in intento.preguntas}

    # What the site itself computes agrees with each enrolment's completion: every module
    # and the final quiz passed if and only if the enrolment is complete.
    for inscripcion in Inscripcion.objects.select_related("curso", "usuario").order_by("pk")[::12]:
        progreso = cursos_selectors.progreso(
            inscripcion=inscripcion,
            modulos=cursos_selectors.modulos_del_curso(curso=inscripcion.curso),
            actividades=cursos_selectors.actividades_del_curso(
                usuario=inscripcion.usuario, curso=inscripcion.curso
            ),
        )
        assert progreso.completo == (inscripcion.completado_en is not None), inscripcion.pk

    for embajador in Embajador.objects.select_related("participante"):
        assert embajador.participante.municipio_id == embajador.municipio_id
        assert embajador.concluido_en is None or embajador.concluido_en >= embajador.designado_en
    assert all(
        c.participante.designaciones.filter(concluido_en=None).exists()
        for c in ConsentimientoDirectorio.objects.select_related("participante")
    )


def test_un_certificado_real_sigue_la_numeracion(curso_y_modulos, completar):
    _generar(escala=0.002)
    curso, modulos = curso_y_modulos
    persona = factories.participante()
    ultimo = Certificado.objects.filter(anio=2026).aggregate(m=Max("numero"))["m"]

    inscripcion = completar(persona, curso, modulos)

    certificado = Certificado.objects.get(usuario=persona, curso=inscripcion.curso)
    assert (certificado.anio, certificado.numero) != (2026, ultimo)
    if certificado.anio == 2026:
        assert certificado.numero == ultimo + 1


def test_misma_semilla_mismos_datos():
    _generar(semilla=5, escala=0.003)
    primera = sinteticos.huella()
    sinteticos.borrar(informar=lambda _: None)
    assert not sinteticos.hay_sinteticos()

    _generar(semilla=5, escala=0.003)
    assert sinteticos.huella() == primera

    sinteticos.borrar(informar=lambda _: None)
    _generar(semilla=6, escala=0.003)
    assert sinteticos.huella() != primera


def test_borrar_deja_a_las_personas_reales(curso_y_modulos, completar, designar):
    curso, modulos = curso_y_modulos
    real = factories.participante(nombre_completo="Rosa Real")
    completar(real, curso, modulos)
    designar(real)
    _generar(escala=0.002)
    assert Participante.objects.count() == 201

    borrados = sinteticos.borrar(informar=lambda _: None)

    assert borrados["cursos.Participante"] == 200
    assert list(Participante.objects.values_list("nombre_completo", flat=True)) == ["Rosa Real"]
    assert get_user_model().objects.get() == real
    assert Inscripcion.objects.get().usuario == real
    assert ModuloCompletado.objects.count() == len(modulos)
    assert Certificado.objects.get().usuario == real
    assert Embajador.objects.get().participante.usuario == real
    assert not CursosIndexPage.objects.filter(slug=sinteticos.SLUG_CATALOGO).exists()
    assert CursoPage.objects.get() == curso


def test_comando():
    salida = io.StringIO()
    call_command(
        "generar_datos_sinteticos",
        "--semilla",
        "3",
        "--escala",
        "0.002",
        "--hasta",
        "2026-06-15",
        stdout=salida,
    )
    assert "participantes" in salida.getvalue() and "Listo en" in salida.getvalue()
    assert Participante.objects.count() == 200

    with pytest.raises(CommandError, match="Ya hay datos sintéticos"):
        call_command("generar_datos_sinteticos", "--semilla", "3", "--escala", "0.002")
    with pytest.raises(CommandError, match="escala"):
        call_command("generar_datos_sinteticos", "--semilla", "3", "--escala", "0")
    with pytest.raises(CommandError, match="--semilla"):
        call_command("generar_datos_sinteticos")

    call_command("generar_datos_sinteticos", "--borrar", stdout=io.StringIO())
    assert not sinteticos.hay_sinteticos()
