"""deploy/ is what a server runs: nginx's example passes `nginx -t` and caps request bodies in
step with the site's upload limits, the systemd units pass `systemd-analyze verify`, and the
Procfile and gunicorn's settings load."""

import datetime
import os
import re
import secrets
import shutil
import subprocess
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings

from certificados import firma
from red import conf as red_conf

RAIZ = Path(__file__).resolve().parent.parent.parent
DEPLOY = RAIZ / "deploy"
VENV_BIN = RAIZ / ".venv" / "bin"
MB = 1024 * 1024


def _tamano(texto):
    numero, unidad = re.fullmatch(r"(\d+)([km]?)", texto).groups()
    return int(numero) * {"": 1, "k": 1024, "m": MB}[unidad]


def _topes_de_nginx():
    """client_max_body_size of the HTTPS server and of each of its locations."""
    texto = (DEPLOY / "nginx" / "aula.conf").read_text()
    https = texto[texto.index("listen 443") :]
    topes = {"servidor": _tamano(re.search(r"^    client_max_body_size (\w+);", https, re.M)[1])}
    for ruta, cuerpo in re.findall(r"location (\S+) \{(.*?)\}", https, re.S):
        tope = re.search(r"client_max_body_size (\w+);", cuerpo)
        if tope:
            topes[ruta] = _tamano(tope[1])
    return topes


def test_nginx_topa_cada_cuerpo_como_lo_topa_el_sitio():
    """Above the site's own cap (so the site answers in Spanish) and not far above it (so a
    huge body never reaches gunicorn's disk)."""
    topes = _topes_de_nginx()
    margen = 2 * MB  # the multipart envelope and the other fields of the form
    datos = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert datos <= topes["servidor"] <= datos + margen
    pdf = settings.CERTIFICADOS_TAMANO_MAXIMO_ARCHIVO
    assert pdf < topes["/certificados/verificar/"] <= pdf + margen
    editores = max(
        settings.WAGTAILDOCS_MAX_UPLOAD_SIZE,
        settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE,
        red_conf.documento_tamano_maximo(),
    )
    assert editores < topes["/admin/"] <= editores + margen


