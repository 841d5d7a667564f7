"""Forms of the claim editor: the claim itself, its relations, evidence and
figures, and withdrawing or restoring any of them.

Forms parse and check what the journalist typed, including what the database
constraints would refuse (a relation to itself, a duplicate relation, a
figure with both a value and a range), so that a bad input is a message and
never an IntegrityError. Saving is ``claims.domain.editing``'s job.
"""

from __future__ import annotations

from functools import cached_property

from django import forms

from claims.domain.claim_parts import (
    DUPLICATE_RELATION,
    claim_errors,
    evidence_errors,
    figure_errors,
    relation_errors,
    relation_exists,
)
from claims.domain.limits import MAX_CLAIM_LENGTH, MAX_DESCRIPTION_LENGTH, MAX_NOTE_LENGTH, at_most
from claims.domain.lookups import find_claims, find_speakers
from claims.models import Claim, ClaimRelation, Dispute, Evidence, Figure, Speaker
from claims.workspace.forms import SEARCH_RESULTS, checked_speaker
from sources.forms import HttpURLField
from sources.models import Source

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERROR = "Enter the date as year-month-day, such as 2015-09-30."


class VersionedForm(forms.Form):
    """A form for an object someone else may save meanwhile: it carries the
    version it was read at, which ``claims.domain.editing.save_versioned`` checks."""

    # The form's fields that hold the model's field of the same name, which
    # a conflict merges (``claims.workspace.conflicts.at_version``).
    saved_fields: tuple[str, ...] = ()

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].error_messages["required"] = (
            "The form is missing the version it was opened at; reload the page and try again."
        )
        self.fields["version"].error_messages["invalid"] = self.fields["version"].error_messages["required"]


