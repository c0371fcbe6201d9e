"""Editors write the question bank and the quizzes in the Wagtail admin, in Spanish.

Everything goes through the admin's own views with the Django test client, posting what the
editor's browser posts (inline formsets included). A rule broken by the editor comes back as
the same page (200) with a Spanish message, and nothing is stored.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag
from wagtail.test.utils.form_data import inline_formset, nested_form_data, querydict_from_html

from cursos import services as cursos_services
from cursos.editorial import grupo_editorial_asegurar
from evaluaciones import services as evaluaciones_services
from evaluaciones.models import Evaluacion, Intento, Opcion, Pregunta, PreguntaDeEvaluacion
from tests import factories
from tests.evaluaciones.registros import intento_entregado

pytestmark = pytest.mark.django_db


def url_snippet(modelo, vista, *args):
    return reverse(modelo.snippet_viewset.get_url_name(vista), args=args)


def datos_pregunta(opciones, **campos):
    """POST data of the question form; ``opciones`` as dicts (texto, correcta, id, DELETE)."""
    valores = {
        "enunciado": "¿Qué gas emite más el transporte?",
        "tipo": "unica",
        "puntos": "1",
        "modo_multiple": "todo_o_nada",
        "explicacion": "El CO₂ de los combustibles.",
        "tags": "transporte, emisiones",
    }
    valores.update(campos)
    filas = []
    for opcion in opciones:
        fila = {"texto": opcion["texto"], "retroalimentacion": opcion.get("retro", "")}
        if opcion.get("correcta"):
            fila["correcta"] = "on"
        if "id" in opcion:
            fila["id"] = str(opcion["id"])
        if opcion.get("DELETE"):
            fila["DELETE"] = "1"
        filas.append(fila)
    iniciales = sum(1 for o in opciones if "id" in o)
    valores["opciones"] = inline_formset(filas, initial=iniciales, min=2, max=10)
    return nested_form_data(valores)


def datos_evaluacion(
    curso, preguntas, *, modulo=None, publicar=False, items_iniciales=(), **campos
):
    valores = {
        "titulo": "Evaluación final",
        "instrucciones": "Lee con atención.",
        "curso": str(curso.pk),
        "modulo": str(modulo.pk) if modulo else "",
        "obligatoria": "on",
        "porcentaje_aprobatorio": "70",
        "metodo_calificacion": "mas_alta",
        "intentos_maximos": "3",
        "espera_minutos": "0",
        "limite_minutos": "",
        "preguntas_por_intento": "",
        "revision": "al_terminar",
    }
    valores.update(campos)
    filas = [{"pregunta": str(p.pk)} for p in preguntas]
    for fila, item_id in zip(filas, items_iniciales, strict=False):
        fila["id"] = str(item_id)
    valores["items"] = inline_formset(filas, initial=len(items_iniciales), min=1)
    datos = nested_form_data(valores)
    if publicar:
        datos["action-publish"] = "action-publish"
    return datos


def pregunta_con_temas(enunciado, temas, **datos):
    """A bank question with themes. ``factories.pregunta(temas=...)`` does not store them:
    a ClusterTaggableManager keeps added tags in memory until the question is saved again."""
    pregunta = factories.pregunta(enunciado, **datos)
    pregunta.tags.add(*temas)
    pregunta.save()
    return pregunta


OPCIONES_BIEN = [
    {"texto": "Dióxido de carbono", "correcta": True, "retro": "Así es."},
    {"texto": "Nitrógeno"},
    {"texto": "Helio"},
]


@pytest.fixture
def editora(catalogo):
    """A member of the editorial team, not a superuser: only the group's permissions.

    The quiz permissions come through the ``cursos_grupo_editorial`` hook, not by hand.
    """
    grupo = grupo_editorial_asegurar(catalogo=catalogo)
    usuaria = factories.UsuarioFactory(username="editora")
    usuaria.groups.add(grupo)
    assert not usuaria.is_superuser
    return usuaria


@pytest.fixture
def cliente_editora(client, editora):
    client.force_login(editora)
    return client


# --- The question bank --------------------------------------------------------------------


def test_la_editora_crea_una_pregunta_con_sus_opciones_y_temas(cliente_editora):
    respuesta = cliente_editora.post(url_snippet(Pregunta, "add"), datos_pregunta(OPCIONES_BIEN))
    assert respuesta.status_code == 302
    pregunta = Pregunta.objects.get()
    assert pregunta.enunciado == "¿Qué gas emite más el transporte?"
    assert [(o.texto, o.correcta) for o in pregunta.opciones.order_by("sort_order")] == [
        ("Dióxido de carbono", True),
        ("Nitrógeno", False),
        ("Helio", False),
    ]
    assert sorted(pregunta.tags.names()) == ["emisiones", "transporte"]


def test_editar_una_pregunta_cambia_y_borra_opciones(admin_client):
    pregunta = factories.pregunta(tipo="unica")
    dioxido, nitrogeno, helio = pregunta.opciones.order_by("sort_order")
    datos = datos_pregunta(
        [
            {"id": dioxido.pk, "texto": "CO₂", "correcta": True},
            {"id": nitrogeno.pk, "texto": "Nitrógeno"},
            # Marked correct but deleted: it must not count as a second correct option.
            {"id": helio.pk, "texto": "Helio", "correcta": True, "DELETE": True},
        ],
        enunciado="¿Qué gas emite más?",
    )
    respuesta = admin_client.post(url_snippet(Pregunta, "edit", pregunta.pk), datos)
    assert respuesta.status_code == 302, respuesta.context["form"].errors
    pregunta.refresh_from_db()
    assert pregunta.enunciado == "¿Qué gas emite más?"
    assert [o.texto for o in pregunta.opciones.order_by("sort_order")] == ["CO₂", "Nitrógeno"]


@pytest.mark.parametrize(
    ("tipo", "opciones", "mensaje"),
    [
        (
            "unica",
            [{"texto": "A", "correcta": True}, {"texto": "B", "correcta": True}],
            "Marca exactamente una opción como correcta",
        ),
        ("unica", [{"texto": "A"}, {"texto": "B"}], "Marca exactamente una opción como correcta"),
        (
            "verdadero_falso",
            [{"texto": "Verdadero", "correcta": True}, {"texto": "Falso", "correcta": True}],
            "Marca exactamente una opción como correcta",
        ),
        (
            "verdadero_falso",
            [{"texto": "Verdadero", "correcta": True}, {"texto": "Falso"}, {"texto": "Depende"}],
            "Una pregunta de verdadero o falso lleva exactamente dos opciones",
        ),
        ("multiple", [{"texto": "A"}, {"texto": "B"}], "Marca al menos una opción como correcta"),
        (
            "unica",
            [{"texto": "Metano", "correcta": True}, {"texto": "  metano "}, {"texto": "Helio"}],
            "La opción «Metano» está repetida",
        ),
    ],
)
def test_una_pregunta_incoherente_se_explica_y_no_se_guarda(admin_client, tipo, opciones, mensaje):
    respuesta = admin_client.post(url_snippet(Pregunta, "add"), datos_pregunta(opciones, tipo=tipo))
    assert respuesta.status_code == 200
    assert mensaje in respuesta.text
    assert not Pregunta.objects.exists()
    assert not Opcion.objects.exists()


def test_las_opciones_repetidas_se_marcan_en_su_fila(admin_client):
    datos = datos_pregunta([{"texto": "A", "correcta": True}, {"texto": "B"}, {"texto": "b"}])
    respuesta = admin_client.post(url_snippet(Pregunta, "add"), datos)
    filas = respuesta.context["form"].formsets["opciones"].forms
    assert filas[2].errors["texto"] == ["Esta opción repite otra de la pregunta."]
    assert not filas[1].errors


def test_opcion_multiple_con_varias_correctas_es_valida(admin_client):
    datos = datos_pregunta(
        [
            {"texto": "CO₂", "correcta": True},
            {"texto": "Metano", "correcta": True},
            {"texto": "Ar"},
        ],
        tipo="multiple",
        modo_multiple="parcial",
    )
    assert admin_client.post(url_snippet(Pregunta, "add"), datos).status_code == 302
    assert Pregunta.objects.get().opciones.filter(correcta=True).count() == 2


def test_el_listado_del_banco_busca_y_filtra_por_tipo_y_tema(admin_client):
    pregunta_con_temas("¿Cuánto metano emite el ganado?", ["agricultura"])
    pregunta_con_temas("¿El CO₂ calienta la atmósfera?", ["clima"], tipo="verdadero_falso")
    pregunta_con_temas("¿Qué consume más energía en casa?", ["energía"])
    url = url_snippet(Pregunta, "list")

    todo = admin_client.get(url)
    assert todo.status_code == 200
    for texto in ("Banco de preguntas", "Temas", "agricultura", "Verdadero o falso"):
        assert texto in todo.text

    por_tipo = admin_client.get(url, {"tipo": "verdadero_falso"}).text
    assert "calienta la atmósfera" in por_tipo and "metano" not in por_tipo

    tema = Tag.objects.get(name="agricultura")
    por_tema = admin_client.get(url, {"tema": tema.pk}).text
    assert "metano" in por_tema and "calienta" not in por_tema

    buscada = admin_client.get(url, {"q": "energía"}).text
    assert "consume más energía" in buscada and "metano" not in buscada

    # Search and theme together: the theme narrows what the search backend looks into.
    ambos = admin_client.get(url, {"q": "metano", "tema": tema.pk})
    assert ambos.status_code == 200 and "metano" in ambos.text


def test_copiar_una_pregunta_deja_intacta_la_original(admin_client):
    original = pregunta_con_temas("¿Qué es la huella de carbono?", ["emisiones"])
    ids_originales = set(original.opciones.values_list("pk", flat=True))
    copia = admin_client.get(url_snippet(Pregunta, "copy", original.pk))
    assert copia.status_code == 200
    assert "Dióxido de carbono" in copia.text  # the options come along

    # Post the copy form as the browser would (a ticked checkbox is sent as "on").
    datos = querydict_from_html(copia.text, form_id="w-editor-form")
    datos["enunciado"] = "¿Qué mide la huella de carbono?"
    datos["opciones-0-correcta"] = "on"
    respuesta = admin_client.post(url_snippet(Pregunta, "add"), datos)
    assert respuesta.status_code == 302
    nueva = Pregunta.objects.get(enunciado="¿Qué mide la huella de carbono?")
    assert [o.texto for o in nueva.opciones.order_by("sort_order")] == [
        "Dióxido de carbono",
        "Nitrógeno",
        "Helio",
    ]
    assert not ids_originales & set(nueva.opciones.values_list("pk", flat=True))
    assert set(original.opciones.values_list("pk", flat=True)) == ids_originales
    assert list(nueva.tags.names()) == ["emisiones"]


def test_un_envio_manipulado_no_rompe_el_formulario(admin_client):
    """Without the inline formset's management data the page answers 200, not 500."""
    datos = {"enunciado": "¿Sin opciones?", "tipo": "unica", "puntos": "1"}
    datos.update({"modo_multiple": "todo_o_nada", "explicacion": ""})
    respuesta = admin_client.post(url_snippet(Pregunta, "add"), datos)
    assert respuesta.status_code == 200
    assert not Pregunta.objects.exists()


