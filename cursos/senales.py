"""Signals the courses app sends, for other apps to react to (by enqueuing work of their own).

``curso_completado`` is sent inside the transaction that stamps an enrolment complete, with
``inscripcion``. Receivers that do slow work should defer it with ``transaction.on_commit``.
"""

from django.dispatch import Signal

curso_completado = Signal()
