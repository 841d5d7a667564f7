"""The database's own full-text index over ``Claim.search_text``.

Created by migration claims/0004 and, on SQLite, checked again after every
migrate (``after_migrate``, connected by ``claims.search.signals``): SQLite
changes a column by copying the table into a new one, which drops the
triggers that keep the FTS index in step.

* PostgreSQL: a stored generated column ``search_vector`` (``to_tsvector`` with
  the ``simple`` configuration: no stemming, since claims come in many
  languages, but lower case for every script) with a GIN index.
* SQLite: an FTS5 table over ``search_text`` (external content, kept in step
  by triggers; tokenizer ``unicode61 remove_diacritics 2``)."""

from __future__ import annotations

from django.db import connections

from claims.search.query import fts5_available

FTS_TABLE = "claims_claim_fts"

# PostgreSQL's parser reads "<...>" as an HTML tag and "&...;" as an entity
# and indexes neither, so the words of a quote such as "<b>36</b>" would be
# lost: those three characters are read as spaces, as FTS5 reads them.
POSTGRES_INSTALL = [
    "ALTER TABLE claims_claim ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, translate(search_text, '<>&', '   '))) STORED",
    "CREATE INDEX claim_search_vector_idx ON claims_claim USING gin (search_vector)",
]
POSTGRES_UNINSTALL = [
    "DROP INDEX IF EXISTS claim_search_vector_idx",
    "ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_vector",
]

SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS claims_claim_fts USING fts5("
    "search_text, content='claims_claim', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')"
)
# The triggers of SQLite's documentation for an external-content table; the
# update one fires only when the document changes.
SQLITE_TRIGGERS = {
    "claims_claim_fts_insert": (
        "CREATE TRIGGER IF NOT EXISTS claims_claim_fts_insert AFTER INSERT ON claims_claim BEGIN "
        "INSERT INTO claims_claim_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
    ),
    "claims_claim_fts_delete": (
        "CREATE TRIGGER IF NOT EXISTS claims_claim_fts_delete AFTER DELETE ON claims_claim BEGIN "
        "INSERT INTO claims_claim_fts(claims_claim_fts, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); END"
    ),
    "claims_claim_fts_update": (
        "CREATE TRIGGER IF NOT EXISTS claims_claim_fts_update AFTER UPDATE OF search_text ON claims_claim "
        "WHEN old.search_text IS NOT new.search_text BEGIN "
        "INSERT INTO claims_claim_fts(claims_claim_fts, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); "
        "INSERT INTO claims_claim_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
    ),
}


def install_search_index(schema_editor) -> None:
    """The migration's forward step: the database's own full-text index."""
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for statement in POSTGRES_INSTALL:
            schema_editor.execute(statement)
    elif connection.vendor == "sqlite" and fts5_available():
        ensure_sqlite_index(connection)


def uninstall_search_index(schema_editor) -> None:
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for statement in POSTGRES_UNINSTALL:
            schema_editor.execute(statement)
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute("DROP TABLE IF EXISTS claims_claim_fts")


def ensure_sqlite_index(connection) -> bool:
    """Create the FTS5 table and its triggers where missing, and rebuild the
    index from ``search_text`` when anything was missing. Returns whether it
    had to. Safe to call at any time on a migrated SQLite database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {name for (name,) in cursor.fetchall()}
        missing = [name for name in (FTS_TABLE, *SQLITE_TRIGGERS) if name not in present]
        if not missing:
            return False
        cursor.execute(SQLITE_TABLE)
        for statement in SQLITE_TRIGGERS.values():
            cursor.execute(statement)
        cursor.execute("INSERT INTO claims_claim_fts(claims_claim_fts) VALUES ('rebuild')")
    return True


def after_migrate(sender, using, **kwargs) -> None:
    connection = connections[using]
    if sender.label != "claims" or connection.vendor != "sqlite" or not fts5_available():
        return
    with connection.cursor() as cursor:
        if "claims_claim" not in connection.introspection.table_names(cursor):
            return
        columns = {
            column.name for column in connection.introspection.get_table_description(cursor, "claims_claim")
        }
    # Before migration claims/0004 (or after reversing it) there is nothing to index.
    if "search_text" in columns:
        ensure_sqlite_index(connection)
