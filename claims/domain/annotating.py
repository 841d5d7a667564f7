"""Turning a passage of a source into a claim or into another appearance of one.

The browser sends a selection as code-point offsets into a revision's
canonical text together with the words it saw there; the server trusts only
the offsets, recomputes the words from its own copy of the text and refuses
the selection when the two differ, because a difference means the browser
counted characters differently (UTF-16 units instead of code points) or showed
an older text. Without JavaScript a journalist types the words instead, and
``find_passage`` locates them.

Every function that writes is atomic: a claim, its new speaker, the quote and
the appearance are saved together or not at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.domain.lookups import speaker_with_name
from claims.models import Appearance, Claim, Speaker
from sources.models import Quote, Source, SourceRevision

# A quote is a passage, not a chapter; a longer selection is almost always a
# slip of the mouse, and the browser sends the words in a URL.
MAX_QUOTE_LENGTH = 2000

MISMATCH_MESSAGE = (
    "The selected text does not match the source at that position; reload the page and select again."
)


@dataclass(frozen=True)
class NewSpeaker:
    """A speaker to create on the spot, unless one of that name exists."""

    name: str
    kind: str = Speaker.Kind.PERSON


def _same_text(browser: str, server: str) -> bool:
    # Form submission turns every newline into CRLF; canonical texts use LF.
    return browser.replace("\r\n", "\n") == server.replace("\r\n", "\n")


def check_selection(*, revision: SourceRevision, start: int, end: int, exact: str | None) -> str:
    """The text at ``start:end`` of the revision, after checking that the
    selection can become a quote: a non-empty range inside the text of the
    source's current revision, where the text is ``exact``. ``exact=None``
    skips that comparison (the caller has no words from the browser).

    Raises ``ValidationError`` with a message for the journalist.
    """
    current = revision.source.current_revision()
    if current is None or current.pk != revision.pk:
        raise ValidationError(
            f"This is revision {revision.number} of the source, but the text has been revised since "
            f"(revision {current.number if current else '?'} is current). Quotes are added to the "
            "current text: reload the page and select again.",
            code="not_current",
        )
    text = revision.text
    if start < 0 or end < 0:
        raise ValidationError("A selection cannot start before the text.", code="out_of_range")
    if start >= end:
        raise ValidationError(
            "The selection is empty: select at least one character of the text.", code="empty"
        )
    if end > len(text):
        raise ValidationError(
            f"The selection ends at character {end}, after the end of the text "
            f"({len(text)} characters); reload the page and select again.",
            code="out_of_range",
        )
    if end - start > MAX_QUOTE_LENGTH:
        raise ValidationError(
            f"A quote can be at most {MAX_QUOTE_LENGTH:,} characters long; this selection has "
            f"{end - start:,}. Select a shorter passage.",
            code="too_long",
        )
    passage = text[start:end]
    if not passage.strip():
        raise ValidationError("The selection holds only spaces or line breaks.", code="empty")
    if exact is not None and not _same_text(exact, passage):
        raise ValidationError(MISMATCH_MESSAGE, code="mismatch")
    return passage


def _words_pattern(words: str) -> str:
    """A regular expression for typed words: any run of whitespace in what
    was typed matches any run of whitespace in the text (a typed space for a
    line break or a no-break space)."""
    return r"\s+".join(re.escape(part) for part in words.split())


def find_passage(
    *, revision: SourceRevision, exact: str, prefix: str = "", suffix: str = ""
) -> tuple[int, int]:
    """Where the typed ``exact`` words are in the revision's text, as
    ``(start, end)`` code points, using the optional words typed before
    (``prefix``) and after (``suffix``) them to choose between occurrences.

    Raises ``ValidationError`` when the words are missing, or occur more than
    once even with the context given, asking for a few more words around them.
    """
    exact, prefix, suffix = exact.strip(), prefix.strip(), suffix.strip()
    if not exact:
        raise ValidationError("Type the words to quote, exactly as they appear in the text.", code="empty")
    text = revision.text
    # A lookahead finds every occurrence, overlapping ones included ("aa" twice in "aaa").
    pattern = re.compile(f"(?=({_words_pattern(exact)}))")
    found = [(m.start(1), m.end(1)) for m in pattern.finditer(text)]
    if not found:
        raise ValidationError(
            "These words do not occur in the text. Copy them exactly as they appear in the source, "
            "with the same spelling and punctuation.",
            code="not_found",
        )
    matching = found
    if prefix or suffix:
        before = re.compile(_words_pattern(prefix) + r"\s*\Z") if prefix else None
        after = re.compile(r"\s*" + _words_pattern(suffix)) if suffix else None
        # Context cannot be longer than a few times what was typed, even
        # counting the whitespace it may stand for.
        reach = 4 * (len(prefix) + len(suffix)) + 64
        matching = [
            (start, end)
            for start, end in found
            if (before is None or before.search(text, max(0, start - reach), start))
            and (after is None or after.match(text, end, min(len(text), end + reach)))
        ]
        if not matching:
            raise ValidationError(
                f"These words occur {_times(len(found))} in the text, but never with the words you gave "
                "before or after them. Check those words against the text.",
                code="context_not_found",
            )
    if len(matching) > 1:
        if prefix or suffix:
            message = (
                f"These words occur {_times(len(matching))} in the text even with the words before and "
                "after them that you gave: add a few more words before or after them."
            )
        else:
            message = (
                f"These words occur {_times(len(matching))} in the text: "
                "add a few words before or after them."
            )
        raise ValidationError(message, code="ambiguous")
    return matching[0]


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def speaker_named(*, name: str, kind: str) -> Speaker:
    """The speaker called ``name`` (compared folded: any case, spacing,
    accents or script variants; first by name, then by alias), or a new one
    of that name and kind. Call inside a transaction."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"speaker": ValidationError("Give the speaker's name.", code="required")})
    if kind not in Speaker.Kind.values:
        raise ValidationError(
            {"speaker": ValidationError(f"“{kind}” is not a kind of speaker.", code="invalid_kind")}
        )
    known = speaker_with_name(name)
    if known is not None:
        return known
    speaker = Speaker(name=name, kind=kind)
    speaker.full_clean()
    speaker.save()
    return speaker


