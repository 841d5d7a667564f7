"""Readers' full-text search over claims, and the highlighted snippets of what it found.

Each claim carries ``search_text``, one document of everything a reader may
look for it by: the wording, the speaker's name and other names, their role,
the venue, the question of its dispute (published disputes only) and the exact
words of every quote that is an appearance of it. ``search_document`` builds
it; ``refresh_search_text`` writes it, and the signal receivers at the end of
this module call that on every write that changes one of those parts, whoever
makes it (the workspace, the admin, the demo, a source revision).

The database indexes the document, and ``matching`` is the one place that
knows how:

* PostgreSQL: a stored generated column ``search_vector`` (``to_tsvector`` with
  the ``simple`` configuration: no stemming, since claims come in many
  languages, but lower case for every script) with a GIN index.
* SQLite: an FTS5 table over ``search_text`` (external content, kept in step
  by triggers; tokenizer ``unicode61 remove_diacritics 2``).
* Anything else, or SQLite built without FTS5: every word as a substring
  (slow on a large table, and case-insensitive only for ASCII on SQLite).

Every word of the query is a prefix (``civil`` finds "civilians"), and a claim
must hold all of them.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connections
from django.db.models import BooleanField, Expression, F, FloatField, Q, QuerySet, Value
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete, pre_save
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

from claims.domain.lookups import query_terms

if TYPE_CHECKING:
    from claims.models import Claim

# Newest first: the date of the claim (undated claims last), then the most
# recently created. The browse page's partial indexes follow this order.
NEWEST = (F("claimed_on").desc(nulls_last=True), F("id").desc())

FTS_TABLE = "claims_claim_fts"


# --- The document ----------------------------------------------------------------------


def search_document(
    *,
    text: str,
    speaker_name: str,
    speaker_aliases: list[str],
    role: str,
    venue: str,
    dispute_question: str,
    quotes: list[str],
) -> str:
    """The text a claim is found by, one part per line. Pure: bulk loaders
    call it to fill ``Claim.search_text`` without going through the ORM's
    saves. Pass ``dispute_question=""`` when the dispute is not published,
    so that its words find nothing while it is unpublished."""
    parts = [text, speaker_name, *speaker_aliases, role, venue, dispute_question, *quotes]
    return "\n".join(" ".join(part.split()) for part in parts if part and part.strip())


def _document_of(claim: Claim, quotes: list[str]) -> str:
    """``search_document`` for a claim loaded with its speaker and dispute."""
    dispute = claim.dispute
    return search_document(
        text=claim.text,
        speaker_name=claim.speaker.name,
        speaker_aliases=[alias for alias in claim.speaker.aliases or () if isinstance(alias, str)],
        role=claim.speaker_role,
        venue=claim.venue,
        dispute_question=dispute.question if dispute is not None and dispute.published_at else "",
        quotes=quotes,
    )


def _batches(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def refresh_search_text(claim_ids: Iterable[int], *, batch_size: int = 500) -> dict[int, str]:
    """Recompute ``search_text`` of the given claims from what is stored now,
    write the ones that changed, and return every claim's document by id.

    Writes with a queryset update (``bulk_update``), never ``save()``: the
    claim's ``version``, which tells two editors apart, does not move, and
    no history row is written for what is only an index."""
    from claims.models import Appearance, Claim

    ids = sorted({int(pk) for pk in claim_ids if pk is not None})
    documents: dict[int, str] = {}
    for batch in _batches(ids, batch_size):
        claims = list(
            Claim.objects.filter(pk__in=batch)
            .select_related("speaker", "dispute")
            .only(
                "text",
                "speaker_role",
                "venue",
                "search_text",
                "speaker__name",
                "speaker__aliases",
                "dispute__question",
                "dispute__published_at",
            )
        )
        quotes: dict[int, list[str]] = {}
        for claim_id, exact in (
            Appearance.objects.filter(claim_id__in=batch)
            .order_by("claim_id", "added_at", "pk")
            .values_list("claim_id", "quote__exact")
        ):
            quotes.setdefault(claim_id, []).append(exact)
        stale = []
        for claim in claims:
            documents[claim.pk] = _document_of(claim, quotes.get(claim.pk, []))
            if documents[claim.pk] != claim.search_text:
                claim.search_text = documents[claim.pk]
                stale.append(claim)
        if stale:
            Claim.objects.bulk_update(stale, ["search_text"])
    return documents


# --- The query -------------------------------------------------------------------------


def _as_indexed(text: str) -> str:
    # Lower case only, not claims.domain.lookups.fold: PostgreSQL's `simple`
    # configuration keeps accents and Arabic letter variants in the words it
    # indexes, so a word folded further would no longer be a prefix of them.
    return unicodedata.normalize("NFC", text).lower()


def search_terms(query: str) -> list[str]:
    """The words of a reader's query as the index holds them: the lookups'
    tokenizer (``query_terms``: letters and digits only, each once, in
    order, bounded), lower-cased. Nothing typed can act as an operator of
    either database's query syntax."""
    return query_terms(query, normal=_as_indexed)


