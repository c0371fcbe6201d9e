"""Validators for the participant's data."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidComponent
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.mx import curp as stdnum_curp


def validar_curp(valor: str) -> None:
    """Reject a CURP that does not follow RENAPO's format, dates, states and check digit.

    python-stdnum carries the official rules (including the list of forbidden words), so the
    project does not keep its own copy of them.
    """
    try:
        stdnum_curp.validate(valor)
    except InvalidChecksum as exc:
        raise ValidationError(
            _("El dígito verificador de la CURP no corresponde. Revisa que esté bien escrita."),
            code="curp_verificador",
        ) from exc
    except InvalidComponent as exc:
        raise ValidationError(
            _(
                "La CURP tiene una fecha, sexo o entidad que no existe. "
                "Revisa que esté bien escrita."
            ),
            code="curp_componente",
        ) from exc
    except StdnumError as exc:
        raise ValidationError(
            _(
                "La CURP debe tener 18 caracteres con el formato oficial, "
                "p. ej. GAPA850101HMCRRL02."
            ),
            code="curp_formato",
        ) from exc


def normalizar_curp(valor: str) -> str:
    return stdnum_curp.compact(valor) if valor else ""
