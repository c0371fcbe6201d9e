"""No state on a web host's disk: certificate PDFs and designation documents go through their
STORAGES aliases, which production sets from the environment (README, «Operación»)."""

import importlib.util
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from certificados import firma
from config.registro import FormatoJSON
from config.settings import dev

RAIZ = Path(__file__).resolve().parent.parent.parent


def test_en_desarrollo_los_archivos_privados_tienen_su_propio_almacen():
    assert dev.STORAGES["certificados"]["OPTIONS"]["location"] == dev.CERTIFICADOS_DIRECTORIO
    assert dev.STORAGES["red"]["OPTIONS"]["location"] == dev.RED_DOCUMENTOS_DIRECTORIO


def _ajustes_de_produccion(**entorno):
    """STORAGES as production reads them from this environment (or the error it stops with)."""
    programa = (
        "import json, django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.files.base import ContentFile\n"
        "from certificados.models import Certificado\n"
        "from red.models import Embajador\n"
        "for modelo, campo in ((Certificado, 'pdf'), (Embajador, 'documento')):\n"
        "    modelo._meta.get_field(campo).storage.save('prueba.pdf', ContentFile(b'%PDF-'))\n"
        "print(json.dumps(settings.STORAGES, default=str))\n"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("S3_", "AWS_", "ALMAC"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "aula.example.gob.mx",
        "DATABASE_URL": "sqlite:///:memory:",
        "CERTIFICADOS_CLAVE_PRIVADA": firma.clave_generar_pem().decode(),
        "PYTHONPATH": f"{RAIZ}:{RAIZ / 'site'}",
        **entorno,
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", programa], env=env, capture_output=True, text=True, timeout=120
    )


def test_produccion_guarda_en_las_carpetas_que_dice_el_entorno(tmp_path):
    resultado = _ajustes_de_produccion(
        MEDIA_ROOT=str(tmp_path / "medios"),
        CERTIFICADOS_DIRECTORIO=str(tmp_path / "constancias"),
        RED_DOCUMENTOS_DIRECTORIO=str(tmp_path / "designaciones"),
    )
    assert resultado.returncode == 0, resultado.stderr
    almacenes = json.loads(resultado.stdout)
    assert almacenes["certificados"]["OPTIONS"]["location"] == str(tmp_path / "constancias")
    assert almacenes["red"]["OPTIONS"]["location"] == str(tmp_path / "designaciones")
    assert almacenes["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    # What the models write lands there, through the aliases.
    assert (tmp_path / "constancias" / "prueba.pdf").read_bytes() == b"%PDF-"
    assert (tmp_path / "designaciones" / "prueba.pdf").read_bytes() == b"%PDF-"
    assert not (tmp_path / "medios").exists()


def test_produccion_en_s3_pide_lo_que_le_falta():
    sin_cubetas = _ajustes_de_produccion(ALMACENAMIENTO="s3")
    assert sin_cubetas.returncode != 0
    if importlib.util.find_spec("storages") is None:
        # boto3 is not a dependency: only the `s3` extra brings it, and the error says so.
        assert 'pip install -e ".[s3]"' in sin_cubetas.stderr
    else:
        assert "ALMACENAMIENTO=s3 necesita S3_BUCKET_MEDIOS" in sin_cubetas.stderr
    desconocido = _ajustes_de_produccion(ALMACENAMIENTO="nube")
    assert desconocido.returncode != 0
    assert "ALMACENAMIENTO debe ser «archivos» o «s3»" in desconocido.stderr


def test_los_registros_son_una_linea_json_con_el_error_dentro():
    formato = FormatoJSON()
    try:
        raise ValueError("falló\nen dos líneas")
    except ValueError:
        registro = logging.getLogger("django.request").makeRecord(
            "django.request", logging.ERROR, __file__, 1, "Error en %s", ("/x/",), sys.exc_info()
        )
    linea = formato.format(registro)
    assert "\n" not in linea
    datos = json.loads(linea)
    assert datos["level"] == "ERROR" and datos["message"] == "Error en /x/"
    assert "ValueError: falló\nen dos líneas" in datos["exc"]


def test_el_acceso_de_gunicorn_es_una_linea_json_por_peticion():
    """gunicorn passes its access atoms as the record's args (gunicorn.glogging)."""
    from gunicorn.glogging import SafeAtoms

    atomos = SafeAtoms(
        {
            "h": "127.0.0.1",
            "{x-real-ip}i": "203.0.113.7",
            "m": "GET",
            "U": "/certificados/verificar/",
            "q": "",
            "s": "200",
            "B": 1234,
            "M": 12,
            "a": 'Navegador "raro"',
            "f": "-",
        }
    )
    registro = logging.getLogger("gunicorn.access").makeRecord(
        "gunicorn.access", logging.INFO, __file__, 1, "%(h)s", (atomos,), None
    )
    linea = FormatoJSON().format(registro)
    assert "\n" not in linea
    datos = json.loads(linea)
    assert datos["client_ip"] == "203.0.113.7" and datos["peer"] == "127.0.0.1"
    assert datos["status"] == "200" and datos["duration_ms"] == 12 and datos["bytes"] == 1234
    assert datos["user_agent"] == 'Navegador "raro"'
    assert "referer" not in datos and "query" not in datos
