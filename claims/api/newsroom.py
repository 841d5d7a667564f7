"""The newsroom's part of the API, with a personal API token."""

from ninja import Router

router = Router(tags=["newsroom"])
