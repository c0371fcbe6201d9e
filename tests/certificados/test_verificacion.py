"""Public verification, through the doors a verifier uses: the code page, its JSON, the form,
the PDF upload and the published keys. No login, rate-limited, nothing private shown."""

import base64
import copy
import hashlib
import json
import random
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certificados import firma, render, services
from certificados.codigos import codigo_formatear, codigo_generar
from certificados.models import Certificado, ClavePublica, EstadoCertificado
from cursos import services as cursos_services
from cursos.models import Municipio
from evaluaciones import services as evaluaciones_services
from tests import factories

URL_VERIFICAR = "/certificados/verificar/"
URL_CLAVES = "/certificados/claves.json"
CURP = "GAPA850101HMCRRL02"
CORREO = "rosa.privada@municipio.example"


@pytest.fixture(autouse=True)
def _limites_limpios():
    """django-ratelimit counts in the local-memory cache, which outlives each test."""
    cache.clear()
    yield
    cache.clear()


def url_json(certificado) -> str:
    return f"{URL_VERIFICAR}{certificado.codigo_legible}.json"


def pdf_de(certificado) -> bytes:
    with certificado.pdf.open("rb") as archivo:
        return archivo.read()


def subir(client, contenido: bytes, nombre="certificado.pdf", **extra):
    archivo = SimpleUploadedFile(nombre, contenido, content_type="application/pdf")
    return client.post(URL_VERIFICAR, {"archivo": archivo}, **extra)


def texto(respuesta) -> str:
    return " ".join(respuesta.content.decode().split())


def codigo_no_emitido(*emitidos) -> str:
    while (codigo := codigo_generar()) in {c.codigo for c in emitidos}:
        pass
    return codigo


def codigo_malformado(certificado) -> str:
    """The certificate's code with one symbol mistyped: well-shaped, wrong check symbol."""
    codigo = certificado.codigo
    otro = "1" if codigo[4] != "1" else "2"
    return codigo_formatear(codigo[:4] + otro + codigo[5:])


def claves_publicadas(client) -> dict:
    return firma.claves_de_jwks(client.get(URL_CLAVES).json())


# --- By code ----------------------------------------------------------------------------


def test_codigo_valido(client, certificado):
    respuesta = client.get(certificado.get_absolute_url())
    assert respuesta.status_code == 200
    assert respuesta.templates[0].name == "certificados/verificacion.html"
    pagina = texto(respuesta)
    publico = certificado.credencial["credencial"]
    assert "Válida" in pagina and "auténtica y está vigente" in pagina
    for dato in (
        publico["titular"]["nombre"],
        publico["curso"]["titulo"],
        f"{publico['curso']['horas']} horas",
        certificado.folio,
        certificado.codigo_legible,
        "Instituto Estatal de Energía y Cambio Climático",
        render.fecha_larga(publico["completado"]),  # the date as the PDF prints it
    ):
        assert dato in pagina, dato
    assert '<meta name="robots" content="noindex">' in respuesta.text
    assert "no-cache" in respuesta["Cache-Control"]
    assert f'href="{url_json(certificado)}"' in respuesta.text


def test_codigo_revocado_muestra_fecha_y_motivo(client, certificado):
    motivo = "Se comprobó que la persona no concluyó el curso."
    revocado = services.certificado_revocar(certificado=certificado, motivo=motivo)
    respuesta = client.get(certificado.get_absolute_url())
    assert respuesta.status_code == 200
    pagina = texto(respuesta)
    assert "Revocada" in pagina and "ya no es válida" in pagina
    assert motivo in pagina
    assert render.fecha_larga(timezone.localdate(revocado.revocado_en)) in pagina
    assert "Válida ·" not in pagina

    datos = client.get(url_json(certificado)).json()
    assert datos["estado"] == "revocado"
    assert datos["revocacion"]["motivo"] == motivo
    assert datos["revocacion"]["fecha"] == revocado.revocado_en.isoformat(timespec="seconds")


