def test_catalogo_y_curso_se_muestran(client, curso_y_modulos):
    curso, modulos = curso_y_modulos
    respuesta = client.get(curso.get_parent().url)
    assert respuesta.status_code == 200
    assert curso.title in respuesta.text
    respuesta = client.get(curso.url)
    assert respuesta.status_code == 200
    for modulo in modulos:
        assert modulo.title in respuesta.text
