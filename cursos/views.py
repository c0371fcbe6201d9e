"""Learner-facing endpoints that are not pages: enrolment, progress, profile, "Mis cursos"."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cursos import selectors, services
from cursos.forms import ParticipanteForm
from cursos.models import CursoPage, ModuloPage, Participante
from cursos.redireccion import destino_seguro, redirigir_a_destino


def solo_post(vista):
    """Like ``require_POST``, but the 405 explains itself in Spanish."""

    @wraps(vista)
    def envoltura(request, *args, **kwargs):
        if request.method != "POST":
            respuesta = render(request, "cursos/metodo_no_permitido.html", status=405)
            respuesta["Allow"] = "POST"
            return respuesta
        return vista(request, *args, **kwargs)

    return envoltura


@solo_post
@login_required
def inscribirse(request, curso_id: int):
    curso = get_object_or_404(CursoPage.objects.live().public(), pk=curso_id)
    try:
        _inscripcion, creada = services.inscripcion_crear(usuario=request.user, curso=curso)
    except services.PerfilIncompleto as exc:
        messages.info(request, exc.mensaje)
        return redirect(f"{reverse('cursos:perfil')}?{urlencode({'next': curso.url})}")
    if creada:
        messages.success(request, _("¡Listo! Te inscribiste a «%s».") % curso.title)
    else:
        messages.info(request, _("Ya estabas inscrito(a) en «%s».") % curso.title)
    return redirect(curso.url)


@solo_post
@login_required
def completar_modulo(request, modulo_id: int):
    modulo = get_object_or_404(ModuloPage.objects.live().public(), pk=modulo_id)
    try:
        _registro, _creado = services.modulo_completar(usuario=request.user, modulo=modulo)
    except services.NoInscrito as exc:
        raise PermissionDenied(exc.mensaje) from exc
    curso = modulo.curso
    modulos = selectors.modulos_del_curso(curso=curso)
    inscripcion = selectors.inscripcion_de(usuario=request.user, curso=curso)
    if inscripcion.completado:
        messages.success(request, _("¡Felicidades! Completaste el curso «%s».") % curso.title)
        return redirect(curso.url)
    messages.success(request, _("Registramos el módulo «%s» como terminado.") % modulo.title)
    # A quiz on this module comes next, before moving on to the following module.
    progreso = selectors.progreso(
        inscripcion=inscripcion,
        modulos=modulos,
        actividades=selectors.actividades_del_curso(usuario=request.user, curso=curso),
    )
    if pendiente := next(
        (a for a in progreso.actividades_del_modulo(modulo.pk) if not a.cumplida and a.disponible),
        None,
    ):
        return redirect(pendiente.url)
    _anterior, siguiente = selectors.vecinos(modulos=modulos, modulo=modulo)
    destino = siguiente or progreso.siguiente
    # Every module is done: what is left is a required activity, such as the final quiz.
    if destino is None and (pendiente := progreso.actividad_pendiente):
        messages.info(
            request,
            _("Terminaste los módulos; falta «%s» para completar el curso.") % pendiente.titulo,
        )
        return redirect(pendiente.url)
    return redirect(destino.url if destino else curso.url)


@login_required
def mis_cursos(request):
    cursos = selectors.mis_cursos(usuario=request.user)
    constancias = selectors.constancias_de(
        usuario=request.user, inscripciones=[c.inscripcion for c in cursos]
    )
    return render(
        request,
        "cursos/mis_cursos.html",
        {
            "cursos": [(c, constancias.get(c.curso.pk)) for c in cursos],
            "perfil_completo": selectors.tiene_perfil(usuario=request.user),
            "catalogo": selectors.catalogo_principal(),
        },
    )


@login_required
def perfil(request):
    participante = Participante.objects.filter(usuario=request.user).first()
    form = ParticipanteForm(request.POST or None, instance=participante)
    if request.method == "POST" and form.is_valid():
        datos = {k: v for k, v in form.cleaned_data.items() if k != "acepto_aviso"}
        services.participante_guardar(usuario=request.user, **datos)
        messages.success(request, _("Guardamos tu perfil."))
        return redirigir_a_destino(request, reverse("cursos:mis_cursos"))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "cursos/perfil.html",
        {
            "form": form,
            "next": destino_seguro(request, ""),
            "nuevo": participante is None,
            "enlaces": selectors.enlaces_del_perfil(usuario=request.user),
        },
        status=status,
    )
