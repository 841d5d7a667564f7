"""Readers' full-text search over claims, and the highlighted snippets of what it found.

* ``claims.search.document``: each claim's ``search_text``, the one document
  it is found by, and ``refresh_search_text``, which writes it.
* ``claims.search.signals``: the receivers that call it on every write that
  changes a part of the document.
* ``claims.search.query``: a reader's words as a query (``search_terms``), and
  ``matching``, the one place that knows how each database is asked.
* ``claims.search.snippets``: the highlighted part of each claim found.
* ``claims.search.index``: the database's own full-text index (PostgreSQL's
  tsvector column, SQLite's FTS5 table) and the statements that make it.
"""
