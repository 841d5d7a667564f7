"""The public part of the API: what a reader may see, and nothing more."""

from ninja import Router

router = Router(tags=["public"])
