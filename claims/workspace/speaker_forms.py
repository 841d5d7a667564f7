"""Forms of the speaker pages: a speaker's record, the list's filters, and
the choice of the record a duplicate is merged into."""

from __future__ import annotations

from django import forms

from claims.domain.limits import ALIAS_LENGTH, MAX_ALIASES
from claims.models import Speaker
from claims.words import fold


class SpeakerForm(forms.ModelForm):
    # The version the journalist read: the save is refused if it moved on.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    aliases = forms.CharField(
        label="Other names and spellings",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text="One per line, in any script: “Сергей Лавров”, “Sergey Lavrov”.",
    )

    class Meta:
        model = Speaker
        fields = ["name", "kind", "aliases", "description", "wikidata_id"]
        widgets = {
            "name": forms.TextInput(attrs={"dir": "auto"}),
            "description": forms.TextInput(attrs={"dir": "auto"}),
            "wikidata_id": forms.TextInput(attrs={"placeholder": "Q7747", "autocomplete": "off"}),
        }
        error_messages = {"name": {"required": "Give the speaker's name."}}

    # Merged after an edit conflict (``claims.workspace.conflicts.at_version``).
    saved_fields = tuple(Meta.fields)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["version"].error_messages["required"] = (
                "The form lost track of the version it was opened at; reload the page and edit again."
            )
            self.initial.setdefault("version", self.instance.version)
            if not self.is_bound:
                self.initial["aliases"] = self.as_data(self.instance, "aliases")
        else:
            del self.fields["version"]

    @staticmethod
    def as_data(speaker: Speaker, name: str) -> str:
        """The speaker's field ``name`` as this form's data spells it."""
        if name == "aliases":
            return "\n".join(speaker.aliases)
        return str(getattr(speaker, name))

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_aliases(self) -> list[str]:
        aliases, seen = [], set()
        for line in self.cleaned_data["aliases"].splitlines():
            alias = " ".join(line.split())
            if not alias or fold(alias) in seen:
                continue
            if len(alias) > ALIAS_LENGTH:
                raise forms.ValidationError(
                    f"An alias can have at most {ALIAS_LENGTH} characters; “{alias[:40]}…” has {len(alias)}."
                )
            seen.add(fold(alias))
            aliases.append(alias)
        if len(aliases) > MAX_ALIASES:
            raise forms.ValidationError(
                f"A speaker can have at most {MAX_ALIASES} other names; this list has {len(aliases)}.",
                code="too_many",
            )
        return aliases

    def clean_wikidata_id(self) -> str:
        # "q7747" is what people type from memory; the id itself is "Q7747".
        value = self.cleaned_data["wikidata_id"].strip()
        return "Q" + value[1:] if value[:1] == "q" else value

    def clean(self) -> dict:
        data = super().clean()
        name = data.get("name")
        if name and "aliases" in data:
            # The name itself is not an alias of itself.
            data["aliases"] = [a for a in data["aliases"] if fold(a) != fold(name)]
        return data


class SpeakerFilterForm(forms.Form):
    q = forms.CharField(
        label="Name or alias",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "dir": "auto", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any kind"), *Speaker.Kind.choices])


class MergeForm(forms.Form):
    """The record a duplicate is merged into."""

    into = forms.ModelChoiceField(
        label="Merge into",
        queryset=Speaker.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the record to keep.",
            "invalid_choice": "That record cannot be chosen (it may have just been merged); search again.",
        },
    )

    def __init__(self, *args, duplicate: Speaker, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Speaker.objects.exclude(pk=duplicate.pk)
