"""The domain: the rules for changing claims, speakers, disputes and verdicts,
and the reads that the public pages and the workspace share. Imports nothing
from the web layers (``claims.public``, ``claims.workspace``)."""
