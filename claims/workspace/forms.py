"""Forms of the source reader: a selection, a new claim, an existing claim,
and the typed words that stand in for a selection without JavaScript.

Forms only parse and check what the journalist typed; whether a passage can
become a quote is decided by ``claims.domain.annotating``, inside its transaction.
"""

from __future__ import annotations

from functools import cached_property

from django import forms
from django.db.models import QuerySet

from claims.domain.annotating import NewSpeaker
from claims.domain.limits import (
    MAX_CLAIM_LENGTH,
    MAX_SELECTION_LENGTH,
    MAX_WORDS_LENGTH,
    at_most,
)
from claims.domain.lookups import find_claims, find_speakers, speaker_with_name
from claims.models import Claim, Speaker
from sources.models import Quote, SourceRevision

SEARCH_RESULTS = 8


class SelectionForm(forms.Form):
    """A selection as the browser computed it: code-point offsets into a
    revision's text and the words it saw there."""

    revision = forms.ModelChoiceField(queryset=SourceRevision.objects.none(), widget=forms.HiddenInput)
    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    exact = forms.CharField(
        strip=False,
        required=False,
        widget=forms.HiddenInput,
        validators=[at_most(MAX_SELECTION_LENGTH, "The selected passage")],
    )

    def __init__(self, *args, source, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["revision"].queryset = source.revisions.select_related("source")
        self.fields["revision"].error_messages["invalid_choice"] = (
            "That revision is not a revision of this source; reload the page and select again."
        )

    def error_text(self) -> str:
        """All errors as one sentence: the fields are hidden, so errors are
        shown above the form rather than beside a field."""
        return " ".join(message for errors in self.errors.values() for message in errors)


class NewClaimForm(forms.Form):
    text = forms.CharField(
        label="Claim, in our wording",
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text="One checkable statement. Prefilled with the passage: edit it into the newsroom's wording.",
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
        help_text="Type to search. Choose a speaker found, or keep the name typed to add a new speaker.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "auto", "type": "search"}),
    )
    speaker_kind = forms.ChoiceField(
        label="Kind of speaker, if new",
        choices=Speaker.Kind.choices,
        initial=Speaker.Kind.PERSON,
    )
    speaker_role = forms.CharField(
        label="Speaker's role when speaking",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "placeholder": "Russian Foreign Minister"}),
    )
    claimed_on = forms.DateField(
        label="Date of the claim",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the date as year-month-day, such as 2015-09-30."},
    )
    venue = forms.CharField(
        label="Venue",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "placeholder": "interview with AFP, New York"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("speaker") and not (data.get("speaker_name") or "").strip():
            self.add_error("speaker_name", "Choose a speaker, or type a name to add a new one.")
        return data

    def chosen_speaker(self) -> Speaker | NewSpeaker:
        """The speaker chosen from the search, else the one named (created
        if new). Call on a valid form."""
        data = self.cleaned_data
        if data.get("speaker"):
            return data["speaker"]
        return NewSpeaker(name=data["speaker_name"], kind=data["speaker_kind"])

    @cached_property
    def speaker_results(self) -> list[Speaker]:
        """Speakers to offer as radio buttons when the form is shown again."""
        query = (self["speaker_name"].value() or "").strip()
        return list(find_speakers(query)[:SEARCH_RESULTS]) if query else []

    @property
    def speaker_checked(self) -> str:
        """The speaker radio button to check: the one chosen, else a speaker
        whose name is exactly the one typed."""
        return checked_speaker(
            str(self["speaker"].value() or ""), (self["speaker_name"].value() or ""), self.speaker_results
        )


class ExistingClaimForm(forms.Form):
    claim_q = forms.CharField(
        label="Find the claim",
        required=False,
        max_length=200,
        help_text="Type words of its wording or its speaker's name.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "auto", "type": "search"}),
    )
    claim = forms.ModelChoiceField(
        queryset=Claim.objects.active(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose one of the claims listed, or search for it by its words or its speaker.",
            "invalid_choice": "That claim cannot be chosen (it may have been withdrawn); search again.",
        },
    )

    def __init__(self, *args, default_claims: QuerySet[Claim] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.default_claims = default_claims

    @cached_property
    def claim_results(self) -> list[Claim]:
        """Claims to offer as radio buttons: those matching the search typed,
        else the claims already quoted in this source."""
        query = (self["claim_q"].value() or "").strip()
        if query:
            return list(find_claims(query)[:SEARCH_RESULTS])
        return list(self.default_claims) if self.default_claims is not None else []

    @property
    def claim_checked(self) -> str:
        return str(self["claim"].value() or "")


class WordsForm(forms.Form):
    """The passage typed instead of selected, for a browser without JavaScript."""

    exact = forms.CharField(
        label="Exact words",
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text="Copy them exactly as they appear in the text.",
        error_messages={"required": "Type the words to quote, exactly as they appear in the text."},
        validators=[at_most(MAX_WORDS_LENGTH, "A quote")],
    )
    prefix = forms.CharField(
        label="Words just before them (optional)",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    suffix = forms.CharField(
        label="Words just after them (optional)",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )


def checked_speaker(chosen: str, typed: str, speakers: list[Speaker]) -> str:
    """The speaker radio button to check among ``speakers``: the one chosen,
    else the one whose name, or else an alias, is what was typed (compared
    as ``claims.domain.lookups.speaker_with_name`` compares, so typing a known
    name picks the speaker saving would pick), else none (a new speaker)."""
    if chosen and any(str(s.pk) == chosen for s in speakers):
        return chosen
    named = speaker_with_name(typed, among=speakers)
    return str(named.pk) if named is not None else ""


class ReselectForm(forms.Form):
    """Which quote that needs re-selecting the selected passage is for."""

    quote = forms.ModelChoiceField(
        label="The quote to re-select",
        queryset=Quote.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the quote these words are for.",
            "invalid_choice": "That quote no longer needs re-selecting; reload the page.",
        },
    )

    def __init__(self, *args, source, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quote"].queryset = (
            Quote.objects.filter(revision__source=source, orphaned=True)
            .select_related("appearance__claim__speaker")
            .order_by("pk")
        )
        self.fields["quote"].label_from_instance = _orphan_label


def _orphan_label(quote: Quote) -> str:
    appearance = getattr(quote, "appearance", None)
    who = f"{appearance.claim.speaker.name}: " if appearance is not None else ""
    return f"{who}“{quote.exact[:120]}”"
