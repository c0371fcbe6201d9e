"""Load the demo content of the Red de Embajadores Climáticos. Safe to run again and again."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify

from cursos import services
from cursos.editorial import grupo_editorial_asegurar
from cursos.models import CursoPage, CursosIndexPage, Eje, ModuloPage, Municipio, TipoParticipante
from inicio.models import HomePage

CONTRASENA_DEMO = "aula-demo-2026"

CUENTAS = [
    # (usuario, correo, nombre, superusuario, grupo)
    ("admin", "admin@aula.example", "Administración", True, None),
    ("editora", "editora@aula.example", "Editora de contenidos", False, "editorial"),
    ("aprendiz", "aprendiz@aula.example", "María Guadalupe Hernández Ruiz", False, None),
]


def _parrafo(texto):
    return ("parrafo", f"<p>{texto}</p>")


def _aviso(tipo, titulo, texto):
    return ("aviso", {"tipo": tipo, "titulo": titulo, "texto": f"<p>{texto}</p>"})


def _puntos(*puntos):
    return ("puntos_clave", {"titulo": "Puntos clave", "puntos": list(puntos)})


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


class Command(BaseCommand):
    help = "Carga el contenido de demostración (idempotente): cursos, módulos y cuentas."

    def handle(self, *args, **options):
        with transaction.atomic():
            catalogo = self._catalogo()
            embajador = self._curso(catalogo, CURSO_EMBAJADOR)
            self._curso(catalogo, CURSO_ADAPTACION)
            usuarios = self._cuentas(grupo_editorial=grupo_editorial_asegurar(catalogo=catalogo))
            self._avance(usuarios["aprendiz"], embajador)
        self.stdout.write(self.style.SUCCESS("Contenido de demostración listo."))
        self.stdout.write(f"Cuentas de demostración (contraseña: {CONTRASENA_DEMO}):")
        for usuario, correo, _nombre, _su, _g in CUENTAS:
            self.stdout.write(f"  {usuario:<9} {correo}")
        self.stdout.write("  Participantes:  /cuentas/login/   Editores: /admin/")

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
