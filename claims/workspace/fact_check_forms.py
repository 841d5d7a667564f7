"""The forms of importing other fact-checkers' reviews: the JSON-LD given,
the match chosen for each review, and the token that carries the input from
the first step to the second."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError

from claims.domain.claimreview_import import MAX_BYTES, Review
from claims.domain.similar import SimilarClaim

NO_MATCH = "none"
NOTHING_GIVEN = "Upload a JSON or JSON-LD file, or paste the JSON-LD."
BOTH_GIVEN = "Give either a file or pasted JSON-LD, not both."
# The input travels from the preview to the confirmation signed, never
# stored: nothing is saved before the editor confirms. A preview left open
# longer than this is read again from the file.
TOKEN_SALT = "claims.fact-check-import"
TOKEN_MAX_AGE = 6 * 60 * 60
EXPIRED = "This preview has expired or was altered. Give the file again to import it."


class ClaimReviewInputForm(forms.Form):
    upload = forms.FileField(
        label="Upload a file",
        required=False,
        help_text="A ClaimReview feed (DataFeed) or a page's JSON-LD, as UTF-8 JSON, up to 2 MB.",
    )
    text = forms.CharField(
        label="Or paste the JSON-LD",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false", "dir": "ltr"}),
        help_text='The contents of a page\'s <script type="application/ld+json"> element, or a whole feed.',
    )

    def clean(self) -> dict[str, Any]:
        """Exactly one of file and paste; its bytes go to ``cleaned_data["raw"]``
        (a file's only after its size is checked)."""
        cleaned = super().clean()
        upload, pasted = cleaned.get("upload"), (cleaned.get("text") or "").strip()
        if upload and pasted:
            raise ValidationError(BOTH_GIVEN)
        if not upload and not pasted:
            raise ValidationError(NOTHING_GIVEN)
        if upload:
            if upload.size > MAX_BYTES:
                raise ValidationError(
                    f"The file is {upload.size:,} bytes; the limit is {MAX_BYTES:,} bytes (2 MB)."
                )
            cleaned["raw"], cleaned["filename"] = upload.read(), upload.name or ""
        else:
            cleaned["raw"], cleaned["filename"] = cleaned["text"].encode(), ""
        return cleaned


def make_token(*, text: str, filename: str, user_pk: int) -> str:
    return signing.dumps({"u": user_pk, "f": filename, "j": text}, salt=TOKEN_SALT, compress=True)


def read_token(token: str, *, user_pk: int) -> tuple[str, str]:
    """The JSON text and file name a preview was made from; ValidationError
    when the token is not one this editor was given, or is too old."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(EXPIRED) from None
    if not isinstance(data, dict) or data.get("u") != user_pk:
        raise ValidationError(EXPIRED)
    return data["j"], data["f"]


def match_field_name(index: int) -> str:
    return f"match-{index}"


class MatchForm(forms.Form):
    """One choice per review: a suggested claim, or no match."""

    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, rows: list[tuple[Review, list[SimilarClaim]]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for review, suggestions in rows:
            choices = [(str(s.claim.pk), s.claim.text) for s in suggestions]
            self.fields[match_field_name(review.index)] = forms.ChoiceField(
                label=f"The claim here that item {review.index} reviewed",
                choices=[*choices, (NO_MATCH, "No match: list it for creating a claim")],
                initial=NO_MATCH,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose one of the claims offered, or no match."},
            )

    def matches(self) -> dict[int, int | None]:
        """The claim chosen for each review's index, None for no match."""
        chosen = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("match-"):
                chosen[int(name.removeprefix("match-"))] = None if value == NO_MATCH else int(value)
        return chosen


class MatchOneForm(forms.Form):
    """Matching one imported review, later, from the list of those without a claim."""

    claim = forms.IntegerField(label="The claim it reviewed", min_value=1, max_value=2**63 - 1)
