"""Synthetic data at realistic volume, reproducible from a seed: for benchmarks and load tests.

``generar(semilla=…, escala=…)`` writes, at ``escala=1``: 100,000 participants with their user
accounts, 10 courses of 5–7 modules each (real Wagtail pages under their own catalogue),
1,000,000 module completions, 200,000 finished quiz attempts, 50,000 certificates and 500
ambassador designations, dated over the three years before ``hasta``. Every count is
``round(volume × escala)``, exactly. The same seed, scale and ``hasta`` give the same rows
(``huella()`` is their digest); only database ids and folio numbers depend on what the
database already holds.

How it is recognisable, so ``borrar()`` removes it and nothing else: user names start with
``sintetico-`` and e-mails end in ``@sintetico.invalid`` (a reserved domain: nothing can be
sent there, and no real account can confirm such an address); the courses live under the
catalogue whose slug is ``cursos-sinteticos``. Real participants are never touched.

Municipalities are drawn with weights proportional to their population: ``POBLACION_MILES``
holds approximate figures of INEGI's Censo de Población y Vivienda 2020, in thousands and
rounded. They are weights, not figures to publish: Ecatepec gets about 9.7 % of the people,
Toluca 5.4 %, Otzoloapan 0.02 %.

Why writing around the models' save hooks is safe here: the pages, quizzes and questions are
few and go through Wagtail's page API and the ORM; the records go in bulk (COPY on PostgreSQL,
``bulk_create`` elsewhere), which skips ``save()`` and signals. Those hooks only (a) refuse to
change an issued certificate (these are inserted, never changed), (b) enqueue work after a
change: the certificate for a completed course (here it is written together with the
completion) and the completeness recount when a quiz is saved (here every enrolment is
written already consistent with its modules and quizzes), and (c) keep Wagtail's reference
and search indexes: attempts and certificates are out of the reference index by design, and
none of these records is searchable. Every database constraint still holds and is checked.
"""

from red.sinteticos.borrado import borrar
from red.sinteticos.datos import DOMINIO, ESCALA_1, PREFIJO_USUARIO, SLUG_CATALOGO, Volumenes
from red.sinteticos.generador import DatosSinteticosExistentes, Resumen, generar
from red.sinteticos.identidad import hay_sinteticos, huella, usuarios_sinteticos

__all__ = [
    "DOMINIO",
    "ESCALA_1",
    "PREFIJO_USUARIO",
    "SLUG_CATALOGO",
    "DatosSinteticosExistentes",
    "Resumen",
    "Volumenes",
    "borrar",
    "generar",
    "hay_sinteticos",
    "huella",
    "usuarios_sinteticos",
]
