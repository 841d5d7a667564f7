"""How long re-anchoring takes: 50 quotes over a 100,000-character text.

Run with ``.venv/bin/python bench/anchoring.py``. Prints timings; asserts
nothing, because a timing assertion fails on a slow CI machine rather than on
slow code. The target is "well under a second" for each scenario.

The text is generated from a fixed seed: sentences in English, Russian and
Arabic with numbers and the odd emoji, so that fragments are about as
distinctive as in real reporting and offsets cross astral characters; the
sentences are templated, so neighbours resemble each other far more than in
real prose, which makes this a hard test of not anchoring to the wrong
sentence. Each scenario revises the text in one way, re-anchors all 50 quotes
to it, and counts the anchors that landed somewhere other than where the
passage went.
"""

import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from sources.anchoring import Selectors, reanchor, selectors_for  # noqa: E402

TEXT_LENGTH = 100_000
QUOTES = 50
ROUNDS = 5

PLACES = ["Homs", "Talbiseh", "Rastan", "Hama", "Idlib", "Latakia", "Aleppo", "Palmyra"]
SPEAKERS = ["the ministry", "the coalition", "a spokesman", "the governor", "local activists", "the army"]
VERBS = ["said", "reported", "denied", "confirmed", "claimed", "insisted"]
RUSSIAN = [
    "Министр иностранных дел заявил, что обвинения {n} раз были полностью ложными.",
    "По данным Кремля, удары {n} наносились по известному списку террористических организаций.",
]
ARABIC = [
    "قال المتحدث إن {n} مدنياً قتلوا في الغارات على ريف حمص الشمالي.",
    "وأكد الائتلاف الوطني أن جميع الضحايا الـ{n} كانوا من المدنيين.",
]


def sentence(rng: random.Random) -> str:
    roll = rng.random()
    n = rng.randint(2, 999)
    if roll < 0.15:
        return rng.choice(RUSSIAN).format(n=n)
    if roll < 0.3:
        return rng.choice(ARABIC).format(n=n)
    emoji = " 👍🏽" if roll > 0.95 else ""
    return (
        f"In {rng.choice(PLACES)} on day {rng.randint(1, 400)}, {rng.choice(SPEAKERS)} "
        f"{rng.choice(VERBS)} that {n} people were affected by strike {rng.randint(1, 9999)}{emoji}."
    )


def make_text(rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """The text, and the (start, end) of the sentences to quote."""
    parts: list[str] = []
    length = 0
    sentences = []
    while length < TEXT_LENGTH:
        words = sentence(rng)
        separator = "\n\n" if rng.random() < 0.2 else " "
        sentences.append((length, length + len(words)))
        parts.append(words + separator)
        length += len(words) + len(separator)
    spread = len(sentences) // QUOTES
    chosen = [sentences[i * spread + rng.randrange(spread)] for i in range(QUOTES)]
    return "".join(parts), chosen


def fix_typo(passage: str) -> str:
    middle = len(passage) // 2
    return passage[:middle] + passage[middle + 1 :]


def unchanged(passage: str) -> str:
    return passage


def delete(passage: str) -> str:
    return ""


def change_word(passage: str) -> str:
    # The Russian and Arabic sentences have no " that " and stay as they are.
    return passage.replace(" that ", " how ", 1)


Expected = tuple[int, int] | None


def revise(
    text: str, quotes: list[Selectors], edit: Callable[[str], str], every: int, lead: str = ""
) -> tuple[str, list[Expected]]:
    """``lead`` followed by ``text`` with ``edit`` applied to every
    ``every``-th quoted passage, and where each quote should then be (None
    for a deleted passage)."""
    parts = [lead]
    expected: list[Expected] = []
    done = 0  # characters of the old text copied so far
    length = len(lead)  # characters of the new text written so far
    for index, quote in enumerate(quotes):
        words = edit(quote.exact) if index % every == 0 else quote.exact
        parts.append(text[done : quote.start])
        length += quote.start - done
        parts.append(words)
        expected.append((length, length + len(words)) if words else None)
        length += len(words)
        done = quote.end
    parts.append(text[done:])
    return "".join(parts), expected


def run(name: str, quotes: list[Selectors], new_text: str, expected: list[Expected]) -> None:
    timings = []
    for _ in range(ROUNDS):
        began = time.perf_counter()
        anchors = [reanchor(quote, new_text) for quote in quotes]
        timings.append(time.perf_counter() - began)
    methods = Counter(anchor.method if anchor else "orphaned" for anchor in anchors)
    summary = ", ".join(f"{count} {method}" for method, count in sorted(methods.items()))
    wrong = sum(
        1
        for anchor, where in zip(anchors, expected, strict=True)
        if anchor is not None and (anchor.start, anchor.end) != where
    )
    lost = sum(1 for anchor, where in zip(anchors, expected, strict=True) if anchor is None and where)
    print(
        f"{name:<36} best {min(timings) * 1000:6.1f} ms  worst {max(timings) * 1000:6.1f} ms  "
        f"{summary}; {wrong} wrong, {lost} orphaned that could be found"
    )


def main() -> None:
    rng = random.Random(20151001)
    text, spans = make_text(rng)
    quotes = [selectors_for(text, start, end) for start, end in spans]
    print(f"{len(text):,} characters, {len(quotes)} quotes, best and worst of {ROUNDS} rounds\n")

    run("unchanged text", quotes, *revise(text, quotes, unchanged, 1))
    run(
        "paragraph inserted at the top",
        quotes,
        *revise(text, quotes, unchanged, 1, "An editor's note. " * 20),
    )
    run("every 5th quote's typo fixed", quotes, *revise(text, quotes, fix_typo, 5, "Update:\n\n"))
    run("every 5th quote's word changed", quotes, *revise(text, quotes, change_word, 5))
    run("every 5th quote's passage deleted", quotes, *revise(text, quotes, delete, 5))
    run("every passage deleted", quotes, *revise(text, quotes, delete, 1))

    # Paragraph-long quotes (up to 1,000 characters, not overlapping), where
    # character-by-character comparison would be slowest.
    starts = [start for start, _ in spans] + [len(text)]
    long_quotes = [
        selectors_for(text, start, min(start + 1000, following - 100))
        for start, following in zip(starts, starts[1:], strict=False)
    ]
    average = sum(len(quote.exact) for quote in long_quotes) // len(long_quotes)
    print(f"\nquotes of {average} characters on average:")
    run("unchanged text", long_quotes, *revise(text, long_quotes, unchanged, 1))
    run("every quote's typo fixed", long_quotes, *revise(text, long_quotes, fix_typo, 1))


if __name__ == "__main__":
    main()
