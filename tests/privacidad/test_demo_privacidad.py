"""The demo's privacy data: a published notice the demo accounts consented to, and requests
with deadlines, one overdue."""

from django.utils import timezone

from inicio import demo_privacidad
from privacidad.models import AvisoPrivacidad, Consentimiento, EstadoSolicitud, SolicitudArco
from tests import factories


def test_aviso_y_solicitudes_de_demostracion(db):
    aprendiz = factories.participante()
    personas = [
        factories.participante(factories.UsuarioFactory(email=f"sintetico-{i}@sintetico.invalid"))
        for i in range(3)
    ]
    aviso = demo_privacidad.aviso_asegurar({"aprendiz": aprendiz})
    assert AvisoPrivacidad.objects.vigente() == aviso
    assert Consentimiento.objects.get(usuario=aprendiz).aviso == aviso
    assert demo_privacidad.solicitudes_asegurar() == 3
    assert demo_privacidad.solicitudes_asegurar() == 3  # idempotent
    assert set(SolicitudArco.objects.values_list("usuario", flat=True)) == {p.pk for p in personas}
    assert all(s.estado == EstadoSolicitud.PENDIENTE for s in SolicitudArco.objects.all())
    assert SolicitudArco.objects.vencidas().count() == 1
    assert SolicitudArco.objects.filter(vence_el__gte=timezone.localdate()).count() == 2
    # A second run publishes nothing new.
    demo_privacidad.aviso_asegurar({"aprendiz": aprendiz})
    assert AvisoPrivacidad.objects.count() == 1