def postgres_tsquery(terms: list[str], *, every_word: bool = True) -> str:
    """Every word as a prefix, all required: ``w1:* & w2:*`` (any of them:
    ``w1:* | w2:*``). Passed to ``to_tsquery`` as a parameter; the words
    hold no operator characters."""
    return (" & " if every_word else " | ").join(f"{term}:*" for term in terms)


def fts5_query(terms: list[str], *, every_word: bool = True) -> str:
    """Every word as a quoted prefix, all required: ``"w1"* "w2"*`` (any
    of them: ``"w1"* OR "w2"*``)."""
    return (" " if every_word else " OR ").join(f'"{term}"*' for term in terms)


@functools.cache
def fts5_available() -> bool:
    """Whether the SQLite library Python uses has FTS5 (asked once, of a
    throwaway in-memory database, so it costs no query on a real one)."""
    try:
        with sqlite3.connect(":memory:") as probe:
            probe.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
    except sqlite3.OperationalError:
        return False
    return True


class _OnClaimTable(Expression):
    """SQL written against the claim table, which ``{table}`` names by the
    alias the query gives it, so the expression stays right inside a
    subquery (where Django renames tables) too."""

    def __init__(self, template: str, params: list[Any], output_field) -> None:
        super().__init__(output_field=output_field)
        self.template, self.params, self.alias = template, list(params), None

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        resolved = self.copy()
        resolved.alias = query.get_initial_alias()
        return resolved

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def get_group_by_cols(self):
        return [self]

    def as_sql(self, compiler, connection):
        return self.template.format(table=compiler.quote_name(self.alias)), self.params


def matching(
    queryset: QuerySet[Claim], query: str, *, ranked: bool = True, every_word: bool = True
) -> QuerySet[Claim]:
    """``queryset`` narrowed to the claims holding every word of ``query``
    (any of them with ``every_word=False``), annotated with ``search_rank``
    (higher is better) and ordered by it, then newest first; with
    ``ranked=False``, newest first only, which the database can read in
    index order without ranking every claim found. A query without words
    (empty, or only punctuation) filters nothing: the claims come newest
    first, ranked 0."""
    terms = search_terms(query)
    if not terms:
        return queryset.annotate(search_rank=Value(0.0)).order_by(*NEWEST)
    vendor = connections[queryset.db].vendor
    if vendor == "postgresql":
        tsquery = postgres_tsquery(terms, every_word=every_word)
        matched = _OnClaimTable(
            "{table}.search_vector @@ to_tsquery('simple', %s)", [tsquery], BooleanField()
        )
        rank = _OnClaimTable(
            "ts_rank({table}.search_vector, to_tsquery('simple', %s))", [tsquery], FloatField()
        )
    elif vendor == "sqlite" and fts5_available():
        match = fts5_query(terms, every_word=every_word)
        matched = _OnClaimTable(
            '{table}."id" IN (SELECT rowid FROM claims_claim_fts WHERE claims_claim_fts MATCH %s)',
            [match],
            BooleanField(),
        )
        # bm25() is lower for better matches; negated so that higher is better everywhere.
        rank = _OnClaimTable(
            "(SELECT -bm25(claims_claim_fts) FROM claims_claim_fts "
            'WHERE claims_claim_fts MATCH %s AND claims_claim_fts.rowid = {table}."id")',
            [match],
            FloatField(),
        )
    else:
        found = Q()
        for term in terms:
            if every_word:
                found &= Q(search_text__icontains=term)
            else:
                found |= Q(search_text__icontains=term)
        return queryset.filter(found).annotate(search_rank=Value(0.0)).order_by(*NEWEST)
    found = queryset.filter(matched).annotate(search_rank=rank)
    return found.order_by("-search_rank", *NEWEST) if ranked else found.order_by(*NEWEST)


# --- Snippets --------------------------------------------------------------------------

SNIPPET_LENGTH = 200
# How much of the text before the first match a snippet keeps.
SNIPPET_LEAD = 60


