"""How a reader's words become a query, and ``matching``, the one place that
knows how each database's full-text index is asked:

* PostgreSQL: the generated column ``search_vector`` (``to_tsvector`` with the
  ``simple`` configuration) and its GIN index.
* SQLite: the FTS5 table ``claims_claim_fts`` over ``search_text``.
* Anything else, or SQLite built without FTS5: every word as a substring
  (slow on a large table, and case-insensitive only for ASCII on SQLite).

``claims.search.index`` creates those indexes. Every word of the query is a
prefix (``civil`` finds "civilians"), and a claim must hold all of them."""

from __future__ import annotations

import functools
import sqlite3
import unicodedata
from typing import TYPE_CHECKING, Any

from django.db import connections
from django.db.models import BooleanField, Expression, F, FloatField, Q, QuerySet, Value

from claims.words import query_terms

if TYPE_CHECKING:
    from claims.models import Claim

# Newest first: the date of the claim (undated claims last), then the most
# recently created. The browse page's partial indexes follow this order.
NEWEST = (F("claimed_on").desc(nulls_last=True), F("id").desc())


def _as_indexed(text: str) -> str:
    # Lower case only, not the lookups' full fold: PostgreSQL's `simple`
    # configuration keeps accents and Arabic letter variants in the words it
    # indexes, so a word folded further would no longer be a prefix of them.
    return unicodedata.normalize("NFC", text).lower()


def search_terms(query: str) -> list[str]:
    """The words of a reader's query as the index holds them: the one
    tokenizer (``claims.words.query_terms``: letters and digits only, each
    once, in order, bounded), lower-cased. Nothing typed can act as an
    operator of either database's query syntax."""
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