def test_el_selector_de_preguntas_filtra_por_tema_y_busca(admin_client):
    pregunta_con_temas("¿Cuánto metano emite el ganado?", ["agricultura"])
    pregunta_con_temas("¿Qué consume más energía en casa?", ["energía"])
    tema = Tag.objects.get(name="agricultura")
    url_selector = reverse(Pregunta.snippet_viewset.chooser_viewset.get_url_name("choose"))
    url_resultados = reverse(
        Pregunta.snippet_viewset.chooser_viewset.get_url_name("choose_results")
    )
    modal = admin_client.get(url_selector)
    assert modal.status_code == 200
    html = modal.json()["html"]
    assert "Todos los temas" in html and "agricultura" in html

    filtrado = admin_client.get(url_resultados, {"tema": tema.pk}).text
    assert "metano" in filtrado and "energía" not in filtrado
    buscado = admin_client.get(url_resultados, {"q": "energía"}).text
    assert "energía" in buscado and "metano" not in buscado


# --- Quizzes ------------------------------------------------------------------------------


def test_la_editora_crea_y_publica_una_evaluacion(cliente_editora, curso_y_modulos):
    curso, modulos = curso_y_modulos
    preguntas = [factories.pregunta(f"Pregunta {i}") for i in range(3)]
    datos = datos_evaluacion(
        curso, preguntas, modulo=modulos[1], publicar=True, preguntas_por_intento="2"
    )
    respuesta = cliente_editora.post(url_snippet(Evaluacion, "add"), datos)
    assert respuesta.status_code == 302
    evaluacion = Evaluacion.objects.get()
    assert evaluacion.live and evaluacion.modulo == modulos[1]
    assert evaluacion.preguntas_por_intento == 2
    assert list(evaluacion.items.order_by("sort_order").values_list("pregunta", flat=True)) == [
        p.pk for p in preguntas
    ]
    assert evaluacion.live_revision is not None