def test_codigo_reemplazado_enlaza_al_nuevo(client, certificado):
    nuevo = services.certificado_reemitir(certificado=certificado, motivo="Nombre corregido")
    respuesta = client.get(certificado.get_absolute_url())
    assert respuesta.status_code == 200
    pagina = texto(respuesta)
    assert "Reemplazada" in pagina and "sustituida por una nueva" in pagina
    assert f'href="{nuevo.get_absolute_url()}"' in respuesta.text
    assert nuevo.folio in pagina

    siguiente = client.get(nuevo.get_absolute_url())
    assert siguiente.status_code == 200 and "Válida" in texto(siguiente)

    datos = client.get(url_json(certificado)).json()
    assert datos["estado"] == "reemplazado"
    assert datos["reemplazado_por"] == {
        "folio": nuevo.folio,
        "verificacion": "http://testserver" + nuevo.get_absolute_url(),
    }
    assert client.get(url_json(nuevo)).json()["estado"] == "valido"


def test_codigo_no_emitido_es_404(client, certificado):
    codigo = codigo_formatear(codigo_no_emitido(certificado))
    respuesta = client.get(f"{URL_VERIFICAR}{codigo}/")
    assert respuesta.status_code == 404
    assert respuesta.templates[0].name == "certificados/no_encontrado.html"
    pagina = texto(respuesta)
    assert "No encontramos esa constancia" in pagina and codigo in pagina

    respuesta = client.get(f"{URL_VERIFICAR}{codigo}.json")
    assert respuesta.status_code == 404
    assert respuesta.json() == {
        "estado": "no_encontrado",
        "codigo": codigo,
        "mensaje": "No hay ninguna constancia con ese código.",
    }


@pytest.mark.parametrize("forma", ["legible", "pegado", "corto", "largo", "u"])
def test_codigo_malformado_es_400_en_espanol_y_no_guarda_nada(client, certificado, forma):
    malformado = {
        "legible": codigo_malformado(certificado),
        "pegado": codigo_malformado(certificado).replace("-", "").lower(),
        "corto": certificado.codigo[:-1],
        "largo": certificado.codigo + "7",
        "u": "U" + certificado.codigo[1:],
    }[forma]
    antes = (Certificado.objects.count(), ClavePublica.objects.count())
    respuesta = client.get(f"{URL_VERIFICAR}{malformado}/")
    assert respuesta.status_code == 400
    assert respuesta.templates[0].name == "certificados/codigo_invalido.html"
    assert "Ese código no es válido" in texto(respuesta)

    respuesta = client.get(f"{URL_VERIFICAR}{malformado}.json")
    assert respuesta.status_code == 400
    assert respuesta.json() == {
        "estado": "codigo_invalido",
        "mensaje": "Ese código de verificación no es válido.",
    }
    assert (Certificado.objects.count(), ClavePublica.objects.count()) == antes


@pytest.mark.parametrize(
    "escrito",
    [
        lambda c: c.codigo,  # no hyphens
        lambda c: c.codigo_legible.lower(),
        lambda c: c.codigo.lower(),
        lambda c: "-".join(c.codigo[i : i + 3] for i in range(0, 12, 3)),
        lambda c: c.codigo_legible.replace("0", "O").replace("1", "I").lower(),
    ],
    ids=["sin-guiones", "minusculas", "minusculas-sin-guiones", "grupos-de-3", "o-e-i"],
)
def test_la_url_no_canonica_redirige_para_siempre(client, certificado, escrito):
    respuesta = client.get(f"{URL_VERIFICAR}{escrito(certificado)}/")
    assert respuesta.status_code == 301
    assert respuesta["Location"] == certificado.get_absolute_url()


def test_json_con_la_credencial_firmada(client, certificado):
    respuesta = client.get(url_json(certificado))
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/json"
    assert "no-cache" in respuesta["Cache-Control"]
    datos = respuesta.json()
    publico = certificado.credencial["credencial"]
    assert datos["estado"] == "valido"
    assert datos["codigo"] == certificado.codigo_legible
    assert datos["folio"] == certificado.folio
    assert datos["titular"] == publico["titular"]["nombre"]
    assert datos["curso"] == publico["curso"]["titulo"]
    assert datos["claves"] == "http://testserver" + URL_CLAVES
    assert "revocacion" not in datos and "reemplazado_por" not in datos
    # The signed credential checks out with nothing but the published keys.
    credencial = firma.verificar(datos["credencial"], claves_publicadas(client))
    assert credencial == publico
    assert credencial["verificacion"] == "http://testserver" + certificado.get_absolute_url()
    assert "Ana López Martínez" in respuesta.content.decode()  # UTF-8, not \u escapes


