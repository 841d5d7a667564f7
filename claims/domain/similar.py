"""Claims already recorded that look like a new one, so that a duplicate
becomes another appearance or a "same as" relation instead of a second claim.

Ranking is done in Python on a small candidate set, so it behaves the same
on SQLite and PostgreSQL and in Arabic, Russian and English alike: the
candidates are active claims by the same speaker, in the same dispute, or
found by the workspace's claim lookup (``claims.domain.lookups.find_claims``)
for any of the longer words typed; each is scored by the overlap of folded
word sets (Jaccard) and by difflib's ratio of the folded texts, with a bonus
for the same speaker or dispute.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Q

from claims.domain.lookups import find_claims
from claims.models import Claim, Dispute, Speaker
from claims.words import fold, tokens

# How many claims each way of finding candidates may bring in; ranking them
# all stays cheap.
CANDIDATES = 200
# Words used to look candidates up by: the longest ones typed.
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
# Folded, as the words they are compared with are.
STOPWORDS = frozenset(fold(word) for word in _STOPWORDS.split())


def _folded_text(text: str) -> str:
    """The text's folded words, one space apart, for difflib."""
    return " ".join(tokens(text))


def words(text: str) -> set[str]:
    """The folded words of ``text`` that carry meaning."""
    found = set(tokens(text))
    meaningful = {w for w in found if w not in STOPWORDS and (len(w) > 1 or w.isdigit())}
    return meaningful or found


def wording_similarity(a: str, b: str) -> float:
    """0 to 1: how alike two wordings are, by shared words and by sequence."""
    words_a, words_b = words(a), words(b)
    if not words_a or not words_b:
        return 0.0
    jaccard = len(words_a & words_b) / len(words_a | words_b)
    ratio = SequenceMatcher(None, _folded_text(a), _folded_text(b), autojunk=False).ratio()
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


def _lookup_words(text: str) -> str:
    """The longest words typed that carry meaning, as written (the lookup
    reads them as its index does), for finding candidates holding any one."""
    chosen: dict[str, str] = {}
    for word in sorted(tokens(text, normal=None), key=len, reverse=True):
        folded = fold(word)
        if len(folded) < 4 or folded in STOPWORDS or folded in chosen:
            continue
        chosen[folded] = word
        if len(chosen) == LOOKUP_WORDS:
            break
    return " ".join(chosen.values())


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
    active = Claim.objects.active().select_related("speaker")
    if exclude is not None:
        active = active.exclude(pk=getattr(exclude, "pk", exclude))

    candidates: dict[int, Claim] = {}
    lookup = _lookup_words(text)
    if lookup:
        # Best matches first, so the cut keeps the likeliest candidates.
        for claim in find_claims(lookup, claims=active, every_word=False)[:CANDIDATES]:
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
