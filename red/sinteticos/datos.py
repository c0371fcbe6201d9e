"""What synthetic data is made of: volumes, the population weights of the municipalities,
names, agencies, courses, and the shares that shape the records."""

from __future__ import annotations

from dataclasses import dataclass

from cursos.models import Eje, TipoParticipante

DOMINIO = "sintetico.invalid"
PREFIJO_USUARIO = "sintetico-"
SLUG_CATALOGO = "cursos-sinteticos"
ANIOS = 3
DIA = 86_400


@dataclass(frozen=True)
class Volumenes:
    participantes: int = 100_000
    modulos_completados: int = 1_000_000
    intentos: int = 200_000
    certificados: int = 50_000
    embajadores: int = 500

    def por(self, escala: float) -> Volumenes:
        return Volumenes(**{k: round(v * escala) for k, v in vars(self).items()})


ESCALA_1 = Volumenes()

# Approximate population in thousands (INEGI, Censo 2020, rounded), by the last three digits
# of the INEGI code: 1 is 15001 Acambay, 33 is 15033 Ecatepec. Weights only.
# fmt: off
POBLACION_MILES = dict(enumerate([
    69, 171, 49, 15, 174, 12, 25, 26, 53, 31, 75, 12, 524, 109, 31, 29, 10, 68, 36, 293,
    39, 15, 41, 179, 400, 30, 12, 30, 201, 27, 705, 37, 1645, 10, 163, 45, 285, 13, 542, 36,
    7, 160, 30, 28, 91, 20, 76, 69, 15, 27, 170, 28, 61, 242, 13, 31, 834, 1077, 57, 431,
    10, 72, 37, 37, 36, 4, 88, 30, 4, 304, 14, 15, 31, 135, 29, 97, 7, 10, 15, 26,
    548, 78, 13, 40, 64, 33, 106, 104, 12, 90, 66, 58, 35, 20, 104, 38, 19, 6, 278, 47,
    84, 16, 50, 672, 33, 911, 13, 158, 516, 65, 52, 51, 69, 108, 54, 4, 15, 204, 18, 280,
    555, 392, 28, 102, 14,
], start=1))

NOMBRES = [
    "María", "Guadalupe", "Juan", "José", "Ana", "Luis", "Rosa", "Carlos", "Verónica",
    "Miguel", "Laura", "Jorge", "Adriana", "Francisco", "Patricia", "Alejandro", "Gabriela",
    "Ricardo", "Leticia", "Fernando", "Claudia", "Eduardo", "Alejandra", "Raúl", "Silvia",
    "Sergio", "Araceli", "Arturo", "Mónica", "Roberto", "Norma", "Héctor", "Diana", "Jesús",
    "Karen", "Daniel", "Itzel", "Óscar", "Xóchitl", "Iván",
]
APELLIDOS = [
    "Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez",
    "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres",
    "Díaz", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo", "Romero",
    "Álvarez", "Méndez", "Chávez", "Rivera", "Juárez", "Ramos", "Domínguez", "Herrera",
    "Medina", "Castro", "Vargas", "Guzmán", "Velázquez", "Mejía", "Becerril", "Colín",
    "Mercado", "Nava", "Albarrán", "Garduño", "Quiroz", "Salgado", "Peña", "Ordóñez",
]
DEPENDENCIAS = {
    TipoParticipante.SERVIDOR_MUNICIPAL: [
        "Dirección de Medio Ambiente", "Protección Civil", "Desarrollo Urbano", "Obras Públicas",
        "Servicios Públicos", "Organismo de Agua Potable", "Desarrollo Económico",
        "Secretaría del Ayuntamiento", "Tesorería", "DIF municipal", "Educación", "Ecología",
    ],
    TipoParticipante.SERVIDOR_ESTATAL: [
        "Secretaría del Medio Ambiente", "Instituto Estatal de Energía y Cambio Climático",
        "Comisión del Agua del Estado de México", "Protectora de Bosques", "Secretaría de Salud",
    ],
    TipoParticipante.EMBAJADOR: ["Dirección de Medio Ambiente", "Ecología", "Protección Civil"],
    TipoParticipante.PUBLICO_GENERAL: [
        "Sociedad civil", "Institución educativa", "Sector privado", "Colectivo vecinal",
    ],
}
CARGOS = [
    "Director(a)", "Subdirector(a)", "Jefe(a) de departamento", "Coordinador(a)", "Analista",
    "Auxiliar administrativo(a)", "Regidor(a)", "Enlace", "Técnico(a)", "Supervisor(a)",
]
TIPOS = [  # (type, share)
    (TipoParticipante.SERVIDOR_MUNICIPAL, 0.68), (TipoParticipante.SERVIDOR_ESTATAL, 0.14),
    (TipoParticipante.EMBAJADOR, 0.03), (TipoParticipante.PUBLICO_GENERAL, 0.15),
]
CURSOS = [  # (title, axis, hours)
    ("Fundamentos del cambio climático", Eje.ACCION_CLIMATICA, 8),
    ("El Embajador Climático en su municipio", Eje.CULTURA_GOBIERNO, 6),
    ("Gestión integral del agua en el municipio", Eje.ACCION_CLIMATICA, 12),
    ("Inventario municipal de emisiones", Eje.CULTURA_GOBIERNO, 16),
    ("Gestión de riesgos y adaptación", Eje.DESARROLLO_HUMANO, 10),
    ("Residuos sólidos y economía circular", Eje.ACCION_CLIMATICA, 8),
    ("Movilidad sustentable", Eje.DESARROLLO_HUMANO, 6),
    ("Energía limpia en edificios públicos", Eje.ACCION_CLIMATICA, 10),
    ("Participación ciudadana y tejido social", Eje.DESARROLLO_HUMANO, 6),
    ("Financiamiento climático municipal", Eje.CULTURA_GOBIERNO, 12),
]
# fmt: on

# The shape of the records, in shares of what they describe.
REEMPLAZADOS = 0.005  # of certificates: re-issued after a correction (two rows each)
REVOCADOS = 0.01  # of certificates
SIN_EMPEZAR = 0.12  # of enrolments: enrolled, nothing done yet
EMBAJADORES_CONCLUIDOS = 0.2
CONSIENTEN_DIRECTORIO = 0.6
MUNICIPIOS_CON_EMBAJADOR = 0.85  # municipalities given one ambassador before the rest
# Three short questions keep an attempt's row under PostgreSQL's 2 kB, past which every
# snapshot would be compressed (and the load take twice as long); 60 % passes with 2 of 3.
PREGUNTAS_POR_EVALUACION = 3
APROBATORIO = 60
TIPOS_PREGUNTA = ("verdadero_falso", "unica")  # even, odd question numbers
OPCIONES = {  # the first is the right one
    "unica": ("Opción A", "Opción B", "Opción C"),
    "verdadero_falso": ("Verdadero", "Falso"),
}
KID = "sintetico"  # the certificates' signing key id: none, they are not signed
CARGOS_EMBAJADOR = [
    "Director(a) de Medio Ambiente",
    "Coordinador(a) de Ecología",
    "Jefe(a) de Protección Civil",
    "Regidor(a) de Medio Ambiente",
]
