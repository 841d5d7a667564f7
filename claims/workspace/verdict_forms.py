"""Forms for proposing, editing, withdrawing and deciding verdicts.

They only validate what was typed; every state change goes through
``claims.domain.workflow``, which checks who may make it and whether the move is
allowed.
"""

from __future__ import annotations

from django import forms

from claims.domain.claim_parts import rationale_errors
from claims.domain.limits import MAX_RATIONALE_LENGTH, MAX_VERDICT_EVIDENCE, at_most
from claims.models import Claim, Evidence, Rating

RATIONALE_HELP = (
    "Why this rating. Limited HTML is allowed (paragraphs, emphasis, links, lists, quotes); "
    "anything else is removed when the verdict is saved."
)


def default_ratings():
    """The ratings a verdict may give: the default scale's, in its order."""
    return Rating.objects.filter(scale__is_default=True).order_by("order")


class RatingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Rating) -> str:
        return obj.label


class EvidenceChoiceField(forms.ModelMultipleChoiceField):
    """Django checks that each id posted is a number, not that the database
    can hold it: an id past its integers fails the ``pk__in`` query
    (OverflowError on SQLite, DataError on PostgreSQL) instead of being an
    invalid choice. No evidence has such an id, so it is one."""

    MAX_ID = 2**63 - 1  # the largest BigAutoField

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if text.lstrip("-").isdigit() and not 0 < int(text) <= self.MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)


class VerdictForm(forms.Form):
    """A new verdict, or a draft edited by its author (``versioned``)."""

    rating = RatingChoiceField(
        queryset=Rating.objects.none(),
        empty_label="Choose a rating",
        help_text="The ratings are described below.",
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        help_text=RATIONALE_HELP,
        validators=[at_most(MAX_RATIONALE_LENGTH, "A rationale")],
    )
    evidence = EvidenceChoiceField(
        queryset=Evidence.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Evidence it rests on",
    )

    def __init__(self, *args, claim: Claim, versioned: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rating"].queryset = default_ratings()
        # Withdrawn evidence is not offered, but a draft keeps what it cites.
        self.fields["evidence"].queryset = Evidence.objects.filter(claim=claim, withdrawn_at__isnull=True)
        if versioned:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean_evidence(self) -> list[Evidence]:
        evidence = list(self.cleaned_data["evidence"])
        if len(evidence) > MAX_VERDICT_EVIDENCE:
            raise forms.ValidationError(
                f"A verdict can rest on at most {MAX_VERDICT_EVIDENCE} pieces of evidence; "
                f"{len(evidence)} are ticked. Keep the ones the rating depends on.",
                code="too_many",
            )
        return evidence

    def clean_rationale(self) -> str:
        rationale = self.cleaned_data["rationale"].strip()
        for message in rationale_errors(rationale).values():
            raise forms.ValidationError(message)
        return rationale

    @property
    def ratings(self) -> list[Rating]:
        """The ratings with their descriptions, listed beside the select."""
        return list(self.fields["rating"].queryset)


class WithdrawVerdictForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        label="Why you withdraw it (optional)",
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        label="Reason for rejecting",
        help_text="Required: the author reads it.",
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give a reason for rejecting the verdict.")
        return reason
