"""Synthetic newsroom data at scale, for benchmarks and for trying the product
at full size (``manage.py generate_data --claims N``).

What it makes, for N claims: about N/100 speakers (persons and organisations,
named in Latin, Arabic and Cyrillic script, some with Wikidata ids and
aliases), N/200 published disputes, N/20 sources whose texts (a few KB each,
in English, Arabic or Russian) are written around the claims they carry, and
for each claim 1–3 quotes, its appearances, about one piece of evidence, half
a relation, a figure for some, publication for about 90%, an approved verdict
(draft → submitted → approved, with the editor's vote and the three audit
rows) for about 60%, an earlier superseded verdict for some, a few rejected,
submitted and draft verdicts, and django-simple-history rows for speakers,
disputes, sources and claims (the claim's creation and, when published, its
publication).

Why it is written the way it is:

* **Speed.** A million claims are about twelve million rows, and must load in
  minutes on two cores. So rows are built as plain tuples in Python, with
  primary keys assigned here (so that rows can point at each other without a
  round trip), and written per table with PostgreSQL's ``COPY`` (psycopg 3's
  ``cursor.copy``); other databases (SQLite in tests) get ``executemany``.
  Nothing goes through ``Model.save``: no signals, no per-row queries. A
  thread builds the next batch while the previous one is written, and a big
  load on PostgreSQL builds the secondary indexes once at the end (see
  ``Generator.run``).
* **Real anchors.** A source's text is assembled from the sentences that
  carry its claims plus filler, and each quote's offsets are computed while
  the text is assembled, so every quote's TextQuoteSelector and
  TextPositionSelector are exactly what ``Quote.from_position`` makes over
  the revision's text (code points, astral characters included).
* **Consistency.** Each batch of claims, with everything that points at it,
  is written in one transaction: an interrupted run leaves whole batches
  (or nothing at all when the indexes are deferred: the run is then one
  transaction).
* **Determinism.** One ``random.Random(seed)`` drives everything, and ids
  start after the largest existing id, so the same seed on an empty database
  gives the same rows.
* **Schema drift.** Columns this module does not know about (a field another
  change added) are filled with the field's default; ``Claim.search_text`` is
  filled through ``claims.search.document.search_document`` and ``Speaker.lookup_names``
  through ``claims.words.speaker_lookup_names``.

It refuses to add to a database that already holds claims, sources, speakers
or disputes unless told to append (``append=True``), so that it is never mixed into a real
newsroom by mistake; it runs with DEBUG off, because benchmarks use
production settings, and creates its accounts with unusable passwords.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import math
import queue
import random
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils.text import slugify

from claims.models import (
    Appearance,
    Claim,
    ClaimRelation,
    Dispute,
    Evidence,
    Figure,
    Rating,
    Speaker,
    Verdict,
    VerdictTransition,
    VerdictVote,
)
from claims.public.caching import new_generation
from claims.search.document import search_document
from claims.words import speaker_lookup_names
from sources.models import SELECTOR_CONTEXT, Quote, Source, SourceRevision

User = get_user_model()

# Generated accounts share this prefix; they have unusable passwords.
USERNAME_PREFIX = "generated-"
JOURNALISTS = 20
EDITORS = 5

# The shape of the data, per claim.
CLAIMS_PER_SPEAKER = 100
CLAIMS_PER_DISPUTE = 200
CLAIMS_PER_SOURCE = 20
IN_DISPUTE = 0.10  # share of claims attached to a dispute
PUBLISHED = 0.90
WITHDRAWN = 0.005
APPROVED = 0.60  # share of all claims with an approved verdict (all of them published)
SUPERSEDED = 0.10  # share of approved verdicts with an earlier, superseded one
REJECTED = 0.03
PENDING = 0.02  # submitted, waiting for an editor
DRAFTS = 0.02
RELATIONS = 0.5
FIGURES = 0.25  # share of claims whose statement has a number that becomes a figure
FULL_SENTENCE_QUOTES = 0.25  # the rest quote only the claim's clause

# On PostgreSQL, a load that at least doubles the claims drops the tables'
# secondary indexes and builds them at the end: building an index from
# sorted data is many times faster than growing it row by row.
DEFER_INDEXES_FROM = 20_000

START = dt.datetime(2014, 1, 1, tzinfo=dt.UTC)
SPAN_DAYS = 12 * 365
HOUR = 3600
DAY = 24 * HOUR

# --- Vocabulary ------------------------------------------------------------------------

# (English, Arabic, Russian, country)
PLACES = [
    ("Homs", "حمص", "Хомс", "Syria"),
    ("Aleppo", "حلب", "Алеппо", "Syria"),
    ("Idlib", "إدلب", "Идлиб", "Syria"),
    ("Raqqa", "الرقة", "Ракка", "Syria"),
    ("Deir ez-Zor", "دير الزور", "Дейр-эз-Зор", "Syria"),
    ("Mosul", "الموصل", "Мосул", "Iraq"),
    ("Fallujah", "الفلوجة", "Фаллуджа", "Iraq"),
    ("Gaza City", "مدينة غزة", "Газа", "Palestine"),
    ("Rafah", "رفح", "Рафах", "Palestine"),
    ("Khan Younis", "خان يونس", "Хан-Юнис", "Palestine"),
    ("Sanaa", "صنعاء", "Сана", "Yemen"),
    ("Hodeidah", "الحديدة", "Ходейда", "Yemen"),
    ("Khartoum", "الخرطوم", "Хартум", "Sudan"),
    ("El Fasher", "الفاشر", "Эль-Фашер", "Sudan"),
    ("Tripoli", "طرابلس", "Триполи", "Libya"),
    ("Benghazi", "بنغازي", "Бенгази", "Libya"),
    ("Mariupol", "ماريوبول", "Мариуполь", "Ukraine"),
    ("Kharkiv", "خاركيف", "Харьков", "Ukraine"),
    ("Bakhmut", "باخموت", "Бахмут", "Ukraine"),
    ("Kherson", "خيرسون", "Херсон", "Ukraine"),
    ("Donetsk", "دونيتسك", "Донецк", "Ukraine"),
    ("Kabul", "كابول", "Кабул", "Afghanistan"),
    ("Mogadishu", "مقديشو", "Могадишо", "Somalia"),
    ("Stepanakert", "ستيباناكيرت", "Степанакерт", "Azerbaijan"),
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "March", "May", "July", "September", "November"]

# A claim's clause: (template, what a figure counts, or "" when it states no number).
EN_CORES = [
    ("{n} civilians were killed in {place}", "civilians killed"),
    ("{n} children were among the dead in {place}", "children killed"),
    ("the strikes on {place} hit only military targets", ""),
    ("no civilians were harmed in the operation near {place}", ""),
    ("{n} aid trucks reached {place} on {weekday}", "aid trucks"),
    ("{n} buildings were destroyed in {place}", "buildings destroyed"),
    ("the hospital in {place} was hit {n} times", "strikes on the hospital"),
    ("{n} fighters were killed in clashes near {place}", "fighters killed"),
    ("{n} people were displaced from {place} this week", "people displaced"),
    ("the convoy near {place} carried weapons, not aid", ""),
    ("{n} drones were shot down over {place}", "drones shot down"),
    ("the ceasefire in {place} was broken {n} times overnight", "ceasefire violations"),
    ("{n} journalists have been detained in {place} since {month}", "journalists detained"),
    ("the water supply to {place} was cut deliberately", ""),
    ("foreign troops took part in the ground operation near {place}", ""),
]
AR_CORES = [
    ("{n} مدنياً قتلوا في {place}", "civilians killed"),
    ("الغارات على {place} استهدفت مواقع عسكرية فقط", ""),
    ("{n} شاحنة مساعدات وصلت إلى {place}", "aid trucks"),
    ("{n} مبنى دُمّر في {place}", "buildings destroyed"),
    ("المستشفى في {place} تعرض للقصف {n} مرات", "strikes on the hospital"),
    ("لم يصب أي مدني في العملية قرب {place}", ""),
]
RU_CORES = [
    ("в городе {place} погибли {n} мирных жителей", "civilians killed"),
    ("удары по городу {place} наносились только по военным целям", ""),
    ("над городом {place} были сбиты {n} беспилотников", "drones shot down"),
    ("в город {place} прибыли {n} грузовиков с гуманитарной помощью", "aid trucks"),
    ("в городе {place} разрушены {n} зданий", "buildings destroyed"),
    ("в наземной операции у города {place} участвовали иностранные военные", ""),
]
EN_SAYS = ["said", "told reporters", "claimed", "stated", "insisted", "wrote"]
EN_WHEN = ["on Monday", "on Tuesday", "on Wednesday", "late on Thursday", "in a statement", "at a briefing"]
RU_SAYS = ["заявил", "сообщил", "подчеркнул", "утверждает"]
RU_WHEN = ["в понедельник", "во вторник", "в среду", "в четверг", "на брифинге", "в заявлении"]
AR_WHEN = ["يوم الاثنين", "يوم الثلاثاء", "يوم الأربعاء", "في بيان", "خلال مؤتمر صحفي"]

EN_FILLER = [
    "The claim could not be independently verified.",
    "Residents of {place} described scenes of panic as the strikes began.",
    "Officials in {place} did not respond to a request for comment.",
    "Footage shared online appeared to show smoke rising over {place}. 📹",
    "Aid agencies have warned for weeks that the situation in {place} is deteriorating.",
    "The figures have not been confirmed by the United Nations.",
    "Reporters were not allowed to enter the area around {place}.",
    "Local hospitals said they were running out of supplies 🚑 by {weekday} evening.",
]
AR_FILLER = [
    "لم يتسن التحقق من هذه المعلومات بشكل مستقل.",
    "وصف سكان {place} مشاهد من الذعر مع بدء الغارات.",
    "لم يرد المسؤولون في {place} على طلب للتعليق.",
    "أظهرت مقاطع مصورة تصاعد الدخان فوق {place}.",
]
RU_FILLER = [
    "Эти данные не удалось независимо проверить.",
    "Жители города {place} рассказали о панике во время ударов.",
    "Представители ведомства не ответили на запрос о комментарии.",
    "На видео, опубликованном в сети, виден дым над городом {place}.",
]
TITLES = {
    "en": [
        "Strikes on {place} kill {n}, officials say",
        "Conflicting accounts after attack near {place}",
        "{country} denies targeting civilians in {place}",
        "What we know about the fighting in {place}",
    ],
    "ar": ["روايات متضاربة بعد الهجوم قرب {place}", "ما نعرفه عن القتال في {place}"],
    "ru": ["Противоречивые данные после удара по городу {place}", "Что известно о боях в городе {place}"],
}
OUTLETS = {
    "en": [
        ("Reuters", "www.reuters.com"),
        ("AFP", "www.afp.com"),
        ("Middle East Eye", "www.middleeasteye.net"),
        ("BBC News", "www.bbc.co.uk"),
        ("The Guardian", "www.theguardian.com"),
        ("Kyiv Independent", "kyivindependent.com"),
    ],
    "ar": [
        ("Al Jazeera", "www.aljazeera.net"),
        ("Asharq Al-Awsat", "aawsat.com"),
        ("Enab Baladi", "www.enabbaladi.net"),
    ],
    "ru": [("TASS", "tass.ru"), ("RIA Novosti", "ria.ru"), ("Meduza", "meduza.io")],
}
LANGUAGES = [("en", 0.7), ("ar", 0.15), ("ru", 0.15)]

LATIN_FIRST = [
    "Ahmed", "Maria", "John", "Olena", "Dmitri", "Fatima", "Omar", "Sarah", "Yusuf", "Anna",
    "Hassan", "Layla", "Mikhail", "Nadia", "Karim", "Elena", "David", "Amina", "Rania", "Pavel",
]  # fmt: skip
LATIN_LAST = [
    "Khoury", "Haddad", "Petrenko", "Al-Masri", "Smith", "Kovalenko", "Nasser", "Rahman",
    "Sokolov", "Hamdan", "Bakri", "Morozov", "Saleh", "Shevchenko", "Jaber", "Novak", "Aziz",
]  # fmt: skip
ARABIC_FIRST = [
    "أحمد",
    "محمد",
    "فاطمة",
    "عمر",
    "يوسف",
    "ليلى",
    "حسن",
    "خالد",
    "مريم",
    "سامي",
    "رانيا",
    "طارق",
]
ARABIC_LAST = ["الخوري", "حداد", "المصري", "ناصر", "عبد الرحمن", "حمدان", "صالح", "جابر", "العلي"]
CYRILLIC_FIRST = ["Сергей", "Мария", "Дмитрий", "Ольга", "Иван", "Елена", "Михаил", "Анна", "Павел", "Ирина"]
CYRILLIC_LAST = ["Петров", "Иванов", "Соколов", "Морозов", "Волков", "Новиков", "Кузнецов", "Лебедев"]
ORGANISATIONS = {
    "latin": [
        ("Ministry of Defence of {country}", Speaker.Kind.MINISTRY),
        ("{country} Armed Forces", Speaker.Kind.MILITARY),
        ("Office of the President of {country}", Speaker.Kind.GOVERNMENT),
        ("{place} Health Directorate", Speaker.Kind.MINISTRY),
        ("{place} Civil Defence", Speaker.Kind.NGO),
        ("Observatory for Human Rights in {country}", Speaker.Kind.NGO),
        ("{place} Local Council", Speaker.Kind.POLITICAL),
        ("An official in {place}", Speaker.Kind.ANONYMOUS),
    ],
    "arabic": [
        ("الدفاع المدني في {place}", Speaker.Kind.NGO),
        ("مديرية الصحة في {place}", Speaker.Kind.MINISTRY),
        ("المجلس المحلي في {place}", Speaker.Kind.POLITICAL),
    ],
    "cyrillic": [
        ("Министерство обороны ({country})", Speaker.Kind.MINISTRY),
        ("Пресс-служба администрации города {place}", Speaker.Kind.GOVERNMENT),
    ],
}
ROLES = ["spokesman", "minister of defence", "governor", "field commander", "health official", "mayor"]
VENUES = [
    "press conference in {place}",
    "interview with {outlet}",
    "statement on Telegram",
    "post on X",
    "televised address",
    "briefing in {place}",
]
RATING_WEIGHTS = {
    "true": 10,
    "mostly-true": 15,
    "half-true": 20,
    "mostly-false": 20,
    "false": 20,
    "misleading": 10,
    "unproven": 5,
}
RATIONALES = [
    "<p>Satellite imagery and hospital records from {place} do not support the figure given.</p>",
    "<p>Three independent accounts from {place} agree with the claim; one detail is missing.</p>",
    "<p>The official count published later for {place} differs from the number claimed.</p>",
    "<p>No evidence was found either way; the area around {place} was closed to reporters.</p>",
]
EVIDENCE_TITLES = [
    "Satellite images of {place}",
    "Hospital admission records, {place}",
    "Witness interviews in {place}",
    "UN situation report on {place}",
    "Geolocated video from {place}",
    "Casualty dataset for {place}",
]
RELATION_KINDS = [
    (ClaimRelation.Kind.CONTRADICTS, 40),
    (ClaimRelation.Kind.SUPPORTS, 25),
    (ClaimRelation.Kind.QUALIFIES, 15),
    (ClaimRelation.Kind.RESPONDS_TO, 15),
    (ClaimRelation.Kind.SAME_AS, 5),
]
# The choices' values, read once: an enum's ``values`` is rebuilt at every call.
SOURCE_KINDS = list(Source.Kind.values)
DISPUTE_STANCES = list(Claim.DisputeStance.values)
QUALIFIERS = list(Figure.Qualifier.values)
EVIDENCE_STANCES = list(Evidence.Stance.values)
EVIDENCE_KINDS = list(Evidence.Kind.values)
RELIABILITIES = list(Evidence.Reliability.values)
DISPUTE_QUESTIONS = [
    "Did the strikes on {place} on {date} kill civilians?",
    "Was the hospital in {place} hit on {date}?",
    "Did aid reach {place} in the week of {date}?",
    "Did foreign troops take part in the fighting near {place} on {date}?",
]


class GenerationRefused(Exception):
    """The database holds content this run must not be mixed into."""


# --- Writing rows ----------------------------------------------------------------------


class Table:
    """The rows of one model's table for one batch, as tuples in ``columns``
    order. Concrete columns not named are appended with the field's default,
    so that a field added later by another change does not break the load."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        fields = {f.column: f for f in model._meta.concrete_fields if not getattr(f, "generated", False)}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise ValueError(f"{model._meta.label} has no column {', '.join(unknown)}.")
        pk = model._meta.pk
        extra = [
            c
            for c, f in fields.items()
            if c not in columns and not (f is pk and isinstance(f, models.AutoField))
        ]
        self.model = model
        self.named = list(columns)
        self.db_table = model._meta.db_table
        self.columns = [*columns, *extra]
        self.fields = [fields[c] for c in self.columns]
        self.extra = tuple(fields[c].get_default() for c in extra)
        self.json_positions = [i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)]
        self.rows: list[tuple] = []
        self.add = self.rows.append

    def take(self) -> list[tuple]:
        rows, extra = self.rows, self.extra
        if extra:
            rows = [row + extra for row in rows]
        self.rows = []
        self.add = self.rows.append
        return rows


