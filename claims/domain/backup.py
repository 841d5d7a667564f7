"""Lossless export and import of a whole newsroom, as one versioned JSON file.

``manage.py export`` and ``manage.py import`` call ``export_data`` and
``import_data``. The file holds every row of every model of ``sources`` and
``claims`` (django-simple-history's tables, many-to-many tables and their
history included), the accounts they point at with their password hashes,
and the groups with their members and permissions. Primary keys are kept, so
foreign keys, history rows and links into the site all stay true. The page
cache's generation is left out: it is the state of one installation's cache,
not the newsroom's.

Why it is shaped as it is:

* The same database exported twice gives the same bytes, and so does an
  export of a database imported from a file: keys are sorted, rows are
  ordered by primary key, values have one spelling each (datetimes in UTC to
  the microsecond, decimals to their field's places), and nothing such as the
  export's time is written. A backup can then be checked with ``cmp``.
* Only model fields are written. What the database derives (generated
  columns, full-text tables kept by triggers) is rebuilt by the database as
  the rows go in.
* Permissions are written by their natural key (app, model, codename): their
  ids depend on the order in which a database's migrations ran, so they
  differ between two databases holding the same newsroom.
* The import writes the rows as they are (Django's "raw" inserts, as
  ``loaddata`` does), without ``save()`` or signals: no version is bumped, no
  timestamp renewed, no history row added, nothing recomputed.
* The import goes into an empty database only, in one transaction: merging
  two newsrooms would need new primary keys, and with them every reference
  and history row rewritten, which a backup must never do.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from claims.domain.lookups import fill_lookup_names
from claims.models import Claim, Speaker
from claims.search.document import refresh_search_text

FORMAT = "counterclaim"
FORMAT_VERSION = 1

# The apps whose every model is in the file, and the apps whose applied
# migrations the file records (a file is only read by a schema that has them).
CONTENT_APPS = ("sources", "claims")
# Rows that ``migrate`` makes on an empty database: an import replaces them
# with the file's, since the newsroom may have edited them.
MIGRATION_MADE = {
    "auth.group",
    "auth.group_permissions",
    "claims.ratingscale",
    "claims.rating",
    "claims.historicalratingscale",
    "claims.historicalrating",
}
# Models of those apps that hold no newsroom content: the page cache's
# generation is the state of one installation's cache, made again when missing.
NOT_CONTENT = {"claims.pagegeneration"}
# Columns computed from the others: a file written before one existed is
# still read, and the column is computed after the rows are in.
DERIVED = {("claims.claim", "search_text"), ("claims.speaker", "lookup_names")}
# How a refusal names what a database already holds.
CONTENT_NOUNS = [
    ("auth.user", "accounts"),
    ("sources.source", "sources"),
    ("claims.speaker", "speakers"),
    ("claims.claim", "claims"),
    ("claims.dispute", "disputes"),
    ("claims.verdict", "verdicts"),
]
# Written by natural key instead of id: see the module docstring.
NATURAL_KEY_MODELS = (Permission, ContentType)
EXPORT_CHUNK = 2000
INSERT_BATCH = 1000


class BackupError(CommandError):
    """An export or import refused, with a message saying what to do."""


def exported_models() -> list[type[models.Model]]:
    """Every model in the file, ordered by label (the file's order)."""
    user_model = apps.get_model("auth", "User")
    chosen = [
        Group,
        Group.permissions.through,
        user_model,
        user_model.groups.through,
        user_model.user_permissions.through,
    ]
    for app_label in CONTENT_APPS:
        chosen.extend(
            model
            for model in apps.get_app_config(app_label).get_models(include_auto_created=True)
            if model._meta.label_lower not in NOT_CONTENT
        )
    return sorted(chosen, key=lambda model: model._meta.label_lower)


def _columns(model: type[models.Model]) -> list[models.Field]:
    """The fields written for ``model``: its stored fields, without the ones
    the database computes itself."""
    return [field for field in model._meta.concrete_fields if not getattr(field, "generated", False)]


def _column_name(field: models.Field) -> str:
    if field.is_relation and field.related_model in NATURAL_KEY_MODELS:
        return field.name
    return field.attname


def _applied_migrations() -> dict[str, list[str]]:
    applied = MigrationRecorder(connection).applied_migrations()
    return {label: sorted(name for app, name in applied if app == label) for label in CONTENT_APPS}


# --- Export


def _encode(field: models.Field, value: Any) -> Any:
    """``value`` as read from the database, in the file's one spelling of it."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        places = getattr(field, "decimal_places", None)
        if places is not None:
            value = value.quantize(decimal.Decimal(1).scaleb(-places))
        return format(value, "f")
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, float):
        return value
    if isinstance(field, models.JSONField):
        return value
    raise BackupError(f"Cannot write {field.model._meta.label}.{field.name}: {type(value).__name__} values.")


def _natural_keys(model: type[models.Model]) -> dict[Any, tuple]:
    """Each row's natural key by primary key, for a model of ``NATURAL_KEY_MODELS``."""
    rows = model._default_manager.all()
    if model is Permission:
        rows = rows.select_related("content_type")
    return {obj.pk: tuple(obj.natural_key()) for obj in rows}


def _rows(model: type[models.Model], fields: list[models.Field]) -> Iterator[list[Any]]:
    natural = {
        field.attname: _natural_keys(field.related_model)
        for field in fields
        if _column_name(field) != field.attname
    }
    queryset = model._base_manager.order_by("pk").values_list(*(field.attname for field in fields))
    for values in queryset.iterator(chunk_size=EXPORT_CHUNK):
        row = []
        for field, value in zip(fields, values, strict=True):
            if field.attname in natural and value is not None:
                row.append(list(natural[field.attname][value]))
            else:
                row.append(_encode(field, value))
        yield row


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@contextmanager
def _snapshot() -> Iterator[None]:
    """Read every table as of one moment, without holding up people at work.

    On PostgreSQL, a repeatable-read, read-only transaction. On SQLite, a
    plain (deferred) transaction: in WAL mode its first read fixes what it
    sees while writers carry on, whereas ``atomic()`` would take the write
    lock (the settings ask for IMMEDIATE transactions) and make every writer
    wait, and fail, for as long as the export runs. Inside a caller's
    transaction, that transaction is the snapshot.
    """
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
            try:
                yield
            finally:
                cursor.execute("ROLLBACK")  # it only read
    else:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield


def export_data(stream: TextIO) -> None:
    """Write the whole newsroom to ``stream`` as one JSON document.

    Reads one consistent snapshot (``_snapshot``), so the file is whole even
    while people work. The document is written as it is read, one row per
    line, so memory does not grow with the data.
    """
    with _snapshot():
        stream.write("{\n")
        stream.write(f'"format":{_dumps(FORMAT)},\n"format_version":{FORMAT_VERSION},\n')
        stream.write(f'"migrations":{_dumps(_applied_migrations())},\n')
        stream.write('"models":{')
        for index, model in enumerate(exported_models()):
            fields = _columns(model)
            stream.write("," if index else "")
            stream.write(f"\n{_dumps(model._meta.label_lower)}:{{")
            stream.write(f'"fields":{_dumps([_column_name(field) for field in fields])},"rows":[')
            for number, row in enumerate(_rows(model, fields)):
                stream.write(",\n" if number else "\n")
                stream.write(_dumps(row))
            stream.write("]}")
        stream.write("\n}\n}\n")


# --- Import


def _parse(text: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise BackupError(
            f"This is not a Counterclaim export: it is not valid JSON "
            f"(line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(
            'This is not a Counterclaim export: it has no "format": "counterclaim" marker. '
            "Nothing was imported."
        )
    version = document.get("format_version")
    if version != FORMAT_VERSION:
        raise BackupError(
            f"This file is in export format version {version!r}; this version of Counterclaim "
            f"reads version {FORMAT_VERSION} only. Nothing was imported."
        )
    if not isinstance(document.get("models"), dict):
        raise BackupError('The file has no "models" object: it is damaged. Nothing was imported.')
    return document


def _check_migrations(document: dict[str, Any]) -> None:
    """Refuse a file written by a schema this database does not have yet."""
    recorded = document.get("migrations", {})
    if not isinstance(recorded, dict):
        raise BackupError('The file\'s "migrations" entry is damaged. Nothing was imported.')
    here = _applied_migrations()
    for app_label, names in sorted(recorded.items()):
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise BackupError('The file\'s "migrations" entry is damaged. Nothing was imported.')
        missing = sorted(set(names) - set(here.get(app_label, [])))
        if missing:
            raise BackupError(
                f"The file was written by a newer Counterclaim: migration {app_label}.{missing[0]} "
                "is not applied to this database. Update Counterclaim and run `manage.py migrate`, "
                "then import. Nothing was imported."
            )


def _plan(document: dict[str, Any]) -> list[tuple[type[models.Model], list[models.Field], list[list]]]:
    """Check the file's tables against the models: each model, its fields as
    the file lists them, and its rows."""
    known = {model._meta.label_lower: model for model in exported_models()}
    plan = []
    for label, table in sorted(document["models"].items()):
        model = known.get(label)
        if model is None:
            raise BackupError(
                f"The file holds {label!r}, which this version of Counterclaim does not know. "
                "Nothing was imported."
            )
        if (
            not isinstance(table, dict)
            or not isinstance(table.get("fields"), list)
            or not isinstance(table.get("rows"), list)
        ):
            raise BackupError(f"The file's {label} table is damaged. Nothing was imported.")
        by_name = {_column_name(field): field for field in _columns(model)}
        names = table["fields"]
        unknown = [name for name in names if name not in by_name]
        if unknown or len(set(names)) != len(names):
            raise BackupError(
                f"The file's {label} table has columns this version of Counterclaim does not know "
                f"({', '.join(map(str, unknown)) or 'a column twice'}). Nothing was imported."
            )
        fields = [by_name[name] for name in names]
        for field in by_name.values():
            derived = (label, field.attname) in DERIVED
            if field not in fields and not (derived or field.has_default() or field.null):
                raise BackupError(
                    f"The file's {label} table lacks the column {field.attname}. Nothing was imported."
                )
        plan.append((model, fields, table["rows"]))
    return plan


def _content() -> str:
    """What the database holds beyond what ``migrate`` makes, in words, or
    "" when it holds nothing else."""
    counts = {}
    for model in exported_models():
        if model._meta.label_lower not in MIGRATION_MADE:
            counts[model._meta.label_lower] = model._base_manager.count()
    named = [f"{counts[label]} {noun}" for label, noun in CONTENT_NOUNS if counts.get(label)]
    others = sum(count for label, count in counts.items() if label not in dict(CONTENT_NOUNS))
    if others:
        named.append(f"{others} other rows")
    return ", ".join(named)


def _empty_tables(plan_models: list[type[models.Model]]) -> None:
    """Delete the rows ``migrate`` made, in SQL, so that deleting them writes
    no history rows and sends no signals."""
    with connection.cursor() as cursor:
        for model in plan_models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608


def _instances(model: type[models.Model], fields: list[models.Field], rows: list) -> Iterator[models.Model]:
    natural = {
        field.attname: {key: pk for pk, key in _natural_keys(field.related_model).items()}
        for field in fields
        if _column_name(field) != field.attname
    }
    label = model._meta.label_lower
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, list) or len(row) != len(fields):
            raise BackupError(f"Row {number} of the file's {label} table is damaged. Nothing was imported.")
        values = {}
        for field, value in zip(fields, row, strict=True):
            if field.attname in natural and value is not None:
                is_key = isinstance(value, list) and all(isinstance(part, str) for part in value)
                key = tuple(value) if is_key else None
                if key not in natural[field.attname]:
                    raise BackupError(
                        f"Row {number} of the file's {label} table names {value!r}, which this "
                        "database does not have. Run `manage.py migrate`, then import. "
                        "Nothing was imported."
                    )
                values[field.attname] = natural[field.attname][key]
                continue
            try:
                values[field.attname] = field.to_python(value)
            except (ValidationError, TypeError, ValueError, decimal.InvalidOperation):
                raise BackupError(
                    f"Row {number} of the file's {label} table has an invalid {field.attname}: "
                    f"{value!r}. Nothing was imported."
                ) from None
        yield model(**values)


def _insert(model: type[models.Model], fields: list[models.Field], rows: list) -> None:
    """Insert the rows as they are: ``raw`` skips what ``save()`` and
    ``bulk_create`` would do to them (``auto_now`` timestamps above all)."""
    all_fields = _columns(model)
    objects = list(_instances(model, fields, rows))
    batch = max(1, min(INSERT_BATCH, connection.ops.bulk_batch_size(all_fields, objects)))
    for start in range(0, len(objects), batch):
        model._base_manager._insert(objects[start : start + batch], fields=all_fields, raw=True)


def import_data(stream: TextIO) -> dict[str, int]:
    """Load an export into an empty database; returns the rows imported per model.

    Refuses, writing nothing, a database that already holds content (anything
    beyond the groups and the rating scale that ``migrate`` makes, which are
    replaced by the file's), a file that is not an export, an export format
    this code does not read, or one written by a newer schema. Everything
    happens in one transaction: any row the database refuses undoes the
    whole import. Afterwards PostgreSQL's id sequences continue after the
    imported ids.
    """
    try:
        text = stream.read()
    except UnicodeDecodeError:
        raise BackupError("This is not a Counterclaim export: it is not UTF-8 text.") from None
    document = _parse(text)
    _check_migrations(document)
    plan = _plan(document)
    imported = {}
    try:
        with transaction.atomic():
            content = _content()
            if content:
                raise BackupError(
                    f"The database already holds content ({content}). Import only into an empty "
                    "database: create a new one and run `manage.py migrate` first. Nothing was imported."
                )
            _empty_tables([model for model in exported_models() if model._meta.label_lower in MIGRATION_MADE])
            for model, fields, rows in plan:
                _insert(model, fields, rows)
                imported[model._meta.label_lower] = len(rows)
            speaker_fields = next((fields for model, fields, _ in plan if model is Speaker), None)
            if speaker_fields is not None and Speaker._meta.get_field("lookup_names") not in speaker_fields:
                fill_lookup_names()
            claim_fields = next((fields for model, fields, _ in plan if model is Claim), None)
            if claim_fields is not None and Claim._meta.get_field("search_text") not in claim_fields:
                # Only now that every row is in: a claim's document reads its
                # speaker, its dispute and its quotes.
                refresh_search_text(Claim.objects.values_list("pk", flat=True))
            # Foreign keys are checked at commit; check them now, so that a
            # broken file is reported here, with the rest of the errors.
            connection.check_constraints()
            sequences = connection.ops.sequence_reset_sql(no_style(), exported_models())
            with connection.cursor() as cursor:
                for statement in sequences:
                    cursor.execute(statement)
    except DatabaseError as error:
        raise BackupError(
            f"The database refused the file's rows, so nothing was imported: {error}".strip()
        ) from None
    return imported
