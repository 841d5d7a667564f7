"""The speakers and the disputes a run's claims point at, with their history rows."""

from __future__ import annotations

import datetime as dt

from claims.devdata.generating.plan import (
    DAY,
    PUBLISHED_DISPUTES,
    SPAN_DAYS,
    START,
    Context,
    DisputeInfo,
    SpeakerInfo,
    at,
)
from claims.devdata.generating.tables import Change, HistoryTable, Table, add_with_history
from claims.devdata.generating.vocabulary.sentences import place, speaker_name
from claims.devdata.generating.vocabulary.words import DISPUTE_QUESTIONS, ROLES
from claims.domain import workflow
from claims.models import Dispute, Speaker, slug_base
from claims.words import speaker_lookup_names

SCRIPTS = ["latin", "arabic", "cyrillic"]
SCRIPT_WEIGHTS = [70, 15, 15]


def speakers(ctx: Context, count: int, *, user: int) -> list[Table]:
    """``count`` speakers, named in three scripts, some with Wikidata ids and
    aliases, created by ``user``; they are added to ``ctx``."""
    rng = ctx.rng
    table = Table(
        Speaker,
        [
            "id",
            "name",
            "slug",
            "kind",
            "aliases",
            "description",
            "wikidata_id",
            "created_at",
            "updated_at",
            "lookup_names",
        ],
    )
    # The history leaves lookup_names out: it is derived, never edited.
    history = HistoryTable(Speaker, table.named[:-1])
    first = ctx.ids.take(Speaker, count)
    for speaker_id in range(first, first + count):
        script = rng.choices(SCRIPTS, SCRIPT_WEIGHTS)[0]
        name, kind, aliases = speaker_name(rng, script)
        # Told apart by the id, without the query per row unique_slug makes.
        slug = f"{slug_base(name)}-{speaker_id}"
        wikidata = f"Q{rng.randint(1000, 99_999_999)}" if rng.random() < 0.3 else ""
        description = (
            f"{rng.choice(ROLES).capitalize()} quoted in reporting on {place(rng)[0]}."
            if kind == Speaker.Kind.PERSON
            else f"Speaks for {name}."
        )
        created = at(rng.uniform(0, 30 * DAY))
        row = (speaker_id, name, slug, kind, aliases, description, wikidata, created, created)
        table.add((*row, speaker_lookup_names(name, aliases)))
        history.add((*row, created, None, "+", user))
        info = SpeakerInfo(speaker_id, name, aliases, script)
        ctx.speakers.append(info)
        ctx.speakers_by_script.setdefault(script, []).append(info)
    return [table, history]


def disputes(ctx: Context, count: int, *, user: int) -> list[Table]:
    """``count`` disputes about events over the calendar, created by
    ``user`` and most of them then published by an editor; they are added
    to ``ctx``."""
    rng = ctx.rng
    table = Table(
        Dispute,
        [
            "id", "version", "question", "slug", "date", "place", "summary",
            "published_at", "published_by_id", "created_by_id", "created_at", "updated_at",
        ],
    )  # fmt: skip
    history = HistoryTable(Dispute, table.named)
    first = ctx.ids.take(Dispute, count)
    for dispute_id in range(first, first + count):
        where = place(rng)
        day = rng.randrange(SPAN_DAYS)
        date = (START + dt.timedelta(days=day)).date()
        question = rng.choice(DISPUTE_QUESTIONS).format(place=where[0], date=f"{date:%-d %B %Y}")
        slug = f"{slug_base(question)}-{dispute_id}"
        summary = (
            f"Competing accounts of what happened in {where[0]}, {where[3]}, "
            f"from officials, armed groups, witnesses and aid agencies."
        )
        created = at(day * DAY + rng.uniform(0, 2 * DAY))
        published = rng.random() < PUBLISHED_DISPUTES
        published_at = created + dt.timedelta(hours=rng.uniform(1, 48)) if published else None
        editor = rng.choice(ctx.editors)
        changes = []
        if published:
            fields = workflow.publication_fields(published=True, by=editor, at=published_at)
            changes.append(Change(fields, editor, published_at))
        row = {
            "id": dispute_id, "version": 1, "question": question, "slug": slug, "date": date,
            "place": where[0], "summary": summary, "published_at": None, "published_by_id": None,
            "created_by_id": user, "created_at": created, "updated_at": created,
        }  # fmt: skip
        add_with_history(table, history, row, by=user, at=created, changes=changes)
        ctx.disputes.append(DisputeInfo(dispute_id, question, date, published))
    return [table, history]
