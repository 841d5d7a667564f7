"""``manage.py import_annotations FILE``: quotes re-created from W3C Web
Annotations on the sources here (see ``sources.annotations``)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sources.annotations import MAX_FILE_BYTES, AnnotationsRefused, import_quotes, read_file


class Command(BaseCommand):
    help = (
        "Re-create quotes from a file of W3C Web Annotations (such as export_annotations writes) on "
        "the sources whose text they quote, found by the text's SHA-256, the source's URL, or the "
        "words themselves. Quotes already here are left as they are."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="A JSON-LD file of annotations.")

    def handle(self, *args: object, file: str, **options: object) -> None:
        path = Path(file)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(f"{path} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path} cannot be read: {error.strerror}.") from None
        try:
            report = import_quotes(read_file(raw))
        except AnnotationsRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(report.summary())