def test_nginx_acepta_el_ejemplo(tmp_path):
    """`nginx -t` on the example as shipped, with a throw-away certificate and log folder."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "falta nginx: make sysdeps lo instala (APT_PACKAGES)"
    certificado, clave = _certificado_propio(tmp_path)
    sitio = (
        (DEPLOY / "nginx" / "aula.conf")
        .read_text()
        .replace("/etc/letsencrypt/live/aula.example.gob.mx/fullchain.pem", str(certificado))
        .replace("/etc/letsencrypt/live/aula.example.gob.mx/privkey.pem", str(clave))
        .replace("/var/log/nginx/", f"{tmp_path}/")
    )
    (tmp_path / "aula.conf").write_text(sitio)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path}/cuerpos;\n"
        f"  include {tmp_path}/aula.conf;\n}}\n"
    )
    resultado = subprocess.run(  # noqa: S603 - Debian's nginx on our own file
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert resultado.returncode == 0, resultado.stderr
    assert "[warn]" not in resultado.stderr and "[emerg]" not in resultado.stderr


def _certificado_propio(carpeta):
    clave = ec.generate_private_key(ec.SECP256R1())
    nombre = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "aula.example.gob.mx")])
    ahora = datetime.datetime.now(datetime.UTC)
    certificado = (
        x509.CertificateBuilder()
        .subject_name(nombre)
        .issuer_name(nombre)
        .public_key(clave.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(ahora)
        .not_valid_after(ahora + datetime.timedelta(days=1))
        .sign(clave, hashes.SHA256())
    )
    ruta_certificado, ruta_clave = carpeta / "cert.pem", carpeta / "key.pem"
    ruta_certificado.write_bytes(certificado.public_bytes(serialization.Encoding.PEM))
    ruta_clave.write_bytes(
        clave.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ruta_certificado, ruta_clave


def test_las_unidades_de_systemd_son_validas(tmp_path):
    """`systemd-analyze verify` on the units, pointed at this checkout's virtualenv (it checks
    that ExecStart exists): no unknown key, no unparsable value."""
    analizar = shutil.which("systemd-analyze")
    assert analizar, "falta systemd-analyze (paquete systemd)"
    (tmp_path / "aula.env").write_text("")
    unidades = []
    for unidad in sorted((DEPLOY / "systemd").glob("*.service")):
        texto = (
            unidad.read_text()
            .replace("/srv/aula/.venv", str(VENV_BIN.parent.resolve()))
            .replace("/etc/aula/aula.env", str(tmp_path / "aula.env"))
            .replace("User=aula", "User=root")
            .replace("Group=aula", "Group=root")
        )
        nombre = unidad.name.replace("@.service", "@1.service")
        (tmp_path / nombre).write_text(texto)
        unidades.append(str(tmp_path / nombre))
    assert {Path(u).name for u in unidades} == {"aula-web.service", "aula-worker@1.service"}
    resultado = subprocess.run(  # noqa: S603 - Debian's systemd-analyze on our own files
        [analizar, "verify", *unidades], capture_output=True, text=True, timeout=120
    )
    assert resultado.returncode == 0, resultado.stderr
    assert resultado.stderr.strip() == "", resultado.stderr


def test_procfiles_y_gunicorn_cargan():
    for procfile in ("Procfile", "Procfile.dev"):
        resultado = subprocess.run(  # noqa: S603
            [VENV_BIN / "honcho", "-f", procfile, "check"],
            cwd=RAIZ,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert resultado.returncode == 0, resultado.stderr
        assert "web" in resultado.stderr + resultado.stdout
    entorno = {
        **os.environ,
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "aula.example.gob.mx",
        "DATABASE_URL": "sqlite:///:memory:",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "CERTIFICADOS_CLAVE_PRIVADA": firma.clave_generar_pem().decode(),
    }
    resultado = subprocess.run(  # noqa: S603 - gunicorn loads the app and exits
        [VENV_BIN / "gunicorn", "--config", "deploy/gunicorn.conf.py", "--check-config"],
        cwd=RAIZ,
        env=entorno,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resultado.returncode == 0, resultado.stderr + resultado.stdout


def test_el_entorno_de_ejemplo_pasa_check_deploy(tmp_path):
    """deploy/aula.env.ejemplo, as a server would hold it (its secrets and paths replaced by real
    ones here), gives production settings that `manage.py check --deploy` finds nothing in."""
    entorno = {}
    for linea in (DEPLOY / "aula.env.ejemplo").read_text().splitlines():
        if linea.strip() and not linea.startswith("#"):
            nombre, valor = linea.split("=", 1)
            entorno[nombre] = valor
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "ALMACENAMIENTO"} <= set(
        entorno
    )
    clave = tmp_path / "certificados.pem"
    clave.write_bytes(firma.clave_generar_pem())
    entorno.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL="sqlite:///:memory:",
        CERTIFICADOS_CLAVE_PRIVADA_ARCHIVO=str(clave),
        MEDIA_ROOT=str(tmp_path / "media"),
        CERTIFICADOS_DIRECTORIO=str(tmp_path / "certificados"),
        RED_DOCUMENTOS_DIRECTORIO=str(tmp_path / "designaciones"),
        STATIC_ROOT=str(tmp_path / "static_root"),
    )
    quitar = ("CERTIFICADOS_CLAVE_PRIVADA", "DJANGO_SETTINGS_MODULE")
    resultado = subprocess.run(  # noqa: S603 - our own manage.py
        [
            VENV_BIN / "python",
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings",
            "config.settings.production",
        ],
        cwd=RAIZ,
        env={**{k: v for k, v in os.environ.items() if k not in quitar}, **entorno},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resultado.returncode == 0, resultado.stderr + resultado.stdout
    assert "no issues" in resultado.stdout
