"""Wagtail hooks: registro. The Red's records log into ``cursos``' scoped audit log, so a
municipal liaison reads in the admin's histories only what happened in their municipalities.

The expediente's PDF downloads are logged against the participant, which ``cursos`` declares
itself."""

from cursos.alcance import registrar_modelo
from red.models import ConsentimientoDirectorio, Embajador, EnlaceMunicipal

registrar_modelo(Embajador, "municipio")
registrar_modelo(ConsentimientoDirectorio, "participante__municipio")
registrar_modelo(EnlaceMunicipal, "municipio")
