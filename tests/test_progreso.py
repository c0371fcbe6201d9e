"""Enrolment and progress through the doors a learner uses, including every kind of bad input."""

import pytest
from django.urls import reverse

from cursos import services
from cursos.models import Inscripcion, ModuloCompletado
from tests import factories


def url_inscripcion(curso):
    return reverse("cursos:inscribirse", args=[curso.pk])


def url_completar(modulo):
    return reverse("cursos:completar_modulo", args=[modulo.pk])


def test_inscribirse_dos_veces_no_duplica(cliente_aprendiz, aprendiz, curso_y_modulos):
    curso, _ = curso_y_modulos
    primera = cliente_aprendiz.post(url_inscripcion(curso), follow=True)
    assert "Te inscribiste" in primera.text
    segunda = cliente_aprendiz.post(url_inscripcion(curso), follow=True)
    assert "Ya estabas inscrito" in segunda.text
    assert Inscripcion.objects.filter(usuario=aprendiz, curso=curso).count() == 1


def test_sin_perfil_completo_no_hay_inscripcion(client, curso_y_modulos):
    curso, _ = curso_y_modulos
    usuario = factories.UsuarioFactory()
    client.force_login(usuario)
    respuesta = client.post(url_inscripcion(curso))
    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("cursos:perfil"))
    assert "next=" in respuesta["Location"]
    assert not Inscripcion.objects.exists()


def test_anonimo_que_intenta_inscribirse_va_al_inicio_de_sesion(client, curso_y_modulos):
    curso, _ = curso_y_modulos
    respuesta = client.post(url_inscripcion(curso))
    assert respuesta.status_code == 302
    assert reverse("account_login") in respuesta["Location"]
    assert not Inscripcion.objects.exists()


@pytest.mark.parametrize("ruta", ["inscribirse", "completar_modulo"])
def test_get_en_las_acciones_de_escritura_es_405_en_espanol(
    cliente_aprendiz, curso_y_modulos, ruta
):
    curso, modulos = curso_y_modulos
    objetivo = curso if ruta == "inscribirse" else modulos[0]
    respuesta = cliente_aprendiz.get(reverse(f"cursos:{ruta}", args=[objetivo.pk]))
    assert respuesta.status_code == 405
    assert respuesta["Allow"] == "POST"
    assert "sólo acepta el envío de un formulario" in respuesta.text
    assert not Inscripcion.objects.exists()
    assert not ModuloCompletado.objects.exists()


def test_ids_desconocidos_o_de_otro_tipo_son_404(cliente_aprendiz, curso_y_modulos):
    curso, modulos = curso_y_modulos
    assert cliente_aprendiz.post(reverse("cursos:inscribirse", args=[999999])).status_code == 404
    # A module id where a course is expected, and the other way round (tampered form posts).
    assert cliente_aprendiz.post(url_inscripcion(modulos[0])).status_code == 404
    assert cliente_aprendiz.post(url_completar(curso)).status_code == 404
    assert (
        cliente_aprendiz.post(reverse("cursos:completar_modulo", args=[999999])).status_code == 404
    )
    assert not Inscripcion.objects.exists()


def test_cursos_y_modulos_sin_publicar_son_404(cliente_aprendiz, aprendiz, curso_y_modulos):
    curso, modulos = curso_y_modulos
    services.inscripcion_crear(usuario=aprendiz, curso=curso)
    modulos[0].unpublish()
    assert cliente_aprendiz.post(url_completar(modulos[0])).status_code == 404
    curso.unpublish()
    assert cliente_aprendiz.post(url_inscripcion(curso)).status_code == 404
    assert not ModuloCompletado.objects.exists()


def test_completar_modulo_de_un_curso_ajeno_es_403(cliente_aprendiz, curso_y_modulos):
    _, modulos = curso_y_modulos
    respuesta = cliente_aprendiz.post(url_completar(modulos[0]))
    assert respuesta.status_code == 403
    assert "Debes inscribirte al curso" in respuesta.text
    assert not ModuloCompletado.objects.exists()