def _lock_current(revision: SourceRevision) -> None:
    """Lock the source's row so that a revision saved at the same moment
    waits for this quote (the reviser re-anchors it) instead of the quote
    landing on a text that is no longer current."""
    Source.objects.select_for_update().filter(pk=revision.source_id).first()


def _new_quote(*, revision: SourceRevision, start: int, end: int, by: AbstractBaseUser | None) -> Quote:
    quote = Quote.from_position(revision, start, end, created_by=by)
    quote.full_clean()
    quote._history_user = by
    quote.save()
    return quote


@transaction.atomic
def create_claim_from_selection(
    *,
    revision: SourceRevision,
    start: int,
    end: int,
    exact: str | None,
    text: str,
    speaker: Speaker | NewSpeaker,
    role: str = "",
    claimed_on: dt.date | None = None,
    venue: str = "",
    by: AbstractBaseUser | None,
) -> Claim:
    """A new claim in ``text``'s wording whose first appearance is the passage
    ``start:end`` of the revision, which must be the source's current one.
    ``speaker`` is an existing speaker or one to create (``NewSpeaker``; an
    existing speaker of that name is used instead). All or nothing."""
    _lock_current(revision)
    check_selection(revision=revision, start=start, end=end, exact=exact)
    text = text.strip()
    if not text:
        raise ValidationError({"text": ValidationError("Give the claim's wording.", code="required")})
    if isinstance(speaker, NewSpeaker):
        speaker = speaker_named(name=speaker.name, kind=speaker.kind)
    claim = Claim(
        text=text,
        speaker=speaker,
        speaker_role=role.strip(),
        claimed_on=claimed_on,
        venue=venue.strip(),
        created_by=by,
    )
    claim.full_clean()
    claim._history_user = by
    claim.save()
    quote = _new_quote(revision=revision, start=start, end=end, by=by)
    appearance = Appearance(claim=claim, quote=quote, added_by=by)
    appearance._history_user = by
    appearance.save()
    return claim


@transaction.atomic
def add_appearance(
    *,
    claim: Claim,
    revision: SourceRevision,
    start: int,
    end: int,
    exact: str | None,
    by: AbstractBaseUser | None,
) -> Appearance:
    """The passage ``start:end`` of the revision (the source's current one)
    as another appearance of ``claim``. Refuses a withdrawn claim and a
    passage the claim already quotes."""
    _lock_current(revision)
    # Locked so that two journalists adding the same passage at once cannot
    # both pass the duplicate check.
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.is_withdrawn:
        raise ValidationError(
            "This claim has been withdrawn; restore it before adding appearances.", code="withdrawn"
        )
    check_selection(revision=revision, start=start, end=end, exact=exact)
    if Appearance.objects.filter(
        claim=claim, quote__revision=revision, quote__start=start, quote__end=end
    ).exists():
        raise ValidationError(
            "This passage is already a quote of this claim.",
            code="duplicate",
        )
    quote = _new_quote(revision=revision, start=start, end=end, by=by)
    appearance = Appearance(claim=claim, quote=quote, added_by=by)
    appearance._history_user = by
    appearance.save()
    return appearance
