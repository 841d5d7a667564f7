"""The run: accounts, speakers and disputes, then the claims batch by batch,
each batch built in a thread while the previous one is written; and
``generate``, its entry point."""

from __future__ import annotations

import contextlib
import gc
import math
import queue
import random
import threading
import time
from collections.abc import Iterator
from itertools import accumulate
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, transaction

from claims.devdata.generating import people
from claims.devdata.generating.claim_rows import ClaimRows
from claims.devdata.generating.plan import CLAIMS_PER_SOURCE, Context, Plan, Report, sources_for
from claims.devdata.generating.tables import WRITTEN, Ids, Table, Writer, tables_written
from claims.devdata.generating.texts import pending_claims, sources
from claims.devdata.generating.vocabulary.words import RATING_WEIGHTS
from claims.domain import workflow
from claims.models import Claim, Dispute, Rating, Speaker
from claims.public.caching import new_generation
from sources.models import Source, SourceRevision

User = get_user_model()

# Generated accounts share this prefix; they have unusable passwords.
USERNAME_PREFIX = "generated-"
JOURNALISTS = 20
EDITORS = 5

# The permissions the workflow functions check for the moves each role's
# accounts make here: the rows are written without those functions, so the
# accounts are checked once, before any row.
PERMISSIONS = {
    "journalist": [workflow.PROPOSE_PERMISSION],
    "editor": [
        workflow.APPROVE_PERMISSION,
        workflow.PUBLISH_CLAIM_PERMISSION,
        workflow.PUBLISH_DISPUTE_PERMISSION,
    ],
}

# On PostgreSQL, a load that at least doubles the claims drops the tables'
# secondary indexes and builds them at the end: building an index from
# sorted data is many times faster than growing it row by row.
DEFER_INDEXES_FROM = 20_000


class GenerationRefused(Exception):
    """The database holds content this run must not be mixed into."""