@functools.lru_cache(maxsize=8192)
def _base(char: str) -> str:
    # The character without its accents, still one character, so that
    # positions in the folded text are positions in the original.
    return unicodedata.normalize("NFD", char)[0]


def _fold(text: str) -> str:
    return "".join(_base(char) for char in text)


@dataclass(frozen=True)
class Highlighter:
    """Finds the query's words in a text as the search does: at the start
    of a word, in any case, with or without accents; a match runs to the end
    of the word ("civil" marks "civilians")."""

    terms: tuple[str, ...]

    @classmethod
    def of(cls, query: str) -> Highlighter:
        return cls(tuple(search_terms(query)))

    @functools.cached_property
    def _patterns(self) -> list[re.Pattern[str]]:
        return [
            re.compile(r"(?<![^\W_])" + re.escape(_fold(term)) + r"[^\W_]*", re.IGNORECASE)
            for term in self.terms
        ]

    @functools.cached_property
    def _any(self) -> re.Pattern[str] | None:
        if not self.terms:
            return None
        # Longest first, so that "civilians" wins over "civil" at the same place.
        alternatives = sorted({_fold(term) for term in self.terms}, key=len, reverse=True)
        return re.compile(
            r"(?<![^\W_])(?:" + "|".join(re.escape(term) for term in alternatives) + r")[^\W_]*",
            re.IGNORECASE,
        )

    def terms_found(self, text: str) -> int:
        """How many of the query's words ``text`` holds."""
        folded = _fold(text)
        return sum(1 for pattern in self._patterns if pattern.search(folded))

    def spans(self, text: str) -> list[tuple[int, int]]:
        if self._any is None:
            return []
        return [match.span() for match in self._any.finditer(_fold(text))]

    def mark(self, text: str, *, length: int = SNIPPET_LENGTH) -> SafeString:
        """``text`` escaped, cut to about ``length`` characters around its
        first match (at word boundaries, with an ellipsis where it goes on),
        with every match wrapped in ``<mark>``."""
        spans = self.spans(text)
        start, end = 0, len(text)
        if end > length:
            first = spans[0][0] if spans else 0
            start = max(0, first - SNIPPET_LEAD)
            if start > 0:
                space = text.find(" ", start, first)
                start = space + 1 if space != -1 else start
            end = min(len(text), start + length)
            if end < len(text):
                space = text.rfind(" ", start, end)
                end = space if space > start else end
        pieces: list[str] = ["…"] if start > 0 else []
        position = start
        for span_start, span_end in spans:
            if span_end <= start or span_start >= end:
                continue
            span_start, span_end = max(span_start, start), min(span_end, end)
            pieces.append(escape(text[position:span_start]))
            pieces.append(format_html("<mark>{}</mark>", text[span_start:span_end]))
            position = span_end
        pieces.append(escape(text[position:end]))
        if end < len(text):
            pieces.append("…")
        return format_html_join("", "{}", ((piece,) for piece in pieces))


@dataclass(frozen=True)
class Snippet:
    """The part of a claim a search found, with its words marked, and where
    that part is ("in a quote from …")."""

    html: SafeString
    where: str


def snippet(claim: Claim, highlighter: Highlighter) -> Snippet:
    """The part of ``claim`` holding the most of the query's words: a quote,
    its wording, its speaker's names, its published dispute's question, the
    speaker's role or the venue, preferred in that order on a tie (a quote
    first: the wording is on the page already, the source's words are not).

    Reads ``claim.appearances`` with their quotes and sources: prefetch them
    (and select the speaker and dispute) or this costs queries per claim."""
    parts: list[tuple[str, str]] = [
        (appearance.quote.exact, f"in a quote from “{appearance.quote.revision.source.title}”")
        for appearance in claim.appearances.all()
    ]
    parts.append((claim.text, "in the claim's wording"))
    speaker = claim.speaker
    parts.append((speaker.name, "in the speaker's name"))
    parts += [
        (alias, "in another name of the speaker") for alias in speaker.aliases or () if isinstance(alias, str)
    ]
    if claim.dispute is not None and claim.dispute.is_published:
        parts.append((claim.dispute.question, "in the dispute's question"))
    parts += [(claim.speaker_role, "in the speaker's role"), (claim.venue, "in the venue")]
    best_text, best_where, best_found = claim.text, "", 0
    for text, where in parts:
        found = highlighter.terms_found(text) if text else 0
        if found > best_found:
            best_text, best_where, best_found = text, where, found
    return Snippet(html=highlighter.mark(best_text), where=best_where)


# --- Keeping the document fresh --------------------------------------------------------

