"""Videos from a platform, played only when the learner asks: the address of each platform's
privacy-enhanced player (YouTube's youtube-nocookie.com, Vimeo's ``dnt=1``), so a page with a
video loads no third-party byte until its "play" is pressed."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlparse

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{6,12}$")


def _segundos(valor: str) -> int | None:
    """YouTube's ``t``/``start``: ``90``, ``90s`` or ``1m30s``."""
    coincide = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?", valor or "")
    if not coincide or not any(coincide.groups()):
        return None
    h, m, s = (int(g or 0) for g in coincide.groups())
    return h * 3600 + m * 60 + s


def reproductor(url: str) -> dict | None:
    """``{"plataforma", "src"}`` for a YouTube or Vimeo address (the player's URL, set to
    start playing, since the learner just pressed play), or None for any other address."""
    try:
        partes = urlparse(url or "")
    except ValueError:
        return None
    anfitrion = (partes.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    consulta = parse_qs(partes.query)
    ruta = [p for p in partes.path.split("/") if p]
    if anfitrion in {"youtube.com", "youtube-nocookie.com", "youtu.be"}:
        if anfitrion == "youtu.be":
            video = ruta[0] if ruta else ""
        elif ruta[:1] in (["embed"], ["shorts"], ["live"], ["v"]):
            video = ruta[1] if len(ruta) > 1 else ""
        else:
            video = (consulta.get("v") or [""])[0]
        if not _YOUTUBE_ID.match(video):
            return None
        parametros = {"autoplay": 1, "rel": 0}
        inicio = _segundos((consulta.get("t") or consulta.get("start") or [""])[0])
        if inicio:
            parametros["start"] = inicio
        return {
            "plataforma": "YouTube",
            "src": f"https://www.youtube-nocookie.com/embed/{video}?{urlencode(parametros)}",
        }
    if anfitrion in {"vimeo.com", "player.vimeo.com"}:
        numeros = [p for p in ruta if _VIMEO_ID.match(p)]
        if not numeros:
            return None
        parametros = {"dnt": 1, "autoplay": 1}
        privado = (consulta.get("h") or [""])[0]
        if not privado and len(ruta) > ruta.index(numeros[0]) + 1:
            siguiente = ruta[ruta.index(numeros[0]) + 1]
            privado = siguiente if re.fullmatch(r"[0-9a-f]{6,20}", siguiente) else ""
        if privado:
            parametros["h"] = privado
        return {
            "plataforma": "Vimeo",
            "src": f"https://player.vimeo.com/video/{numeros[0]}?{urlencode(parametros)}",
        }
    return None
