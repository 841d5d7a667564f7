"""``manage.py export_annotations --base-url URL [-o FILE] [--all]``: the
quotes as W3C Web Annotations in one JSON-LD file (see
``claims.domain.annotations.export_annotations``), for annotation tools or
for ``manage.py import_annotations``."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.domain.annotations import Links, export_annotations


def base_url(given: str) -> str:
    """The site's address as annotation ids need it: scheme and host, no path."""
    address = given.strip()
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise CommandError(
            "Give the address readers reach this site at, scheme and host only, such as "
            "--base-url https://news.example: every annotation's id is an absolute URL."
        )
    return f"{parts.scheme}://{parts.netloc}"


class Command(BaseCommand):
    help = (
        "Write the quotes of published claims as W3C Web Annotations (JSON-LD) to one file. "
        "With --all, every quote, published or not: the newsroom's own copy, to keep as the database."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("-o", "--output", help="The file to write (default: standard output).")
        parser.add_argument("--all", action="store_true", help="Every quote, not only the public ones.")
        parser.add_argument(
            "--base-url", required=True, help="The address readers reach this site at: https://news.example"
        )

    def handle(self, *args: object, **options) -> None:
        links = Links(base=base_url(options["base_url"]))
        write = {"links": links, "newsroom": settings.NEWSROOM_NAME, "everything": options["all"]}
        if not options["output"]:
            self.stdout.ending = ""
            export_annotations(self.stdout, **write)
            return
        target = Path(options["output"])
        # Written beside the target and renamed over it when complete, as
        # `manage.py export` does: a failed export leaves no truncated file.
        descriptor, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
                count = export_annotations(stream, **write)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        self.stderr.write(f"Exported {count} annotations to {target}.")
