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
disputes, sources and claims (a claim's or dispute's creation, then its
publication or, for a few claims, their withdrawal).

The modules, in the order a run uses them:

* ``plan``: the shape of the data, the calendar, ``Plan``, ``Report``, and
  the ``Context`` every step shares;
* ``vocabulary``: the word lists (``words``) and the sentences, names and
  titles made from them (``sentences``);
* ``people``: speakers and disputes;
* ``texts``: a batch's claims before their rows exist, and the sources whose
  texts carry them, with the quotes' offsets;
* ``claim_rows`` and ``verdict_rows``: the rows of a batch's claims and of
  everything that hangs on them;
* ``tables``: rows as tuples, written in bulk, with the ids given here;
* ``generator``: the run, and ``generate``, its entry point.

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
* **The domain's rules, not copies of them.** A verdict's states, who makes
  each move (four eyes: its approver is never its author), the fields each
  move sets, its audit rows and its votes come from
  ``claims.domain.verdict_rules.walk``, the pure rules the workflow functions
  apply: the generator chooses the moves, never their effects. The accounts
  are checked once for the permissions those functions would check. What
  publishing or withdrawing sets comes from ``workflow.publication_fields``
  and ``editing.withdrawal_fields``, saved as the ORM would save it (version,
  ``updated_at``, a history row by whoever made the change:
  ``tables.add_with_history``); the search document from
  ``claims.search.search_document``.
* **Schema drift.** Columns this package does not know about (a field another
  change added) are filled with the field's default.

It refuses to add to a database that already holds claims, sources, speakers
or disputes unless told to append (``append=True``), so that it is never mixed into a real
newsroom by mistake; it runs with DEBUG off, because benchmarks use
production settings, and creates its accounts with unusable passwords.
"""

from claims.devdata.generating.generator import GenerationRefused, existing_content, generate
from claims.devdata.generating.plan import Plan, Report, sources_for

__all__ = ["GenerationRefused", "Plan", "Report", "existing_content", "generate", "sources_for"]
