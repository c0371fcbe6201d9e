"""Load the demo content of the Red de Embajadores Climáticos. Safe to run again and again.

Each piece is looked up before it is made (courses by slug, quizzes by course and title, bank
questions by statement, attempts by learner and quiz), so a second run adds nothing, and what
an editor changed afterwards is left alone.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from certificados import services as certificados_services
from certificados.models import Certificado
from cursos import selectors as cursos_selectors
from cursos import services
from cursos.editorial import grupo_editorial_asegurar
from cursos.models import (
    CursoPage,
    CursosIndexPage,
    Eje,
    Inscripcion,
    ModuloPage,
    Municipio,
    TipoParticipante,
)
from cursos.segundo_factor import es_personal
from evaluaciones import selectors as evaluaciones_selectors
from evaluaciones import services as evaluaciones_services
from evaluaciones.models import (
    Evaluacion,
    Intento,
    ModoMultiple,
    Opcion,
    Pregunta,
    PreguntaDeEvaluacion,
    Revision,
    TipoPregunta,
)
from inicio import demo_privacidad, demo_red
from inicio.demo_certificados import plantilla_certificados_asegurar
from inicio.demo_cuentas import dispositivo_demo_asegurar
from inicio.models import HomePage

CONTRASENA_DEMO = "aula-demo-2026"

CUENTAS = [
    # (usuario, correo, nombre, superusuario, grupo)
    ("admin", "admin@aula.example", "Administración", True, None),
    ("editora", "editora@aula.example", "Editora de contenidos", False, "editorial"),
    ("aprendiz", "aprendiz@aula.example", "María Guadalupe Hernández Ruiz", False, None),
    ("coordinacion", "coordinacion@aula.example", "Coordinación de la Red", False, None),
    ("enlace", "enlace@aula.example", "Enlace municipal de Toluca y Metepec", False, None),
]


def _parrafo(texto):
    return ("parrafo", f"<p>{texto}</p>")


def _aviso(tipo, titulo, texto):
    return ("aviso", {"tipo": tipo, "titulo": titulo, "texto": f"<p>{texto}</p>"})


def _puntos(*puntos):
    return ("puntos_clave", {"titulo": "Puntos clave", "puntos": list(puntos)})


def _pregunta(enunciado, tipo, temas, explicacion, opciones, *, puntos=1, modo=None):
    """A bank question; ``opciones`` as (texto, correcta, retroalimentación) triples."""
    return {
        "enunciado": enunciado,
        "tipo": tipo,
        "temas": temas,
        "explicacion": explicacion,
        "opciones": opciones,
        "puntos": puntos,
        "modo_multiple": modo or ModoMultiple.TODO_O_NADA,
    }


def _verdadero_falso(enunciado, verdadero, temas, explicacion, *, si_verdadero, si_falso):
    return _pregunta(
        enunciado,
        TipoPregunta.VERDADERO_FALSO,
        temas,
        explicacion,
        [("Verdadero", verdadero, si_verdadero), ("Falso", not verdadero, si_falso)],
    )


CURSO_EMBAJADOR = {
    "title": "Funciones y compromisos del Embajador Climático",
    "slug": "funciones-y-compromisos-del-embajador-climatico",
    "resumen": (
        "Qué hace un Embajador Climático en su municipio: los tres ejes de trabajo de la Red y "
        "los compromisos que asume ante el Instituto."
    ),
    "objetivos": (
        "<ul><li>Conocer el papel del Embajador Climático en la administración municipal.</li>"
        "<li>Identificar los cuatro compromisos del eje de cultura de gobierno.</li>"
        "<li>Relacionar la acción climática con el ODS 6: agua limpia y saneamiento.</li></ul>"
    ),
    "publico": "<p>Personas designadas como Embajadoras Climáticas por su ayuntamiento.</p>",
    "duracion_horas": 6,
    "eje": Eje.CULTURA_GOBIERNO,
    "temas": ["Embajadores", "Gobierno municipal", "ODS 6", "Agua"],
    "modulos": [
        (
            "La Red de Embajadores Climáticos",
            30,
            True,
            [
                _parrafo(
                    "Cada uno de los 125 municipios del Estado de México designa personas que "
                    "coordinan acciones de adaptación y mitigación frente al cambio climático."
                ),
                _aviso(
                    "dato",
                    "¿Sabías que…?",
                    "El Instituto ha capacitado a más de mil personas servidoras públicas.",
                ),
                _puntos(
                    "La Red trabaja en tres ejes.",
                    "El Embajador enlaza a su municipio con el Instituto.",
                ),
            ],
        ),
        (
            "Cultura de gobierno: los cuatro compromisos",
            60,
            True,
            [
                ("encabezado", {"texto": "Los cuatro compromisos", "nivel": "h2"}),
                _parrafo(
                    "El eje de cultura de gobierno pide llevar el criterio climático a la "
                    "operación diaria del ayuntamiento."
                ),
                _puntos(
                    "Incorporar criterios climáticos en el plan de desarrollo municipal.",
                    "Reducir el consumo de energía, agua y papel de las oficinas municipales.",
                    "Capacitar al personal del ayuntamiento en acción climática.",
                    "Informar a la Red los avances de las acciones comprometidas.",
                ),
                (
                    "actividad",
                    {
                        "titulo": "Mi punto de partida",
                        "instrucciones": "<p>Anota cuál de los cuatro compromisos ya se cumple "
                        "en tu ayuntamiento y cuál sería el primero en atender.</p>",
                        "duracion_minutos": 15,
                    },
                ),
            ],
        ),
        (
            "Desarrollo humano y tejido social",
            45,
            True,
            [
                _parrafo(
                    "La acción climática municipal se sostiene en la comunidad: escuelas, "
                    "comités vecinales y organizaciones locales."
                ),
                (
                    "cita",
                    {
                        "texto": "Nadie se adapta solo: la adaptación es un trabajo colectivo.",
                        "autor": "Red de Embajadores Climáticos",
                    },
                ),
            ],
        ),
        (
            "Acción climática y ODS 6: gestión integrada de los recursos hídricos",
            60,
            True,
            [
                _parrafo(
                    "La gestión integrada de los recursos hídricos (GIRH) coordina el manejo del "
                    "agua, el suelo y los recursos relacionados para maximizar el bienestar sin "
                    "comprometer los ecosistemas."
                ),
                (
                    "preguntas_frecuentes",
                    {
                        "titulo": "Preguntas frecuentes",
                        "preguntas": [
                            {
                                "pregunta": "¿Qué pide la meta 6.5 de los ODS?",
                                "respuesta": "<p>Implementar la gestión integrada de los "
                                "recursos hídricos a todos los niveles.</p>",
                            },
                            {
                                "pregunta": "¿Qué puede hacer un municipio?",
                                "respuesta": "<p>Proteger zonas de recarga, reducir fugas y "
                                "tratar sus aguas residuales.</p>",
                            },
                        ],
                    },
                ),
            ],
        ),
        (
            "Para saber más: materiales de consulta",
            20,
            False,
            [_parrafo("Lecturas complementarias sugeridas por el Instituto.")],
        ),
    ],
}

CURSO_ADAPTACION = {
    "title": "Adaptación y mitigación para municipios",
    "slug": "adaptacion-y-mitigacion-para-municipios",
    "resumen": (
        "Conceptos y herramientas para reducir emisiones y la vulnerabilidad de tu municipio "
        "ante el cambio climático."
    ),
    "objetivos": (
        "<ul><li>Distinguir mitigación de adaptación.</li>"
        "<li>Conocer los pasos de un inventario municipal de emisiones.</li>"
        "<li>Proponer medidas de adaptación basadas en ecosistemas.</li></ul>"
    ),
    "publico": "<p>Personas servidoras públicas municipales y estatales.</p>",
    "duracion_horas": 8,
    "eje": Eje.ACCION_CLIMATICA,
    "temas": ["Adaptación", "Mitigación", "Riesgos", "Gobierno municipal"],
    "modulos": [
        (
            "Mitigación y adaptación: conceptos básicos",
            40,
            True,
            [
                _parrafo(
                    "Mitigar es reducir las emisiones de gases de efecto invernadero; adaptar "
                    "es reducir la vulnerabilidad ante sus efectos."
                )
            ],
        ),
        (
            "El inventario municipal de emisiones",
            60,
            True,
            [
                _parrafo(
                    "Energía, transporte, residuos y agricultura: de dónde vienen las emisiones."
                )
            ],
        ),
        (
            "Riesgos climáticos y vulnerabilidad",
            60,
            True,
            [_parrafo("Inundaciones, sequías, heladas e incendios forestales en el Estado.")],
        ),
        (
            "Adaptación basada en ecosistemas",
            45,
            True,
            [_parrafo("Reforestación, protección de barrancas y recarga de acuíferos.")],
        ),
    ],
}


CURSO_AGUA = {
    "title": "Agua y saneamiento: el ODS 6 en el municipio",
    "slug": "agua-y-saneamiento-ods-6",
    "resumen": (
        "Cómo cuidar el agua del municipio: fugas, captación de lluvia y saneamiento, en la "
        "línea de acción climática y ODS 6 de la Red."
    ),
    "objetivos": (
        "<ul><li>Conocer las metas del ODS 6.</li>"
        "<li>Identificar acciones municipales de ahorro y captación de agua.</li></ul>"
    ),
    "publico": "<p>Embajadores climáticos y personal de los organismos de agua.</p>",
    "duracion_horas": 4,
    "eje": Eje.ACCION_CLIMATICA,
    "temas": ["Agua", "ODS 6", "Gobierno municipal"],
    "modulos": [
        (
            "El ODS 6 y el agua del Estado de México",
            30,
            True,
            [_parrafo("Agua limpia y saneamiento para todas las personas: metas e indicadores.")],
        ),
        (
            "Acciones municipales: fugas, captación y saneamiento",
            40,
            True,
            [_parrafo("Detección de fugas, sistemas de captación pluvial y tratamiento.")],
        ),
    ],
}

MOTIVO_REVOCACION_DEMO = (
    "Revocada por la coordinación: se emitió antes de validar la evaluación presencial "
    "(ejemplo de la demostración)."
)

# Tags of the question bank share taggit's table with the courses' themes: same spelling, so
# "Agua" is one tag whether it marks a course or a question.
GOBIERNO, ADAPTACION, MITIGACION, AGUA = "Gobierno municipal", "Adaptación", "Mitigación", "Agua"

EVALUACION_EMBAJADOR = {
    "titulo": "Evaluación final: el Embajador Climático",
    "instrucciones": (
        "Siete preguntas sobre la Red, los compromisos de cultura de gobierno y el ODS 6. "
        "Necesitas 70 % para aprobar y tienes tres intentos; al entregar cada uno verás las "
        "respuestas correctas y una explicación."
    ),
    "reglas": {
        "porcentaje_aprobatorio": 70,
        "intentos_maximos": 3,
        "revision": Revision.INMEDIATA,
        "barajar_opciones": True,
    },
    "preguntas": [
        _pregunta(
            "¿Cuál es la función principal de una persona Embajadora Climática en su municipio?",
            TipoPregunta.UNICA,
            [GOBIERNO],
            "Cada municipio designa Embajadores Climáticos que coordinan las acciones de "
            "adaptación y mitigación y enlazan a su ayuntamiento con el Instituto Estatal de "
            "Energía y Cambio Climático.",
            [
                (
                    "Enlazar a su ayuntamiento con el Instituto y coordinar las acciones de "
                    "adaptación y mitigación del municipio.",
                    True,
                    "Correcto: es el enlace entre el municipio y el Instituto.",
                ),
                (
                    "Sustituir a la dirección de medio ambiente en sus atribuciones.",
                    False,
                    "No: el Embajador colabora con las áreas del ayuntamiento, no las sustituye.",
                ),
                (
                    "Vigilar y sancionar a las empresas que contaminan.",
                    False,
                    "No: la inspección y las sanciones corresponden a las autoridades "
                    "ambientales competentes.",
                ),
            ],
        ),
        _verdadero_falso(
            "La Red de Embajadores Climáticos trabaja en tres ejes: cultura de gobierno; "
            "desarrollo humano y tejido social; y acción climática y ODS 6.",
            True,
            [GOBIERNO],
            "Los tres ejes organizan los compromisos de la Red; este curso profundiza en el de "
            "cultura de gobierno.",
            si_verdadero="Correcto: son los tres ejes de trabajo de la Red.",
            si_falso="Revisa el módulo «La Red de Embajadores Climáticos»: son esos tres ejes.",
        ),
        _pregunta(
            "¿Cuáles de estos son compromisos del eje de cultura de gobierno?",
            TipoPregunta.MULTIPLE,
            [GOBIERNO],
            "Los cuatro compromisos son: criterios climáticos en el plan de desarrollo "
            "municipal, menor consumo de energía, agua y papel, capacitación del personal e "
            "informe de avances a la Red. Esta pregunta da crédito parcial: cada compromiso "
            "elegido suma y cada opción incorrecta resta.",
            [
                (
                    "Incorporar criterios climáticos en el plan de desarrollo municipal.",
                    True,
                    "Sí: es el primero de los cuatro compromisos.",
                ),
                (
                    "Reducir el consumo de energía, agua y papel de las oficinas municipales.",
                    True,
                    "Sí: el ayuntamiento predica con el ejemplo.",
                ),
                (
                    "Capacitar al personal del ayuntamiento en acción climática.",
                    True,
                    "Sí: la capacitación es uno de los cuatro compromisos.",
                ),
                (
                    "Informar a la Red los avances de las acciones comprometidas.",
                    True,
                    "Sí: el seguimiento se reporta a la Red.",
                ),
                (
                    "Comprar bonos de carbono para compensar las emisiones del municipio.",
                    False,
                    "No forma parte de los cuatro compromisos del eje.",
                ),
                (
                    "Concesionar a un particular el servicio de agua potable.",
                    False,
                    "No: la Red no pide cambiar quién opera el servicio de agua.",
                ),
            ],
            puntos=2,
            modo=ModoMultiple.PARCIAL,
        ),
        _pregunta(
            "¿Qué meta del ODS 6 pide implementar la gestión integrada de los recursos hídricos "
            "a todos los niveles?",
            TipoPregunta.UNICA,
            [AGUA],
            "La meta 6.5 pide implementar la gestión integrada de los recursos hídricos (GIRH) a "
            "todos los niveles, incluso mediante la cooperación transfronteriza.",
            [
                (
                    "La meta 6.1",
                    False,
                    "La 6.1 trata del acceso universal y equitativo al agua potable.",
                ),
                (
                    "La meta 6.3",
                    False,
                    "La 6.3 trata de reducir la contaminación y tratar las aguas residuales.",
                ),
                ("La meta 6.5", True, "Correcto: la 6.5 es la meta de la GIRH."),
                (
                    "La meta 6.b",
                    False,
                    "La 6.b apoya la participación de las comunidades locales en la gestión "
                    "del agua y el saneamiento.",
                ),
            ],
        ),
        _pregunta(
            "¿Qué acciones puede emprender un municipio para avanzar en el ODS 6?",
            TipoPregunta.MULTIPLE,
            [AGUA, ADAPTACION],
            "Proteger la recarga, reducir fugas y tratar las aguas residuales están al alcance "
            "de cualquier ayuntamiento. Para obtener el punto hay que elegir exactamente las "
            "tres.",
            [
                (
                    "Proteger las zonas de recarga de acuíferos.",
                    True,
                    "Sí: conservar la recarga asegura el agua de mañana.",
                ),
                (
                    "Reducir las fugas de la red de agua potable.",
                    True,
                    "Sí: una fuga desperdicia agua ya potabilizada y bombeada.",
                ),
                (
                    "Tratar sus aguas residuales antes de descargarlas.",
                    True,
                    "Sí: el saneamiento es parte del ODS 6.",
                ),
                (
                    "Descargar las aguas residuales en barrancas alejadas de la cabecera.",
                    False,
                    "No: contamina suelos, ríos y acuíferos, aunque quede lejos.",
                ),
            ],
        ),
        _verdadero_falso(
            "La adaptación al cambio climático es una tarea que el ayuntamiento puede resolver "
            "solo, sin la participación de la comunidad.",
            False,
            [ADAPTACION, GOBIERNO],
            "La acción climática municipal se sostiene en la comunidad: escuelas, comités "
            "vecinales y organizaciones locales. Nadie se adapta solo.",
            si_verdadero="No: la adaptación es un trabajo colectivo.",
            si_falso="Correcto: sin la comunidad, las medidas no se sostienen.",
        ),
        _pregunta(
            "¿Cuántos municipios del Estado de México pueden designar personas Embajadoras "
            "Climáticas?",
            TipoPregunta.UNICA,
            [GOBIERNO],
            "Cada uno de los 125 municipios del Estado de México designa personas que coordinan "
            "la acción climática local.",
            [
                ("Los 125 municipios del Estado.", True, "Correcto: la Red está abierta a todos."),
                (
                    "Sólo los municipios de la zona metropolitana del Valle de Toluca.",
                    False,
                    "No: la Red no se limita a una región.",
                ),
                (
                    "Sólo los municipios con más de 100 000 habitantes.",
                    False,
                    "No: el tamaño del municipio no es requisito.",
                ),
            ],
        ),
    ],
}

EVALUACION_ADAPTACION = {
    "titulo": "Evaluación final: adaptación y mitigación",
    "instrucciones": (
        "Cada intento sortea cinco preguntas del banco del curso y tienes 15 minutos para "
        "responderlas. Necesitas 70 % para aprobar y tienes tres intentos; las respuestas "
        "correctas se muestran cuando ya no te queden intentos."
    ),
    "reglas": {
        "porcentaje_aprobatorio": 70,
        "intentos_maximos": 3,
        "revision": Revision.AL_TERMINAR,
        "preguntas_por_intento": 5,
        "barajar_preguntas": True,
        "barajar_opciones": True,
        "limite_minutos": 15,
    },
    "preguntas": [
        _pregunta(
            "¿Cuál de estas medidas es de mitigación?",
            TipoPregunta.UNICA,
            [MITIGACION],
            "Mitigar es reducir las emisiones de gases de efecto invernadero; el alumbrado "
            "eficiente consume menos energía y, con ello, emite menos.",
            [
                (
                    "Sustituir el alumbrado público por luminarias LED.",
                    True,
                    "Correcto: menos energía, menos emisiones.",
                ),
                (
                    "Construir un bordo para proteger una colonia de las inundaciones.",
                    False,
                    "Es adaptación: reduce el daño, no las emisiones.",
                ),
                (
                    "Elaborar el atlas municipal de riesgos.",
                    False,
                    "Es una herramienta de adaptación y gestión de riesgos.",
                ),
            ],
        ),
        _pregunta(
            "¿Cuál de estas medidas es de adaptación?",
            TipoPregunta.UNICA,
            [ADAPTACION],
            "Adaptar es reducir la vulnerabilidad ante los efectos del cambio climático. "
            "Restaurar barrancas es, además, adaptación basada en ecosistemas.",
            [
                (
                    "Restaurar la vegetación de las barrancas contra inundaciones y deslaves.",
                    True,
                    "Correcto: reduce la vulnerabilidad ante lluvias intensas.",
                ),
                (
                    "Sustituir los vehículos municipales por vehículos eléctricos.",
                    False,
                    "Es mitigación: reduce las emisiones del transporte.",
                ),
                (
                    "Capturar y quemar el metano del relleno sanitario.",
                    False,
                    "Es mitigación: evita emisiones de metano.",
                ),
            ],
        ),
        _verdadero_falso(
            "Mitigar es reducir la vulnerabilidad del municipio ante los efectos del cambio "
            "climático.",
            False,
            [MITIGACION, ADAPTACION],
            "Mitigación y adaptación se complementan: la primera ataca las causas (las "
            "emisiones) y la segunda los efectos (la vulnerabilidad).",
            si_verdadero="No: ésa es la definición de adaptar.",
            si_falso="Correcto: mitigar es reducir las emisiones.",
        ),
        _pregunta(
            "¿Cuáles de estos gases de efecto invernadero se reportan en un inventario "
            "municipal de emisiones?",
            TipoPregunta.MULTIPLE,
            [MITIGACION],
            "Los inventarios reportan, entre otros, CO₂, CH₄ y N₂O, expresados en CO₂ "
            "equivalente. Esta pregunta da crédito parcial: cada gas acertado suma y cada "
            "opción incorrecta resta.",
            [
                (
                    "Dióxido de carbono (CO₂)",
                    True,
                    "Sí: viene sobre todo de la quema de combustibles.",
                ),
                ("Metano (CH₄)", True, "Sí: lo emiten los residuos orgánicos y la ganadería."),
                ("Óxido nitroso (N₂O)", True, "Sí: viene sobre todo de los fertilizantes."),
                ("Oxígeno (O₂)", False, "No: el oxígeno no retiene calor en la atmósfera."),
                ("Nitrógeno (N₂)", False, "No: el nitrógeno no retiene calor en la atmósfera."),
            ],
            puntos=2,
            modo=ModoMultiple.PARCIAL,
        ),
        _pregunta(
            "¿Qué gas de efecto invernadero se forma en un relleno sanitario cuando se "
            "descomponen los residuos orgánicos, y conviene capturar?",
            TipoPregunta.UNICA,
            [MITIGACION],
            "Sin oxígeno, los residuos orgánicos producen metano, que calienta la atmósfera "
            "mucho más que el CO₂; capturarlo es una medida de mitigación municipal.",
            [
                ("Metano", True, "Correcto: puede capturarse y aprovecharse como energía."),
                ("Ozono", False, "No: el ozono no se forma al descomponerse los residuos."),
                (
                    "Hexafluoruro de azufre",
                    False,
                    "No: se usa en equipos eléctricos; no viene de los residuos.",
                ),
            ],
        ),
        _verdadero_falso(
            "Proteger las zonas de recarga de acuíferos es una medida de adaptación basada en "
            "ecosistemas que ayuda a enfrentar las sequías.",
            True,
            [AGUA, ADAPTACION],
            "La adaptación basada en ecosistemas usa bosques, barrancas y humedales para reducir "
            "la vulnerabilidad; más recarga significa más agua en la temporada seca.",
            si_verdadero="Correcto: los ecosistemas sanos recargan los acuíferos.",
            si_falso="Sí lo es: de esos acuíferos depende el agua del municipio en la sequía.",
        ),
        _pregunta(
            "¿De qué depende la vulnerabilidad de un municipio ante el cambio climático?",
            TipoPregunta.UNICA,
            [ADAPTACION, GOBIERNO],
            "Un municipio es más vulnerable cuanto más expuesto y sensible es, y cuanto menor "
            "es su capacidad de adaptación.",
            [
                (
                    "De su exposición, su sensibilidad y su capacidad de adaptación.",
                    True,
                    "Correcto: son los tres componentes de la vulnerabilidad.",
                ),
                (
                    "Sólo del número de habitantes.",
                    False,
                    "La población influye, pero no basta para medir la vulnerabilidad.",
                ),
                (
                    "Sólo de la altitud del municipio.",
                    False,
                    "La ubicación influye en la exposición, que es sólo una parte.",
                ),
            ],
        ),
        _pregunta(
            "¿Cuáles de estos riesgos climáticos afectan al Estado de México?",
            TipoPregunta.MULTIPLE,
            [ADAPTACION, AGUA],
            "Inundaciones, sequías, heladas e incendios forestales son los riesgos que revisa el "
            "módulo «Riesgos climáticos y vulnerabilidad». Para obtener el punto hay que elegir "
            "exactamente esos cuatro.",
            [
                ("Inundaciones", True, "Sí: sobre todo en la temporada de lluvias."),
                ("Sequías", True, "Sí: afectan el abasto de agua y el campo."),
                ("Heladas", True, "Sí: en las zonas altas dañan cultivos y salud."),
                ("Incendios forestales", True, "Sí: sobre todo en la temporada seca."),
                ("Marejadas ciclónicas", False, "No: el Estado de México no tiene costa."),
            ],
        ),
    ],
}


class Command(BaseCommand):
    help = (
        "Carga el contenido de demostración (idempotente): cursos, módulos, banco de preguntas, "
        "evaluaciones finales y cuentas."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            catalogo = self._catalogo()
            embajador = self._curso(catalogo, CURSO_EMBAJADOR)
            adaptacion = self._curso(catalogo, CURSO_ADAPTACION)
            evaluaciones = [
                self._evaluacion_final(embajador, EVALUACION_EMBAJADOR),
                self._evaluacion_final(adaptacion, EVALUACION_ADAPTACION),
            ]
            usuarios = self._cuentas(grupo_editorial=grupo_editorial_asegurar(catalogo=catalogo))
            agua = self._curso(catalogo, CURSO_AGUA)
            plantilla_certificados_asegurar()
            aprendiz = usuarios["aprendiz"]
            self._avance(aprendiz, embajador)
            self._intentos(aprendiz, evaluaciones[0])
        valido, revocado = self._certificados(aprendiz, agua, adaptacion, evaluaciones[1])
        with transaction.atomic():
            demo_red.personal_asegurar(usuarios)
            demo_red.aprendiz_embajadora(aprendiz)
            claves = self._segundo_factor(usuarios)
        historial = demo_red.historial_asegurar()
        with transaction.atomic():
            demo_privacidad.aviso_asegurar(usuarios)
        solicitudes_arco = demo_privacidad.solicitudes_asegurar()
        self.stdout.write(self.style.SUCCESS("Contenido de demostración listo."))
        self.stdout.write("Evaluaciones finales (obligatorias para completar cada curso):")
        for evaluacion in evaluaciones:
            ruta = reverse("evaluaciones:detalle", args=[evaluacion.pk])
            self.stdout.write(f"  {ruta:<30} {evaluacion.titulo}")
        base = "http://127.0.0.1:8000"
        self.stdout.write(f"Cuentas de demostración (contraseña: {CONTRASENA_DEMO}):")
        for usuario, correo, _nombre, _su, _g in CUENTAS:
            self.stdout.write(f"  {usuario:<12} {correo}")
            if usuario in claves:
                secreto, recuperacion = claves[usuario]
                self.stdout.write(
                    f"            segundo paso: clave TOTP {secreto} (agrégala a tu app de "
                    f"autenticación), o `manage.py codigo_totp_demo {usuario}`, o el código "
                    f"de recuperación {recuperacion}"
                )
            if usuario == "aprendiz":
                self.stdout.write(f"            en «{embajador.title}»:")
                self.stdout.write(
                    f"            {self._situacion(aprendiz, embajador, evaluaciones[0])}"
                )
                self.stdout.write(
                    f"            constancia válida:   {base}{valido.get_absolute_url()}"
                )
                self.stdout.write(
                    f"            constancia revocada: {base}{revocado.get_absolute_url()}"
                )
            if usuario == "coordinacion":
                self.stdout.write(
                    "            Coordinación: cifras, mapa, reportes, expedientes y "
                    "designaciones en /admin/"
                )
            if usuario == "enlace":
                self.stdout.write(
                    "            Enlace municipal: solo ve Toluca y Metepec en /admin/"
                )
        self.stdout.write("  Participantes:  /cuentas/login/   Editores: /admin/")
        self.stdout.write(
            "  La Red en cifras (sin cuenta): /red/cifras/   Directorio: /red/directorio/"
        )
        if historial is not None:
            conteos = ", ".join(
                f"{n:,} {nombre.replace('_', ' ')}" for nombre, n in historial.conteos.items()
            )
            self.stdout.write(f"  Historial sintético de la Red: {conteos}.")
        self.stdout.write("  Verificar una constancia (sin cuenta): /certificados/verificar/")
        self.stdout.write(
            "  Derechos ARCO: /privacidad/ (cada participante); "
            f"{solicitudes_arco} solicitudes en /admin/privacidad/solicitudes/ (Coordinación)"
        )

    def _catalogo(self) -> CursosIndexPage:
        inicio = HomePage.objects.get()
        catalogo = CursosIndexPage.objects.child_of(inicio).filter(slug="cursos").first()
        if catalogo is None:
            catalogo = CursosIndexPage(
                title="Cursos",
                slug="cursos",
                introduccion="<p>Cursos en línea del Instituto Estatal de Energía y Cambio "
                "Climático para la Red de Embajadores Climáticos.</p>",
            )
            inicio.add_child(instance=catalogo)
            catalogo.save_revision().publish()
        return catalogo

    def _curso(self, catalogo, datos) -> CursoPage:
        curso = CursoPage.objects.child_of(catalogo).filter(slug=datos["slug"]).first()
        if curso is not None:
            return curso
        curso = CursoPage(
            title=datos["title"],
            slug=datos["slug"],
            resumen=datos["resumen"],
            objetivos=datos["objetivos"],
            publico=datos["publico"],
            duracion_horas=datos["duracion_horas"],
            eje=datos["eje"],
        )
        catalogo.add_child(instance=curso)
        curso.tags.add(*datos["temas"])
        curso.save_revision().publish()
        for titulo, minutos, obligatorio, cuerpo in datos["modulos"]:
            modulo = ModuloPage(
                title=titulo,
                slug=slugify(titulo),
                tiempo_estimado_minutos=minutos,
                obligatorio=obligatorio,
                cuerpo=cuerpo,
            )
            curso.add_child(instance=modulo)
            modulo.save_revision().publish()
        return curso

    def _cuentas(self, *, grupo_editorial) -> dict:
        User = get_user_model()
        usuarios = {}
        for usuario, correo, nombre, superusuario, grupo in CUENTAS:
            user, _creado = User.objects.get_or_create(
                username=usuario,
                defaults={"email": correo, "first_name": nombre.split()[0]},
            )
            user.email = correo
            user.is_staff = superusuario
            user.is_superuser = superusuario
            user.set_password(CONTRASENA_DEMO)
            user.save()
            if grupo == "editorial":
                user.groups.add(grupo_editorial)
            EmailAddress.objects.update_or_create(
                user=user, email=correo, defaults={"verified": True, "primary": True}
            )
            usuarios[usuario] = user
        return usuarios

    def _segundo_factor(self, usuarios) -> dict:
        """Staff reach the admin only with a second factor: each demo staff account gets an
        authenticator app already set up, with a secret the demo prints (derived from the
        account's name, so it stays the same on every run) and recovery codes."""
        claves = {}
        for usuario, *_resto in CUENTAS:
            # Read again: the Red's roles were given after these objects cached permissions.
            cuenta = get_user_model().objects.get(pk=usuarios[usuario].pk)
            if es_personal(cuenta):
                claves[usuario] = dispositivo_demo_asegurar(cuenta)
        return claves

    def _avance(self, aprendiz, curso):
        services.participante_guardar(
            usuario=aprendiz,
            nombre_completo="María Guadalupe Hernández Ruiz",
            municipio=Municipio.objects.get(clave_inegi="15106"),  # Toluca
            dependencia="Dirección de Medio Ambiente",
            cargo="Embajadora Climática",
            tipo=TipoParticipante.EMBAJADOR,
        )
        services.inscripcion_crear(usuario=aprendiz, curso=curso)
        for modulo in ModuloPage.objects.child_of(curso).live().order_by("path")[:2]:
            services.modulo_completar(usuario=aprendiz, modulo=modulo)

    def _evaluacion_final(self, curso, datos) -> Evaluacion:
        """The course's required final quiz, published, with its questions from the bank."""
        evaluacion = Evaluacion.objects.filter(
            curso=curso, modulo__isnull=True, titulo=datos["titulo"]
        ).first()
        if evaluacion is not None:
            return evaluacion
        evaluacion = Evaluacion(
            titulo=datos["titulo"],
            instrucciones=datos["instrucciones"],
            curso=curso,
            obligatoria=True,
            live=False,
            **datos["reglas"],
        )
        evaluacion.items = [
            PreguntaDeEvaluacion(pregunta=self._pregunta(pregunta), sort_order=orden)
            for orden, pregunta in enumerate(datos["preguntas"])
        ]
        evaluacion.save()
        # Published as an editor would: a revision in the history, then live. Publishing saves
        # the revision's copy of the quiz, so read it back.
        evaluacion.save_revision().publish()
        return Evaluacion.objects.get(pk=evaluacion.pk)

    def _pregunta(self, datos) -> Pregunta:
        pregunta = Pregunta.objects.filter(enunciado=datos["enunciado"]).first()
        if pregunta is not None:
            return pregunta
        pregunta = Pregunta(
            enunciado=datos["enunciado"],
            tipo=datos["tipo"],
            puntos=datos["puntos"],
            modo_multiple=datos["modo_multiple"],
            explicacion=datos["explicacion"],
        )
        pregunta.opciones = [
            Opcion(texto=texto, correcta=correcta, retroalimentacion=retro, sort_order=orden)
            for orden, (texto, correcta, retro) in enumerate(datos["opciones"])
        ]
        # Tags of a cluster are kept in memory until the question is saved.
        pregunta.tags.add(*datos["temas"])
        pregunta.save()
        return pregunta

    def _intentos(self, aprendiz, evaluacion):
        """A failed attempt, then a passed one, taken through the same services as the site."""
        if Intento.objects.filter(usuario=aprendiz, evaluacion=evaluacion).exists():
            return
        for aprobar in (False, True):
            intento, _nuevo = evaluaciones_services.intento_iniciar(
                usuario=aprendiz, evaluacion=evaluacion
            )
            evaluaciones_services.intento_entregar(
                usuario=aprendiz,
                intento_id=intento.pk,
                datos=_respuestas(intento, aprobar=aprobar),
            )

    def _certificados(self, aprendiz, agua, adaptacion, evaluacion_adaptacion):
        """Two courses completed through the site's services: one certificate stays valid, the
        other is revoked, so the verifier's page can show both answers."""
        with transaction.atomic():
            for curso in (agua, adaptacion):
                services.inscripcion_crear(usuario=aprendiz, curso=curso)
                for modulo in ModuloPage.objects.child_of(curso).live().order_by("path"):
                    services.modulo_completar(usuario=aprendiz, modulo=modulo)
            if not Intento.objects.filter(usuario=aprendiz, evaluacion=evaluacion_adaptacion):
                intento, _nuevo = evaluaciones_services.intento_iniciar(
                    usuario=aprendiz, evaluacion=evaluacion_adaptacion
                )
                evaluaciones_services.intento_entregar(
                    usuario=aprendiz,
                    intento_id=intento.pk,
                    datos=_respuestas(intento, aprobar=True),
                )
        # Issued here as well as by the task the completion enqueued: the services are
        # idempotent, and this way the demo does not depend on when on-commit work runs.
        for inscripcion in Inscripcion.objects.filter(
            usuario=aprendiz, curso__in=[agua, adaptacion], completado_en__isnull=False
        ):
            certificados_services.certificado_entregar(inscripcion=inscripcion)
        valido = Certificado.objects.get(usuario=aprendiz, curso=agua, estado="valido")
        revocado = Certificado.objects.exclude(estado="reemplazado").get(
            usuario=aprendiz, curso=adaptacion
        )
        if revocado.estado == "valido":
            revocado = certificados_services.certificado_revocar(
                certificado=revocado, motivo=MOTIVO_REVOCACION_DEMO
            )
        return valido, revocado

    def _situacion(self, aprendiz, curso, evaluacion) -> str:
        """Where the demo learner stands, read back from the database, as the site shows it."""
        progreso = next(
            c.progreso
            for c in cursos_selectors.mis_cursos(usuario=aprendiz)
            if c.curso.pk == curso.pk
        )
        estado = evaluaciones_selectors.estado_de(
            usuario=aprendiz, evaluacion=evaluacion, ahora=timezone.now()
        )
        return (
            f"{progreso.completados} de {progreso.total} pasos obligatorios "
            f"({progreso.porcentaje} %); evaluación final "
            f"{'aprobada' if estado.aprobada else 'sin aprobar'}, "
            f"{estado.intentos_usados} de {evaluacion.intentos_maximos} intentos usados."
        )


def _respuestas(intento, *, aprobar: bool) -> dict[str, list[str]]:
    """The form data of an attempt, read from its snapshot: all right, or a plausible miss.

    The miss gets the true/false questions right, half of a partial-credit question, and the
    rest wrong, so the review shows every verdict (correct, partial, wrong) and the grade fails.
    """
    datos = {}
    for pregunta in intento.preguntas:
        correctas = [o["clave"] for o in pregunta["opciones"] if o["correcta"]]
        incorrectas = [o["clave"] for o in pregunta["opciones"] if not o["correcta"]]
        if aprobar or pregunta["tipo"] == TipoPregunta.VERDADERO_FALSO:
            elegidas = correctas
        elif (
            pregunta["tipo"] == TipoPregunta.MULTIPLE
            and pregunta["modo_multiple"] == ModoMultiple.PARCIAL
        ):
            elegidas = correctas[: len(correctas) // 2]
        else:
            elegidas = incorrectas[:1]
        datos[f"pregunta-{pregunta['clave']}"] = elegidas
    return datos
