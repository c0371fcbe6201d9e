"""Hostile input at every URL the site serves (issue 12): Hypothesis draws paths, query
strings, form posts and uploads for each route of the URLconf and each live page, as an
anonymous visitor, a learner (the owner of the records or another one) and staff (the admin's
learner-data views, read only). No response may be a 5xx, and a refusal (4xx) stores nothing.

The test settings are production-like here: DEBUG off, the test client does not re-raise (a
bug answers the site's 500 page, as in production). ``make test`` runs a few examples;
``make fuzz`` (``FUZZ_EJEMPLOS=10000``) runs the big run and prints the status histogram per
route (tests/fuzz/conftest.py).
"""

from __future__ import annotations

import io
import json
import os

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certificados import render
from certificados.models import Certificado
from cursos import services as cursos_services
from cursos.models import CursoPage, ModuloPage
from evaluaciones import services as evaluaciones_services
from evaluaciones.models import Evaluacion, Intento
from privacidad import services as privacidad_services
from privacidad.models import AvisoPrivacidad, OrigenConsentimiento
from tests import factories
from tests.cuentas import ClienteConSegundoFactor
from tests.fuzz.conftest import HISTOGRAMA
from tests.fuzz.rutas import rutas

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

EJEMPLOS = int(os.environ.get("FUZZ_EJEMPLOS", "60"))
"""Examples over the whole suite, shared by its tests in proportion (``make fuzz``: 10,000)."""

AJUSTES = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

APPS_CONTADAS = ("cursos", "evaluaciones", "certificados", "red", "inicio", "auth", "account")


# --- Hostile values ----------------------------------------------------------------------------

NUMEROS_HOSTILES = [
    "0",
    "-1",
    "00",
    "1e3",
    str(2**31),
    str(2**63 - 1),
    str(2**63),
    str(2**64),
    "9" * 40,
    "１２",
    "²",
    "0x10",
    " 1",
    "1 ",
    "NaN",
    "Infinity",
]
TEXTOS_HOSTILES = [
    '"',
    "'",
    "\\",
    "%",
    "%00",
    "\x00",
    "\r\n",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "AND",
    "OR NOT",
    "title:agua",
    "agua*",
    "(",
    "{{ 7*7 }}",
    "{% debug %}",
    "\u202e",
    "🔥" * 50,
    "ü̈̈̈̈",
    "x" * 5000,
    "perfil",
    "admin:index",
    "//otro.example",
    "https://otro.example/",
    "javascript:alert(1)",
    "/\\otro.example",
    "[]",
    "{}",
    "null",
    "true",
    "-",
    "",
]

