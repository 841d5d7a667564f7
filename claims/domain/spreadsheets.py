"""Public claims and a dispute's figures as CSV, for spreadsheets.

The columns are a contract with the newsroom's data team: they are named
here once (``CLAIM_COLUMNS``, ``FIGURE_COLUMNS``), documented in the README,
and only ever added to at the end. Why the file is written as it is:

* **UTF-8 with a byte-order mark.** Without it Excel reads a CSV in the
  system's legacy code page, and Arabic and Russian come out as mojibake;
  LibreOffice and Python's ``utf-8-sig`` read the mark and drop it.
* **Formula injection.** A spreadsheet runs a cell that starts with ``=``,
  ``+``, ``-`` or ``@`` (or a tab or carriage return before one) as a
  formula, and a speaker's wording or a quote is text anyone may have
  written. Such a text cell gets a leading ``'``, which spreadsheets show
  as text and do not display (OWASP's advice). Numbers, dates and URLs that
  Counterclaim writes itself are not text typed by anyone, and are written
  as they are, so a negative figure stays a number.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
from collections.abc import Callable, Iterable, Sequence

from django.urls import reverse

from claims.domain.disputes import Quantity
from claims.models import Claim

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CLAIM_COLUMNS = (
    "id",
    "url",
    "speaker",
    "speaker_role",
    "wording",
    "claimed_on",
    "venue",
    "rating",
    "dispute",
    "dispute_url",
    "stance",
    "languages",
    "published_at",
)
FIGURE_COLUMNS = (
    "claim",
    "claim_url",
    "speaker",
    "speaker_role",
    "stance",
    "quantity",
    "value",
    "min",
    "max",
    "unit",
    "qualifier",
    "as_shown",
    "source",
    "source_url",
    "quote",
)

Absolute = Callable[[str], str]  # a path on this site made an absolute URL


class Url(str):
    """A URL Counterclaim wrote, written as it is (see the module's docstring)."""


def neutralised(text: str) -> str:
    """``text`` safe to open in a spreadsheet: a leading ``'`` when it would
    start a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Url):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, int | dt.date):  # datetimes are dates too
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return neutralised(str(value))


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The header and ``rows``, each cell through ``cell``, with the BOM first."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows([cell(value) for value in row] for row in rows)
    return out.getvalue()


# --- Claims -------------------------------------------------------------------------


def _verdict_label(claim: Claim) -> str:
    verdicts = getattr(claim, "current_verdicts", [])
    return verdicts[0].rating.label if verdicts else ""


def claim_row(claim: Claim, absolute: Absolute) -> tuple:
    """One public claim in ``CLAIM_COLUMNS``. Reads its speaker, dispute,
    ``current_verdicts`` and appearances with their sources, prefetched; its
    dispute only when that is published too."""
    dispute = claim.dispute if claim.dispute is not None and claim.dispute.is_published else None
    languages = sorted({a.quote.revision.source.language for a in claim.appearances.all()})
    return (
        claim.pk,
        Url(absolute(claim.get_absolute_url())),
        claim.speaker.name,
        claim.speaker_role,
        claim.text,
        claim.claimed_on,
        claim.venue,
        _verdict_label(claim),
        dispute.question if dispute else "",
        Url(absolute(reverse("claims:dispute", args=[dispute.slug]))) if dispute else "",
        claim.get_dispute_stance_display() if dispute and claim.dispute_stance else "",
        " ".join(languages),
        claim.published_at,
    )


# --- A dispute's figures --------------------------------------------------------------


def figure_rows(quantities: list[Quantity], absolute: Absolute, public_quote_ids: set[int]) -> list[tuple]:
    """One row per figure of ``figures_compared``, in its order, in
    ``FIGURE_COLUMNS``; a denial that gives no figure is not a row. A
    source's page is linked only where its quote is a public claim's
    appearance, as the dispute page links it."""
    rows = []
    for quantity in quantities:
        for row in quantity.rows:
            figure, quote, claim = row.figure, row.quote, row.claim
            if figure is None:
                continue
            source = quote.revision.source if quote else None
            linked = source is not None and quote.pk in public_quote_ids
            rows.append(
                (
                    claim.pk,
                    Url(absolute(claim.get_absolute_url())),
                    claim.speaker.name,
                    claim.speaker_role,
                    claim.get_dispute_stance_display() if claim.dispute_stance else "",
                    quantity.counted,
                    figure.value,
                    figure.minimum,
                    figure.maximum,
                    figure.unit,
                    figure.get_qualifier_display() if figure.qualifier else "",
                    row.value,
                    source.title if source else "",
                    Url(absolute(reverse("claims:source", args=[source.pk]))) if linked else "",
                    quote.exact if quote else "",
                )
            )
    return rows
