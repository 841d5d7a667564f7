"""``manage.py generate_data --claims N``: fill the database with synthetic
newsroom data for benchmarks (see ``claims.devdata.generating``).

Thin on purpose: the logic lives in ``claims.devdata.generating`` so tests can call it.
"""

from argparse import ArgumentParser, ArgumentTypeError

from django.core.management.base import BaseCommand, CommandError

from claims.devdata.generating import GenerationRefused, generate


def positive(raw: str) -> int:
    try:
        value = int(raw.replace("_", "").replace(",", ""))
    except ValueError:
        raise ArgumentTypeError(f"{raw!r} is not a whole number.") from None
    if value < 1:
        raise ArgumentTypeError("it must be at least 1.")
    return value


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic claims and everything around them (speakers, disputes, "
        "sources with long texts, quotes, relations, evidence, verdicts, history), for benchmarks. "
        "Refuses a database that already holds claims, sources, speakers or disputes "
        "unless --append is given."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--claims", type=positive, required=True, help="How many claims to make.")
        parser.add_argument(
            "--seed", type=int, default=1, help="The same seed gives the same data (default 1)."
        )
        parser.add_argument(
            "--batch-size",
            type=positive,
            default=10_000,
            help="Claims written per transaction (default 10,000).",
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="Add to a database that already holds claims, sources, speakers or disputes.",
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            generate(
                claims=options["claims"],
                seed=options["seed"],
                batch_size=options["batch_size"],
                append=options["append"],
                out=self.stdout,
            )
        except GenerationRefused as refusal:
            raise CommandError(str(refusal)) from None
