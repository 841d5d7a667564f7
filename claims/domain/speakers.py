"""Merging two records of the same speaker.

Finding speakers by name or alias is ``claims.domain.lookups``' job; names
are compared here with its ``fold``, so that a name a lookup would call the
same is not added twice as an alias.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import Claim, Speaker
from claims.words import fold

# django-simple-history's history_change_reason holds 100 characters.
REASON_LENGTH = 100


def _reason(before: str, name: str, after: str) -> str:
    """A change reason naming a speaker, the name shortened to fit."""
    room = REASON_LENGTH - len(before) - len(after)
    if len(name) > room:
        name = name[: room - 1] + "…"
    return f"{before}{name}{after}"


def merged_aliases(survivor: Speaker, names: Iterable[str]) -> tuple[list[str], list[str]]:
    """The survivor's aliases with ``names`` added, and the names that were
    new. A name already known (as the name or an alias, compared folded as
    the lookups compare names) is not added twice."""
    aliases = list(survivor.aliases)
    known = {fold(survivor.name), *(fold(a) for a in aliases)}
    added = []
    for name in names:
        name = " ".join(name.split())
        if name and fold(name) not in known:
            known.add(fold(name))
            aliases.append(name)
            added.append(name)
    return aliases, added


@dataclass(frozen=True)
class MergePlan:
    """What a merge would do, for the confirmation page and for the merge itself."""

    survivor: Speaker
    duplicate: Speaker
    claims: int
    aliases_added: list[str]
    takes_wikidata_id: bool
    takes_description: bool
    refusal: str = ""


@dataclass(frozen=True)
class MergeReport:
    """What a merge did."""

    survivor: Speaker
    duplicate_name: str
    duplicate_id: int
    claims_moved: int
    aliases_added: list[str]
    took_wikidata_id: bool

    @property
    def message(self) -> str:
        moved = f"{self.claims_moved} claim{'s' if self.claims_moved != 1 else ''}"
        return f"{self.duplicate_name} was merged into {self.survivor.name}: {moved} moved."


def plan_merge(*, survivor: Speaker, duplicate: Speaker) -> MergePlan:
    """What merging ``duplicate`` into ``survivor`` would do, or why it cannot.

    Read without locks for the confirmation page; ``merge_speakers`` plans
    again while holding the locks, so what it does is what the plan says
    at that moment."""
    refusal = ""
    if survivor.pk == duplicate.pk:
        refusal = "A speaker cannot be merged into itself; choose the other record of the same speaker."
    elif survivor.wikidata_id and duplicate.wikidata_id and survivor.wikidata_id != duplicate.wikidata_id:
        refusal = (
            f"These records have different Wikidata ids ({survivor.wikidata_id} and "
            f"{duplicate.wikidata_id}), so they may be different people or organisations. "
            "Correct the wrong id first if they are the same speaker."
        )
    _, added = merged_aliases(survivor, [duplicate.name, *duplicate.aliases])
    return MergePlan(
        survivor=survivor,
        duplicate=duplicate,
        # Withdrawn claims move too: they are still the duplicate's, and a
        # speaker with claims cannot be deleted.
        claims=Claim.objects.filter(speaker=duplicate).count(),
        aliases_added=added,
        takes_wikidata_id=bool(duplicate.wikidata_id and not survivor.wikidata_id),
        takes_description=bool(duplicate.description and not survivor.description),
        refusal=refusal,
    )


def merge_speakers(*, survivor: Speaker, duplicate: Speaker, by: AbstractBaseUser) -> MergeReport:
    """Merge ``duplicate`` into ``survivor``: every claim of the duplicate
    moves to the survivor (relations go with their claims), the duplicate's
    name and aliases become the survivor's aliases, and the survivor takes
    the duplicate's Wikidata id and description where it has none.

    The duplicate row is then deleted. Speaker is not withdrawable, and a
    second record that lives on would keep being chosen by mistake; nothing
    is lost, because django-simple-history keeps every record of it,
    including the deletion, with the reason "Merged into <survivor> (#id)",
    and the survivor's own record says what was merged into it.

    Raises ValidationError, changing nothing, for a merge into itself or
    when the two records have different Wikidata ids.
    """
    if survivor.pk == duplicate.pk:
        raise ValidationError(plan_merge(survivor=survivor, duplicate=duplicate).refusal)
    with transaction.atomic():
        # Both rows locked, in id order so two opposite merges cannot
        # deadlock; the claims are read under the lock.
        rows = Speaker.objects.select_for_update().filter(pk__in=[survivor.pk, duplicate.pk]).order_by("pk")
        locked = {speaker.pk: speaker for speaker in rows}
        if len(locked) != 2:
            raise ValidationError("One of the two speakers no longer exists; it may have just been merged.")
        survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
        plan = plan_merge(survivor=survivor, duplicate=duplicate)
        if plan.refusal:
            raise ValidationError(plan.refusal)

        claims = list(Claim.objects.select_for_update().filter(speaker=duplicate).order_by("pk"))
        for claim in claims:
            claim.speaker = survivor
            claim._history_user = by
            claim._change_reason = _reason(
                "Speaker ", duplicate.name, f" (#{duplicate.pk}) merged into #{survivor.pk}"
            )
            # A plain save moves the claim's version on, so an editor who
            # opened the claim before the merge gets a conflict, not a
            # silent return to the old speaker.
            claim.save()

        survivor.aliases, added = merged_aliases(survivor, [duplicate.name, *duplicate.aliases])
        if plan.takes_wikidata_id:
            survivor.wikidata_id = duplicate.wikidata_id
        if plan.takes_description:
            survivor.description = duplicate.description
        survivor._history_user = by
        survivor._change_reason = _reason("Merged ", duplicate.name, f" (#{duplicate.pk}) into this record")
        survivor.save()

        report = MergeReport(
            survivor=survivor,
            duplicate_name=duplicate.name,
            duplicate_id=duplicate.pk,
            claims_moved=len(claims),
            aliases_added=added,
            took_wikidata_id=plan.takes_wikidata_id,
        )
        duplicate._history_user = by
        duplicate._change_reason = _reason("Merged into ", survivor.name, f" (#{survivor.pk})")
        duplicate.delete()
    return report
