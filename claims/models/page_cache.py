"""The public pages' cache generation, where every server process reads it."""

from django.db import models


class PageGeneration(models.Model):
    """The generation of the public pages' cache (``claims/public/caching.py``)
    when there is no cache every server process shares: one row, given a new
    value after every committed write to what the public pages show, read
    once per cached page. Its table is deliberately named outside the
    ``claims_`` prefix that the cache watches, so that moving the generation
    on is not itself a change to the pages' content."""

    ROW = 1

    value = models.CharField(max_length=32)

    class Meta:
        db_table = "public_page_generation"

    def __str__(self) -> str:
        return self.value
