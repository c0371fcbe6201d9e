from .pages import CursoPage, CursoPageTag, CursosIndexPage, Eje, ModuloPage
from .records import Inscripcion, ModuloCompletado, Municipio, Participante, TipoParticipante

__all__ = [
    "CursoPage",
    "CursoPageTag",
    "CursosIndexPage",
    "Eje",
    "Inscripcion",
    "ModuloCompletado",
    "ModuloPage",
    "Municipio",
    "Participante",
    "TipoParticipante",
]