def test_completar_todos_los_modulos_completa_el_curso(cliente_aprendiz, aprendiz, catalogo):
    curso, modulos = factories.curso_con_modulos(3, catalogo=catalogo)
    opcional = factories.ModuloPageFactory(parent=curso, obligatorio=False)
    cliente_aprendiz.post(url_inscripcion(curso))
    inscripcion = Inscripcion.objects.get(usuario=aprendiz, curso=curso)

    for i, modulo in enumerate(modulos):
        assert inscripcion.completado_en is None
        respuesta = cliente_aprendiz.post(url_completar(modulo))
        siguiente = modulos[i + 1] if i + 1 < len(modulos) else None
        assert respuesta["Location"] == (siguiente.url if siguiente else curso.url)
        inscripcion.refresh_from_db()

    assert inscripcion.completado_en is not None  # the optional module is not needed
    pagina = cliente_aprendiz.get(curso.url)
    assert "3 de 3 módulos obligatorios (100\u00a0%)" in pagina.text
    assert 'value="100"' in pagina.text
    assert "Curso completado el" in pagina.text
    # Completing again, or the optional module, never changes the completion date.
    fecha = inscripcion.completado_en
    cliente_aprendiz.post(url_completar(modulos[0]))
    cliente_aprendiz.post(url_completar(opcional))
    inscripcion.refresh_from_db()
    assert inscripcion.completado_en == fecha
    assert ModuloCompletado.objects.filter(inscripcion=inscripcion).count() == 4


def test_continuar_lleva_al_primer_modulo_sin_terminar(cliente_aprendiz, aprendiz, catalogo):
    curso, modulos = factories.curso_con_modulos(4, catalogo=catalogo)
    services.inscripcion_crear(usuario=aprendiz, curso=curso)
    services.modulo_completar(usuario=aprendiz, modulo=modulos[0])
    services.modulo_completar(usuario=aprendiz, modulo=modulos[2])

    pagina = cliente_aprendiz.get(curso.url).text
    assert "2 de 4 módulos obligatorios (50\u00a0%)" in pagina
    assert f'href="{modulos[1].url}">Continuar' in pagina

    mis_cursos = cliente_aprendiz.get(reverse("cursos:mis_cursos")).text
    assert curso.title in mis_cursos
    assert f'href="{modulos[1].url}">Continuar' in mis_cursos
    assert 'value="50"' in mis_cursos


def test_navegacion_anterior_y_siguiente(cliente_aprendiz, aprendiz, catalogo):
    curso, modulos = factories.curso_con_modulos(3, catalogo=catalogo)
    services.inscripcion_crear(usuario=aprendiz, curso=curso)
    medio = cliente_aprendiz.get(modulos[1].url).text
    assert f'rel="prev" href="{modulos[0].url}"' in medio
    assert f'rel="next" href="{modulos[2].url}"' in medio
    primero = cliente_aprendiz.get(modulos[0].url).text
    assert 'rel="prev"' not in primero
    ultimo = cliente_aprendiz.get(modulos[2].url).text
    assert 'rel="next"' not in ultimo


def test_el_contenido_del_modulo_es_solo_para_inscritos(client, curso_y_modulos):
    curso, modulos = curso_y_modulos
    anonimo = client.get(modulos[0].url)
    assert anonimo.status_code == 403
    assert "Contenido del módulo." not in anonimo.text
    assert "para participantes inscritos" in anonimo.text
    assert "Crear cuenta para inscribirme" in anonimo.text

    usuario = factories.participante()
    client.force_login(usuario)
    no_inscrito = client.get(modulos[0].url)
    assert no_inscrito.status_code == 403
    assert "Inscribirme a este curso" in no_inscrito.text

    services.inscripcion_crear(usuario=usuario, curso=curso)
    inscrito = client.get(modulos[0].url)
    assert inscrito.status_code == 200
    assert "Contenido del módulo." in inscrito.text
    assert "Marcar como terminado" in inscrito.text


def test_el_equipo_editorial_ve_los_modulos_sin_inscribirse(client, curso_y_modulos, catalogo):
    from cursos.editorial import grupo_editorial_asegurar

    _, modulos = curso_y_modulos
    editora = factories.UsuarioFactory()
    editora.groups.add(grupo_editorial_asegurar(catalogo=catalogo))
    client.force_login(editora)
    respuesta = client.get(modulos[0].url)
    assert respuesta.status_code == 200
    assert "Contenido del módulo." in respuesta.text
    assert "Marcar como terminado" not in respuesta.text


