"""Who is limited to which municipalities: the ``red`` answer to ``cursos.alcance``.

A member of «Enlace municipal» who is neither a superuser nor in «Coordinación» sees only the
municipalities assigned to them in ``EnlaceMunicipal`` (none assigned: nothing). Everyone else
is not limited by this app (their model permissions still apply)."""

from __future__ import annotations

from red import roles
from red.models import EnlaceMunicipal


def municipios_del_enlace(*, usuario) -> set[int] | None:
    if usuario.is_superuser:
        return None
    nombres = set(usuario.groups.values_list("name", flat=True))
    if roles.ENLACE_MUNICIPAL not in nombres or roles.COORDINACION in nombres:
        return None
    return set(
        EnlaceMunicipal.objects.filter(usuario=usuario).values_list("municipio_id", flat=True)
    )
