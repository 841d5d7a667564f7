"""Claims already recorded that look like a new one, so that a duplicate
becomes another appearance or a "same as" relation instead of a second claim.

Ranking is done in Python on a small candidate set, with no database
full-text search, so it behaves the same on SQLite and PostgreSQL and in
Arabic, Russian and English alike: the candidates are active claims by the
same speaker, in the same dispute, or holding one of the longer words typed;
each is scored by the overlap of normalized word sets (Jaccard) and by
difflib's ratio of the normalized texts, with a bonus for the same speaker or
dispute.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Q

from claims.models import Claim, Dispute, Speaker

# How many claims each way of finding candidates may bring in; ranking them
# all stays cheap.
CANDIDATES = 200
# Words used to look candidates up by their wording: the longest ones typed.
LOOKUP_WORDS = 6
# Below this wording similarity a claim is offered only for sharing the
# speaker or the dispute.
MIN_WORDING = 0.3
SPEAKER_BONUS = 0.15
DISPUTE_BONUS = 0.1

# Words too common to say two claims are alike. Short on purpose: the
# Jaccard score would otherwise be dominated by "the" and "в".
_STOPWORDS = """
    a an and are as at be by for from had has have in is it its of on or that the their this to was were
    will with said says not no
    и в во на не что с со к по из за от о об а но как это был была были
    في من على إلى عن أن ان إن التي الذي هذا هذه و ما لا قد
"""
STOPWORDS = frozenset(_STOPWORDS.split())  # noqa: SIM905 (a word list reads better as text)

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)
_WORD = re.compile(r"\w+")


def normalize(text: str) -> str:
    """Folded text for comparison: case, compatibility forms, Arabic
    diacritics, tatweel and letter variants, and Russian ё."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS).replace("ё", "е")
    return " ".join(_WORD.findall(text))


def words(text: str) -> set[str]:
    """The normalized words of ``text`` that carry meaning."""
    found = set(normalize(text).split())
    meaningful = {w for w in found if w not in STOPWORDS and (len(w) > 1 or w.isdigit())}
    return meaningful or found


def wording_similarity(a: str, b: str) -> float:
    """0 to 1: how alike two wordings are, by shared words and by sequence."""
    words_a, words_b = words(a), words(b)
    if not words_a or not words_b:
        return 0.0
    jaccard = len(words_a & words_b) / len(words_a | words_b)
    ratio = SequenceMatcher(None, normalize(a), normalize(b), autojunk=False).ratio()
    return 0.6 * jaccard + 0.4 * ratio


@dataclass(frozen=True)
class SimilarClaim:
    claim: Claim
    score: float
    wording: float
    same_speaker: bool
    same_dispute: bool

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.wording >= MIN_WORDING:
            reasons.append("similar wording")
        if self.same_speaker:
            reasons.append("same speaker")
        if self.same_dispute:
            reasons.append("same dispute")
        return reasons


def _lookup_terms(text: str) -> list[str]:
    """The longest words typed, as typed and normalized, to find candidates
    with ``icontains`` (which folds case only for ASCII on SQLite)."""
    raw = sorted(set(_WORD.findall(text)), key=len, reverse=True)
    terms: list[str] = []
    for word in raw:
        if len(word) < 4 or normalize(word) in STOPWORDS:
            continue
        for variant in (word, word.lower(), word.capitalize(), normalize(word)):
            if variant not in terms:
                terms.append(variant)
        if len(terms) >= LOOKUP_WORDS * 3:
            break
    return terms


def similar_claims(
    *,
    text: str,
    speaker: Speaker | None = None,
    dispute: Dispute | None = None,
    exclude: Claim | int | None = None,
    limit: int = 5,
) -> list[SimilarClaim]:
    """Active claims like the one described, best first.

    A claim is offered when its wording is similar (``MIN_WORDING``), or when
    it has the same speaker or dispute; ``exclude`` (a claim or its id) is
    never offered, so a claim's own page can ask for its look-alikes.
    """
    text = text or ""
    lookups = Q()
    terms = _lookup_terms(text)
    for term in terms:
        lookups |= Q(text__icontains=term)
    active = Claim.objects.active().select_related("speaker")
    if exclude is not None:
        active = active.exclude(pk=getattr(exclude, "pk", exclude))

    candidates: dict[int, Claim] = {}
    if terms:
        for claim in active.filter(lookups).order_by("-created_at", "-pk")[:CANDIDATES]:
            candidates[claim.pk] = claim
    if speaker is not None or dispute is not None:
        related = Q()
        if speaker is not None:
            related |= Q(speaker=speaker)
        if dispute is not None:
            related |= Q(dispute=dispute)
        for claim in active.filter(related).order_by("-created_at", "-pk")[:CANDIDATES]:
            candidates.setdefault(claim.pk, claim)

    ranked = []
    for claim in candidates.values():
        wording = wording_similarity(text, claim.text) if text.strip() else 0.0
        same_speaker = speaker is not None and claim.speaker_id == speaker.pk
        same_dispute = dispute is not None and claim.dispute_id == dispute.pk
        if wording < MIN_WORDING and not (same_speaker or same_dispute):
            continue
        score = wording + SPEAKER_BONUS * same_speaker + DISPUTE_BONUS * same_dispute
        ranked.append(SimilarClaim(claim, score, wording, same_speaker, same_dispute))
    ranked.sort(key=lambda s: (-s.score, -s.claim.pk))
    return ranked[:limit]
