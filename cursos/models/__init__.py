from .pages import CursoPage, CursoPageTag, CursosIndexPage, Eje, ModuloPage
from .records import Inscripcion, ModuloCompletado, Municipio, Participante, TipoParticipante
from .registro import EntradaRegistro

__all__ = [
    "CursoPage",
    "CursoPageTag",
    "CursosIndexPage",
    "Eje",
    "EntradaRegistro",
    "Inscripcion",
    "ModuloCompletado",
    "ModuloPage",
    "Municipio",
    "Participante",
    "TipoParticipante",
]
