from django.shortcuts import render


def aviso_privacidad(request):
    return render(request, "inicio/aviso_privacidad.html")