def test_guardar_sin_publicar_deja_un_borrador(admin_client, curso_y_modulos):
    curso, _ = curso_y_modulos
    datos = datos_evaluacion(curso, [factories.pregunta()])
    assert admin_client.post(url_snippet(Evaluacion, "add"), datos).status_code == 302
    evaluacion = Evaluacion.objects.get()
    assert not evaluacion.live and evaluacion.latest_revision is not None


def test_editar_y_publicar_una_evaluacion(cliente_editora, curso_y_modulos):
    curso, _ = curso_y_modulos
    evaluacion = factories.evaluacion(curso, n_preguntas=2)
    items = list(evaluacion.items.order_by("sort_order"))
    extra = factories.pregunta("Una pregunta nueva")
    datos = datos_evaluacion(
        curso,
        [i.pregunta for i in items] + [extra],
        items_iniciales=[i.pk for i in items],
        titulo="Evaluación final revisada",
        publicar=True,
    )
    respuesta = cliente_editora.post(url_snippet(Evaluacion, "edit", evaluacion.pk), datos)
    assert respuesta.status_code == 302
    evaluacion.refresh_from_db()
    assert evaluacion.titulo == "Evaluación final revisada" and evaluacion.live
    assert evaluacion.items.count() == 3


def test_el_modulo_debe_ser_del_curso_elegido(admin_client, curso_y_modulos, catalogo):
    curso, _ = curso_y_modulos
    _otro, modulos_ajenos = factories.curso_con_modulos(1, catalogo=catalogo, title="Otro curso")
    datos = datos_evaluacion(curso, [factories.pregunta()], modulo=modulos_ajenos[0])
    respuesta = admin_client.post(url_snippet(Evaluacion, "add"), datos)
    assert respuesta.status_code == 200
    assert f"no es un módulo del curso «{curso.title}»" in respuesta.text
    assert not Evaluacion.objects.exists()


