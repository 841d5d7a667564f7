"""What readers see: the public pages, feeds, sitemap, structured data and
the page cache. Builds on ``claims.domain`` and ``claims.search``."""
