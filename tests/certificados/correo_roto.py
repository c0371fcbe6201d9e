"""A mail backend whose server is down, as SMTP is on a bad day (a real backend class)."""

from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("El servidor de correo no responde")