texto = st.one_of(
    st.sampled_from(TEXTOS_HOSTILES + NUMEROS_HOSTILES),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.integers().map(str),
)
CLAVES = [
    "q",
    "next",
    "pagina",
    "p",
    "page",
    "eje",
    "tema",
    "curso",
    "municipio",
    "evaluacion",
    "estado",
    "ordering",
    "desde",
    "hasta",
    "id",
    "export",
    "codigo",
    "archivo",
    "login",
    "password",
    "email",
    "nombre_completo",
    "municipio",
    "dependencia",
    "cargo",
    "tipo",
    "curp",
    "acepto_aviso",
    "acepto",
    "consiento",
    "q_municipio",
    "periodo",
    "fecha",
    "anio",
    "modulo",
]
clave = st.one_of(st.sampled_from(CLAVES), st.text(min_size=1, max_size=20))
datos_de_formulario = st.dictionaries(
    clave, st.one_of(texto, st.lists(texto, max_size=3)), max_size=8
)
METODOS = st.sampled_from(["GET", "GET", "GET", "POST", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"])


def _anidado(n: int):
    valor = "x"
    for _ in range(n):
        valor = [valor]
    return valor


# --- The world the requests land on ------------------------------------------------------------


class Mundo:
    """Courses, a quiz, learners with attempts and a certificate, and staff."""

    def __init__(self, completar):
        catalogo = factories.CursosIndexPageFactory(parent=factories.inicio())
        curso_con_certificado, modulos = factories.curso_con_modulos(
            2, catalogo=catalogo, title="Agua y clima"
        )
        curso_con_evaluacion, modulos_ev = factories.curso_con_modulos(
            2, catalogo=catalogo, title="Residuos"
        )
        self.evaluacion = factories.evaluacion(curso_con_evaluacion, intentos_maximos=None)
        self.aprendiz = factories.participante()
        self.otro = factories.participante()
        self.aviso = self._aviso_en_vigor(self.aprendiz, self.otro)
        completar(self.aprendiz, curso_con_certificado, modulos)
        cursos_services.inscripcion_crear(usuario=self.aprendiz, curso=curso_con_evaluacion)
        cursos_services.inscripcion_crear(usuario=self.otro, curso=curso_con_evaluacion)
        hecho, _ = evaluaciones_services.intento_iniciar(
            usuario=self.aprendiz, evaluacion=self.evaluacion
        )
        evaluaciones_services.intento_entregar(
            usuario=self.aprendiz,
            intento_id=hecho.pk,
            datos=factories.respuestas_incorrectas(hecho),
        )
        evaluaciones_services.intento_iniciar(usuario=self.otro, evaluacion=self.evaluacion)
        self.personal = factories.UsuarioFactory(is_staff=True, is_superuser=True)
        self.certificado = Certificado.objects.get(usuario=self.aprendiz)
        with self.certificado.pdf.open("rb") as archivo:
            self.pdf = archivo.read()
        self.paginas = [
            p.url for p in [catalogo, curso_con_certificado, curso_con_evaluacion, *modulos]
        ] + ["/"]
        self.etiquetas = {
            p.url: f"(página {type(p.specific).__name__})"
            for p in [catalogo, curso_con_certificado, curso_con_evaluacion, *modulos]
        } | {"/": "(página de inicio)"}
        self.ids = sorted(
            {
                *CursoPage.objects.values_list("pk", flat=True),
                *ModuloPage.objects.values_list("pk", flat=True),
                *Evaluacion.objects.values_list("pk", flat=True),
                *Intento.objects.values_list("pk", flat=True),
                self.certificado.pk,
                self.aprendiz.participante.pk,
                self.aprendiz.pk,
                self.otro.pk,
            }
        )
        self.uuids = [str(self.certificado.uuid)]
        self.codigos = [self.certificado.codigo_legible, self.certificado.codigo]
        self.archivos = self._archivos()
        self.modelos = [m for m in apps.get_models() if m._meta.app_label in APPS_CONTADAS]

    @staticmethod
    def _aviso_en_vigor(*personas) -> AvisoPrivacidad:
        """A privacy notice in force, as on the site, to which the learners consented (the
        service the consent page uses): otherwise the consent middleware would answer each of
        their pages with a redirect to it, and those pages would go unfuzzed."""
        aviso = AvisoPrivacidad(
            titulo="Aviso de privacidad integral",
            texto="<p>Tratamos tus datos para capacitarte.</p>",
            resumen_cambios="Primera versión.",
        )
        aviso.save()
        aviso.save_revision().publish()
        aviso.refresh_from_db()
        for persona in personas:
            privacidad_services.consentimiento_otorgar(
                usuario=persona, aviso=aviso, origen=OrigenConsentimiento.INICIO_SESION
            )
        return aviso

    def _archivos(self) -> list[bytes]:
        import pikepdf

        def con(nombre, contenido):
            documento = pikepdf.open(io.BytesIO(self.pdf))
            documento.attachments[nombre] = pikepdf.AttachedFileSpec(
                documento, contenido, filename=nombre
            )
            salida = io.BytesIO()
            documento.save(salida)
            return salida.getvalue()

        sobre = render.credencial_de_pdf(self.pdf)
        return [
            self.pdf,
            self.pdf[: len(self.pdf) // 2],
            con(
                render.NOMBRE_DIVULGACIONES,
                json.dumps({"municipio": ["s", _anidado(900)]}).encode(),
            ),
            con(render.NOMBRE_ADJUNTO, b'{"credencial": {}, "credencial": {}, "prueba": {}}'),
            con(render.NOMBRE_ADJUNTO, json.dumps({**sobre, "credencial": _anidado(50)}).encode()),
            con(render.NOMBRE_ADJUNTO, b"[" * 100_000),
            b"%PDF-1.7\n" + b"\x00" * 100,
            b"",
        ]

    def filas(self) -> dict[str, int]:
        return {m._meta.label: m._default_manager.count() for m in self.modelos}


@pytest.fixture
def mundo(completar, settings):
    # Rate limits would turn most of a long run into 429s: the suite fuzzes what is behind them
    # (the limits themselves have their own tests).
    settings.CERTIFICADOS_LIMITE_CONSULTAS = ""
    settings.CERTIFICADOS_LIMITE_ARCHIVOS = ""
    settings.ACCOUNT_RATE_LIMITS = False
    settings.RATELIMIT_ENABLE = False
    return Mundo(completar)


def valor_de_parametro(mundo: Mundo, convertidor: str):
    if convertidor in ("int", "id"):
        return st.one_of(
            st.sampled_from(mundo.ids).map(str),
            st.sampled_from(NUMEROS_HOSTILES),
            st.integers(min_value=0).map(str),
        )
    if convertidor == "uuid":
        return st.one_of(st.sampled_from(mundo.uuids), st.uuids().map(str), texto)
    if convertidor == "codigo":
        return st.one_of(st.sampled_from(mundo.codigos), texto)
    return st.one_of(st.sampled_from(mundo.codigos + mundo.uuids), texto)


def seguro_en_ruta(valor: str) -> str:
    """A value as it would arrive in a path: percent-encoded where it must be."""
    from urllib.parse import quote

    return quote(valor, safe="-_.~:@!$&'()*+,;=")


@st.composite
def peticiones(draw, mundo: Mundo, plantillas, *, solo_lectura=False):
    eleccion = draw(st.integers(min_value=0, max_value=len(plantillas) + len(mundo.paginas)))
    if eleccion < len(plantillas):
        ruta = plantillas[eleccion]
        valores = {
            nombre: seguro_en_ruta(draw(valor_de_parametro(mundo, conv)))
            for nombre, conv in ruta.parametros
        }
        etiqueta, camino = ruta.plantilla, ruta.llenar(valores)
    elif eleccion < len(plantillas) + len(mundo.paginas):
        camino = mundo.paginas[eleccion - len(plantillas)]
        etiqueta = mundo.etiquetas[camino]
    else:
        etiqueta = "(ruta al azar)"
        base = draw(st.sampled_from([*mundo.paginas, "/aprendizaje/", "/certificados/", "/red/"]))
        camino = base + seguro_en_ruta(draw(texto)) + draw(st.sampled_from(["", "/"]))
    metodo = "GET" if solo_lectura else draw(METODOS)
    consulta = draw(datos_de_formulario)
    cuerpo = draw(datos_de_formulario) if metodo in ("POST", "PUT") else {}
    if metodo == "POST" and draw(st.booleans()):
        campo = draw(st.sampled_from(["archivo", "documento", "file"]))
        contenido = draw(st.one_of(st.sampled_from(mundo.archivos), st.binary(max_size=2000)))
        nombre = draw(st.sampled_from(["certificado.pdf", "x.json", "../../a.pdf", "🔥.pdf", ""]))
        cuerpo[campo] = SimpleUploadedFile(nombre or "sin-nombre", contenido, "application/pdf")
    return etiqueta, metodo, camino, consulta, cuerpo


def enviar(cliente: Client, metodo: str, camino: str, consulta: dict, cuerpo: dict):
    from urllib.parse import urlencode

    qs = urlencode(consulta, doseq=True)
    url = f"{camino}?{qs}" if qs else camino
    if metodo == "GET":
        return cliente.get(url)
    if metodo == "HEAD":
        return cliente.head(url)
    if metodo == "POST":
        return cliente.post(url, cuerpo)
    if metodo == "PUT":
        return cliente.put(
            url,
            urlencode({k: v for k, v in cuerpo.items() if isinstance(v, (str, list))}, doseq=True),
            content_type="application/x-www-form-urlencoded",
        )
    return cliente.generic(metodo, url)


def comprobar(mundo: Mundo, cliente: Client, peticion) -> None:
    etiqueta, metodo, camino, consulta, cuerpo = peticion
    antes = mundo.filas()
    respuesta = enviar(cliente, metodo, camino, consulta, cuerpo)
    if getattr(respuesta, "streaming", False):
        b"".join(respuesta.streaming_content)
    respuesta.close()
    HISTOGRAMA[etiqueta][respuesta.status_code] += 1
    assert respuesta.status_code < 500, (metodo, camino, consulta, respuesta.status_code)
    if 400 <= respuesta.status_code < 500:
        despues = mundo.filas()
        cambios = {k: (antes[k], despues[k]) for k in antes if antes[k] != despues[k]}
        assert not cambios, (metodo, camino, respuesta.status_code, cambios)


def cliente_de(usuario=None) -> Client:
    # Staff sessions carry the second step (tests/cuentas.py), so the admin's views are fuzzed
    # rather than the redirect to setting it up.
    cliente = ClienteConSegundoFactor(raise_request_exception=False, REMOTE_ADDR="198.51.100.7")
    if usuario is not None:
        cliente.force_login(usuario)
    return cliente


PUBLICAS = [r for r in rutas() if not r.admin]
ADMIN = [r for r in rutas() if r.admin]


def test_rutas_de_la_urlconf():
    """The suite sees the learner, public, verification, account and admin routes."""
    plantillas = {r.plantilla for r in rutas()}
    for esperada in (
        "/aprendizaje/perfil/",
        "/aprendizaje/cursos/{curso_id:id}/inscripcion/",
        "/certificados/verificar/{codigo:codigo}.json",
        "/cuentas/login/",
        "/admin/red/expedientes/{participante_pk:id}/",
        "/admin/aprendizaje/participantes/",
    ):
        assert esperada in plantillas, esperada
    assert not any("/delete/" in p or "/edit/" in p for p in plantillas)


def test_el_aprendiz_llega_a_sus_paginas(mundo):
    """With a notice in force, the fuzzed learner and staff reach their pages (200) rather than
    a redirect to the consent page, which would hide every page from the suite."""
    assert AvisoPrivacidad.objects.vigente() == mundo.aviso
    for quien in (mundo.aprendiz, mundo.otro):
        cliente = cliente_de(quien)
        for camino in ("/aprendizaje/perfil/", mundo.paginas[1]):
            respuesta = cliente.get(camino)
            assert respuesta.status_code == 200, (quien, camino, respuesta.get("Location"))
    personal = cliente_de(mundo.personal).get("/admin/aprendizaje/participantes/")
    assert personal.status_code == 200, personal.get("Location")


def test_visitante_anonimo(mundo):
    @settings(AJUSTES, max_examples=max(1, EJEMPLOS * 4 // 10))
    @given(peticion=peticiones(mundo, PUBLICAS))
    def caso(peticion):
        comprobar(mundo, cliente_de(), peticion)

    caso()


def test_aprendiz(mundo):
    @settings(AJUSTES, max_examples=max(1, EJEMPLOS * 4 // 10))
    @given(peticion=peticiones(mundo, PUBLICAS), quien=st.sampled_from(["aprendiz", "otro"]))
    def caso(peticion, quien):
        comprobar(mundo, cliente_de(getattr(mundo, quien)), peticion)

    caso()


def test_personal_en_el_admin(mundo):
    @settings(AJUSTES, max_examples=max(1, EJEMPLOS * 2 // 10))
    @given(peticion=peticiones(mundo, ADMIN, solo_lectura=True))
    def caso(peticion):
        comprobar(mundo, cliente_de(mundo.personal), peticion)

    caso()
