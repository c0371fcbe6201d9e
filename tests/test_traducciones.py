"""No English a person could meet, and the project's own Spanish for third-party strings.

Three sources of text reach a page: the project's templates and Python strings (written in
Spanish), the catalogues of Django, Wagtail and django-allauth (their msgids are English; an
msgid without a Spanish msgstr shows in English), and locale/, the project's overrides.
"""

import io
import json
import re
import sysconfig
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import polib
import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from django.utils.translation import trans_real

from tests.cuentas import ClienteConSegundoFactor

RAIZ = Path(__file__).resolve().parent.parent
CATALOGO_PROPIO = RAIZ / "locale" / "es" / "LC_MESSAGES" / "django.po"
IDIOMAS = ("es-mx", "es")  # the site's, and the Wagtail admin's (WAGTAILADMIN_PERMITTED_LANGUAGES)

# Words that only English uses, common in interface text. A Spanish sentence holds none of them.
INGLES = frozenset(
    """the and your you select option options please submit save cancel next previous page pages
    search edit delete created updated loading required click here more view download back close
    sign login logout password settings title description show hide yes add remove new choose
    upload file files image images document documents of to is are this that with for from
    paused exploring guide editor draft changes saving saved errors item items""".split()  # noqa: SIM905 (a list of 70 words reads better so)
)
# Technical words the project's Spanish text may carry as they are.
PERMITIDAS = frozenset({"pdf", "qr", "json", "csv", "xlsx", "wagtail", "url", "inegi", "curp"})


# --- 1. The overrides are compiled and in use ----------------------------------------------


def test_el_catalogo_propio_esta_compilado_y_gana_a_los_de_terceros():
    """Every entry of locale/es/…/django.po is what es-mx and es pages get: a stale .mo (the .po
    edited without `make traducciones`) or an override that loses to an app's catalogue fails."""
    po = polib.pofile(str(CATALOGO_PROPIO))
    assert not po.fuzzy_entries()
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()]
    assert len(po.translated_entries()) > 50
    for idioma in IDIOMAS:
        with translation.override(idioma):
            for entrada in po.translated_entries():
                if entrada.msgid_plural:
                    for n, forma in ((1, 0), (7, 1)):
                        obtenido = translation.ngettext(entrada.msgid, entrada.msgid_plural, n)
                        assert obtenido == entrada.msgstr_plural[forma], (idioma, entrada.msgid)
                else:
                    obtenido = translation.gettext(entrada.msgid)
                    assert obtenido == entrada.msgstr, (idioma, entrada.msgid)


def test_erratas_y_genero_de_wagtail_corregidos():
    with translation.override("es"):
        actualizado = translation.gettext("%(model_name)s '%(object)s' updated.") % {
            "model_name": "Evaluación",
            "object": "Evaluación final",
        }
        assert not actualizado.endswith("actualizado."), actualizado
        assert "«Evaluación final»" in actualizado
        etiquetas = translation.gettext(
            'Multi-word tags with spaces will automatically be enclosed in double quotes (").'
        )
        assert "etiqued" not in etiquetas and "etiquetas" in etiquetas
        una = translation.ngettext("Add tags to 1 image", "Add tags to %(counter)s images", 1)
        assert "etiqued" not in una


# --- 2. The project's own text is Spanish -------------------------------------------------


def _fuentes_del_proyecto():
    # The site, and every app of the plugin (a folder with an apps.py), present and future.
    carpetas = [RAIZ / "templates", RAIZ / "site"] + sorted(
        d for d in RAIZ.iterdir() if (d / "apps.py").is_file()
    )
    for carpeta in carpetas:
        for ruta in sorted(carpeta.rglob("*")):
            if "migrations" in ruta.parts or "static" in ruta.parts or not ruta.is_file():
                continue
            if ruta.suffix in {".html", ".txt", ".py"}:
                yield ruta