@pytest.fixture
def con_datos_privados(catalogo, django_capture_on_commit_callbacks):
    """A learner with a CURP, an e-mail, a small municipality and a final score of 66.67, whose
    certificate is issued the way the site issues it (passing the final quiz completes)."""
    usuario = factories.participante(
        factories.UsuarioFactory(email=CORREO),
        nombre_completo="Rosa Elvira Martínez Gil",
        curp=CURP,
        municipio=Municipio.objects.get(clave_inegi="15034"),  # Ecatzingo
        dependencia="Dirección de Protección Civil",
    )
    curso, modulos = factories.curso_con_modulos(2, catalogo=catalogo)
    evaluacion = factories.evaluacion(curso, n_preguntas=3, porcentaje_aprobatorio=50)
    cursos_services.inscripcion_crear(usuario=usuario, curso=curso)
    for modulo in modulos:
        cursos_services.modulo_completar(usuario=usuario, modulo=modulo)
    intento, _ = evaluaciones_services.intento_iniciar(usuario=usuario, evaluacion=evaluacion)
    respuestas = factories.respuestas_correctas(intento)
    una = next(iter(respuestas))
    respuestas[una] = factories.respuestas_incorrectas(intento)[una]  # 2 of 3 right
    with django_capture_on_commit_callbacks(execute=True):
        evaluaciones_services.intento_entregar(
            usuario=usuario, intento_id=intento.pk, datos=respuestas
        )
    return usuario.certificados.get()


def test_lo_publico_no_revela_datos_personales(client, con_datos_privados):
    certificado = con_datos_privados
    datos = certificado.datos
    # The snapshot does hold them (the PDF is the learner's): the point is they stay there.
    assert datos["titular"]["municipio"] == "Ecatzingo"
    assert datos["calificacion"] == "66.67"
    privados = [
        CORREO,
        CURP,
        CURP.lower(),
        "Ecatzingo",
        "Protección Civil",
        "66.67",
        "66,67",
        "66.7",
    ]

    respuestas = {
        "página": client.get(certificado.get_absolute_url()),
        "json": client.get(url_json(certificado)),
        "archivo": subir(client, pdf_de(certificado)),
    }
    assert respuestas["archivo"].templates[0].name == "certificados/verificacion_archivo.html"
    for nombre, respuesta in respuestas.items():
        assert respuesta.status_code == 200, nombre
        cuerpo = respuesta.content.decode()
        assert "Rosa Elvira Martínez Gil" in cuerpo, nombre
        for privado in privados:
            assert privado not in cuerpo, (nombre, privado)
    publico = respuestas["json"].json()
    # Municipality and score are present only as salted SHA-256 digests (selective
    # disclosure); their values are checked absent above.
    resumenes = publico["credencial"]["credencial"].pop("resumenes")
    assert set(resumenes) == {"municipio", "calificacion"}
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", r) for r in resumenes.values())
    claves_json = set(_claves_anidadas(publico))
    assert "titular" in claves_json
    assert not {"municipio", "calificacion", "curp", "email", "correo"} & claves_json


def _claves_anidadas(valor):
    if isinstance(valor, dict):
        for clave, hijo in valor.items():
            yield clave
            yield from _claves_anidadas(hijo)
    elif isinstance(valor, list):
        for hijo in valor:
            yield from _claves_anidadas(hijo)


# --- The form ---------------------------------------------------------------------------


def test_el_formulario(client, db, settings):
    settings.CERTIFICADOS_TAMANO_MAXIMO_ARCHIVO = 2 * 1024 * 1024
    respuesta = client.get(URL_VERIFICAR)
    assert respuesta.status_code == 200
    pagina = texto(respuesta)
    assert "Verificar una constancia" in pagina
    assert 'name="codigo"' in respuesta.text and 'name="archivo"' in respuesta.text
    assert 'enctype="multipart/form-data"' in respuesta.text
    assert "máximo 2 MB" in pagina  # the limit in force, not the default 5


