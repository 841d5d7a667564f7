"""What the domain raises to refuse a request, and the HTTP status each
kind of refusal is answered with, by the workspace's pages
(``claims/workspace/responses.py``) and the API (``claims/api/``) alike.

* ``PermissionDenied``: 403, the role does not allow it.
* ``EditConflict``: 409, someone saved the object since it was read.
* ``TransitionRefused``: 409, the verdict or the publication is no longer
  in a state that allows the move.
* ``ValidationError``: 422, what was sent is not acceptable.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from claims.domain.editing import EditConflict
from claims.domain.verdict_rules import TransitionRefused

FORBIDDEN = 403
# Refused because the object moved on: someone saved first, or the verdict
# is no longer in a state that allows the move.
CONFLICT = 409
# A form (or a request's body) sent back with its errors.
INVALID = 422

# The refusals, each with its status, most specific first.
STATUSES: tuple[tuple[type[Exception], int], ...] = (
    (PermissionDenied, FORBIDDEN),
    (EditConflict, CONFLICT),
    (TransitionRefused, CONFLICT),
    (ValidationError, INVALID),
)
REFUSALS = tuple(kind for kind, _ in STATUSES)


def refusal_status(error: Exception) -> int:
    """The status a refusal is answered with; raises ``error`` again for
    anything that is not a refusal (a bug, which must not pass as one)."""
    for kind, status in STATUSES:
        if isinstance(error, kind):
            return status
    raise error
