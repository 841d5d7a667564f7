"""Text made from the word lists: places, claims' clauses and the sentences
that report them, filler, speakers' names, headlines.

Every function draws from the ``random.Random`` it is given, in a fixed
order, so the same seed gives the same words.
"""

from __future__ import annotations

import random

from claims.devdata.generating.vocabulary.words import (
    AR_CORES,
    AR_FILLER,
    AR_WHEN,
    ARABIC_FIRST,
    ARABIC_LAST,
    CYRILLIC_FIRST,
    CYRILLIC_LAST,
    EN_CORES,
    EN_FILLER,
    EN_SAYS,
    EN_WHEN,
    LATIN_FIRST,
    LATIN_LAST,
    MONTHS,
    ORGANISATIONS,
    OUTLETS,
    PLACES,
    RU_CORES,
    RU_FILLER,
    RU_SAYS,
    RU_WHEN,
    TITLES,
    WEEKDAYS,
)
from claims.models import Speaker

# (English, Arabic, Russian, country)
Place = tuple[str, str, str, str]

# The script a speaker quoted in each language is most often named in.
SCRIPT_OF_LANGUAGE = {"en": "latin", "ar": "arabic", "ru": "cyrillic"}
CORES = {"en": EN_CORES, "ar": AR_CORES, "ru": RU_CORES}
FILLER = {"en": EN_FILLER, "ar": AR_FILLER, "ru": RU_FILLER}


def place(rng: random.Random) -> Place:
    return rng.choice(PLACES)


def local_name(where: Place, language: str) -> str:
    """The place's name as a text in ``language`` writes it."""
    return {"en": where[0], "ar": where[1], "ru": where[2]}[language]


def core(rng: random.Random, language: str, where: Place) -> tuple[str, str, int]:
    """A claim's clause: its words, what its figure counts ("" when it
    states no number), and the number it states."""
    template, counted = rng.choice(CORES[language])
    number = rng.randint(2, 400)
    words = template.format(
        n=number, place=local_name(where, language), weekday=rng.choice(WEEKDAYS), month=rng.choice(MONTHS)
    )
    return words, counted, number


def sentence(rng: random.Random, language: str, speaker_name: str, clause: str) -> tuple[str, int]:
    """The sentence reporting ``clause``, and where the clause starts in it."""
    if language == "ar":
        head = f"وقال {speaker_name} {rng.choice(AR_WHEN)} إن "
    elif language == "ru":
        head = f"{speaker_name} {rng.choice(RU_SAYS)} {rng.choice(RU_WHEN)}, что "
    else:
        head = f"{speaker_name} {rng.choice(EN_SAYS)} {rng.choice(EN_WHEN)} that "
    return f"{head}{clause}.", len(head)


def filler(rng: random.Random, language: str) -> str:
    """A sentence of a source's text that carries no claim."""
    where = place(rng)
    template = rng.choice(FILLER[language])
    return template.format(place=local_name(where, language), weekday=rng.choice(WEEKDAYS))


def headline(rng: random.Random, language: str) -> tuple[str, str, str]:
    """A source's title, its outlet and the outlet's domain."""
    where = place(rng)
    outlet, domain = rng.choice(OUTLETS[language])
    title = rng.choice(TITLES[language]).format(
        place=local_name(where, language), country=where[3], n=rng.randint(2, 90)
    )
    return title, outlet, domain


def speaker_name(rng: random.Random, script: str) -> tuple[str, str, list[str]]:
    """A speaker named in ``script``: its name, kind and aliases. Six in ten
    are persons, the others organisations named after a place."""
    if rng.random() < 0.6:
        return _person(rng, script)
    template, kind = rng.choice(ORGANISATIONS[script])
    en, ar, ru, country = place(rng)
    name = template.format(place={"latin": en, "arabic": ar, "cyrillic": ru}[script], country=country)
    aliases = []
    if script == "latin" and rng.random() < 0.4:
        aliases = ["".join(word[0] for word in name.split() if word[0].isupper())]
    return name, kind, aliases


def _person(rng: random.Random, script: str) -> tuple[str, str, list[str]]:
    kind = Speaker.Kind.PERSON
    if script == "latin":
        first, last = rng.choice(LATIN_FIRST), rng.choice(LATIN_LAST)
        middle = f" {rng.choice('ABDEHKMNRS')}." if rng.random() < 0.5 else ""
        return f"{first}{middle} {last}", kind, [f"{first[0]}. {last}"] if rng.random() < 0.3 else []
    if script == "arabic":
        first, last = rng.choice(ARABIC_FIRST), rng.choice(ARABIC_LAST)
        return f"{first} {last}", kind, [last] if rng.random() < 0.3 else []
    first, last = rng.choice(CYRILLIC_FIRST), rng.choice(CYRILLIC_LAST)
    if first.endswith(("а", "я")):
        last += "а"
    return f"{first} {last}", kind, [f"{first[0]}. {last}"] if rng.random() < 0.3 else []
