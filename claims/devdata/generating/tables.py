"""Writing rows in bulk: one model's rows as tuples (``Table``), written with
PostgreSQL's ``COPY`` or ``executemany`` (``Writer``), the ids given to them
(``Ids``), and the secondary indexes dropped during a large load and built
again at its end.

Nothing here goes through ``Model.save``: no signals, no per-row queries.
The rows must be consistent by construction.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections.abc import Sequence
from typing import Any, NamedTuple

from django.db import connection, models

from claims.models import (
    Appearance,
    Claim,
    ClaimRelation,
    Dispute,
    Evidence,
    Figure,
    Speaker,
    Verdict,
    VerdictTransition,
    VerdictVote,
)
from sources.models import Quote, Source, SourceRevision


class Table:
    """The rows of one model's table for one batch, as tuples in ``columns``
    order. Concrete columns not named are appended with the field's default,
    so that a field added later by another change does not break the load."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        fields = {f.column: f for f in model._meta.concrete_fields if not getattr(f, "generated", False)}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise ValueError(f"{model._meta.label} has no column {', '.join(unknown)}.")
        pk = model._meta.pk
        extra = [
            c
            for c, f in fields.items()
            if c not in columns and not (f is pk and isinstance(f, models.AutoField))
        ]
        self.model = model
        self.named = list(columns)
        self.db_table = model._meta.db_table
        self.columns = [*columns, *extra]
        self.fields = [fields[c] for c in self.columns]
        self.extra = tuple(fields[c].get_default() for c in extra)
        self.json_positions = [i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)]
        # The columns whose values executemany needs the field to prepare: the
        # others (strings, numbers, booleans, ids) the driver takes as they are,
        # as COPY does.
        self.prepare_positions = [i for i, f in enumerate(self.fields) if not _taken_as_is(f)]
        # A field's column by its name (``published_by``), attname or column.
        self.column_of = {key: f.column for f in fields.values() for key in (f.name, f.attname, f.column)}
        # The named columns' values, in order, of a dict by column.
        self.values_of = operator.itemgetter(*self.named)
        self.rows: list[tuple] = []
        self.add = self.rows.append

    def take(self) -> list[tuple]:
        rows, extra = self.rows, self.extra
        if extra:
            rows = [row + extra for row in rows]
        self.rows = []
        self.add = self.rows.append
        return rows


def _taken_as_is(field: models.Field) -> bool:
    """Whether the field's ``get_db_prep_save`` leaves the Python values
    written here (str, int, bool, None) as they are."""
    if field.is_relation:
        field = field.target_field
    return isinstance(field, models.CharField | models.TextField | models.IntegerField | models.BooleanField)


def _prepared(table: Table, row: tuple) -> list:
    prepared = list(row)
    for i in table.prepare_positions:
        prepared[i] = table.fields[i].get_db_prep_save(prepared[i], connection)
    return prepared


class Writer:
    """Writes tables: ``COPY`` on PostgreSQL, ``executemany`` elsewhere."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.rows_written = 0
        self.superuser = False
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('is_superuser') = 'on'")
                self.superuser = cursor.fetchone()[0]

    def begin_batch(self) -> None:
        """Settings for the current transaction, on PostgreSQL.

        Durability of each batch is not worth waiting for: a crash loses at
        most the last batches, and the run is repeated. And where allowed
        (a superuser), foreign keys are not checked row by row: the rows are
        consistent by construction, and each check would lock the row it
        points at, which makes a large load several times slower, as
        ``pg_restore --disable-triggers`` knows.
        """
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            if self.superuser:
                cursor.execute("SET LOCAL session_replication_role TO replica")

    def drop_indexes(self, models_: Sequence[type[models.Model]]) -> list[str]:
        """Drop the secondary indexes of the tables written (not the primary
        keys, nor unique indexes, which keep the data honest while it loads)
        and return the statements that create them again. Call inside the
        transaction that will run those statements."""
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                JOIN pg_class t ON t.oid = i.indrelid
                WHERE t.relname = ANY(%s) AND t.relnamespace = current_schema()::regnamespace
                  AND NOT i.indisprimary AND NOT i.indisunique
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                ORDER BY 1
                """,
                [sorted(tables_written())],
            )
            found = cursor.fetchall()
            for name, _ in found:
                cursor.execute(f"DROP INDEX {name}")
        return [definition for _, definition in found]

    def create_indexes(self, statements: Sequence[str]) -> None:
        with connection.cursor() as cursor:
            # Enough memory to sort a million rows' keys without spilling to disk.
            cursor.execute("SET LOCAL maintenance_work_mem TO '512MB'")
            for statement in statements:
                cursor.execute(statement)

    def write(self, table: Table) -> None:
        rows = table.take()
        if not rows:
            return
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in table.columns)
        with connection.cursor() as cursor:
            if self.postgres:
                positions = table.json_positions
                with cursor.cursor.copy(f"COPY {quote(table.db_table)} ({columns}) FROM STDIN") as copy:
                    write_row = copy.write_row
                    for row in rows:
                        if positions:
                            row = list(row)
                            for i in positions:
                                row[i] = json.dumps(row[i], ensure_ascii=False)
                        write_row(row)
            else:
                prepared = [_prepared(table, row) for row in rows] if table.prepare_positions else rows
                marks = ", ".join(["%s"] * len(table.columns))
                # Table and column names come from the models, never from input.
                sql = f"INSERT INTO {quote(table.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, prepared)
        self.rows_written += len(rows)