def test_una_pregunta_no_puede_estar_dos_veces(admin_client, curso_y_modulos):
    curso, _ = curso_y_modulos
    repetida = factories.pregunta("¿Qué es la mitigación?")
    datos = datos_evaluacion(curso, [repetida, factories.pregunta("Otra"), repetida])
    respuesta = admin_client.post(url_snippet(Evaluacion, "add"), datos)
    assert respuesta.status_code == 200
    assert "La pregunta «¿Qué es la mitigación?» aparece más de una vez" in respuesta.text
    assert not Evaluacion.objects.exists() and not PreguntaDeEvaluacion.objects.exists()


def test_no_se_piden_mas_preguntas_de_las_que_hay(admin_client, curso_y_modulos):
    curso, _ = curso_y_modulos
    datos = datos_evaluacion(
        curso, [factories.pregunta(), factories.pregunta("Otra")], preguntas_por_intento="5"
    )
    respuesta = admin_client.post(url_snippet(Evaluacion, "add"), datos)
    assert respuesta.status_code == 200
    assert "Pides 5 preguntas por intento, pero la evaluación tiene sólo 2 preguntas." in (
        respuesta.text
    )
    assert not Evaluacion.objects.exists()


def test_el_listado_de_evaluaciones_filtra_y_cuenta_preguntas(admin_client, catalogo):
    curso, _ = factories.curso_con_modulos(1, catalogo=catalogo, title="Agua y clima")
    otro, _ = factories.curso_con_modulos(1, catalogo=catalogo, title="Movilidad")
    factories.evaluacion(curso, n_preguntas=4, titulo="Examen de agua")
    factories.evaluacion(otro, n_preguntas=2, titulo="Examen de movilidad", obligatoria=False)
    url = url_snippet(Evaluacion, "list")

    todo = admin_client.get(url)
    assert todo.status_code == 200
    assert "Examen de agua" in todo.text and "Examen de movilidad" in todo.text
    assert sorted(f.instance.num_preguntas for f in todo.context["table"].rows) == [2, 4]

    por_curso = admin_client.get(url, {"curso": curso.pk})
    filas = [(f.instance.titulo, f.instance.num_preguntas) for f in por_curso.context["table"].rows]
    assert filas == [("Examen de agua", 4)]
    opcionales = admin_client.get(url, {"obligatoria": "false"}).text
    assert "Examen de movilidad" in opcionales and "Examen de agua" not in opcionales
    buscada = admin_client.get(url, {"q": "agua"}).text
    assert "Examen de agua" in buscada and "Examen de movilidad" not in buscada


