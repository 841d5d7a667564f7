"""``manage.py demo``: load the demo newsroom (see ``claims.devdata.demo``).

Thin on purpose: the logic lives in ``claims.devdata.demo`` so tests and other code can
call it without going through the command machinery.
"""

from django.core.management.base import BaseCommand

from claims.devdata.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo newsroom: the Homs airstrike article of 1 October 2015, annotated, "
        "with demo accounts. Safe to run again; only runs with DJANGO_DEBUG=true."
    )

    def handle(self, *args: object, **options: object) -> None:
        load_demo(stdout=self.stdout)
