"""The browse page's form: a search and filters, all optional, with the
choices ``claims.domain.browsing.FilterChoices`` offers."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from claims.domain.browsing import FilterChoices
from claims.models import Appearance, Claim, Verdict

UNRATED = "unrated"


class PlainSelect(forms.Select):
    """A ``<select>`` written out here rather than through Django's widget
    templates, which render each option with a template of its own: with a
    few hundred speakers and disputes to choose from, that was most of the
    page's time."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        current = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((option, SELECTED if str(option) == current else "", label) for option, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


SELECTED = format_html("{}", " selected")


class BrowseForm(forms.Form):
    """The filters, all optional; choices come from ``FilterChoices``."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Words from a claim, a quote, a speaker's name or a dispute's question, in any language.",
        widget=forms.TextInput(attrs={"type": "search", "dir": "auto"}),
    )
    rating = forms.ChoiceField(label="Rating", required=False, widget=PlainSelect)
    speaker = forms.ChoiceField(label="Speaker", required=False, widget=PlainSelect)
    dispute = forms.ChoiceField(label="Dispute", required=False, widget=PlainSelect)
    language = forms.ChoiceField(
        label="Language of the source",
        required=False,
        help_text="Claims quoted from a source in this language.",
        widget=PlainSelect,
    )
    date_from = forms.DateField(
        label="Claimed on or after",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the date as year-month-day, such as 2015-09-30."},
    )
    date_to = forms.DateField(
        label="Claimed on or before",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the date as year-month-day, such as 2015-10-01."},
    )

    def __init__(self, *args, choices: FilterChoices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.fields["rating"].choices = [
            ("", "Any rating"),
            *((rating.slug, rating.label) for rating in choices.ratings),
            (UNRATED, "Not rated yet"),
        ]
        self.fields["speaker"].choices = [("", "Any speaker"), *((s.slug, s.name) for s in choices.speakers)]
        self.fields["dispute"].choices = [
            ("", "Any dispute"),
            *((d.slug, d.question) for d in choices.disputes),
        ]
        self.fields["language"].choices = [("", "Any language"), *choices.languages]
        unknown = "There is no such {} among the published claims; choose one from the list."
        for name, noun in (
            ("rating", "rating"),
            ("speaker", "speaker"),
            ("dispute", "dispute"),
            ("language", "language"),
        ):
            self.fields[name].error_messages["invalid_choice"] = unknown.format(noun)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "This date is before the first one: the range would be empty.")
        return data

    def filtered(self, claims: QuerySet[Claim]) -> QuerySet[Claim]:
        """``claims`` narrowed by every filter given. Call on a valid form."""
        data = self.cleaned_data
        if data["rating"] == UNRATED:
            claims = claims.exclude(Exists(Verdict.objects.approved().filter(claim=OuterRef("pk"))))
        elif data["rating"]:
            rating = next(r for r in self.choices.ratings if r.slug == data["rating"])
            claims = claims.filter(
                Exists(Verdict.objects.approved().filter(claim=OuterRef("pk"), rating_id=rating.pk))
            )
        if data["speaker"]:
            claims = claims.filter(
                speaker_id=next(s.pk for s in self.choices.speakers if s.slug == data["speaker"])
            )
        if data["dispute"]:
            claims = claims.filter(
                dispute_id=next(d.pk for d in self.choices.disputes if d.slug == data["dispute"])
            )
        if data["language"]:
            claims = claims.filter(
                Exists(
                    Appearance.objects.filter(
                        claim=OuterRef("pk"), quote__revision__source__language=data["language"]
                    )
                )
            )
        if data["date_from"]:
            claims = claims.filter(claimed_on__gte=data["date_from"])
        if data["date_to"]:
            claims = claims.filter(claimed_on__lte=data["date_to"])
        return claims
