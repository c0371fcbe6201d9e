"""Admin filters shared by every app's listings and reports."""

import django_filters
from django.core.exceptions import ValidationError


class IdElegibleField(django_filters.fields.ModelChoiceField):
    """A model choice whose id may be anything typed in the URL: one beyond the database's
    integers (``?curso=9223372036854775808``; a page's id is a foreign key, which Django does
    not range-check) is an invalid choice like ``abc``, not a crash."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class IdElegibleFilter(django_filters.ModelChoiceFilter):
    """``ModelChoiceFilter`` for ids from the URL: see :class:`IdElegibleField`."""

    field_class = IdElegibleField
