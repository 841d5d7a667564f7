"""``manage.py export [-o FILE]``: the whole newsroom as one JSON file (see ``claims.domain.backup``)."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand

from claims.domain.backup import export_data


class Command(BaseCommand):
    help = (
        "Write every source, claim, verdict, account and history row to one versioned JSON file, "
        "for `manage.py import` on another database. The file holds password hashes: keep it as "
        "you keep the database."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("-o", "--output", help="The file to write (default: standard output).")

    def handle(self, *args: object, output: str | None = None, **options: object) -> None:
        if not output:
            # The document is written as is: no line ending added to each write.
            self.stdout.ending = ""
            export_data(self.stdout)
            return
        target = Path(output)
        # Written beside the target and renamed over it when complete, so an
        # export that fails halfway never leaves a truncated file behind.
        descriptor, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
                export_data(stream)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        self.stderr.write(f"Exported to {target}.")
