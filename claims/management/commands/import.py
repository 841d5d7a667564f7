"""``manage.py import FILE``: load an export into an empty database (see ``claims.domain.backup``)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from claims.domain.backup import import_data


class Command(BaseCommand):
    help = (
        "Load a file written by `manage.py export` into an empty, migrated database, in one "
        "transaction. Refuses a database that already holds content. FILE may be - for standard input."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The export to load, or - to read standard input.")

    def handle(self, *args: object, file: str, **options: object) -> None:
        try:
            if file == "-":
                counts = import_data(sys.stdin)
            else:
                with open(file, encoding="utf-8") as stream:
                    counts = import_data(stream)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        total = sum(counts.values())
        self.stdout.write(f"Imported {total} rows into {len(counts)} tables.")
