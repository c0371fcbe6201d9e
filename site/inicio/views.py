from django.shortcuts import render

from privacidad.selectors import aviso_vigente


def aviso_privacidad(request):
    """The notice in force (the highest published version), or the simplified notice the
    site ships with while the Institute has published none."""
    return render(request, "inicio/aviso_privacidad.html", {"aviso": aviso_vigente()})
