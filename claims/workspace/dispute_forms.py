"""Forms of the dispute pages: the dispute itself, and attaching a claim."""

from __future__ import annotations

from django import forms

from claims.domain.limits import MAX_SUMMARY_LENGTH, at_most
from claims.models import Claim, Dispute


class DisputeForm(forms.ModelForm):
    # The version the journalist read: the save is refused if it moved on.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    summary = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        validators=[at_most(MAX_SUMMARY_LENGTH, "A summary")],
    )

    class Meta:
        model = Dispute
        fields = ["question", "date", "place", "summary"]
        widgets = {
            "question": forms.TextInput(attrs={"dir": "auto"}),
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "place": forms.TextInput(attrs={"dir": "auto", "placeholder": "Northern Homs province, Syria"}),
        }
        error_messages = {
            "question": {"required": "Give the contested question."},
            "date": {"invalid": "Enter the date as year-month-day, such as 2015-09-30."},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["version"].error_messages["required"] = (
                "The form lost track of the version it was opened at; reload the page and edit again."
            )
            self.initial.setdefault("version", self.instance.version)
        else:
            del self.fields["version"]

    def clean_question(self) -> str:
        return " ".join(self.cleaned_data["question"].split())


class AttachForm(forms.Form):
    q = forms.CharField(
        label="Find the claim",
        required=False,
        max_length=200,
        help_text="Type words of its wording, or its speaker's name or role.",
        widget=forms.TextInput(attrs={"type": "search", "dir": "auto", "autocomplete": "off"}),
    )
    claim = forms.ModelChoiceField(
        queryset=Claim.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose one of the claims found, or search for it by its words or its speaker.",
            "invalid_choice": (
                "That claim cannot be added (it may be withdrawn or already here); search again."
            ),
        },
    )
    stance = forms.ChoiceField(
        label="Its stance on the question",
        choices=Claim.DisputeStance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the claim's stance on the question."},
    )

    def __init__(self, *args, dispute: Dispute, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["claim"].queryset = Claim.objects.active().exclude(dispute=dispute)
