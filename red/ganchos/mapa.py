"""Wagtail hooks: the admin map of the Red (``red_mapa:mapa``) and its item in the Reports menu,
shown to who may see the Red's figures."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from red.admin_mapa import MapaView, puede_ver_mapa


class MapaMenuItem(MenuItem):
    def is_shown(self, request):
        return puede_ver_mapa(request.user)


@hooks.register("register_admin_urls")
def registrar_url_del_mapa():
    urls = [path("", MapaView.as_view(), name="mapa")]
    return [path("mapa/red/", include((urls, "red_mapa"), namespace="red_mapa"))]


@hooks.register("register_reports_menu_item")
def registrar_mapa_en_reportes():
    return MapaMenuItem(
        _("Red: mapa"), reverse("red_mapa:mapa"), name="red-mapa", icon_name="site", order=1295
    )