def test_dos_participantes_nunca_ven_el_avance_del_otro(client, catalogo):
    curso, modulos = factories.curso_con_modulos(2, catalogo=catalogo)
    otro_curso, _ = factories.curso_con_modulos(1, catalogo=catalogo)
    ana = factories.participante()
    beto = factories.participante()
    services.inscripcion_crear(usuario=ana, curso=curso)
    services.inscripcion_crear(usuario=ana, curso=otro_curso)
    for modulo in modulos:
        services.modulo_completar(usuario=ana, modulo=modulo)
    services.inscripcion_crear(usuario=beto, curso=curso)

    client.force_login(beto)
    pagina = client.get(curso.url).text
    assert "0 de 2 módulos obligatorios (0\u00a0%)" in pagina
    assert "Curso completado" not in pagina
    mis_cursos = client.get(reverse("cursos:mis_cursos")).text
    assert otro_curso.title not in mis_cursos
    assert "Terminado" not in client.get(modulos[0].url).text
    # Beto cannot complete modules on Ana's behalf either: the record is his own.
    client.post(url_completar(modulos[0]))
    assert ModuloCompletado.objects.filter(inscripcion__usuario=beto).count() == 1
    assert not Inscripcion.objects.get(usuario=beto, curso=curso).completado


def test_catalogo_filtra_por_tema_eje_y_busqueda(client, catalogo):
    agua, _ = factories.curso_con_modulos(1, catalogo=catalogo, title="Gestión del agua")
    agua.tags.add("Agua")
    agua.save_revision().publish()
    gobierno, _ = factories.curso_con_modulos(
        1, catalogo=catalogo, title="Gobierno abierto", eje="cultura_gobierno"
    )
    url = catalogo.url

    por_tema = client.get(url, {"tema": "agua"}).text
    assert "Gestión del agua" in por_tema and "Gobierno abierto" not in por_tema
    por_eje = client.get(url, {"eje": "cultura_gobierno"}).text
    assert "Gobierno abierto" in por_eje and "Gestión del agua" not in por_eje
    busqueda = client.get(url, {"q": "agua"}).text
    assert "Gestión del agua" in busqueda and "Gobierno abierto" not in busqueda
    # Nonsense filters are ignored or give an empty, friendly result, never an error.
    assert client.get(url, {"eje": "<script>", "pagina": "abc"}).status_code == 200
    vacio = client.get(url, {"tema": "no-existe"})
    assert vacio.status_code == 200
    assert "No encontramos cursos" in vacio.text


def test_un_curso_sin_publicar_no_aparece_en_el_catalogo(client, catalogo):
    curso, _ = factories.curso_con_modulos(1, catalogo=catalogo, title="Borrador secreto")
    curso.unpublish()
    assert "Borrador secreto" not in client.get(catalogo.url).text
    assert client.get(curso.url).status_code == 404


def test_mis_cursos_vacio_invita_al_catalogo(cliente_aprendiz, catalogo):
    respuesta = cliente_aprendiz.get(reverse("cursos:mis_cursos"))
    assert respuesta.status_code == 200
    assert "Todavía no te inscribes a ningún curso" in respuesta.text
    assert f'href="{catalogo.url}">Explora el catálogo' in respuesta.text


def test_paginas_publicas_responden(client, curso_y_modulos):
    curso, _ = curso_y_modulos
    for url in [
        "/",
        curso.get_parent().url,
        curso.url,
        "/aviso-de-privacidad/",
        "/cuentas/signup/",
    ]:
        respuesta = client.get(url)
        assert respuesta.status_code == 200, url
        assert 'href="#contenido"' in respuesta.text  # skip link on every page


def test_la_vista_previa_del_editor_muestra_el_borrador_sin_inscripcion(rf, curso_y_modulos):
    from cursos.editorial import grupo_editorial_asegurar

    curso, modulos = curso_y_modulos
    editora = factories.UsuarioFactory()
    editora.groups.add(grupo_editorial_asegurar(catalogo=curso.get_parent()))
    borrador = modulos[1]
    borrador.cuerpo = [("parrafo", "<p>Texto aún sin publicar.</p>")]
    peticion = rf.get("/admin/")
    peticion.user = editora
    respuesta = borrador.make_preview_request(original_request=peticion)
    respuesta.render()
    assert respuesta.status_code == 200
    assert "Texto aún sin publicar." in respuesta.content.decode()
