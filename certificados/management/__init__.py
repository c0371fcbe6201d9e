"""Management commands of the certificates app, and the help layout they share."""

from argparse import RawDescriptionHelpFormatter

from django.core.management.base import DjangoHelpFormatter


class AyudaEnParrafos(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Django's help layout, keeping the paragraphs of a command's ``help`` as written
    (argparse would otherwise run them together into one block)."""
