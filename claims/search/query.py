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
import re
import sqlite3
import unicodedata
from typing import TYPE_CHECKING, Any

from django.db import connections
from django.db.models import BooleanField, Expression, F, FloatField, Q, QuerySet, Value

if TYPE_CHECKING:
    from claims.models import Claim

# A query's words: at most this many, each cut to this length. Longer queries
# are almost always pasted paragraphs; the first words find the claim.
MAX_TERMS = 8
MAX_TERM_LENGTH = 64

# Newest first: the date of the claim (undated claims last), then the most
# recently created. The browse page's partial indexes follow this order.
NEWEST = (F("claimed_on").desc(nulls_last=True), F("id").desc())


# A word is a run of letters and digits: everything else (spaces, punctuation,
# the operators of every search syntax, quotes, underscores) separates words.
# FTS5's unicode61 and PostgreSQL's parser split text the same way, so a word
# typed here is a word they indexed.
_WORD = re.compile(r"[^\W_]+")


def search_terms(query: str) -> list[str]:
    """The words of a reader's query, lower-cased, each once, in order. Only
    letters and digits survive, so nothing typed can act as an operator of
    either database's query syntax."""
    terms: list[str] = []
    for word in _WORD.findall(unicodedata.normalize("NFC", query or "")):
        term = word[:MAX_TERM_LENGTH].lower()
        if term not in terms:
            terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    return terms


def postgres_tsquery(terms: list[str]) -> str:
    """Every word as a prefix, all required: ``w1:* & w2:*``. Passed to
    ``to_tsquery`` as a parameter; the words hold no operator characters."""
    return " & ".join(f"{term}:*" for term in terms)


def fts5_query(terms: list[str]) -> str:
    """Every word as a quoted prefix, all required: ``"w1"* "w2"*``."""
    return " ".join(f'"{term}"*' for term in terms)


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


def matching(queryset: QuerySet[Claim], query: str, *, ranked: bool = True) -> QuerySet[Claim]:
    """``queryset`` narrowed to the claims holding every word of ``query``,
    annotated with ``search_rank`` (higher is better) and ordered by it, then
    newest first; with ``ranked=False``, newest first only, which the
    database can read in index order without ranking every claim found. A
    query without words (empty, or only punctuation) filters nothing: the
    claims come newest first, ranked 0."""
    terms = search_terms(query)
    if not terms:
        return queryset.annotate(search_rank=Value(0.0)).order_by(*NEWEST)
    vendor = connections[queryset.db].vendor
    if vendor == "postgresql":
        tsquery = postgres_tsquery(terms)
        matched = _OnClaimTable(
            "{table}.search_vector @@ to_tsquery('simple', %s)", [tsquery], BooleanField()
        )
        rank = _OnClaimTable(
            "ts_rank({table}.search_vector, to_tsquery('simple', %s))", [tsquery], FloatField()
        )
    elif vendor == "sqlite" and fts5_available():
        match = fts5_query(terms)
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
            found &= Q(search_text__icontains=term)
        return queryset.filter(found).annotate(search_rank=Value(0.0)).order_by(*NEWEST)
    found = queryset.filter(matched).annotate(search_rank=rank)
    return found.order_by("-search_rank", *NEWEST) if ranked else found.order_by(*NEWEST)