# The claim's own fields that are part of its document; a save limited to
# other fields (publication, withdrawal, a version bump) changes nothing here.
_CLAIM_FIELDS = {"text", "speaker", "speaker_id", "speaker_role", "venue", "dispute", "dispute_id"}


def _claim_saved(sender, instance, created, raw, update_fields, **kwargs) -> None:
    if raw or (update_fields is not None and not _CLAIM_FIELDS & set(update_fields)):
        return
    # Read back from the database rather than from the instance, whose
    # speaker or dispute may be an older copy. A full save wrote the
    # instance's own (possibly outdated) document first; this corrects it.
    documents = refresh_search_text([instance.pk])
    # The instance in memory then holds what is stored, so that saving it
    # again does not put an older document back.
    instance.search_text = documents.get(instance.pk, instance.search_text)


def _remember_before_save(sender, instance, raw, **kwargs) -> None:
    """Before a speaker, dispute or appearance is changed, note what it was,
    so that after the save only a change that matters refreshes claims."""
    if raw or instance._state.adding or instance.pk is None:
        return
    fields = _WATCHED[sender]
    instance._search_before = sender._default_manager.filter(pk=instance.pk).values_list(*fields).first()


def _after_save(sender, instance, created, raw, **kwargs) -> None:
    if raw:
        return
    from claims.models import Appearance, Claim, Dispute, Speaker

    before = instance.__dict__.pop("_search_before", None)
    now = tuple(getattr(instance, field) for field in _WATCHED[sender])
    if sender is Appearance:
        claim_ids = {instance.claim_id} | ({before[0]} if before else set())
        refresh_search_text(claim_ids)
        return
    if created or before == now:
        return
    if sender is Speaker:
        refresh_search_text(Claim.objects.filter(speaker=instance).values_list("pk", flat=True))
    elif sender is Dispute:
        refresh_search_text(Claim.objects.filter(dispute=instance).values_list("pk", flat=True))


def _quote_saved(sender, instance, created, raw, update_fields, **kwargs) -> None:
    # A new quote is no claim's appearance yet; a quote's words change when a
    # revision re-anchors it or a journalist re-selects it.
    if raw or created or (update_fields is not None and "exact" not in update_fields):
        return
    from claims.models import Appearance

    refresh_search_text(Appearance.objects.filter(quote=instance).values_list("claim_id", flat=True))


def _appearance_deleted(sender, instance, **kwargs) -> None:
    refresh_search_text([instance.claim_id])


def _dispute_deleting(sender, instance, **kwargs) -> None:
    from claims.models import Claim

    # Deleting a dispute sets its claims' dispute to NULL with a queryset
    # update, which sends no signal: remember them to refresh afterwards.
    instance._search_claims = list(Claim.objects.filter(dispute=instance).values_list("pk", flat=True))


def _dispute_deleted(sender, instance, **kwargs) -> None:
    refresh_search_text(instance.__dict__.pop("_search_claims", []))


_WATCHED: dict[type, tuple[str, ...]] = {}


def connect_signals() -> None:
    """Called from ``ClaimsConfig.ready()``."""
    from claims.models import Appearance, Claim, Dispute, Speaker
    from sources.models import Quote

    _WATCHED.update(
        {
            Speaker: ("name", "aliases"),
            Dispute: ("question", "published_at"),
            Appearance: ("claim_id",),
        }
    )
    uid = "claims.search"
    post_save.connect(_claim_saved, sender=Claim, dispatch_uid=f"{uid}.claim")
    for model in _WATCHED:
        pre_save.connect(_remember_before_save, sender=model, dispatch_uid=f"{uid}.before.{model.__name__}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}.after.{model.__name__}")
    post_save.connect(_quote_saved, sender=Quote, dispatch_uid=f"{uid}.quote")
    post_delete.connect(_appearance_deleted, sender=Appearance, dispatch_uid=f"{uid}.appearance-deleted")
    pre_delete.connect(_dispute_deleting, sender=Dispute, dispatch_uid=f"{uid}.dispute-deleting")
    post_delete.connect(_dispute_deleted, sender=Dispute, dispatch_uid=f"{uid}.dispute-deleted")
    post_migrate.connect(_after_migrate, dispatch_uid=f"{uid}.after-migrate")


# --- The indexes ------------------------------------------------------------------------
#
# Created by migration claims/0004 and, on SQLite, checked again after every
# migrate: SQLite changes a column by copying the table into a new one, which
# drops the triggers that keep the FTS index in step.

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


def _after_migrate(sender, using, **kwargs) -> None:
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
