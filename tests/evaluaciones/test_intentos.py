"""Taking a quiz through the same doors a learner uses: start, answer, submit, results."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cursos import services as cursos_services
from cursos.models import Inscripcion
from evaluaciones import services
from evaluaciones.models import EstadoIntento, Intento
from tests import factories

pytestmark = pytest.mark.django_db


def _iniciar(client, evaluacion):
    respuesta = client.post(reverse("evaluaciones:iniciar", args=[evaluacion.pk]))
    assert respuesta.status_code == 302, respuesta.content.decode()
    return Intento.objects.filter(evaluacion=evaluacion).latest("numero")


def _entregar(client, intento, datos):
    return client.post(reverse("evaluaciones:entregar", args=[intento.pk]), datos)


def _sin_cambios(intento):
    """The attempt as stored is still open, without answers or grade."""
    intento.refresh_from_db()
    assert intento.estado == EstadoIntento.EN_CURSO
    assert intento.respuestas == {} and intento.resultado == {}
    assert intento.porcentaje is None and intento.entregado_en is None


# --- Starting ------------------------------------------------------------------------------


def test_iniciar_fija_preguntas_orden_y_fecha_limite(client, inscrito, curso_con_evaluacion):
    _curso, _modulos, evaluacion = curso_con_evaluacion
    evaluacion.limite_minutos = 20
    evaluacion.save()
    client.force_login(inscrito)
    antes = timezone.now()
    intento = _iniciar(client, evaluacion)
    assert intento.numero == 1
    assert [p["enunciado"] for p in intento.preguntas] == [
        i.pregunta.enunciado for i in evaluacion.items.order_by("sort_order")
    ]
    assert antes + timedelta(minutes=20) <= intento.fecha_limite
    assert intento.fecha_limite <= timezone.now() + timedelta(minutes=20)
    assert intento.puntaje_maximo == 3


def test_iniciar_dos_veces_reanuda_el_mismo_intento(client, inscrito, curso_con_evaluacion):
    evaluacion = curso_con_evaluacion[2]
    client.force_login(inscrito)
    primero = _iniciar(client, evaluacion)
    segundo = _iniciar(client, evaluacion)
    assert primero.pk == segundo.pk
    assert Intento.objects.count() == 1


def test_iniciar_por_get_es_405_en_espanol(client, inscrito, curso_con_evaluacion):
    client.force_login(inscrito)
    respuesta = client.get(reverse("evaluaciones:iniciar", args=[curso_con_evaluacion[2].pk]))
    assert respuesta.status_code == 405
    assert "sólo acepta el envío de un formulario" in respuesta.content.decode()
    assert not Intento.objects.exists()


def test_sin_inscripcion_no_se_inicia(client, aprendiz, curso_con_evaluacion):
    client.force_login(aprendiz)
    evaluacion = curso_con_evaluacion[2]
    respuesta = client.post(reverse("evaluaciones:iniciar", args=[evaluacion.pk]))
    assert respuesta.status_code == 403
    assert "Inscríbete al curso" in respuesta.content.decode()
    assert not Intento.objects.exists()


def test_anonimo_va_a_iniciar_sesion(client, curso_con_evaluacion):
    respuesta = client.post(reverse("evaluaciones:iniciar", args=[curso_con_evaluacion[2].pk]))
    assert respuesta.status_code == 302
    assert "/cuentas/login/" in respuesta.url
    assert not Intento.objects.exists()


def test_evaluacion_en_borrador_no_existe_para_aprendices(client, inscrito, curso_con_evaluacion):
    evaluacion = curso_con_evaluacion[2]
    evaluacion.live = False
    evaluacion.save()
    client.force_login(inscrito)
    assert client.get(reverse("evaluaciones:detalle", args=[evaluacion.pk])).status_code == 404
    assert client.post(reverse("evaluaciones:iniciar", args=[evaluacion.pk])).status_code == 404
    assert not Intento.objects.exists()


def test_sorteo_de_n_preguntas_y_opciones_barajadas(client, inscrito, curso_con_evaluacion):
    curso = curso_con_evaluacion[0]
    banco = [factories.pregunta(f"Pregunta {i}") for i in range(12)]
    evaluacion = factories.evaluacion(
        curso,
        preguntas=banco,
        preguntas_por_intento=4,
        barajar_preguntas=True,
        barajar_opciones=True,
        intentos_maximos=None,
        porcentaje_aprobatorio=100,
    )
    client.force_login(inscrito)
    sorteos = set()
    for _ in range(6):
        intento = _iniciar(client, evaluacion)
        assert len(intento.preguntas) == 4
        assert {p["pregunta_id"] for p in intento.preguntas} <= {p.pk for p in banco}
        sorteos.add(tuple(p["pregunta_id"] for p in intento.preguntas))
        _entregar(client, intento, factories.respuestas_incorrectas(intento))
    # 12 choose 4 in any order: six identical draws would happen about once in 10^19 runs.
    assert len(sorteos) > 1


# --- What the form shows -------------------------------------------------------------------


def test_el_formulario_no_revela_las_respuestas_correctas(client, inscrito, curso_con_evaluacion):
    client.force_login(inscrito)
    intento = _iniciar(client, curso_con_evaluacion[2])
    html = client.get(reverse("evaluaciones:responder", args=[intento.pk])).content.decode()
    inicio = html.index("<form", html.index("<main"))
    formulario = html[inicio : html.index("</form>", inicio)]
    assert "correct" not in formulario.lower()
    for pregunta in intento.preguntas:
        assert pregunta["explicacion"] not in html
        for opcion in pregunta["opciones"]:
            assert opcion["texto"] in formulario
            assert opcion["retroalimentacion"] not in html
    # Option values are the attempt's random keys, never database ids or positions.
    valores = re.findall(r'type="(?:radio|checkbox)"[^>]*value="([^"]+)"', formulario)
    claves = {o["clave"] for p in intento.preguntas for o in p["opciones"]}
    assert set(valores) == claves
    assert all(re.fullmatch(r"[0-9a-f]{8}", v) for v in valores)


def test_cada_pregunta_es_un_fieldset_con_leyenda(client, inscrito, curso_con_evaluacion):
    client.force_login(inscrito)
    intento = _iniciar(client, curso_con_evaluacion[2])
    html = client.get(reverse("evaluaciones:responder", args=[intento.pk])).content.decode()
    assert html.count("<fieldset") == len(intento.preguntas) == 3
    assert html.count("<legend") == 3
    for pregunta in intento.preguntas:
        for opcion in pregunta["opciones"]:
            assert f'for="opcion-{opcion["clave"]}"' in html


def test_el_tiempo_limite_se_anuncia_con_texto(client, inscrito, curso_con_evaluacion):
    evaluacion = curso_con_evaluacion[2]
    evaluacion.limite_minutos = 10
    evaluacion.save()
    client.force_login(inscrito)
    detalle = client.get(reverse("evaluaciones:detalle", args=[evaluacion.pk])).content.decode()
    assert "10 minutos por intento" in detalle
    intento = _iniciar(client, evaluacion)
    html = client.get(reverse("evaluaciones:responder", args=[intento.pk])).content.decode()
    hora = timezone.localtime(intento.fecha_limite).strftime("%H:%M")
    assert f"Termina a las {hora}" in html
    assert 'role="timer"' in html


# --- Submitting and grading ----------------------------------------------------------------


def test_aprobar_completa_el_curso_si_los_modulos_estan_hechos(
    client, inscrito, curso_con_evaluacion
):
    curso, modulos, evaluacion = curso_con_evaluacion
    for modulo in modulos:
        cursos_services.modulo_completar(usuario=inscrito, modulo=modulo)
    inscripcion = Inscripcion.objects.get(usuario=inscrito, curso=curso)
    assert inscripcion.completado_en is None  # the required quiz is still pending

    client.force_login(inscrito)
    intento = _iniciar(client, evaluacion)
    respuesta = _entregar(client, intento, factories.respuestas_incorrectas(intento))
    assert respuesta.status_code == 302
    inscripcion.refresh_from_db()
    assert inscripcion.completado_en is None

    intento = _iniciar(client, evaluacion)
    assert intento.numero == 2
    respuesta = _entregar(client, intento, factories.respuestas_correctas(intento))
    pagina = client.get(respuesta.url).content.decode()
    assert "¡Aprobado!" in pagina and "100\u00a0%" in pagina
    assert "Completaste el curso" in pagina
    inscripcion.refresh_from_db()
    assert inscripcion.completado_en is not None


def test_aprobar_sin_terminar_modulos_no_completa(client, inscrito, curso_con_evaluacion):
    curso, _modulos, evaluacion = curso_con_evaluacion
    client.force_login(inscrito)
    intento = _iniciar(client, evaluacion)
    _entregar(client, intento, factories.respuestas_correctas(intento))
    assert Inscripcion.objects.get(usuario=inscrito, curso=curso).completado_en is None
    pagina = client.get(curso.url).content.decode()
    assert "1 de 4 pasos obligatorios (25\u00a0%)" in pagina
    assert "Aprobada con 100 %" in pagina


def test_evaluacion_opcional_no_bloquea_la_completitud(client, inscrito, curso_con_evaluacion):
    curso, modulos, evaluacion = curso_con_evaluacion
    evaluacion.obligatoria = False
    evaluacion.save()
    for modulo in modulos:
        cursos_services.modulo_completar(usuario=inscrito, modulo=modulo)
    assert Inscripcion.objects.get(usuario=inscrito, curso=curso).completado_en is not None


def test_curso_solo_con_evaluacion_se_completa_al_aprobarla(client, aprendiz, catalogo):
    curso, _ = factories.curso_con_modulos(0, catalogo=catalogo)
    evaluacion = factories.evaluacion(curso)
    cursos_services.inscripcion_crear(usuario=aprendiz, curso=curso)
    client.force_login(aprendiz)
    intento = _iniciar(client, evaluacion)
    _entregar(client, intento, factories.respuestas_correctas(intento))
    assert Inscripcion.objects.get(usuario=aprendiz, curso=curso).completado_en is not None


def test_evaluacion_de_modulo_aparece_en_el_modulo_y_sigue_al_terminarlo(
    client, inscrito, curso_con_evaluacion
):
    curso, modulos, _final = curso_con_evaluacion
    del_modulo = factories.evaluacion(curso, modulo=modulos[0], titulo="Repaso del módulo 1")
    client.force_login(inscrito)
    assert "Repaso del módulo 1" in client.get(modulos[0].url).content.decode()
    assert "Repaso del módulo 1" not in client.get(modulos[1].url).content.decode()
    respuesta = client.post(reverse("cursos:completar_modulo", args=[modulos[0].pk]))
    assert respuesta.url == reverse("evaluaciones:detalle", args=[del_modulo.pk])


def test_credito_parcial_y_respuesta_en_blanco(client, inscrito, curso_con_evaluacion):
    curso = curso_con_evaluacion[0]
    multiple = factories.pregunta(
        "¿Cuáles son gases de efecto invernadero?",
        tipo="multiple",
        modo_multiple="parcial",
        puntos=2,
        opciones=[("CO₂", True), ("Metano", True), ("Oxígeno", False), ("Argón", False)],
    )
    unica = factories.pregunta(
        "¿Qué ODS trata del agua?", opciones=[("ODS 6", True), ("ODS 1", False)]
    )
    evaluacion = factories.evaluacion(curso, preguntas=[multiple, unica])
    client.force_login(inscrito)
    intento = _iniciar(client, evaluacion)
    p_multiple, p_unica = intento.preguntas
    co2 = next(o["clave"] for o in p_multiple["opciones"] if o["texto"] == "CO₂")
    datos = {f"pregunta-{p_multiple['clave']}": ["", co2], f"pregunta-{p_unica['clave']}": [""]}
    assert _entregar(client, intento, datos).status_code == 302
    intento.refresh_from_db()
    assert intento.resultado[p_multiple["clave"]] == {"obtenidos": "1.00", "puntos": "2.00"}
    assert intento.resultado[p_unica["clave"]] == {"obtenidos": "0.00", "puntos": "1.00"}
    assert str(intento.porcentaje) == "33.33"
    assert intento.respuestas == {p_multiple["clave"]: [co2], p_unica["clave"]: []}
    pagina = client.get(reverse("evaluaciones:resultado", args=[intento.pk])).content.decode()
    assert "Parcialmente correcta" in pagina and "Sin respuesta" in pagina
    assert "(1 de 2 puntos)" in pagina and "(0 de 1 punto)" in pagina


def test_editar_la_evaluacion_no_cambia_resultados_registrados(
    client, inscrito, curso_con_evaluacion
):
    evaluacion = curso_con_evaluacion[2]
    client.force_login(inscrito)
    intento = _iniciar(client, evaluacion)
    _entregar(client, intento, factories.respuestas_correctas(intento))
    antes = client.get(reverse("evaluaciones:resultado", args=[intento.pk])).content.decode()

    # The editors rewrite every question, flip which option is correct and raise the bar.
    for item in evaluacion.items.select_related("pregunta"):
        pregunta = item.pregunta
        pregunta.enunciado = "Reescrita"
        pregunta.puntos = 5
        pregunta.save()
        for opcion in pregunta.opciones.all():
            opcion.correcta = not opcion.correcta
            opcion.texto = f"{opcion.texto} (editada)"
            opcion.save()
    evaluacion.porcentaje_aprobatorio = 100
    evaluacion.save()

    intento.refresh_from_db()
    assert intento.aprobado is True and str(intento.porcentaje) == "100.00"
    despues = client.get(reverse("evaluaciones:resultado", args=[intento.pk])).content.decode()
    assert "Reescrita" not in despues and "(editada)" not in despues
    principal = re.compile(r"<main.*</main>", re.DOTALL)
    assert principal.search(despues).group() == principal.search(antes).group()


# --- Tampered and bad posts: a Spanish message, a fitting status, nothing stored ------------


@pytest.fixture
def intento_abierto(client, inscrito, curso_con_evaluacion):
    client.force_login(inscrito)
    return _iniciar(client, curso_con_evaluacion[2])


def test_opcion_de_otra_pregunta_es_400(client, intento_abierto):
    datos = factories.respuestas_correctas(intento_abierto)
    primera, segunda = intento_abierto.preguntas[:2]
    datos[f"pregunta-{primera['clave']}"] = [segunda["opciones"][0]["clave"]]
    respuesta = _entregar(client, intento_abierto, datos)
    assert respuesta.status_code == 400
    assert (
        "La respuesta a la pregunta 1 no corresponde a sus opciones." in respuesta.content.decode()
    )
    _sin_cambios(intento_abierto)


def test_opcion_de_otra_evaluacion_es_400(client, inscrito, intento_abierto, curso_con_evaluacion):
    otra = factories.evaluacion(curso_con_evaluacion[0], titulo="Otra")
    ajeno = _iniciar(client, otra)
    datos = factories.respuestas_correctas(intento_abierto)
    clave = intento_abierto.preguntas[0]["clave"]
    datos[f"pregunta-{clave}"] = [ajeno.preguntas[0]["opciones"][0]["clave"]]
    respuesta = _entregar(client, intento_abierto, datos)
    assert respuesta.status_code == 400
    assert "no corresponde a sus opciones" in respuesta.content.decode()
    _sin_cambios(intento_abierto)


def test_varias_opciones_en_pregunta_de_una_es_400(client, intento_abierto):
    datos = factories.respuestas_correctas(intento_abierto)
    pregunta = intento_abierto.preguntas[1]
    datos[f"pregunta-{pregunta['clave']}"] = [o["clave"] for o in pregunta["opciones"][:2]]
    respuesta = _entregar(client, intento_abierto, datos)
    assert respuesta.status_code == 400
    assert "La pregunta 2 admite una sola respuesta." in respuesta.content.decode()
    _sin_cambios(intento_abierto)


def test_opcion_repetida_es_400(client, intento_abierto):
    datos = factories.respuestas_correctas(intento_abierto)
    campo = f"pregunta-{intento_abierto.preguntas[0]['clave']}"
    datos[campo] = datos[campo] * 2
    assert _entregar(client, intento_abierto, datos).status_code == 400
    _sin_cambios(intento_abierto)


def test_pregunta_faltante_es_400(client, intento_abierto):
    datos = factories.respuestas_correctas(intento_abierto)
    del datos[f"pregunta-{intento_abierto.preguntas[2]['clave']}"]
    respuesta = _entregar(client, intento_abierto, datos)
    assert respuesta.status_code == 400
    assert "Falta la pregunta 3 en el envío." in respuesta.content.decode()
    _sin_cambios(intento_abierto)


def test_campo_desconocido_es_400(client, intento_abierto):
    datos = factories.respuestas_correctas(intento_abierto)
    datos["calificacion"] = ["100"]
    respuesta = _entregar(client, intento_abierto, datos)
    assert respuesta.status_code == 400
    assert "campos que no pertenecen a este intento" in respuesta.content.decode()
    _sin_cambios(intento_abierto)


def test_envio_enorme_es_400(client, intento_abierto):
    datos = factories.respuestas_correctas(intento_abierto)
    datos["relleno"] = ["x" * (services.TAMANO_MAXIMO_ENVIO + 1)]
    respuesta = _entregar(client, intento_abierto, datos)
    assert respuesta.status_code == 400
    assert "demasiado grande" in respuesta.content.decode()
    _sin_cambios(intento_abierto)


def test_demasiados_campos_es_400(client, intento_abierto):
    datos = factories.respuestas_correctas(intento_abierto)
    datos.update({f"c{i}": [""] for i in range(1500)})
    respuesta = _entregar(client, intento_abierto, datos)
    assert respuesta.status_code == 400
    _sin_cambios(intento_abierto)


def test_intento_ajeno_es_404(client, intento_abierto, curso_con_evaluacion):
    otra_persona = factories.participante(factories.UsuarioFactory())
    cursos_services.inscripcion_crear(usuario=otra_persona, curso=curso_con_evaluacion[0])
    client.force_login(otra_persona)
    datos = factories.respuestas_correctas(intento_abierto)
    assert _entregar(client, intento_abierto, datos).status_code == 404
    for nombre in ("responder", "resultado"):
        assert (
            client.get(reverse(f"evaluaciones:{nombre}", args=[intento_abierto.pk])).status_code
            == 404
        )
    _sin_cambios(intento_abierto)


def test_entrega_por_get_es_405(client, intento_abierto):
    respuesta = client.get(reverse("evaluaciones:entregar", args=[intento_abierto.pk]))
    assert respuesta.status_code == 405
    _sin_cambios(intento_abierto)


def test_entrega_despues_del_limite_se_rechaza_y_cierra_sin_respuestas(
    client, inscrito, curso_con_evaluacion
):
    evaluacion = curso_con_evaluacion[2]
    evaluacion.limite_minutos = 5
    evaluacion.save()
    hace_rato = timezone.now() - timedelta(minutes=6)
    intento, _ = services.intento_iniciar(usuario=inscrito, evaluacion=evaluacion, ahora=hace_rato)
    client.force_login(inscrito)
    respuesta = _entregar(client, intento, factories.respuestas_correctas(intento))
    assert respuesta.status_code == 409
    assert "El tiempo de este intento terminó" in respuesta.content.decode()
    intento.refresh_from_db()
    assert intento.estado == EstadoIntento.VENCIDO
    assert intento.respuestas == {} and intento.porcentaje == 0 and intento.aprobado is False
    assert intento.entregado_en == intento.fecha_limite


def test_entrega_dentro_de_la_gracia_se_califica(client, inscrito, curso_con_evaluacion):
    evaluacion = curso_con_evaluacion[2]
    evaluacion.limite_minutos = 5
    evaluacion.save()
    casi = timezone.now() - timedelta(minutes=5, seconds=10)
    intento, _ = services.intento_iniciar(usuario=inscrito, evaluacion=evaluacion, ahora=casi)
    client.force_login(inscrito)
    assert _entregar(client, intento, factories.respuestas_correctas(intento)).status_code == 302
    intento.refresh_from_db()
    assert intento.aprobado is True


def test_doble_envio_califica_una_vez(client, intento_abierto):
    datos = factories.respuestas_correctas(intento_abierto)
    assert _entregar(client, intento_abierto, datos).status_code == 302
    intento_abierto.refresh_from_db()
    primera = intento_abierto.entregado_en
    # The same answers again (a double click): the graded attempt, not a second grading.
    repetida = _entregar(client, intento_abierto, datos)
    assert repetida.status_code == 302
    assert repetida.url == reverse("evaluaciones:resultado", args=[intento_abierto.pk])
    # Other answers to a finished attempt (a second tab): refused.
    otra = _entregar(client, intento_abierto, factories.respuestas_incorrectas(intento_abierto))
    assert otra.status_code == 409
    assert "ya fue entregado" in otra.content.decode()
    intento_abierto.refresh_from_db()
    assert intento_abierto.entregado_en == primera and intento_abierto.aprobado is True
    assert Intento.objects.count() == 1


# --- Rules: attempts, waiting, grading method, review ----------------------------------------


def test_limite_de_intentos(client, inscrito, curso_con_evaluacion):
    evaluacion = curso_con_evaluacion[2]
    evaluacion.intentos_maximos = 2
    evaluacion.save()
    client.force_login(inscrito)
    for _ in range(2):
        intento = _iniciar(client, evaluacion)
        _entregar(client, intento, factories.respuestas_incorrectas(intento))
    respuesta = client.post(reverse("evaluaciones:iniciar", args=[evaluacion.pk]))
    assert respuesta.status_code == 409
    assert "Ya usaste los 2 intentos permitidos." in respuesta.content.decode()
    assert Intento.objects.count() == 2


def test_espera_entre_intentos(client, inscrito, curso_con_evaluacion):
    evaluacion = curso_con_evaluacion[2]
    evaluacion.espera_minutos = 60
    evaluacion.save()
    client.force_login(inscrito)
    intento = _iniciar(client, evaluacion)
    _entregar(client, intento, factories.respuestas_incorrectas(intento))
    respuesta = client.post(reverse("evaluaciones:iniciar", args=[evaluacion.pk]))
    assert respuesta.status_code == 409
    assert "Podrás intentarlo a partir del" in respuesta.content.decode()
    Intento.objects.update(entregado_en=timezone.now() - timedelta(minutes=61))
    assert _iniciar(client, evaluacion).numero == 2


def test_metodo_ultimo_intento_cierra_al_aprobar(client, inscrito, curso_con_evaluacion):
    evaluacion = curso_con_evaluacion[2]
    evaluacion.metodo_calificacion = "ultima"
    evaluacion.save()
    client.force_login(inscrito)
    intento = _iniciar(client, evaluacion)
    _entregar(client, intento, factories.respuestas_correctas(intento))
    respuesta = client.post(reverse("evaluaciones:iniciar", args=[evaluacion.pk]))
    assert respuesta.status_code == 409
    assert "Ya aprobaste esta evaluación" in respuesta.content.decode()


def test_metodo_mas_alta_permite_mejorar_y_conserva_la_mejor(
    client, inscrito, curso_con_evaluacion
):
    curso, _modulos, evaluacion = curso_con_evaluacion
    client.force_login(inscrito)
    intento = _iniciar(client, evaluacion)
    _entregar(client, intento, factories.respuestas_correctas(intento))
    intento = _iniciar(client, evaluacion)
    _entregar(client, intento, factories.respuestas_incorrectas(intento))
    pagina = client.get(reverse("evaluaciones:detalle", args=[evaluacion.pk])).content.decode()
    assert "Aprobada: tu calificación es 100\u00a0%." in pagina
    assert "Aprobada con 100 %" in client.get(curso.url).content.decode()


def test_historial_de_intentos(client, inscrito, curso_con_evaluacion):
    evaluacion = curso_con_evaluacion[2]
    client.force_login(inscrito)
    intento = _iniciar(client, evaluacion)
    _entregar(client, intento, factories.respuestas_incorrectas(intento))
    intento = _iniciar(client, evaluacion)
    _entregar(client, intento, factories.respuestas_correctas(intento))
    pagina = client.get(reverse("evaluaciones:detalle", args=[evaluacion.pk])).content.decode()
    filas = re.findall(r'<th scope="row"[^>]*>(\d+)</th>', pagina)
    assert filas == ["2", "1"]
    assert "No aprobado" in pagina and "Aprobado" in pagina
    assert "2 de 3 usados; te queda 1" in pagina


@pytest.mark.parametrize(
    ("revision", "aprueba", "intentos", "se_ve"),
    [
        ("inmediata", False, 3, True),
        ("nunca", True, 1, False),
        ("al_aprobar", False, 3, False),
        ("al_aprobar", True, 3, True),
        ("al_terminar", False, 3, False),
        ("al_terminar", False, 1, True),
    ],
)
def test_revision_segun_la_configuracion(
    client, inscrito, curso_con_evaluacion, revision, aprueba, intentos, se_ve
):
    evaluacion = curso_con_evaluacion[2]
    evaluacion.revision = revision
    evaluacion.intentos_maximos = intentos
    evaluacion.save()
    client.force_login(inscrito)
    intento = _iniciar(client, evaluacion)
    crear = factories.respuestas_correctas if aprueba else factories.respuestas_incorrectas
    _entregar(client, intento, crear(intento))
    pagina = client.get(reverse("evaluaciones:resultado", args=[intento.pk])).content.decode()
    explicacion = intento.preguntas[0]["explicacion"]
    assert ("Revisión de tus respuestas" in pagina) is se_ve
    assert (explicacion in pagina) is se_ve
    assert ("(correcta)" in pagina) is se_ve
    assert "Calificación:" in pagina  # the score is always shown


def test_tras_el_ultimo_modulo_lleva_a_la_evaluacion_final(client, inscrito, curso_con_evaluacion):
    _curso, modulos, evaluacion = curso_con_evaluacion
    client.force_login(inscrito)
    for modulo in modulos[:-1]:
        respuesta = client.post(reverse("cursos:completar_modulo", args=[modulo.pk]))
        assert respuesta.url != reverse("evaluaciones:detalle", args=[evaluacion.pk])
    respuesta = client.post(reverse("cursos:completar_modulo", args=[modulos[-1].pk]), follow=True)
    assert respuesta.redirect_chain[-1][0] == reverse("evaluaciones:detalle", args=[evaluacion.pk])
    assert f"falta «{evaluacion.titulo}» para completar el curso" in respuesta.content.decode()


def test_el_resultado_avisa_si_se_envio_al_acabarse_el_tiempo(
    client, inscrito, curso_con_evaluacion
):
    evaluacion = curso_con_evaluacion[2]
    evaluacion.limite_minutos = 1
    evaluacion.save()
    inicio = timezone.now() - timedelta(seconds=60)
    intento, _ = services.intento_iniciar(usuario=inscrito, evaluacion=evaluacion, ahora=inicio)
    services.intento_entregar(
        usuario=inscrito, intento_id=intento.pk, datos=factories.respuestas_correctas(intento)
    )
    client.force_login(inscrito)
    pagina = client.get(reverse("evaluaciones:resultado", args=[intento.pk])).content.decode()
    assert "Se acabó el tiempo: tus respuestas se enviaron solas" in pagina


def test_un_intento_vencido_sin_cerrar_cuenta_como_usado(client, inscrito, curso_con_evaluacion):
    evaluacion = curso_con_evaluacion[2]
    evaluacion.intentos_maximos = 1
    evaluacion.limite_minutos = 5
    evaluacion.save()
    hace_rato = timezone.now() - timedelta(minutes=10)
    services.intento_iniciar(usuario=inscrito, evaluacion=evaluacion, ahora=hace_rato)
    client.force_login(inscrito)
    pagina = client.get(reverse("evaluaciones:detalle", args=[evaluacion.pk])).content.decode()
    assert "1 de 1 usados" in pagina
    assert "Iniciar la evaluación" not in pagina and "Continuar el intento" not in pagina
    assert "Ya usaste tu único intento." in pagina


def test_el_curso_ofrece_presentar_la_evaluacion_pendiente(client, inscrito, curso_con_evaluacion):
    curso, modulos, evaluacion = curso_con_evaluacion
    for modulo in modulos:
        cursos_services.modulo_completar(usuario=inscrito, modulo=modulo)
    client.force_login(inscrito)
    pagina = client.get(curso.url).content.decode()
    enlace = reverse("evaluaciones:detalle", args=[evaluacion.pk])
    assert f'<a class="boton" href="{enlace}">Presentar «{evaluacion.titulo}»</a>' in pagina


@pytest.mark.parametrize("cambio", ["opcional", "despublicada"])
def test_si_la_evaluacion_deja_de_exigirse_el_curso_se_completa(
    inscrito, curso_con_evaluacion, django_capture_on_commit_callbacks, cambio
):
    curso, modulos, evaluacion = curso_con_evaluacion
    for modulo in modulos:
        cursos_services.modulo_completar(usuario=inscrito, modulo=modulo)
    inscripcion = Inscripcion.objects.get(usuario=inscrito, curso=curso)
    assert inscripcion.completado_en is None
    with django_capture_on_commit_callbacks(execute=True):
        if cambio == "opcional":
            evaluacion.obligatoria = False
            evaluacion.save()
        else:
            evaluacion.unpublish()
    inscripcion.refresh_from_db()
    assert inscripcion.completado_en is not None


def test_si_se_despublica_el_modulo_pendiente_el_curso_se_completa(
    client, inscrito, curso_con_evaluacion, django_capture_on_commit_callbacks
):
    curso, modulos, evaluacion = curso_con_evaluacion
    for modulo in modulos[:-1]:
        cursos_services.modulo_completar(usuario=inscrito, modulo=modulo)
    client.force_login(inscrito)
    intento = _iniciar(client, evaluacion)
    _entregar(client, intento, factories.respuestas_correctas(intento))
    inscripcion = Inscripcion.objects.get(usuario=inscrito, curso=curso)
    assert inscripcion.completado_en is None
    with django_capture_on_commit_callbacks(execute=True):
        modulos[-1].unpublish()
    inscripcion.refresh_from_db()
    assert inscripcion.completado_en is not None
