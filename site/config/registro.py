"""Logs as one JSON object per line, for production (Django, the task worker and gunicorn).

A traceback or a user agent with quotes stays inside its JSON string, so every record is one
line a log collector can parse without guessing where it ends.
"""

import json
import logging
from datetime import UTC, datetime

# gunicorn's access-log atoms (``gunicorn.glogging.Logger.atoms``) and the field each becomes.
# Behind nginx the client is the X-Real-IP header nginx sets, not the socket's address.
ATOMOS_DE_ACCESO = {
    "{x-real-ip}i": "client_ip",
    "h": "peer",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "f": "referer",
    "a": "user_agent",
    "{x-request-id}i": "request_id",
}


class FormatoJSON(logging.Formatter):
    """``{"time": …, "level": …, "logger": …, "message": …}`` on one line, plus ``exc`` with
    the traceback when there is one; gunicorn's access records become one field per atom."""

    def format(self, record: logging.LogRecord) -> str:
        datos = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            datos["message"] = "request"
            for atomo, campo in ATOMOS_DE_ACCESO.items():
                valor = record.args.get(atomo)
                if valor not in (None, "-", ""):
                    # gunicorn escapes quotes for its own text format; JSON escapes them again.
                    datos[campo] = valor.replace('\\"', '"') if isinstance(valor, str) else valor
        else:
            datos["message"] = record.getMessage()
        if record.exc_info:
            datos["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            datos["exc"] = record.exc_text
        return json.dumps(datos, ensure_ascii=False, default=str)