def test_el_menu_evaluaciones_agrupa_banco_evaluaciones_e_intentos(cliente_editora):
    # The sidebar is JSON in the page: look for the menu items' names and addresses.
    inicio = cliente_editora.get(reverse("wagtailadmin_home")).text
    assert '"name": "evaluaciones"' in inicio and '"label": "Evaluaciones"' in inicio
    for url in (
        url_snippet(Pregunta, "list"),
        url_snippet(Evaluacion, "list"),
        "/admin/evaluaciones/intentos/",
    ):
        assert f'"url": "{url}"' in inicio


# --- Attempts (read-only) -----------------------------------------------------------------


def test_los_intentos_se_consultan_pero_no_se_editan(cliente_editora, curso_y_modulos, aprendiz):
    curso, _ = curso_y_modulos
    evaluacion = factories.evaluacion(curso, n_preguntas=2)
    intento = intento_entregado(aprendiz, evaluacion)
    base = "/admin/evaluaciones/intentos/"

    listado = cliente_editora.get(base)
    assert listado.status_code == 200
    assert "Ana López Martínez" in listado.text and "100 %" in listado.text
    filtrado = cliente_editora.get(base, {"evaluacion": evaluacion.pk, "estado": "entregado"})
    assert "Ana López Martínez" in filtrado.text
    vacio = cliente_editora.get(base, {"estado": "en_curso"})
    assert "Ana López Martínez" not in vacio.text

    ficha = cliente_editora.get(f"{base}inspect/{intento.pk}/")
    assert ficha.status_code == 200
    assert "Preguntas y respuestas" in ficha.text
    assert f"Pregunta 1 de {curso.title}" in ficha.text
    assert "Elegida:" in ficha.text and "Dióxido de carbono" in ficha.text
    assert "Puntos: 1.00 de 1.00" in ficha.text

    assert cliente_editora.get(f"{base}edit/{intento.pk}/").status_code in (302, 403)
    cliente_editora.post(f"{base}delete/{intento.pk}/")
    assert Intento.objects.filter(pk=intento.pk).exists()

    csv = cliente_editora.get(base, {"export": "csv"})
    contenido = b"".join(csv.streaming_content).decode()
    assert "Respuestas" in contenido.splitlines()[0]
    assert f"1. Pregunta 1 de {curso.title} → Dióxido de carbono" in contenido