class ClaimForm(VersionedForm):
    saved_fields = ("text", "speaker", "speaker_role", "claimed_on", "venue", "dispute", "dispute_stance")

    text = forms.CharField(
        label="Wording",
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text="One checkable statement, in the newsroom's normalized wording.",
        error_messages={"required": "Give the claim's wording."},
        validators=[at_most(MAX_CLAIM_LENGTH, "A claim's wording")],
    )
    speaker = forms.ModelChoiceField(
        queryset=Speaker.objects.all(),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "That speaker no longer exists; search for the speaker again."},
    )
    speaker_name = forms.CharField(
        label="Speaker",
        max_length=200,
        required=False,
        help_text="Type to search, then choose one of the speakers found.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "auto", "type": "search"}),
    )
    speaker_role = forms.CharField(
        label="Speaker's role when speaking",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "placeholder": "Russian Foreign Minister"}),
    )
    claimed_on = forms.DateField(
        label="Date of the claim", required=False, widget=DATE_WIDGET, error_messages={"invalid": DATE_ERROR}
    )
    venue = forms.CharField(
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "placeholder": "interview with AFP, New York"}),
    )
    dispute = forms.ModelChoiceField(
        queryset=Dispute.objects.order_by("question"),
        required=False,
        empty_label="(no dispute)",
        error_messages={"invalid_choice": "That dispute no longer exists; choose another."},
    )
    dispute_stance = forms.ChoiceField(
        label="Stance on the dispute's question",
        choices=[("", "(not said)"), *Claim.DisputeStance.choices],
        required=False,
    )

    @classmethod
    def for_claim(cls, claim: Claim, **kwargs) -> ClaimForm:
        initial = {
            "version": claim.version,
            "text": claim.text,
            "speaker": claim.speaker_id,
            "speaker_name": claim.speaker.name,
            "speaker_role": claim.speaker_role,
            "claimed_on": claim.claimed_on,
            "venue": claim.venue,
            "dispute": claim.dispute_id,
            "dispute_stance": claim.dispute_stance,
        }
        return cls(initial=initial, prefix="claim", **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("speaker") and "speaker" not in self.errors:
            # Typing a known name exactly picks that speaker, as the radio
            # button checked for it says.
            typed = (data.get("speaker_name") or "").strip()
            checked = checked_speaker("", typed, self.speaker_results)
            if checked:
                data["speaker"] = next(s for s in self.speaker_results if str(s.pk) == checked)
            else:
                self.add_error(
                    "speaker_name",
                    "Choose one of the speakers found. A new speaker is added on the speakers page."
                    if typed
                    else "Type the speaker's name and choose them from the speakers found.",
                )
        stance = data.get("dispute_stance") or ""
        for name, message in claim_errors(dispute=data.get("dispute"), dispute_stance=stance).items():
            self.add_error(name, message)
        return data

    @cached_property
    def speaker_results(self) -> list[Speaker]:
        query = (self["speaker_name"].value() or "").strip()
        return list(find_speakers(query)[:SEARCH_RESULTS]) if query else []

    @property
    def speaker_checked(self) -> str:
        return checked_speaker(
            str(self["speaker"].value() or ""), self["speaker_name"].value() or "", self.speaker_results
        )

    def apply(self, claim: Claim) -> list[str]:
        """Put the cleaned values on ``claim``; the names of the fields to save."""
        for name in self.saved_fields:
            setattr(claim, name, self.cleaned_data[name])
        return list(self.saved_fields)


class RelationForm(VersionedForm):
    """A relation's kind and note, as edited from either end."""

    saved_fields = ("kind", "note")
    kind = forms.ChoiceField(label="Relation", choices=ClaimRelation.Kind.choices)
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text="Why they are related, in a sentence.",
        validators=[at_most(MAX_NOTE_LENGTH, "A note")],
    )

    def __init__(self, *args, relation: ClaimRelation | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.relation = relation

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        relation = self.relation
        changed = relation is not None and kind and kind != relation.kind
        if changed and relation_exists(
            relation.from_claim_id, relation.to_claim_id, kind, exclude=relation.pk
        ):
            self.add_error("kind", DUPLICATE_RELATION)
        return data


class NewRelationForm(forms.Form):
    """A relation from this claim to another, found by search-as-you-type."""

    kind = forms.ChoiceField(
        label="This claim…",
        choices=ClaimRelation.Kind.choices,
        error_messages={"required": "Choose how the claims are related."},
    )
    claim_q = forms.CharField(
        label="Find the other claim",
        required=False,
        max_length=200,
        help_text="Type words of its wording or its speaker's name.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "auto", "type": "search"}),
    )
    other = forms.ModelChoiceField(
        queryset=Claim.objects.active(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the other claim among those found; search by its words or its speaker.",
            "invalid_choice": "That claim cannot be chosen (it may have been withdrawn); search again.",
        },
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text="Why they are related, in a sentence.",
        validators=[at_most(MAX_NOTE_LENGTH, "A note")],
    )

    def __init__(self, *args, claim: Claim, **kwargs) -> None:
        kwargs.setdefault("prefix", "rel")
        super().__init__(*args, **kwargs)
        self.claim = claim

    def clean(self) -> dict:
        data = super().clean()
        other, kind = data.get("other"), data.get("kind")
        if other is not None and kind:
            for name, message in relation_errors(claim=self.claim, other=other, kind=kind).items():
                self.add_error(name, message)
        return data

    @cached_property
    def claim_results(self) -> list[Claim]:
        query = (self["claim_q"].value() or "").strip()
        return relation_candidates(query, self.claim) if query else []

    @property
    def claim_checked(self) -> str:
        return str(self["other"].value() or "")


def relation_candidates(query: str, claim: Claim) -> list[Claim]:
    """Claims matching the words typed, other than ``claim`` itself."""
    others = Claim.objects.active().exclude(pk=claim.pk)
    return list(find_claims(query, claims=others)[:SEARCH_RESULTS])


class WithdrawForm(VersionedForm):
    reason = forms.CharField(
        label="Why withdraw it?",
        max_length=2000,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        error_messages={"required": "Say why it is withdrawn."},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say why it is withdrawn.")
        return reason


class RestoreForm(VersionedForm):
    pass


class EvidenceForm(forms.ModelForm):
    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    url = HttpURLField(
        label="URL",
        required=False,
        help_text="Or a link to it elsewhere: http:// or https:// only.",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    description = forms.CharField(
        required=False,
        validators=[at_most(MAX_DESCRIPTION_LENGTH, "A description")],
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text="What it shows. Simple HTML is allowed (paragraphs, links, lists, emphasis); "
        "anything else is removed when it is saved.",
    )

    class Meta:
        model = Evidence
        fields = ["stance", "kind", "title", "source", "url", "description", "reliability"]
        labels = {"source": "A source in Counterclaim", "reliability": "Reliability of the source"}
        help_texts = {"reliability": "The Admiralty grade of the source: A is completely reliable."}
        widgets = {"title": forms.TextInput(attrs={"dir": "auto"})}
        error_messages = {
            "title": {"required": "Give the evidence a title."},
            "stance": {"required": "Say whether it supports or refutes the claim, or gives context."},
            "kind": {"required": "Choose the kind of evidence."},
        }

    saved_fields = tuple(Meta.fields)

    def __init__(self, *args, source_choices: list | None = None, versioned: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Source.objects.order_by("title")
        self.fields["source"].empty_label = "(none)"
        if source_choices is not None:
            # The page shows one form per item; the choices are read once
            # and shared, so the page's queries do not grow with the items.
            self.fields["source"].choices = source_choices
        if versioned:
            self.fields["version"].required = True
            self.fields["version"].error_messages["required"] = (
                "The form is missing the version it was opened at; reload the page and try again."
            )

    def clean(self) -> dict:
        data = super().clean()
        for name, message in evidence_errors(source=data.get("source"), url=data.get("url") or "").items():
            self.add_error(name, message)
        return data


def source_choices() -> list[tuple]:
    return [("", "(none)"), *((s.pk, s.title) for s in Source.objects.order_by("title").only("pk", "title"))]


class FigureForm(forms.ModelForm):
    class Meta:
        model = Figure
        fields = ["counted", "qualifier", "value", "minimum", "maximum", "unit", "quote"]
        labels = {"minimum": "Or a range from", "maximum": "to", "quote": "Stated in"}
        help_texts = {"value": "One number; or leave it empty and give a range."}
        widgets = {
            "counted": forms.TextInput(attrs={"dir": "auto"}),
            "unit": forms.TextInput(attrs={"dir": "auto"}),
        }
        error_messages = {"counted": {"required": "Say what is counted, such as “civilians killed”."}}

    def __init__(self, *args, claim: Claim, quote_choices: list | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.claim = claim
        quote = self.fields["quote"]
        quote.queryset = claim.quotes.all()
        quote.empty_label = "(not linked to a quote)"
        quote.error_messages["invalid_choice"] = "Choose one of this claim's quotes."
        quote.choices = quote_choices if quote_choices is not None else figure_quote_choices(claim)
        for name in ("value", "minimum", "maximum"):
            self.fields[name].error_messages["invalid"] = "Enter a number, such as 36 or 2.5."

    def clean(self) -> dict:
        data = super().clean()
        value, low, high = data.get("value"), data.get("minimum"), data.get("maximum")
        if any(name in self.errors for name in ("value", "minimum", "maximum")):
            return data
        for name, message in figure_errors(value=value, minimum=low, maximum=high).items():
            self.add_error(name, message)
        return data

    def _post_clean(self) -> None:
        self.instance.claim = self.claim
        super()._post_clean()


def figure_quote_choices(claim: Claim) -> list[tuple]:
    quotes = claim.quotes.order_by("start", "pk")
    return [("", "(not linked to a quote)"), *((q.pk, f"“{q.exact[:90]}”") for q in quotes)]