@pytest.mark.parametrize(
    "escrito",
    [
        lambda c: c.codigo.lower(),
        lambda c: " " + c.codigo_legible.lower().replace("-", " ") + " ",
        lambda c: c.codigo_legible.replace("0", "O").replace("1", "l"),
    ],
    ids=["minusculas-sin-guiones", "con-espacios", "letras-parecidas"],
)
def test_el_formulario_lleva_a_la_pagina_del_codigo(client, certificado, escrito):
    respuesta = client.get(URL_VERIFICAR, {"codigo": escrito(certificado)})
    assert respuesta.status_code == 302
    assert respuesta["Location"] == certificado.get_absolute_url()
    assert client.get(respuesta["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("escrito", "error"),
    [
        ("7KQ3-M9XD-2RTB", "Ese código no es válido"),  # wrong check symbol
        ("7KQ3-M9XD", "Ese código no es válido"),
        ("<script>alert(1)</script>", "Ese código no es válido"),
        ("", "Este campo es necesario"),
    ],
)
def test_el_formulario_con_un_codigo_malo_es_400(client, db, escrito, error):
    respuesta = client.get(URL_VERIFICAR, {"codigo": escrito})
    assert respuesta.status_code == 400
    assert error in texto(respuesta)
    assert "<script>alert" not in respuesta.text  # the value is shown escaped


def test_la_ayuda_y_los_errores_estan_ligados_a_su_campo(client, db):
    """Screen readers announce what aria-describedby points to: every id must exist."""
    for respuesta in (
        client.get(URL_VERIFICAR, {"codigo": "7KQ3"}),
        client.post(URL_VERIFICAR, {}),
    ):
        assert respuesta.status_code == 400
        html = respuesta.content.decode()
        descritos = re.findall(r'aria-describedby="([^"]+)"', html)
        assert descritos
        for ids in descritos:
            for id_ in ids.split():
                assert f'id="{id_}"' in html, id_
        assert 'aria-invalid="true"' in html


def test_otros_metodos_son_405_en_espanol(client, db):
    for metodo in (client.put, client.delete, client.patch):
        respuesta = metodo(URL_VERIFICAR)
        assert respuesta.status_code == 405
        assert respuesta["Allow"] == "GET, POST"
        pagina = texto(respuesta)
        assert "Acción no permitida" in pagina and "verificación" in pagina
        assert "curso" not in respuesta.content.decode().split("<main")[1].split("</main>")[0]


# --- By file ----------------------------------------------------------------------------


def test_el_pdf_original(client, certificado):
    respuesta = subir(client, pdf_de(certificado))
    assert respuesta.status_code == 200
    pagina = texto(respuesta)
    assert "Archivo original" in pagina and "idéntico, byte por byte" in pagina
    assert "Válida" in pagina
    assert certificado.folio in pagina and certificado.titular in pagina
    assert render.fecha_larga(certificado.credencial["credencial"]["completado"]) in pagina


def test_el_pdf_original_de_un_certificado_revocado(client, certificado):
    services.certificado_revocar(certificado=certificado, motivo="Emitido por error.")
    pagina = texto(subir(client, pdf_de(certificado)))
    assert "Archivo original" in pagina
    assert "Revocada" in pagina and "Emitido por error." in pagina


def test_la_misma_credencial_en_otro_archivo(client, certificado):
    original = pdf_de(certificado)
    guardado_de_nuevo = original + b"\n% guardado de nuevo por un visor\n"
    assert render.credencial_de_pdf(guardado_de_nuevo) == certificado.credencial
    pagina = texto(subir(client, guardado_de_nuevo))
    assert "Credencial auténtica, archivo distinto" in pagina
    assert "Archivo original" not in pagina
    assert "Válida" in pagina and certificado.folio in pagina


def test_un_pdf_con_otra_cara_y_la_credencial_real_muestra_los_datos_firmados(client, certificado):
    """A forger copies the genuine credential into a PDF that prints another name: the page
    says the file is not the issued one and shows the signed name, not the printed one."""
    falso = render.pdf_de_html(
        "<h1>Constancia</h1><p>Otorgada a Impostor Pérez</p>",
        adjunto=render.adjunto_de_credencial(certificado.credencial),
    )
    pagina = texto(subir(client, falso))
    assert "Credencial auténtica, archivo distinto" in pagina
    assert certificado.titular in pagina and "Impostor" not in pagina


def test_una_credencial_alterada_no_es_autentica(client, certificado):
    alterado = copy.deepcopy(certificado.credencial)
    alterado["credencial"]["titular"]["nombre"] = "Impostor Pérez"
    falso = render.pdf_de_html(
        "<h1>Constancia</h1><p>Impostor Pérez</p>", adjunto=render.adjunto_de_credencial(alterado)
    )
    respuesta = subir(client, falso)
    assert respuesta.status_code == 200
    pagina = texto(respuesta)
    assert "No auténtico" in pagina
    assert "Impostor" not in pagina and certificado.folio not in pagina


def test_una_credencial_firmada_con_otra_clave_no_es_autentica(client, certificado):
    intrusa = firma.clave_desde_pem(firma.clave_generar_pem())
    sobre = firma.firmar(certificado.credencial["credencial"], intrusa)
    falso = render.pdf_de_html("<p>Constancia</p>", adjunto=render.adjunto_de_credencial(sobre))
    pagina = texto(subir(client, falso))
    assert "No auténtico" in pagina and certificado.folio not in pagina


def test_un_pdf_sin_credencial_es_desconocido(client, db):
    pagina = texto(subir(client, render.pdf_de_html("<p>Constancia de otro sitio</p>")))
    assert "Desconocido" in pagina
    assert "no corresponde a ninguna constancia" in pagina


@pytest.mark.parametrize(
    ("contenido", "nombre", "error"),
    [
        (b"Hola, esto no es un PDF.", "certificado.pdf", "no es un PDF"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "certificado.png", "no es un PDF"),
        (b"", "vacio.pdf", "está vacío"),
    ],
    ids=["texto", "png", "vacio"],
)
def test_un_archivo_que_no_es_pdf_es_400(client, db, contenido, nombre, error):
    respuesta = subir(client, contenido, nombre=nombre)
    assert respuesta.status_code == 400
    assert error in texto(respuesta)


def test_sin_archivo_es_400(client, db):
    respuesta = client.post(URL_VERIFICAR, {})
    assert respuesta.status_code == 400
    assert "Este campo es necesario" in texto(respuesta)


def test_un_archivo_demasiado_grande_es_400(client, certificado, settings):
    settings.CERTIFICADOS_TAMANO_MAXIMO_ARCHIVO = 1024 * 1024
    original = pdf_de(certificado)
    justo = original + b"\n%" + b"x" * (1024 * 1024 - len(original) - 2)
    assert len(justo) == 1024 * 1024
    en_el_limite = subir(client, justo)
    assert en_el_limite.status_code == 200 and "pesa más" not in texto(en_el_limite)

    respuesta = subir(client, justo + b"x")
    assert respuesta.status_code == 400
    assert "pesa más de 1 MB" in texto(respuesta)


def test_bytes_ilegibles_que_empiezan_como_pdf_no_dan_500(client, certificado, settings):
    settings.CERTIFICADOS_LIMITE_CONSULTAS = ""
    settings.CERTIFICADOS_LIMITE_ARCHIVOS = ""
    azar = random.Random(5)
    ilegibles = [
        b"%PDF-",
        b"%PDF-1.7\n",
        b"%PDF-1.7\n" + azar.randbytes(4000),
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF",
    ]
    for contenido in ilegibles:
        respuesta = subir(client, contenido)
        assert respuesta.status_code == 200, contenido[:40]
        assert "Archivo ilegible" in texto(respuesta) or "Desconocido" in texto(respuesta)

    # A real certificate, damaged: cut short or with a few bytes changed at random. pypdf
    # fails on such files in many ways (not only ValueError); none may reach the verifier as
    # a server error.
    original = pdf_de(certificado)
    danados = [original[:corte] for corte in (20, len(original) // 3, len(original) - 30)]
    for _ in range(150):
        danado = bytearray(original)
        for _ in range(azar.randint(1, 12)):
            danado[azar.randrange(5, len(danado))] = azar.randrange(256)
        danados.append(bytes(danado))
    veredictos = set()
    for contenido in danados:
        respuesta = subir(client, contenido)
        assert respuesta.status_code == 200
        veredicto = respuesta.content.decode().split('role="status"><strong>')[1].split("<")[0]
        veredictos.add(veredicto)
        assert veredicto != "Archivo original"
    assert veredictos <= {
        "Credencial auténtica, archivo distinto",
        "No auténtico",
        "Archivo ilegible",
        "Desconocido",
    }


# --- Rate limits ------------------------------------------------------------------------


def hasta_el_limite(pedir, permitidas: int) -> list:
    """``permitidas`` + 1 requests in a row. django-ratelimit counts per wall-clock window, so
    if the minute turns over mid-sequence the count restarts: then try once more (it cannot
    turn over twice within a minute)."""
    for _ in range(2):
        cache.clear()
        respuestas = [pedir() for _ in range(permitidas + 1)]
        if respuestas[-1].status_code == 429:
            break
    return respuestas


def test_limite_de_consultas_de_la_pagina(client, certificado, settings):
    settings.CERTIFICADOS_LIMITE_CONSULTAS = "3/m"
    url = certificado.get_absolute_url()
    respuestas = hasta_el_limite(lambda: client.get(url), 3)
    assert [r.status_code for r in respuestas] == [200, 200, 200, 429]
    ultima = respuestas[-1]
    assert ultima["Retry-After"] == "60"
    assert "Demasiadas consultas" in texto(ultima) and "espera un minuto" in texto(ultima)
    assert certificado.titular not in ultima.content.decode()
    # The form counts too: it is the same door.
    assert client.get(URL_VERIFICAR, {"codigo": certificado.codigo}).status_code == 429
    # Per client: another address is still served.
    assert client.get(url, REMOTE_ADDR="10.20.30.40").status_code == 200


def test_limite_de_consultas_del_json(client, certificado, settings):
    settings.CERTIFICADOS_LIMITE_CONSULTAS = "3/m"
    url = url_json(certificado)
    respuestas = hasta_el_limite(lambda: client.get(url), 3)
    assert [r.status_code for r in respuestas] == [200, 200, 200, 429]
    ultima = respuestas[-1]
    assert ultima["Retry-After"] == "60"
    assert ultima["Content-Type"] == "application/json"
    assert ultima.json() == {
        "error": "demasiadas_consultas",
        "mensaje": "Demasiadas consultas. Espera un minuto e inténtalo de nuevo.",
    }


def test_limite_de_archivos(client, db, settings):
    settings.CERTIFICADOS_LIMITE_ARCHIVOS = "2/m"
    respuestas = hasta_el_limite(lambda: subir(client, b"no es un PDF"), 2)
    assert [r.status_code for r in respuestas] == [400, 400, 429]
    assert "Demasiadas consultas" in texto(respuestas[-1])
    assert respuestas[-1]["Retry-After"] == "60"
    # Looking codes up is limited separately, and still allowed.
    assert client.get(URL_VERIFICAR).status_code == 200


# --- Published keys ---------------------------------------------------------------------


def test_claves_es_un_jwk_set_ed25519(client, certificado):
    respuesta = client.get(URL_CLAVES)
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/jwk-set+json"
    assert "public" in respuesta["Cache-Control"]
    jwks = json.loads(respuesta.content)
    assert set(jwks) == {"keys"} and jwks["keys"]
    for jwk in jwks["keys"]:
        assert (jwk["kty"], jwk["crv"], jwk["alg"], jwk["use"]) == (
            "OKP",
            "Ed25519",
            "EdDSA",
            "sig",
        )
        assert "d" not in jwk  # never the private part
        huella = hashlib.sha256(
            json.dumps(
                {"crv": "Ed25519", "kty": "OKP", "x": jwk["x"]}, separators=(",", ":")
            ).encode()
        ).digest()
        assert jwk["kid"] == base64.urlsafe_b64encode(huella).rstrip(b"=").decode()
    assert certificado.kid in {jwk["kid"] for jwk in jwks["keys"]}
    assert firma.verificar(certificado.credencial, firma.claves_de_jwks(jwks))
    assert certificado.estado == EstadoCertificado.VALIDO


def test_la_verificacion_en_dos_consultas_como_mucho(client, certificado):
    """Issue 11's budget: the public verification page and its JSON read the certificate (and
    nothing else per request: no session for a visitor without one, the menu from the cache)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pagina = certificado.get_absolute_url()
    json = pagina.rstrip("/") + ".json"
    for url in (pagina, json):
        client.get(url)  # a first visit fills the caches (the site, the menu's catalogue)
        with CaptureQueriesContext(connection) as consultas:
            respuesta = client.get(url)
        assert respuesta.status_code == 200
        assert len(consultas) <= 2, [c["sql"] for c in consultas]