class Generator:
    def __init__(self, *, claims: int, seed: int, batch_size: int, out: TextIO | None) -> None:
        self.plan = Plan.for_claims(claims)
        self.batch_size = max(1, batch_size)
        self.out = out
        self.writer = Writer()
        self.report = Report()
        ids = Ids(WRITTEN)
        # The seed and where the ids start decide everything, so an appended
        # run does not repeat the first run's data.
        rng = random.Random(f"{seed}:{ids.peek(Claim)}")  # noqa: S311 (synthetic data, not secrets)
        self.ctx = Context(rng=rng, ids=ids, first_claim=ids.peek(Claim))

    def _say(self, line: str) -> None:
        if self.out is not None:
            self.out.write(line + "\n")
            self.out.flush()

    # --- what the claims point at

    def _accounts(self) -> None:
        """The journalists' and editors' accounts (created once, in their
        groups, with unusable passwords) and the default rating scale."""
        ctx = self.ctx
        groups = {g.name: g for g in Group.objects.filter(name__in=["Journalist", "Editor"])}
        refused: list[str] = []
        for role, count, target in (
            ("journalist", JOURNALISTS, ctx.journalists),
            ("editor", EDITORS, ctx.editors),
        ):
            for n in range(1, count + 1):
                user, created = User.objects.get_or_create(
                    username=f"{USERNAME_PREFIX}{role}-{n}",
                    defaults={"password": make_password(None), "email": f"{role}-{n}@example.org"},
                )
                if created:
                    for name in ["Journalist", "Editor"] if role == "editor" else ["Journalist"]:
                        if name in groups:
                            user.groups.add(groups[name])
                refused += [
                    f"{user.username} ({perm})" for perm in PERMISSIONS[role] if not user.has_perm(perm)
                ]
                target.append(user.pk)
        if refused:
            raise GenerationRefused(
                f"Generated accounts lack the permissions of their moves: {', '.join(refused)}. "
                "Run the migrations first."
            )
        if workflow.approvals_needed() > len(ctx.editors):
            raise GenerationRefused(
                f"Verdicts need {workflow.approvals_needed()} approvals, more than the {len(ctx.editors)} "
                "generated editors can give."
            )
        self._ratings()

    def _ratings(self) -> None:
        ratings = list(Rating.objects.filter(scale__is_default=True).order_by("order"))
        if not ratings:
            raise GenerationRefused("The default rating scale has no ratings; run the migrations first.")
        self.ctx.ratings = [r.pk for r in ratings]
        self.ctx.rating_cum_weights = list(accumulate(RATING_WEIGHTS.get(r.slug, 10) for r in ratings))

    def _people(self) -> None:
        """The speakers and disputes, each table written in one transaction."""
        user = self.ctx.journalists[0]
        for tables in (
            people.speakers(self.ctx, self.plan.speakers, user=user),
            people.disputes(self.ctx, self.plan.disputes, user=user),
        ):
            with transaction.atomic():
                self.writer.begin_batch()
                for table in tables:
                    self.writer.write(table)
        self.report.counts["speakers"] = self.plan.speakers
        self.report.counts["disputes"] = self.plan.disputes

    # --- the claims, batch by batch

    def _batch(self, count: int) -> list[Table]:
        """The rows of ``count`` claims, the sources that quote them and
        everything that hangs on them, with ids taken from ``ctx.ids``."""
        ids = self.ctx.ids
        n_sources = sources_for(count)
        source_first = ids.take(Source, n_sources)
        revision_first = ids.take(SourceRevision, n_sources)
        claim_first = ids.take(Claim, count)
        pending, languages, carried = pending_claims(self.ctx, count, claim_first, n_sources)
        made = sources(self.ctx, languages, carried, source_first, revision_first)
        rows = ClaimRows(self.ctx, made, revision_first, source_first)
        for claim in pending:
            rows.add(claim)
        return made.tables + rows.tables()

    def _write_batch(self, tables: list[Table]) -> None:
        for table in tables:
            name = table.model._meta.verbose_name_plural
            self.report.counts[name] = self.report.counts.get(name, 0) + len(table.rows)
        with transaction.atomic():
            self.writer.begin_batch()
            for table in tables:
                self.writer.write(table)

    def _batches(self) -> Iterator[tuple[int, list[Table]]]:
        """The batches' rows, made in a thread while the main thread writes
        the previous batch: building rows is Python's work, and storing them
        the database's, so on two cores the two overlap instead of taking
        turns. The thread never touches the database; batches are made in
        order, so the data stays the same for a seed."""
        ready: queue.Queue = queue.Queue(maxsize=1)
        stop = threading.Event()

        def make() -> None:
            try:
                done = 0
                while done < self.plan.claims and not stop.is_set():
                    count = min(self.batch_size, self.plan.claims - done)
                    ready.put((count, self._batch(count)))
                    done += count
                ready.put(None)
            except BaseException as error:  # handed to the main thread, which raises it
                ready.put(error)

        maker = threading.Thread(target=make, name="generate_data rows", daemon=True)
        maker.start()
        try:
            while (item := ready.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            while maker.is_alive():  # unblock a maker waiting to hand over a batch
                with contextlib.suppress(queue.Empty):
                    ready.get(timeout=0.1)

    # --- the run

    def run(self, *, defer_indexes: bool | None = None) -> Report:
        """Write everything. ``defer_indexes``: on PostgreSQL, drop the
        secondary indexes of the tables written and build them again at the
        end, all in one transaction; None decides by size (see ``generate``)."""
        began = time.monotonic()
        plan = self.plan
        if defer_indexes is None:
            held = Claim.objects.count()
            defer_indexes = plan.claims >= DEFER_INDEXES_FROM and plan.claims >= held
        defer_indexes = defer_indexes and self.writer.postgres
        self._say(
            f"Generating {plan.claims:,} claims, {plan.speakers:,} speakers, {plan.disputes:,} disputes "
            f"and about {math.ceil(plan.claims / CLAIMS_PER_SOURCE):,} sources, "
            f"in batches of {self.batch_size:,} claims ({connection.vendor}"
            f"{', indexes built at the end, in one transaction' if defer_indexes else ''})."
        )
        # With the indexes dropped, the whole load is one transaction, so an
        # interrupted run leaves the database as it was, indexes included;
        # otherwise each batch commits on its own.
        with _fewer_collections(), transaction.atomic() if defer_indexes else contextlib.nullcontext():
            done = self._load(began, defer_indexes=defer_indexes)
        self._analyze()
        self._forget_cached_pages()
        self.report.claims = done
        self.report.rows = self.writer.rows_written
        self.report.seconds = time.monotonic() - began
        self._say(
            f"Done: {done:,} claims, {self.report.rows:,} rows in {_duration(self.report.seconds)} "
            f"({self.report.rows / max(self.report.seconds, 1e-9):,.0f} rows/s)."
        )
        return self.report

    def _load(self, began: float, *, defer_indexes: bool) -> int:
        """Everything but the statistics; returns how many claims were written."""
        with transaction.atomic():
            self._accounts()
        dropped = self.writer.drop_indexes(WRITTEN) if defer_indexes else []
        if dropped:
            self._say(f"Dropped {len(dropped)} secondary indexes, to build them after the load.")
        self._people()
        done = 0
        for count, tables in self._batches():
            self._write_batch(tables)
            done += count
            self._progress(done, began, indexes_left=bool(dropped))
        if dropped:
            self._say(f"Building {len(dropped)} indexes…")
            started = time.monotonic()
            self.writer.create_indexes(dropped)
            self._say(f"  built in {_duration(time.monotonic() - started)}.")
        self._reset_sequences()
        return done

    def _progress(self, done: int, began: float, *, indexes_left: bool) -> None:
        plan = self.plan
        elapsed = time.monotonic() - began
        rate = done / elapsed if elapsed else 0.0
        eta = (plan.claims - done) / rate if rate else 0.0
        self._say(
            f"  {done:>10,} / {plan.claims:,} claims ({100 * done / plan.claims:5.1f}%)  "
            f"{self.writer.rows_written:>12,} rows  {rate:>8,.0f} claims/s  "
            f"{self.writer.rows_written / elapsed if elapsed else 0:>9,.0f} rows/s  "
            f"ETA {_duration(eta)}{' + indexes' if indexes_left else ''}"
        )

    def _reset_sequences(self) -> None:
        """Move the id sequences past the ids given here."""
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), WRITTEN):
                cursor.execute(statement)

    def _forget_cached_pages(self) -> None:
        """COPY goes around the execute wrapper through which
        ``claims.public.caching`` notices writes, so cached public pages are made
        unreachable here, as any other write would."""
        new_generation()

    def _analyze(self) -> None:
        """Refresh the planner's statistics, so that the first queries after
        the load are planned for the tables' new sizes."""
        if not self.writer.postgres:
            return
        self._say("Analyzing the tables…")
        with connection.cursor() as cursor:
            for table in sorted(tables_written()):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector far less often during the load.

    A batch is a few hundred thousand tuples that live until it is written,
    and by default every 700 new objects start a collection that walks the
    young ones, promoting the batch's rows from generation to generation: on
    a large load that is a sixth of the rows thread's time, spent finding
    garbage that tuples of plain values never are. The collector stays on, so
    the cycles other layers leave are still collected.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def existing_content() -> dict[str, int]:
    """How many claims, sources, speakers and disputes the database holds."""
    return {
        "claims": Claim.objects.count(),
        "sources": Source.objects.count(),
        "speakers": Speaker.objects.count(),
        "disputes": Dispute.objects.count(),
    }


def generate(
    *,
    claims: int,
    seed: int = 1,
    batch_size: int = 10_000,
    append: bool = False,
    out: TextIO | None = None,
    defer_indexes: bool | None = None,
) -> Report:
    """Fill the database with ``claims`` synthetic claims and everything
    around them (see the package docstring).

    Refuses (``GenerationRefused``) when the database already holds claims,
    sources, speakers or disputes and ``append`` is false.

    Each batch is one transaction, except on PostgreSQL when the indexes are
    deferred: then the whole run is one. ``defer_indexes=None`` defers them
    when the run adds at least ``DEFER_INDEXES_FROM`` claims and at least as
    many as the database holds.
    """
    if claims < 1:
        raise GenerationRefused("Give a number of claims of at least 1.")
    if not append:
        held = {name: count for name, count in existing_content().items() if count}
        if held:
            listed = ", ".join(f"{count:,} {name}" for name, count in held.items())
            raise GenerationRefused(
                f"The database already holds {listed}. "
                "Synthetic data is meant for an empty benchmark or development database; "
                "pass --append to add to it anyway."
            )
    generator = Generator(claims=claims, seed=seed, batch_size=batch_size, out=out)
    return generator.run(defer_indexes=defer_indexes)