class Writer:
    """Writes tables: ``COPY`` on PostgreSQL, ``executemany`` elsewhere."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.rows_written = 0
        self.superuser = False
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('is_superuser') = 'on'")
                self.superuser = cursor.fetchone()[0]

    def begin_batch(self) -> None:
        """Settings for the current transaction, on PostgreSQL.

        Durability of each batch is not worth waiting for: a crash loses at
        most the last batches, and the run is repeated. And where allowed
        (a superuser), foreign keys are not checked row by row: the rows are
        consistent by construction, and each check would lock the row it
        points at, which makes a large load several times slower, as
        ``pg_restore --disable-triggers`` knows.
        """
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            if self.superuser:
                cursor.execute("SET LOCAL session_replication_role TO replica")

    def drop_indexes(self, models_: Sequence[type[models.Model]]) -> list[str]:
        """Drop the secondary indexes of the tables written (not the primary
        keys, nor unique indexes, which keep the data honest while it loads)
        and return the statements that create them again. Call inside the
        transaction that will run those statements."""
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                JOIN pg_class t ON t.oid = i.indrelid
                WHERE t.relname = ANY(%s) AND t.relnamespace = current_schema()::regnamespace
                  AND NOT i.indisprimary AND NOT i.indisunique
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                ORDER BY 1
                """,
                [sorted(tables_written())],
            )
            found = cursor.fetchall()
            for name, _ in found:
                cursor.execute(f"DROP INDEX {name}")
        return [definition for _, definition in found]

    def create_indexes(self, statements: Sequence[str]) -> None:
        with connection.cursor() as cursor:
            # Enough memory to sort a million rows' keys without spilling to disk.
            cursor.execute("SET LOCAL maintenance_work_mem TO '512MB'")
            for statement in statements:
                cursor.execute(statement)

    def write(self, table: Table) -> None:
        rows = table.take()
        if not rows:
            return
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in table.columns)
        with connection.cursor() as cursor:
            if self.postgres:
                positions = table.json_positions
                with cursor.cursor.copy(f"COPY {quote(table.db_table)} ({columns}) FROM STDIN") as copy:
                    write_row = copy.write_row
                    for row in rows:
                        if positions:
                            row = list(row)
                            for i in positions:
                                row[i] = json.dumps(row[i], ensure_ascii=False)
                        write_row(row)
            else:
                fields = table.fields
                prepared = [
                    tuple(f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True))
                    for row in rows
                ]
                marks = ", ".join(["%s"] * len(table.columns))
                # Table and column names come from the models, never from input.
                sql = f"INSERT INTO {quote(table.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, prepared)
        self.rows_written += len(rows)