def test_la_ficha_del_intento_muestra_lo_no_respondido(admin_client, curso_y_modulos, aprendiz):
    curso, _ = curso_y_modulos
    evaluacion = factories.evaluacion(curso, n_preguntas=1)
    intento = intento_entregado(aprendiz, evaluacion)
    intento.respuestas = {}
    intento.save(update_fields=["respuestas"])
    ficha = admin_client.get(f"/admin/evaluaciones/intentos/inspect/{intento.pk}/").text
    assert "Sin respuesta." in ficha


def test_permisos_de_la_editora(editora):
    assert editora.has_perm("evaluaciones.publish_evaluacion")
    assert editora.has_perm("evaluaciones.view_intento")
    assert not editora.has_perm("evaluaciones.change_intento")


def test_los_listados_no_hacen_una_consulta_por_fila(admin_client, catalogo, aprendiz):
    curso, _ = factories.curso_con_modulos(1, catalogo=catalogo)
    listados = [
        url_snippet(Pregunta, "list"),
        url_snippet(Evaluacion, "list"),
        "/admin/evaluaciones/intentos/",
    ]

    def agregar(n):
        for i in range(n):
            pregunta = pregunta_con_temas(f"Pregunta {i} de {n}", ["agua", f"tema {i}"])
            evaluacion = factories.evaluacion(curso, preguntas=[pregunta], titulo=f"E{i}-{n}")
            intento_entregado(aprendiz, evaluacion)

    def consultas():
        cuentas = []
        for url in listados:
            admin_client.get(url)
            with CaptureQueriesContext(connection) as capturadas:
                assert admin_client.get(url).status_code == 200
            cuentas.append(len(capturadas))
        return cuentas

    agregar(2)
    con_pocas = consultas()
    agregar(10)
    assert consultas() == con_pocas


@pytest.mark.parametrize("campo", ["curso", "modulo", "metodo_calificacion"])
def test_con_intentos_no_cambian_curso_modulo_ni_metodo(
    admin_client, curso_y_modulos, catalogo, aprendiz, campo
):
    curso, modulos = curso_y_modulos
    evaluacion = factories.evaluacion(curso, n_preguntas=2)
    cursos_services.inscripcion_crear(usuario=aprendiz, curso=curso)
    evaluaciones_services.intento_iniciar(usuario=aprendiz, evaluacion=evaluacion)
    otro, _ = factories.curso_con_modulos(1, catalogo=catalogo, title="Otro curso")
    cambio = {
        "curso": {"curso": otro},
        "modulo": {"modulo": modulos[0]},
        "metodo_calificacion": {"metodo_calificacion": "ultima"},
    }[campo]
    items = list(evaluacion.items.order_by("sort_order"))
    datos = datos_evaluacion(
        cambio.get("curso", curso),
        [i.pregunta for i in items],
        items_iniciales=[i.pk for i in items],
        publicar=True,
        **{k: v for k, v in cambio.items() if k != "curso"},
    )
    respuesta = admin_client.post(url_snippet(Evaluacion, "edit", evaluacion.pk), datos)
    assert respuesta.status_code == 200
    assert "Ya hay intentos registrados en esta evaluación" in respuesta.text
    evaluacion.refresh_from_db()
    assert (evaluacion.curso_id, evaluacion.modulo_id, evaluacion.metodo_calificacion) == (
        curso.pk,
        None,
        "mas_alta",
    )
