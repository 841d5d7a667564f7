"""How much can be typed into the workspace's forms, or sent to the API.

A model's CharField carries its own ``max_length``, which its form enforces.
TextFields have none in the database, so each form that fills one caps it
here, and a few forms cap how many things can be chosen. Every limit gives a
form error that names it.

The text caps are validators rather than a field's ``max_length``: the
latter becomes the textarea's ``maxlength`` attribute, with which browsers
silently cut a long paste short instead of saying so.
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator

from claims.domain.annotating import MAX_QUOTE_LENGTH

# A claim is one checkable statement, in a sentence or two.
MAX_CLAIM_LENGTH = 2_000
# A relation's note says why two claims are related, in a sentence.
MAX_NOTE_LENGTH = 2_000
# Evidence descriptions and dispute summaries: a few paragraphs.
MAX_DESCRIPTION_LENGTH = 10_000
MAX_SUMMARY_LENGTH = 10_000
# A verdict's rationale: a short article.
MAX_RATIONALE_LENGTH = 20_000
# Typed words of a quote: a quote is at most MAX_QUOTE_LENGTH characters.
MAX_WORDS_LENGTH = MAX_QUOTE_LENGTH
# The words the browser saw at a selection. Form submission turns each line
# break into CRLF, so a quote of MAX_QUOTE_LENGTH characters can arrive
# longer; anything beyond twice that is not a selection of ours.
MAX_SELECTION_LENGTH = 2 * MAX_QUOTE_LENGTH
# A speaker's other names and spellings, one per line.
MAX_ALIASES = 50
ALIAS_LENGTH = 200
# Pieces of evidence one verdict rests on.
MAX_VERDICT_EVIDENCE = 50


def at_most(limit: int, what: str) -> MaxLengthValidator:
    """A validator refusing more than ``limit`` characters, with a message
    that says what is too long, the limit, and how long it is."""
    return MaxLengthValidator(
        limit, message=f"{what} can have at most {limit:,} characters; this has %(show_value)d."
    )