CADENA_PY = re.compile(
    r"""\b(?:_|gettext|gettext_lazy|ngettext|ngettext_lazy|pgettext|pgettext_lazy)\(\s*"""
    r"""(?:"[^"]*"\s*,\s*)?(?P<q>["'])(?P<texto>(?:\\.|(?!(?P=q)).)*)(?P=q)"""
)
ETIQUETA_PLANTILLA = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
COMENTARIO_PLANTILLA = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)
TRADUCIR = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.*?)\1""")
BLOQUE_TRADUCIR = re.compile(
    r"{%\s*(?:blocktranslate|blocktrans)\b[^%]*%}(.*?){%\s*end(?:blocktranslate|blocktrans)\s*%}",
    re.DOTALL,
)
ATRIBUTOS_VISIBLES = ("aria-label", "title", "placeholder", "alt")


def _textos_de_plantilla(fuente: str):
    fuente = COMENTARIO_PLANTILLA.sub(" ", fuente)
    yield from (m.group(2) for m in TRADUCIR.finditer(fuente))
    yield from (ETIQUETA_PLANTILLA.sub(" ", m.group(1)) for m in BLOQUE_TRADUCIR.finditer(fuente))
    html = BeautifulSoup(ETIQUETA_PLANTILLA.sub(" ", fuente), "html.parser")
    for nodo in html(["script", "style"]):
        nodo.decompose()
    yield from html.stripped_strings
    for elemento in html.find_all(True):
        yield from (elemento[a] for a in ATRIBUTOS_VISIBLES if isinstance(elemento.get(a), str))


def _palabras_inglesas(texto: str) -> set[str]:
    palabras = {p.lower() for p in re.findall(r"[A-Za-zÁÉÍÓÚÑáéíóúñü]+", texto)}
    return (palabras & INGLES) - PERMITIDAS


def test_las_plantillas_y_cadenas_del_proyecto_estan_en_espanol():
    hallazgos = []
    for ruta in _fuentes_del_proyecto():
        fuente = ruta.read_text(encoding="utf-8")
        textos = (
            [m.group("texto") for m in CADENA_PY.finditer(fuente)]
            if ruta.suffix == ".py"
            else list(_textos_de_plantilla(fuente))
        )
        for texto in textos:
            if ingles := _palabras_inglesas(texto):
                hallazgos.append(
                    f"{ruta.relative_to(RAIZ)}: {texto.strip()[:80]!r} {sorted(ingles)}"
                )
    assert len(list(_fuentes_del_proyecto())) > 100
    assert not hallazgos, "Texto en inglés:\n" + "\n".join(hallazgos)


def test_el_detector_reconoce_ingles_y_deja_pasar_espanol():
    assert _palabras_inglesas("- Select an option -") == {"select", "option"}
    assert _palabras_inglesas("Autosave is paused") == {"is", "paused"}
    assert not _palabras_inglesas("Descarga tu certificado en PDF o verifica su código QR.")
    textos = list(_textos_de_plantilla('<a title="Edit page">{% translate "Save" %}</a>{# x #}'))
    assert "Edit page" in textos and "Save" in textos


# --- 3. No msgid without Spanish on a rendered page ----------------------------------------


def _catalogos_de_terceros() -> list[Path]:
    """The English catalogue (every msgid) of Django and of each installed third-party app."""
    import django

    carpetas = [Path(django.__file__).parent / "conf" / "locale"]
    carpetas += [Path(app.path) / "locale" for app in apps.get_app_configs()]
    # Third-party means installed (site-packages), wherever the virtualenv lives: CI's is inside
    # the checkout, so "not under the checkout" would drop them all.
    instalados = Path(sysconfig.get_paths()["purelib"]).resolve()
    catalogos = []
    for carpeta in carpetas:
        if not carpeta.is_dir() or instalados not in carpeta.resolve().parents:
            continue
        for idioma in ("en", "es", "es_MX"):
            ruta = carpeta / idioma / "LC_MESSAGES" / "django.po"
            if ruta.exists():
                catalogos.append(ruta)
                break
    return catalogos


def _traducido(clave, catalogo) -> bool:
    while catalogo is not None:
        cat = getattr(catalogo, "_catalog", None)
        if cat is not None and clave in cat:
            return True
        catalogo = getattr(catalogo, "_fallback", None)
    return False


@cache
def _sin_traducir() -> dict[str, re.Pattern]:
    """msgid → the pattern of its English text as a page shows it, for every msgid of a
    third-party catalogue that has no Spanish in es-mx or in es."""
    en_uso = [trans_real.translation(idioma) for idioma in IDIOMAS]
    patrones = {}
    for ruta in _catalogos_de_terceros():
        for entrada in polib.pofile(str(ruta)):
            if entrada.obsolete:
                continue
            clave = (entrada.msgid, 0) if entrada.msgid_plural else entrada.msgid
            if all(_traducido(clave, t) for t in en_uso):
                continue
            for msgid in filter(None, (entrada.msgid, entrada.msgid_plural)):
                if patron := _patron_visible(msgid):
                    patrones[msgid] = patron
    return patrones


MARCADOR = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def _patron_visible(msgid: str) -> re.Pattern | None:
    texto = BeautifulSoup(msgid, "html.parser").get_text()
    trozos = [t.strip() for t in MARCADOR.split(texto) if t.strip()]
    letras = " ".join(trozos)
    # Single words and symbols ("PDF", "ID", "OK") are left to the word list of test 2.
    if len(re.findall(r"[A-Za-z]+", letras)) < 2 or not _palabras_inglesas(letras):
        return None
    # Words may sit in different elements (whitespace between them); a placeholder is any text.
    cuerpo = r"\s*.{1,120}?\s*".join(
        r"\s+".join(re.escape(p) for p in trozo.split()) for trozo in trozos
    )
    return re.compile(rf"(?<![A-Za-z]){cuerpo}(?![A-Za-z])")


def _cadenas(valor):
    if isinstance(valor, str):
        yield valor
    elif isinstance(valor, dict):
        for v in valor.values():
            yield from _cadenas(v)
    elif isinstance(valor, list):
        for v in valor:
            yield from _cadenas(v)


def _texto_visible(html: str) -> str:
    sopa = BeautifulSoup(html, "html.parser")
    partes = []
    # Wagtail's sidebar and some widgets render from JSON the page carries.
    for datos in sopa.find_all("script", type="application/json"):
        try:
            partes += list(_cadenas(json.loads(datos.string or "null")))
        except ValueError:
            continue
    for nodo in sopa(["script", "style", "noscript"]):
        nodo.decompose()
    partes += list(sopa.stripped_strings)
    for elemento in sopa.find_all(True):
        partes += [elemento[a] for a in ATRIBUTOS_VISIBLES if isinstance(elemento.get(a), str)]
        if elemento.name == "input" and elemento.get("type") in {"submit", "button"}:
            partes.append(elemento.get("value", ""))
    return "\n".join(partes)


def _ingles_en(html: str) -> list[str]:
    texto = _texto_visible(html)
    return sorted({msgid for msgid, patron in _sin_traducir().items() if patron.search(texto)})


def test_el_detector_de_catalogos_ve_lo_que_nadie_traduce():
    patrones = _sin_traducir()
    assert len(patrones) > 100  # Wagtail's es catalogue lags behind its English one
    # Wagtail 8's es catalogue lacks these; locale/ supplies them, so they are not listed.
    for traducido in ("Autosave is paused", "- Select an option -", "Exploring"):
        assert traducido not in patrones
    # Any listed msgid, shown as a page would show it, is found.
    ejemplo = next(iter(patrones))
    visible = MARCADOR.sub("7", BeautifulSoup(ejemplo, "html.parser").get_text())
    assert ejemplo in _ingles_en(f"<p><span>{visible}</span></p>")
    assert _ingles_en("<p>Guardar los cambios</p>") == []


ENLACE_A_EVITAR = re.compile(
    r"logout|/delete/|/unpublish/|/revisions/\d+/revert|/lock/|/unlock/|export=|/download|"
    r"/descargar|/documents/serve|/preview/|/history/|\.json$|\.pdf$|\.csv$|\.xlsx$|/usage/"
)


def _forma(ruta: str) -> str:
    """One visit per kind of page: ids become N, the query keeps only its keys."""
    partes = urlsplit(ruta)
    claves = sorted({p.split("=")[0] for p in partes.query.split("&") if p})
    return re.sub(r"\d+", "N", partes.path) + "?" + "&".join(claves)


def _recorrer(cliente: Client, inicio: list[str], prefijo: str, maximo: int) -> dict[str, str]:
    """GET pages from ``inicio``, following links under ``prefijo``; path → HTML."""
    pendientes, vistas, formas = list(inicio), {}, set()
    while pendientes and len(vistas) < maximo:
        ruta = pendientes.pop(0)
        forma = _forma(ruta)
        if ruta in vistas or forma in formas:
            continue
        formas.add(forma)
        respuesta = cliente.get(ruta)
        assert respuesta.status_code < 500, ruta
        if respuesta.status_code != 200 or "html" not in respuesta.get("Content-Type", ""):
            continue
        html = respuesta.content.decode()
        vistas[ruta] = html
        for enlace in BeautifulSoup(html, "html.parser").find_all("a", href=True):
            destino = urlsplit(enlace["href"])
            if destino.netloc or not destino.path.startswith(prefijo):
                continue
            siguiente = destino.path + (f"?{destino.query}" if destino.query else "")
            if not ENLACE_A_EVITAR.search(siguiente):
                pendientes.append(siguiente)
    return vistas


@pytest.mark.django_db
def test_ninguna_pagina_muestra_cadenas_de_terceros_sin_traducir():
    """Learner, public and editor pages of the demo: every msgid of Django, Wagtail or allauth
    that a page shows has Spanish (a new untranslated string there fails CI)."""
    call_command("cargar_demo", stdout=io.StringIO())
    usuarios = get_user_model().objects
    paginas: dict[str, str] = {}

    anonimo = Client()
    paginas |= _recorrer(
        anonimo,
        ["/", "/cuentas/login/", "/cuentas/signup/", "/cuentas/password/reset/"],
        "/",
        maximo=40,
    )
    for ruta, datos in [
        ("/cuentas/signup/", {"email": "x", "password1": "1", "password2": "2"}),
        ("/cuentas/login/", {"login": "nadie@aula.example", "password": "x"}),
    ]:
        paginas[f"POST {ruta}"] = anonimo.post(ruta, datos).content.decode()

    aprendiz = Client()
    aprendiz.force_login(usuarios.get(username="aprendiz"))
    paginas |= {
        f"aprendiz {r}": h
        for r, h in _recorrer(
            aprendiz,
            ["/aprendizaje/mis-cursos/", "/certificados/mis-certificados/", "/cuentas/email/"],
            "/",
            maximo=40,
        ).items()
    }
    sin_perfil = Client()
    sin_perfil.force_login(usuarios.create_user("sinperfil", "sinperfil@aula.example", "x"))
    paginas["sin perfil /aprendizaje/perfil/"] = sin_perfil.get(
        "/aprendizaje/perfil/"
    ).content.decode()

    editor = ClienteConSegundoFactor()  # staff reach the admin only after the second step
    editor.force_login(usuarios.get(username="admin"))
    paginas |= {
        f"admin {r}": h for r, h in _recorrer(editor, ["/admin/"], "/admin/", maximo=160).items()
    }

    assert len(paginas) > 80, len(paginas)
    assert any(r.startswith("admin /admin/pages/") and r.endswith("/edit/") for r in paginas)
    hallazgos: dict[str, list[str]] = {}  # msgid → the pages that show it
    for ruta, html in paginas.items():
        for msgid in _ingles_en(html):
            hallazgos.setdefault(msgid, []).append(ruta)
    assert not hallazgos, (
        "Sin traducir (añádelas a locale/es/LC_MESSAGES/django.po):\n"
        + "\n".join(
            f"{msgid!r}  ({len(rutas)} páginas, p. ej. {rutas[0]})"
            for msgid, rutas in sorted(hallazgos.items())
        )
    )


@pytest.mark.django_db
def test_el_javascript_del_admin_tiene_todas_sus_cadenas_en_espanol(admin_client):
    """Wagtail's admin scripts (autosave, validation errors, the toolbar) read their strings from
    /admin/jsi18n/; every msgid of Wagtail's JavaScript catalogue must be there in Spanish."""
    import wagtail

    respuesta = admin_client.get("/admin/jsi18n/")
    assert respuesta.status_code == 200
    texto = respuesta.content.decode()
    catalogo = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", texto, re.DOTALL).group(1))
    ingles = Path(wagtail.__file__).parent / "admin" / "locale" / "en" / "LC_MESSAGES"
    faltan = [
        e.msgid
        for e in polib.pofile(str(ingles / "djangojs.po"))
        if not e.obsolete and e.msgid not in catalogo
    ]
    assert not faltan, faltan
    assert catalogo["Autosave in progress…"] == "Guardando automáticamente…"
    assert catalogo["%(num)s error"] == ["%(num)s error", "%(num)s errores"]