# The columns django-simple-history adds to a model's: when, why, what kind of change, who.
HISTORY_COLUMNS = ["history_date", "history_change_reason", "history_type", "history_user_id"]


class HistoryTable(Table):
    """The django-simple-history table of ``model``: its ``columns``, then
    when, why, what kind of change (``+`` created, ``~`` changed) and who."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        super().__init__(model.history.model, [*columns, *HISTORY_COLUMNS])
        self.values_of = operator.itemgetter(*columns)

    def record(self, values: dict[str, Any], *, at: dt.datetime, kind: str, by: int) -> None:
        """A history row of the object whose columns are ``values``."""
        self.add((*self.values_of(values), at, None, kind, by))


class Change(NamedTuple):
    """A save of an object that sets ``fields`` (by name or column), made by
    the user with id ``by`` at ``at``."""

    fields: dict[str, Any]
    by: int
    at: dt.datetime


def add_with_history(
    table: Table,
    history: HistoryTable,
    created: dict[str, Any],
    *,
    by: int,
    at: dt.datetime,
    changes: Sequence[Change],
) -> None:
    """Add an object's row as it stands after its creation (``created``, by
    column, made by ``by`` at ``at``) and then ``changes``, with the history
    rows the ORM would have written: django-simple-history's for the creation
    (``+``) and for every save (``~``, by whoever made it), each save moving
    ``version`` on (``Versioned``) and setting ``updated_at`` (``auto_now``)."""
    history.record(created, at=at, kind="+", by=by)
    values = created
    column_of = table.column_of
    for change in changes:
        values = values.copy()
        for name, value in change.fields.items():
            values[column_of[name]] = value
        if "version" in values:
            values["version"] += 1
        if "updated_at" in values:
            values["updated_at"] = change.at
        history.record(values, at=change.at, kind="~", by=change.by)
    table.add(table.values_of(values))


# Every model whose rows are written here with ids assigned here.
WRITTEN: list[type[models.Model]] = [
    Speaker, Dispute, Source, SourceRevision, Quote, Claim, Appearance, Figure, ClaimRelation,
    Evidence, Verdict, VerdictVote, VerdictTransition,
]  # fmt: skip


def tables_written() -> set[str]:
    """The tables a run writes to: the models', their history's, and the
    verdicts' evidence."""
    tables = {model._meta.db_table for model in WRITTEN}
    tables |= {model.history.model._meta.db_table for model in WRITTEN if hasattr(model, "history")}
    tables.add(Verdict.evidence.through._meta.db_table)
    return tables


class Ids:
    """The next primary key of each model written: ids are given here, so
    that rows can point at each other without a round trip. They start after
    the largest id each table holds."""

    def __init__(self, models_: Sequence[type[models.Model]]) -> None:
        self.next = {m: (m._default_manager.aggregate(top=models.Max("pk"))["top"] or 0) + 1 for m in models_}

    def take(self, model: type[models.Model], count: int = 1) -> int:
        """Reserve ``count`` ids of ``model``; returns the first."""
        first = self.next[model]
        self.next[model] = first + count
        return first

    def peek(self, model: type[models.Model]) -> int:
        """The id the next row of ``model`` will get."""
        return self.next[model]
