"""A batch's claims before their rows exist (``PendingClaim``), and the
sources whose texts carry them.

A source's text is assembled from the sentences that carry its claims plus
filler, and each quote's offsets are computed while the text is assembled, so
every quote's selectors are exactly what ``Quote.from_position`` makes over
the revision's text (code points, astral characters included).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import accumulate

from claims.devdata.generating.plan import (
    DAY,
    FULL_SENTENCE_QUOTES,
    IN_DISPUTE,
    SPAN_DAYS,
    START,
    Context,
    DisputeInfo,
    SpeakerInfo,
    at,
)
from claims.devdata.generating.tables import HistoryTable, Table
from claims.devdata.generating.vocabulary.sentences import (
    SCRIPT_OF_LANGUAGE,
    core,
    filler,
    headline,
    place,
    sentence,
)
from claims.devdata.generating.vocabulary.words import LANGUAGES, SOURCE_KINDS
from sources.models import Source, SourceRevision, text_sha256

# How many other outlets report a claim, and how often: (counts, cumulative
# weights). Cumulative weights spare rng.choices summing them at every draw.
OTHER_OUTLETS = ([0, 1, 2], list(accumulate([35, 40, 25])))


@dataclass
class PendingClaim:
    """A claim of the current batch, before its source texts exist."""

    id: int
    speaker: SpeakerInfo
    dispute: DisputeInfo | None
    day: int  # when it was said, in days from START
    language: str
    core: str
    sentence: str
    core_at: int  # where the core starts in the sentence
    counted: str
    number: int
    quotes: list[tuple[int, int, int]] = field(default_factory=list)  # (revision id, start, end)


# What each source of a batch carries, by position: (the claim or None for filler, the sentence).
Carried = list[list[tuple[PendingClaim | None, str]]]


@dataclass
class Sources:
    """A batch's sources: their rows, their texts and when each came in
    (seconds from START), by position."""

    tables: list[Table]
    texts: list[str]
    dates: list[float]


def pending_claims(
    ctx: Context, count: int, claim_first: int, n_sources: int
) -> tuple[list[PendingClaim], list[str], Carried]:
    """The batch's claims before their texts exist: who said what, when,
    in which language, and which sources (by position) report it. Returns
    them, each source's language and what each source carries."""
    rng = ctx.rng
    languages = rng.choices([lang for lang, _ in LANGUAGES], [w for _, w in LANGUAGES], k=n_sources)
    by_language: dict[str, list[int]] = {}
    for i, language in enumerate(languages):
        by_language.setdefault(language, []).append(i)
    carried: Carried = [[] for _ in range(n_sources)]
    pending: list[PendingClaim] = []
    for k in range(count):
        home = rng.randrange(n_sources)
        claim = _pending_claim(ctx, claim_first + k, languages[home])
        pending.append(claim)
        # Reported by one to three outlets writing in the same language.
        outlets = {home}
        same = by_language[claim.language]
        for _ in range(rng.choices(OTHER_OUTLETS[0], cum_weights=OTHER_OUTLETS[1])[0]):
            outlets.add(rng.choice(same))
        for i in outlets:
            carried[i].append((claim, claim.sentence))
    return pending, languages, carried


def _pending_claim(ctx: Context, claim_id: int, language: str) -> PendingClaim:
    """Who said it (most often a speaker named in the language's script),
    about which dispute if any, when, and in which words."""
    rng = ctx.rng
    pool = ctx.speakers_by_script.get(SCRIPT_OF_LANGUAGE[language]) if rng.random() < 0.8 else None
    speaker = rng.choice(pool or ctx.speakers)
    dispute = rng.choice(ctx.disputes) if rng.random() < IN_DISPUTE else None
    if dispute is not None:  # said in the days after the disputed event
        day = (dispute.date - START.date()).days + rng.randrange(10)
    else:
        day = rng.randrange(SPAN_DAYS)
    clause, counted, number = core(rng, language, place(rng))
    said, core_at = sentence(rng, language, speaker.name, clause)
    return PendingClaim(claim_id, speaker, dispute, day, language, clause, said, core_at, counted, number)


def sources(
    ctx: Context, languages: list[str], carried: Carried, source_first: int, revision_first: int
) -> Sources:
    """The sources and their texts, each assembled from the sentences it
    carries and filler; every carried claim learns where its words are
    (``PendingClaim.quotes``)."""
    rng = ctx.rng
    table = Table(
        Source,
        [
            "id", "title", "kind", "outlet", "url", "authors", "language",
            "published_on", "retrieved_at", "created_by_id", "created_at", "updated_at",
        ],
    )  # fmt: skip
    history = HistoryTable(Source, table.named)
    revisions = Table(
        SourceRevision,
        ["id", "source_id", "number", "text", "sha256", "note", "created_by_id", "created_at"],
    )
    made = Sources([table, history, revisions], [], [])
    for i, language in enumerate(languages):
        items = carried[i] + [(None, filler(rng, language)) for _ in range(rng.randint(6, 14))]
        rng.shuffle(items)
        text = _assemble(ctx, items, revision_first + i)
        title, outlet, domain = headline(rng, language)
        # Published in the days after the newest claim it reports.
        said = [claim.day for claim, _ in items if claim is not None]
        day = max(said) + rng.randint(0, 2) if said else rng.randrange(SPAN_DAYS)
        created_s = day * DAY + rng.uniform(0, DAY)
        created = at(created_s)
        journalist = rng.choice(ctx.journalists)
        source_id = source_first + i
        row = (
            source_id, title, rng.choice(SOURCE_KINDS), outlet,
            f"https://{domain}/news/{source_id}", rng.choice(["", "Staff", "Newsdesk"]), language,
            created.date(), created, journalist, created, created,
        )  # fmt: skip
        table.add(row)
        history.add((*row, created, None, "+", journalist))
        revisions.add((revision_first + i, source_id, 1, text, text_sha256(text), "", journalist, created))
        made.texts.append(text)
        made.dates.append(created_s)
    return made


def _assemble(ctx: Context, items: list[tuple[PendingClaim | None, str]], revision_id: int) -> str:
    """The text of ``items``' sentences, separated by spaces or paragraph
    breaks. Each claim's quote (its clause, or its whole sentence without the
    full stop) is recorded with its offsets, in code points, as it is placed."""
    rng = ctx.rng
    parts: list[str] = []
    length = 0
    for j, (claim, said) in enumerate(items):
        if j:
            separator = "\n\n" if rng.random() < 0.3 else " "
            parts.append(separator)
            length += len(separator)
        if claim is not None:
            if rng.random() < FULL_SENTENCE_QUOTES:
                start, end = length, length + len(said) - 1
            else:
                start = length + claim.core_at
                end = start + len(claim.core)
            claim.quotes.append((revision_id, start, end))
        parts.append(said)
        length += len(said)
    return "".join(parts)