def history_table(model: type[models.Model], columns: Sequence[str]) -> Table:
    """The django-simple-history table of ``model``: its columns, then who,
    when and what kind of change (``+`` created, ``~`` changed)."""
    return Table(
        model.history.model,
        [*columns, "history_date", "history_change_reason", "history_type", "history_user_id"],
    )


# Every model whose rows are written here with ids assigned here.
WRITTEN: list[type[models.Model]] = [
    Speaker, Dispute, Source, SourceRevision, Quote, Claim, Appearance, Figure, ClaimRelation,
    Evidence, Verdict, VerdictVote, VerdictTransition,
]  # fmt: skip


def tables_written() -> set[str]:
    """The tables a run writes to: the models', their history's, and the
    verdicts' evidence."""
    tables = {model._meta.db_table for model in WRITTEN}
    tables |= {model.history.model._meta.db_table for model in WRITTEN if hasattr(model, "history")}
    tables.add(Verdict.evidence.through._meta.db_table)
    return tables


# --- The plan --------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    claims: int
    speakers: int
    disputes: int

    @classmethod
    def for_claims(cls, claims: int) -> Plan:
        return cls(
            claims=claims,
            speakers=max(5, claims // CLAIMS_PER_SPEAKER),
            disputes=max(2, claims // CLAIMS_PER_DISPUTE),
        )


@dataclass
class Report:
    claims: int = 0
    rows: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class SpeakerInfo:
    id: int
    name: str
    aliases: list[str]
    script: str


@dataclass
class DisputeInfo:
    id: int
    question: str
    date: dt.date
    published: bool
    recent_claims: list[int] = field(default_factory=list)


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


def sources_for(claims: int) -> int:
    """How many sources carry a batch of ``claims`` claims."""
    return max(1, math.ceil(claims / CLAIMS_PER_SOURCE))


def _next_ids(models_: Sequence[type[models.Model]]) -> dict[type[models.Model], int]:
    return {m: (m._default_manager.aggregate(top=models.Max("pk"))["top"] or 0) + 1 for m in models_}


class Generator:
    def __init__(self, *, claims: int, seed: int, batch_size: int, out: TextIO | None) -> None:
        self.plan = Plan.for_claims(claims)
        self.batch_size = max(1, batch_size)
        self.out = out
        self.writer = Writer()
        self.report = Report()
        self.ids = _next_ids(
            [
                Speaker,
                Dispute,
                Source,
                SourceRevision,
                Quote,
                Claim,
                Appearance,
                Figure,
                ClaimRelation,
                Evidence,
                Verdict,
                VerdictVote,
                VerdictTransition,
            ]
        )
        # The seed and where the ids start decide everything, so an appended
        # run does not repeat the first run's data.
        self.rng = random.Random(f"{seed}:{self.ids[Claim]}")  # noqa: S311 (synthetic data, not secrets)
        self.first_claim = self.ids[Claim]
        self.speakers: list[SpeakerInfo] = []
        self.speakers_by_script: dict[str, list[SpeakerInfo]] = {}
        self.disputes: list[DisputeInfo] = []
        self.ratings: list[int] = []
        self.rating_weights: list[int] = []

    # --- helpers

    def _take_ids(self, model: type[models.Model], count: int) -> int:
        first = self.ids[model]
        self.ids[model] = first + count
        return first

    def _say(self, line: str) -> None:
        if self.out is not None:
            self.out.write(line + "\n")
            self.out.flush()

    @staticmethod
    def _at(seconds: float) -> dt.datetime:
        return START + dt.timedelta(seconds=seconds)

    def _place(self) -> tuple[str, str, str, str]:
        return self.rng.choice(PLACES)

    # --- accounts and the rating scale

    def _accounts(self) -> None:
        groups = {g.name: g for g in Group.objects.filter(name__in=["Journalist", "Editor"])}
        self.journalists: list[int] = []
        self.editors: list[int] = []
        for role, count, target in (
            ("journalist", JOURNALISTS, self.journalists),
            ("editor", EDITORS, self.editors),
        ):
            for n in range(1, count + 1):
                user, created = User.objects.get_or_create(
                    username=f"{USERNAME_PREFIX}{role}-{n}",
                    defaults={"password": make_password(None), "email": f"{role}-{n}@example.org"},
                )
                if created:
                    for name in ["Journalist", "Editor"] if role == "editor" else ["Journalist"]:
                        if name in groups:
                            user.groups.add(groups[name])
                target.append(user.pk)
        ratings = list(Rating.objects.filter(scale__is_default=True).order_by("order"))
        if not ratings:
            raise GenerationRefused("The default rating scale has no ratings; run the migrations first.")
        self.ratings = [r.pk for r in ratings]
        self.rating_weights = [RATING_WEIGHTS.get(r.slug, 10) for r in ratings]

    # --- speakers and disputes

    def _speaker_name(self, script: str) -> tuple[str, str, list[str]]:
        rng = self.rng
        if rng.random() < 0.6:
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
        template, kind = rng.choice(ORGANISATIONS[script])
        en, ar, ru, country = self._place()
        place = {"latin": en, "arabic": ar, "cyrillic": ru}[script]
        name = template.format(place=place, country=country)
        aliases = []
        if script == "latin" and rng.random() < 0.4:
            aliases = ["".join(word[0] for word in name.split() if word[0].isupper())]
        return name, kind, aliases

    def _make_speakers(self, user: int) -> None:
        rng, plan = self.rng, self.plan
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
        history = history_table(Speaker, table.named[:-1])
        first = self._take_ids(Speaker, plan.speakers)
        for speaker_id in range(first, first + plan.speakers):
            script = rng.choices(["latin", "arabic", "cyrillic"], [70, 15, 15])[0]
            name, kind, aliases = self._speaker_name(script)
            slug = f"{slugify(name, allow_unicode=True)[:80].strip('-') or 'speaker'}-{speaker_id}"
            wikidata = f"Q{rng.randint(1000, 99_999_999)}" if rng.random() < 0.3 else ""
            description = (
                f"{rng.choice(ROLES).capitalize()} quoted in reporting on {self._place()[0]}."
                if kind == Speaker.Kind.PERSON
                else f"Speaks for {name}."
            )
            at = self._at(rng.uniform(0, 30 * DAY))
            row = (speaker_id, name, slug, kind, aliases, description, wikidata, at, at)
            table.add((*row, speaker_lookup_names(name, aliases)))
            history.add((*row, at, None, "+", user))
            info = SpeakerInfo(speaker_id, name, aliases, script)
            self.speakers.append(info)
            self.speakers_by_script.setdefault(script, []).append(info)
        with transaction.atomic():
            self.writer.begin_batch()
            self.writer.write(table)
            self.writer.write(history)

    def _make_disputes(self, user: int) -> None:
        rng, plan = self.rng, self.plan
        table = Table(
            Dispute,
            [
                "id", "version", "question", "slug", "date", "place", "summary",
                "published_at", "published_by_id", "created_by_id", "created_at", "updated_at",
            ],
        )  # fmt: skip
        history = history_table(Dispute, table.named)
        first = self._take_ids(Dispute, plan.disputes)
        for dispute_id in range(first, first + plan.disputes):
            place = self._place()
            day = rng.randrange(SPAN_DAYS)
            date = (START + dt.timedelta(days=day)).date()
            question = rng.choice(DISPUTE_QUESTIONS).format(place=place[0], date=f"{date:%-d %B %Y}")
            slug = f"{slugify(question)[:80].strip('-')}-{dispute_id}"
            summary = (
                f"Competing accounts of what happened in {place[0]}, {place[3]}, "
                f"from officials, armed groups, witnesses and aid agencies."
            )
            created = self._at(day * DAY + rng.uniform(0, 2 * DAY))
            published = rng.random() < 0.95
            published_at = created + dt.timedelta(hours=rng.uniform(1, 48)) if published else None
            editor = rng.choice(self.editors)
            row = (
                dispute_id, 1, question, slug, date, place[0], summary,
                published_at, editor if published else None, user, created, published_at or created,
            )  # fmt: skip
            table.add(row)
            history.add((*row, created, None, "+", user))
            self.disputes.append(DisputeInfo(dispute_id, question, date, published))
        with transaction.atomic():
            self.writer.begin_batch()
            self.writer.write(table)
            self.writer.write(history)

    # --- one batch of claims

    def _core(self, language: str, place: tuple[str, str, str, str]) -> tuple[str, str, int]:
        rng = self.rng
        cores = {"en": EN_CORES, "ar": AR_CORES, "ru": RU_CORES}[language]
        template, counted = rng.choice(cores)
        number = rng.randint(2, 400)
        name = {"en": place[0], "ar": place[1], "ru": place[2]}[language]
        core = template.format(n=number, place=name, weekday=rng.choice(WEEKDAYS), month=rng.choice(MONTHS))
        return core, counted, number

    def _sentence(self, language: str, speaker: SpeakerInfo, core: str) -> tuple[str, int]:
        """The sentence reporting ``core``, and where the core starts in it."""
        rng = self.rng
        if language == "ar":
            head = f"وقال {speaker.name} {rng.choice(AR_WHEN)} إن "
        elif language == "ru":
            head = f"{speaker.name} {rng.choice(RU_SAYS)} {rng.choice(RU_WHEN)}, что "
        else:
            head = f"{speaker.name} {rng.choice(EN_SAYS)} {rng.choice(EN_WHEN)} that "
        return f"{head}{core}.", len(head)

    def _filler(self, language: str) -> str:
        rng = self.rng
        place = self._place()
        template = rng.choice({"en": EN_FILLER, "ar": AR_FILLER, "ru": RU_FILLER}[language])
        name = {"en": place[0], "ar": place[1], "ru": place[2]}[language]
        return template.format(place=name, weekday=rng.choice(WEEKDAYS))

    def _batch(self, count: int) -> list[Table]:
        """The rows of ``count`` claims, the sources that quote them and
        everything that hangs on them, with ids taken from ``self.ids``."""
        n_sources = sources_for(count)
        source_first = self._take_ids(Source, n_sources)
        revision_first = self._take_ids(SourceRevision, n_sources)
        claim_first = self._take_ids(Claim, count)
        pending, languages, carried = self._pending_claims(count, claim_first, n_sources)
        source_tables, texts, source_dates = self._sources(languages, carried, source_first, revision_first)
        claim_tables = self._claims(pending, texts, source_dates, revision_first, source_first, n_sources)
        return source_tables + claim_tables

    def _pending_claims(
        self, count: int, claim_first: int, n_sources: int
    ) -> tuple[list[PendingClaim], list[str], list[list[tuple[PendingClaim | None, str]]]]:
        """The batch's claims before their texts exist: who said what, when,
        in which language, and which sources (by position) report it."""
        rng = self.rng
        # Each source: its language, and the sentences it will carry.
        languages = rng.choices([lang for lang, _ in LANGUAGES], [w for _, w in LANGUAGES], k=n_sources)
        by_language: dict[str, list[int]] = {}
        for i, language in enumerate(languages):
            by_language.setdefault(language, []).append(i)
        carried: list[list[tuple[PendingClaim | None, str]]] = [[] for _ in range(n_sources)]

        pending: list[PendingClaim] = []
        for k in range(count):
            home = rng.randrange(n_sources)
            language = languages[home]
            script = {"en": "latin", "ar": "arabic", "ru": "cyrillic"}[language]
            pool = self.speakers_by_script.get(script) if rng.random() < 0.8 else None
            speaker = rng.choice(pool or self.speakers)
            dispute = rng.choice(self.disputes) if rng.random() < IN_DISPUTE else None
            if dispute is not None:  # said in the days after the disputed event
                day = (dispute.date - START.date()).days + rng.randrange(10)
            else:
                day = rng.randrange(SPAN_DAYS)
            core, counted, number = self._core(language, self._place())
            sentence, core_at = self._sentence(language, speaker, core)
            claim = PendingClaim(
                claim_first + k, speaker, dispute, day, language, core, sentence, core_at, counted, number
            )
            pending.append(claim)
            # Reported by one to three outlets writing in the same language.
            outlets = {home}
            same = by_language[language]
            for _ in range(rng.choices([0, 1, 2], [35, 40, 25])[0]):
                outlets.add(rng.choice(same))
            for i in outlets:
                carried[i].append((claim, sentence))
        return pending, languages, carried

    def _sources(
        self,
        languages: list[str],
        carried: list[list[tuple[PendingClaim | None, str]]],
        source_first: int,
        revision_first: int,
    ) -> tuple[list[Table], list[str], list[float]]:
        """The sources and their texts, each assembled from the sentences
        it carries and filler; every carried claim learns where its words
        are (``PendingClaim.quotes``). Returns the tables, the texts and
        when each source came in (seconds from START)."""
        rng = self.rng
        # The texts, with the quotes' offsets computed as they are assembled.
        sources = Table(
            Source,
            [
                "id", "title", "kind", "outlet", "url", "authors", "language",
                "published_on", "retrieved_at", "created_by_id", "created_at", "updated_at",
            ],
        )  # fmt: skip
        source_history = history_table(Source, sources.named)
        revisions = Table(
            SourceRevision,
            ["id", "source_id", "number", "text", "sha256", "note", "created_by_id", "created_at"],
        )
        texts: list[str] = []
        source_dates: list[float] = []
        for i, language in enumerate(languages):
            items = carried[i] + [(None, self._filler(language)) for _ in range(rng.randint(6, 14))]
            rng.shuffle(items)
            parts: list[str] = []
            length = 0
            for j, (claim, sentence) in enumerate(items):
                if j:
                    separator = "\n\n" if rng.random() < 0.3 else " "
                    parts.append(separator)
                    length += len(separator)
                if claim is not None:
                    if rng.random() < FULL_SENTENCE_QUOTES:
                        start, end = length, length + len(sentence) - 1  # without the full stop
                    else:
                        start = length + claim.core_at
                        end = start + len(claim.core)
                    claim.quotes.append((revision_first + i, start, end))
                parts.append(sentence)
                length += len(sentence)
            text = "".join(parts)
            texts.append(text)
            place = self._place()
            outlet, domain = rng.choice(OUTLETS[language])
            name = {"en": place[0], "ar": place[1], "ru": place[2]}[language]
            title = rng.choice(TITLES[language]).format(place=name, country=place[3], n=rng.randint(2, 90))
            # Published in the days after the newest claim it reports.
            said = [claim.day for claim, _ in items if claim is not None]
            day = max(said) + rng.randint(0, 2) if said else rng.randrange(SPAN_DAYS)
            created = day * DAY + rng.uniform(0, DAY)
            source_dates.append(created)
            at = self._at(created)
            journalist = rng.choice(self.journalists)
            source_id = source_first + i
            row = (
                source_id, title, rng.choice(SOURCE_KINDS), outlet,
                f"https://{domain}/news/{source_id}", rng.choice(["", "Staff", "Newsdesk"]), language,
                at.date(), at, journalist, at, at,
            )  # fmt: skip
            sources.add(row)
            source_history.add((*row, at, None, "+", journalist))
            revisions.add(
                (
                    revision_first + i, source_id, 1, text,
                    hashlib.sha256(text.encode("utf-8")).hexdigest(), "", journalist, at,
                )
            )  # fmt: skip
        return [sources, source_history, revisions], texts, source_dates

    def _claims(
        self,
        pending: list[PendingClaim],
        texts: list[str],
        source_dates: list[float],
        revision_first: int,
        source_first: int,
        n_sources: int,
    ) -> list[Table]:
        """The claims with their history, quotes, appearances, figures,
        evidence, relations and verdicts."""
        rng = self.rng
        # Claims and everything that hangs on them.
        quotes = Table(
            Quote,
            [
                "id", "revision_id", "exact", "prefix", "suffix", "start", "end", "orphaned",
                "created_by_id", "created_at", "updated_at",
            ],
        )  # fmt: skip
        claim_columns = [
            "id", "version", "text", "speaker_id", "speaker_role", "claimed_on", "venue", "dispute_id",
            "dispute_stance", "published_at", "published_by_id", "created_by_id", "created_at",
            "updated_at", "withdrawn_at", "withdrawn_by_id", "withdrawn_reason",
        ]  # fmt: skip
        # The history leaves search_text out: it is derived, never edited.
        claim_history = history_table(Claim, claim_columns)
        kept = len(claim_columns)
        claim_columns = [*claim_columns, "search_text"]
        claims = Table(Claim, claim_columns)
        appearances = Table(Appearance, ["id", "claim_id", "quote_id", "added_by_id", "added_at"])
        figures = Table(
            Figure,
            [
                "id",
                "claim_id",
                "counted",
                "value",
                "minimum",
                "maximum",
                "unit",
                "qualifier",
                "quote_id",
                "created_at",
            ],
        )
        evidence = Table(
            Evidence,
            [
                "id", "version", "claim_id", "title", "stance", "kind", "source_id", "url", "description",
                "reliability", "added_by_id", "added_at", "updated_at",
            ],
        )  # fmt: skip
        relations = Table(
            ClaimRelation,
            [
                "id",
                "version",
                "from_claim_id",
                "to_claim_id",
                "kind",
                "note",
                "created_by_id",
                "created_at",
                "updated_at",
            ],
        )
        verdicts = Table(
            Verdict,
            [
                "id", "version", "claim_id", "rating_id", "rationale", "state", "author_id", "reviewer_id",
                "rejection_reason", "created_at", "updated_at", "submitted_at", "decided_at", "superseded_at",
            ],
        )  # fmt: skip
        through = Verdict.evidence.through
        verdict_evidence = Table(through, ["verdict_id", "evidence_id"])
        votes = Table(VerdictVote, ["id", "verdict_id", "editor_id", "decision", "reason", "created_at"])
        transitions = Table(
            VerdictTransition, ["id", "verdict_id", "from_state", "to_state", "by_id", "at", "reason"]
        )

        quote_id = self.ids[Quote]
        appearance_id = self.ids[Appearance]
        relation_kinds = [k for k, _ in RELATION_KINDS]
        relation_weights = [w for _, w in RELATION_KINDS]
        outlet_names = [name for outlets in OUTLETS.values() for name, _ in outlets]
        for claim in pending:
            speaker, dispute = claim.speaker, claim.dispute
            journalist = rng.choice(self.journalists)
            editor = rng.choice(self.editors)
            claimed_on = (START + dt.timedelta(days=claim.day)).date()
            # Recorded from its quotes, once the newest source quoting it was in.
            newest = max(source_dates[revision_id - revision_first] for revision_id, _, _ in claim.quotes)
            created_s = newest + rng.uniform(HOUR, DAY)
            created = self._at(created_s)
            roll = rng.random()
            published = roll < PUBLISHED
            published_s = created_s + rng.uniform(HOUR, 2 * DAY)
            published_at = self._at(published_s) if published else None
            withdrawn_at = self._at(published_s + DAY) if (not published and roll > 1 - WITHDRAWN) else None
            place = self._place()
            role = rng.choice(ROLES) if rng.random() < 0.6 else ""
            venue = (
                rng.choice(VENUES).format(place=place[0], outlet=rng.choice(outlet_names))
                if rng.random() < 0.7
                else ""
            )
            text = claim.core[0].upper() + claim.core[1:] + "."
            row = [
                claim.id, 2 if published else 1, text, speaker.id, role, claimed_on, venue,
                dispute.id if dispute else None,
                rng.choice(DISPUTE_STANCES) if dispute else "",
                published_at, editor if published else None, journalist, created,
                published_at or withdrawn_at or created, withdrawn_at,
                journalist if withdrawn_at else None,
                "Duplicate of an earlier claim." if withdrawn_at else "",
            ]  # fmt: skip

            # Quotes and appearances.
            claim_quotes: list[int] = []
            exacts: list[str] = []
            for revision_id, start, end in claim.quotes:
                text_of = texts[revision_id - revision_first]
                exact = text_of[start:end]
                quotes.add(
                    (
                        quote_id, revision_id, exact,
                        text_of[max(0, start - SELECTOR_CONTEXT) : start],
                        text_of[end : end + SELECTOR_CONTEXT],
                        start, end, False, journalist, created, created,
                    )
                )  # fmt: skip
                appearances.add((appearance_id, claim.id, quote_id, journalist, created))
                claim_quotes.append(quote_id)
                exacts.append(exact)
                quote_id += 1
                appearance_id += 1

            row.append(
                search_document(
                    text=text,
                    speaker_name=speaker.name,
                    speaker_aliases=speaker.aliases,
                    role=role,
                    venue=venue,
                    # An unpublished dispute's words must find nothing.
                    dispute_question=dispute.question if dispute and dispute.published else "",
                    quotes=exacts,
                )
            )
            claim_row = tuple(row)
            claims.add(claim_row)
            history_row = claim_row[:kept]
            if published:
                # Created, then published: the history page shows both.
                created_row = (
                    *history_row[:1], 1, *history_row[2:9], None, None, *history_row[11:13], created,
                    *history_row[14:],
                )  # fmt: skip
                claim_history.add((*created_row, created, None, "+", journalist))
                claim_history.add((*history_row, published_at, None, "~", editor))
            else:
                claim_history.add((*history_row, created, None, "+", journalist))

            if dispute is not None:
                dispute.recent_claims.append(claim.id)
                if len(dispute.recent_claims) > 50:
                    del dispute.recent_claims[0]

            # A figure when the statement has a number.
            if claim.counted and rng.random() < FIGURES:
                qualifier = rng.choice(QUALIFIERS)
                if rng.random() < 0.8:
                    value, low, high = Decimal(claim.number), None, None
                else:
                    value, low, high = None, Decimal(claim.number), Decimal(claim.number + rng.randint(1, 40))
                figures.add(
                    (
                        self._take_ids(Figure, 1), claim.id, claim.counted, value, low, high, "",
                        qualifier, claim_quotes[0], created,
                    )
                )  # fmt: skip

            # Evidence: none, one or two pieces.
            claim_evidence: list[int] = []
            for _ in range(rng.choices([0, 1, 2], [30, 40, 30])[0]):
                evidence_id = self._take_ids(Evidence, 1)
                from_source = rng.random() < 0.3
                at = self._at(created_s + rng.uniform(HOUR, DAY))
                evidence.add(
                    (
                        evidence_id, 1, claim.id, rng.choice(EVIDENCE_TITLES).format(place=place[0]),
                        rng.choice(EVIDENCE_STANCES), rng.choice(EVIDENCE_KINDS),
                        source_first + rng.randrange(n_sources) if from_source else None,
                        "" if from_source else f"https://example.org/evidence/{evidence_id}",
                        f"<p>Collected by the desk on {at:%-d %B %Y}.</p>",
                        rng.choice(RELIABILITIES), journalist, at, at,
                    )
                )  # fmt: skip
                claim_evidence.append(evidence_id)

            # A relation to an earlier claim, of the same dispute when there is one.
            if claim.id > self.first_claim and rng.random() < RELATIONS:
                earlier = [c for c in (dispute.recent_claims if dispute else []) if c != claim.id]
                target = rng.choice(earlier) if earlier else rng.randrange(self.first_claim, claim.id)
                relations.add(
                    (
                        self._take_ids(ClaimRelation, 1), 1, claim.id, target,
                        rng.choices(relation_kinds, relation_weights)[0], "", journalist, created, created,
                    )
                )  # fmt: skip

            # Verdicts: their times follow the claim's publication.
            verdict_roll = rng.random()
            args = (
                claim.id,
                journalist,
                editor,
                claim_evidence,
                place,
                verdicts,
                verdict_evidence,
                votes,
                transitions,
            )
            if published and verdict_roll < APPROVED / PUBLISHED:
                start = published_s + rng.uniform(HOUR, DAY)
                submitted_s = start + rng.uniform(HOUR, 6 * HOUR)
                decided_s = submitted_s + rng.uniform(HOUR, DAY)
                if rng.random() < SUPERSEDED:
                    # An earlier verdict, superseded when this one was approved.
                    later_start = decided_s + rng.uniform(DAY, 30 * DAY)
                    later_submitted = later_start + rng.uniform(HOUR, 6 * HOUR)
                    later_decided = later_submitted + rng.uniform(HOUR, DAY)
                    self._verdict("superseded", start, submitted_s, decided_s, later_decided, *args)
                    start, submitted_s, decided_s = later_start, later_submitted, later_decided
                self._verdict("approved", start, submitted_s, decided_s, None, *args)
            else:
                extra_roll = rng.random()
                for state, share in (("rejected", REJECTED), ("submitted", PENDING), ("draft", DRAFTS)):
                    if extra_roll < share / (1 - APPROVED):
                        start = created_s + rng.uniform(HOUR, DAY)
                        submitted_s = start + rng.uniform(HOUR, 6 * HOUR)
                        decided_s = submitted_s + rng.uniform(HOUR, DAY)
                        self._verdict(state, start, submitted_s, decided_s, None, *args)
                        break
                    extra_roll -= share / (1 - APPROVED)

        self.ids[Quote] = quote_id
        self.ids[Appearance] = appearance_id
        return [
            quotes, claims, claim_history, appearances, figures, evidence, relations, verdicts,
            verdict_evidence, votes, transitions,
        ]  # fmt: skip

    def _write_batch(self, tables: list[Table]) -> None:
        for table in tables:
            name = table.model._meta.verbose_name_plural
            self.report.counts[name] = self.report.counts.get(name, 0) + len(table.rows)
        with transaction.atomic():
            self.writer.begin_batch()
            for table in tables:
                self.writer.write(table)

    def _batches(self) -> Iterator[tuple[int, list[Table]]]:
        """The batches' rows, made in a thread while the main thread writes
        the previous batch: building rows is Python's work, and storing them
        the database's, so on two cores the two overlap instead of taking
        turns. The thread never touches the database; batches are made in
        order, so the data stays the same for a seed."""
        ready: queue.Queue = queue.Queue(maxsize=1)
        stop = threading.Event()

        def make() -> None:
            try:
                done = 0
                while done < self.plan.claims and not stop.is_set():
                    count = min(self.batch_size, self.plan.claims - done)
                    ready.put((count, self._batch(count)))
                    done += count
                ready.put(None)
            except BaseException as error:  # handed to the main thread, which raises it
                ready.put(error)

        maker = threading.Thread(target=make, name="generate_data rows", daemon=True)
        maker.start()
        try:
            while (item := ready.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            while maker.is_alive():  # unblock a maker waiting to hand over a batch
                with contextlib.suppress(queue.Empty):
                    ready.get(timeout=0.1)

    def _verdict(
        self,
        state: str,
        created_s: float,
        submitted_s: float,
        decided_s: float,
        superseded_s: float | None,
        claim_id: int,
        journalist: int,
        editor: int,
        claim_evidence: list[int],
        place: tuple[str, str, str, str],
        verdicts: Table,
        verdict_evidence: Table,
        votes: Table,
        transitions: Table,
    ) -> None:
        """One verdict in ``state`` with its vote and audit rows, as
        ``claims.domain.workflow`` would have written them. The times are those of
        its creation, submission, decision and superseding; the ones its
        state has not reached are left empty."""
        rng = self.rng
        verdict_id = self._take_ids(Verdict, 1)
        created = self._at(created_s)
        submitted = self._at(submitted_s) if state != "draft" else None
        decided = self._at(decided_s) if state in {"approved", "rejected", "superseded"} else None
        superseded = self._at(superseded_s) if state == "superseded" and superseded_s is not None else None
        reason = "The rationale does not address the official count." if state == "rejected" else ""
        moves = {
            "draft": [],
            "submitted": [("draft", "submitted", journalist, submitted, "")],
            "approved": [
                ("draft", "submitted", journalist, submitted, ""),
                ("submitted", "approved", editor, decided, ""),
            ],
            "rejected": [
                ("draft", "submitted", journalist, submitted, ""),
                ("submitted", "rejected", editor, decided, reason),
            ],
            "superseded": [
                ("draft", "submitted", journalist, submitted, ""),
                ("submitted", "approved", editor, decided, ""),
                ("approved", "superseded", editor, superseded, ""),
            ],
        }[state]
        verdicts.add(
            (
                verdict_id, 1 + len(moves), claim_id, rng.choices(self.ratings, self.rating_weights)[0],
                rng.choice(RATIONALES).format(place=place[0]), state, journalist,
                editor if decided else None, reason, created, superseded or decided or submitted or created,
                submitted, decided, superseded,
            )
        )  # fmt: skip
        if claim_evidence and state != "draft":
            verdict_evidence.add((verdict_id, claim_evidence[0]))
        if decided is not None:
            decision = "reject" if state == "rejected" else "approve"
            votes.add((self._take_ids(VerdictVote, 1), verdict_id, editor, decision, reason, decided))
        for from_state, to_state, by, at, why in moves:
            transitions.add(
                (self._take_ids(VerdictTransition, 1), verdict_id, from_state, to_state, by, at, why)
            )

    # --- the run

    def run(self, *, defer_indexes: bool | None = None) -> Report:
        """Write everything. ``defer_indexes``: on PostgreSQL, drop the
        secondary indexes of the tables written and build them again at the
        end, all in one transaction; None decides by size (see ``generate``)."""
        began = time.monotonic()
        plan = self.plan
        if defer_indexes is None:
            held = Claim.objects.count()
            defer_indexes = plan.claims >= DEFER_INDEXES_FROM and plan.claims >= held
        defer_indexes = defer_indexes and self.writer.postgres
        self._say(
            f"Generating {plan.claims:,} claims, {plan.speakers:,} speakers, {plan.disputes:,} disputes "
            f"and about {math.ceil(plan.claims / CLAIMS_PER_SOURCE):,} sources, "
            f"in batches of {self.batch_size:,} claims ({connection.vendor}"
            f"{', indexes built at the end, in one transaction' if defer_indexes else ''})."
        )
        # With the indexes dropped, the whole load is one transaction, so an
        # interrupted run leaves the database as it was, indexes included;
        # otherwise each batch commits on its own.
        with transaction.atomic() if defer_indexes else contextlib.nullcontext():
            with transaction.atomic():
                self._accounts()
            user = self.journalists[0]
            dropped = self.writer.drop_indexes(WRITTEN) if defer_indexes else []
            if dropped:
                self._say(f"Dropped {len(dropped)} secondary indexes, to build them after the load.")
            self._make_speakers(user)
            self._make_disputes(user)
            self.report.counts["speakers"] = plan.speakers
            self.report.counts["disputes"] = plan.disputes
            done = 0
            for count, tables in self._batches():
                self._write_batch(tables)
                done += count
                elapsed = time.monotonic() - began
                rate = done / elapsed if elapsed else 0.0
                eta = (plan.claims - done) / rate if rate else 0.0
                self._say(
                    f"  {done:>10,} / {plan.claims:,} claims ({100 * done / plan.claims:5.1f}%)  "
                    f"{self.writer.rows_written:>12,} rows  {rate:>8,.0f} claims/s  "
                    f"{self.writer.rows_written / elapsed if elapsed else 0:>9,.0f} rows/s  "
                    f"ETA {_duration(eta)}{' + indexes' if dropped else ''}"
                )
            if dropped:
                self._say(f"Building {len(dropped)} indexes…")
                started = time.monotonic()
                self.writer.create_indexes(dropped)
                self._say(f"  built in {_duration(time.monotonic() - started)}.")
            self._reset_sequences()
        self._analyze()
        self._forget_cached_pages()
        self.report.claims = done
        self.report.rows = self.writer.rows_written
        self.report.seconds = time.monotonic() - began
        self._say(
            f"Done: {done:,} claims, {self.report.rows:,} rows in {_duration(self.report.seconds)} "
            f"({self.report.rows / max(self.report.seconds, 1e-9):,.0f} rows/s)."
        )
        return self.report

    def _reset_sequences(self) -> None:
        """Move the id sequences past the ids given here."""
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), WRITTEN):
                cursor.execute(statement)

    def _forget_cached_pages(self) -> None:
        """COPY goes around the execute wrapper through which
        ``claims.public.caching`` notices writes, so cached public pages are made
        unreachable here, as any other write would."""
        new_generation()

    def _analyze(self) -> None:
        """Refresh the planner's statistics, so that the first queries after
        the load are planned for the tables' new sizes."""
        if not self.writer.postgres:
            return
        self._say("Analyzing the tables…")
        with connection.cursor() as cursor:
            for table in sorted(tables_written()):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def existing_content() -> dict[str, int]:
    """How many claims, sources, speakers and disputes the database holds."""
    return {
        "claims": Claim.objects.count(),
        "sources": Source.objects.count(),
        "speakers": Speaker.objects.count(),
        "disputes": Dispute.objects.count(),
    }


def generate(
    *,
    claims: int,
    seed: int = 1,
    batch_size: int = 10_000,
    append: bool = False,
    out: TextIO | None = None,
    defer_indexes: bool | None = None,
) -> Report:
    """Fill the database with ``claims`` synthetic claims and everything
    around them (see the module docstring).

    Refuses (``GenerationRefused``) when the database already holds claims,
    sources, speakers or disputes and ``append`` is false.

    Each batch is one transaction, except on PostgreSQL when the indexes are
    deferred: then the whole run is one. ``defer_indexes=None`` defers them
    when the run adds at least ``DEFER_INDEXES_FROM`` claims and at least as
    many as the database holds.
    """
    if claims < 1:
        raise GenerationRefused("Give a number of claims of at least 1.")
    if not append:
        held = {name: count for name, count in existing_content().items() if count}
        if held:
            listed = ", ".join(f"{count:,} {name}" for name, count in held.items())
            raise GenerationRefused(
                f"The database already holds {listed}. "
                "Synthetic data is meant for an empty benchmark or development database; "
                "pass --append to add to it anyway."
            )
    generator = Generator(claims=claims, seed=seed, batch_size=batch_size, out=out)
    return generator.run(defer_indexes=defer_indexes)
