"""The Red's figures per municipality and the headline figures, on small data."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cursos.models import Municipio
from red import selectors
from red.models import Embajador, EnlaceMunicipal
from tests import factories

pytestmark = pytest.mark.django_db


def _municipio(clave):
    return Municipio.objects.get(clave_inegi=clave)


@pytest.fixture
def dos_municipios(curso_y_modulos, completar):
    """Two people in Toluca (one trained), one in Ecatepec (enrolled only), an ambassador."""
    curso, modulos = curso_y_modulos
    toluca, ecatepec = _municipio("15106"), _municipio("15033")
    ana = factories.participante(municipio=toluca)
    beto = factories.participante(nombre_completo="Beto Ruiz", municipio=toluca)
    carla = factories.participante(nombre_completo="Carla Soto", municipio=ecatepec)
    completar(ana, curso, modulos)
    from cursos import services

    services.inscripcion_crear(usuario=carla, curso=curso)
    Embajador.objects.create(
        participante=beto.participante,
        municipio=toluca,
        cargo="Director de Ecología",
        designado_en=dt.date(2026, 1, 15),
    )
    return curso, toluca, ecatepec


def test_una_fila_por_municipio_aunque_no_haya_nadie(dos_municipios):
    filas = {f.clave_inegi: f for f in selectors.cifras_por_municipio()}
    assert len(filas) == 125
    toluca, ecatepec, acambay = filas["15106"], filas["15033"], filas["15001"]
    assert (toluca.participantes, toluca.capacitados, toluca.cursos_completados) == (2, 1, 1)
    assert toluca.embajadores == 1 and toluca.integrado
    assert (ecatepec.participantes, ecatepec.capacitados, ecatepec.integrado) == (1, 0, False)
    assert ecatepec.ultima_actividad is not None
    assert (acambay.participantes, acambay.ultima_actividad) == (0, None)


def test_filtro_de_tipo_y_de_curso(dos_municipios):
    curso, toluca, _ecatepec = dos_municipios
    filas = selectors.cifras_por_municipio(
        filtros=selectors.FiltrosRed(tipo="embajador", municipios=(toluca.pk,))
    )
    assert [(f.nombre, f.participantes) for f in filas] == [("Toluca", 0)]
    otro, _ = factories.curso_con_modulos(1, catalogo=curso.get_parent().specific)
    filas = selectors.cifras_por_municipio(filtros=selectors.FiltrosRed(curso=otro.pk))
    assert sum(f.capacitados for f in filas) == 0


def test_cifras_generales_comparan_con_hace_un_anio(dos_municipios):
    cifras = selectors.cifras_generales()
    assert cifras.capacitados.actual == 1
    assert cifras.municipios_integrados.actual == 1
    assert cifras.total_municipios == 125
    assert cifras.certificados_del_anio.actual == 1
    assert cifras.cursos_completados_del_mes.actual == 1
    hace_un_anio = selectors.cifras_generales(en=timezone.now() - dt.timedelta(days=366))
    assert hace_un_anio.capacitados.actual == 0


def test_serie_mensual_cuenta_cada_mes(dos_municipios):
    serie = selectors.serie_mensual(meses=24)
    assert len(serie) == 24
    assert serie[-1].inscripciones == 2 and serie[-1].certificados == 1
    assert sum(m.inscripciones for m in serie[:-1]) == 0


def test_cifras_por_persona_igual_que_la_anotacion(dos_municipios):
    """The export's GROUP BY figures and the listing's subqueries say the same per person."""
    anotados = selectors.participantes_con_cifras()
    por_persona = selectors.cifras_por_persona(selectors.participantes())
    assert len(por_persona) == 2  # Beto has done nothing yet: no row, all zeros
    for persona in anotados:
        cifras = por_persona.get(persona.usuario_id, selectors.CifrasPersona())
        assert (
            persona.cursos_inscritos,
            persona.cursos_completados,
            persona.certificados_vigentes,
        ) == (cifras.cursos_inscritos, cifras.cursos_completados, cifras.certificados_vigentes)
        assert selectors.ultima_actividad(persona) == selectors.ultima_actividad(cifras)


def test_embudo_y_alcance_del_enlace(dos_municipios, enlace_toluca):
    curso, _toluca, _ecatepec = dos_municipios
    (fila,) = [f for f in selectors.embudo_por_curso() if f.curso_id == curso.pk]
    # Ana completed and holds her certificate; Carla only enrolled.
    assert (fila.inscritos, fila.iniciados, fila.completados, fila.certificados) == (2, 1, 1, 1)
    assert (fila.tasa_iniciados, fila.tasa_certificados) == (50, 50)
    (del_enlace,) = [
        f for f in selectors.embudo_por_curso(usuario=enlace_toluca) if f.curso_id == curso.pk
    ]
    assert del_enlace.inscritos == 1
    cifras = selectors.cifras_generales(usuario=enlace_toluca)
    assert (cifras.total_municipios, cifras.municipios_integrados.actual) == (1, 1)
    assert [f.nombre for f in selectors.cifras_por_municipio(usuario=enlace_toluca)] == ["Toluca"]


def test_enlace_sin_municipios_no_ve_nada(dos_municipios, enlace_toluca):
    EnlaceMunicipal.objects.filter(usuario=enlace_toluca).delete()
    enlace = get_user_model().objects.get(pk=enlace_toluca.pk)
    assert selectors.cifras_por_municipio(usuario=enlace) == []
    assert not selectors.participantes_con_cifras(usuario=enlace).exists()
    assert selectors.cifras_generales(usuario=enlace).capacitados.actual == 0


def test_cifras_de_hace_un_anio_en_la_misma_pasada_que_las_de_hoy(
    dos_municipios, django_assert_num_queries
):
    """The public page reads today's rows and a year ago's in one set of queries; the rows as
    they stood then are what the date filter gives on its own."""
    from cursos.models import Inscripcion, Participante

    curso, toluca, _ecatepec = dos_municipios
    # Toluca's second person registered, and Ecatepec's enrolment, long ago.
    hace_tiempo = timezone.now() - dt.timedelta(days=500)
    Participante.objects.filter(nombre_completo="Beto Ruiz").update(creado_en=hace_tiempo)
    Inscripcion.objects.filter(usuario__participante__municipio__clave_inegi="15033").update(
        completado_en=hace_tiempo, inscrito_en=hace_tiempo
    )
    corte = timezone.localdate() - dt.timedelta(days=365)
    with django_assert_num_queries(5):
        hoy, antes = selectors.cifras_por_municipio_y_antes(hasta=corte)
    assert [vars(f) for f in hoy] == [vars(f) for f in selectors.cifras_por_municipio()]
    por_separado = selectors.cifras_por_municipio(filtros=selectors.FiltrosRed(hasta=corte))
    campos = ("participantes", "capacitados", "cursos_completados", "embajadores")
    assert [[getattr(f, c) for c in campos] for f in antes] == [
        [getattr(f, c) for c in campos] for f in por_separado
    ]
    filas = {f.clave_inegi: f for f in antes}
    assert (filas["15106"].participantes, filas["15106"].capacitados) == (1, 0)
    assert filas["15033"].cursos_completados == 1
    assert sum(f.participantes for f in antes) == 1
