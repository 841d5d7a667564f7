"""Capturing sources from the web and from PDFs, and archiving exactly what was read.

The pure parts (fetching, the WARC archive, extraction from HTML and PDF, the
word diff between captures) know nothing of Django's models; ``jobs`` and
``tasks`` put them to work on sources, in the background.
"""
