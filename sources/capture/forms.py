"""The forms of capture: a link or a PDF to capture, and the review of what
was extracted before it is saved as a source."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from sources.forms import HttpURLField, SourceImportForm, whole_text
from sources.models import Source

MEGABYTE = 1024 * 1024
NOTHING_GIVEN = "Paste a link, or choose a PDF file."
BOTH_GIVEN = "Give either a link or a PDF file, not both."
NOT_A_PDF = "The file is not a PDF. Upload a .pdf file, or import other documents by pasting their text."


class CaptureForm(forms.Form):
    url = HttpURLField(
        label="Link to the page",
        required=False,
        help_text="The article's address, starting with http:// or https://. Counterclaim fetches it, "
        "keeps an exact copy, and extracts the article's text for you to check.",
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "off"}),
    )
    pdf = forms.FileField(
        label="Or upload a PDF",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
        error_messages={"empty": "The file is empty."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pdf"].help_text = (
            f"A report or a statement with a text layer, up to {settings.PDF_MAX_BYTES // MEGABYTE} MB "
            f"and {settings.PDF_MAX_PAGES:,} pages. Quotes keep the page they are on."
        )
        self.existing: Source | None = None

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if url:
            self.existing = Source.objects.filter(url=url).order_by("pk").first()
            if self.existing is not None:
                raise ValidationError(
                    f"This link was already captured as “{self.existing.title}”: "
                    "open it and use “Check for changes” to capture it again.",
                    code="captured",
                )
        return url

    def clean_pdf(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("pdf")
        if not upload:
            return None
        if upload.size > settings.PDF_MAX_BYTES:
            raise ValidationError(
                f"The file is {upload.size / MEGABYTE:.1f} MB; the limit is "
                f"{settings.PDF_MAX_BYTES // MEGABYTE} MB.",
                code="too_big",
            )
        upload.seek(0)
        if not upload.read(5).startswith(b"%PDF-"):
            raise ValidationError(NOT_A_PDF, code="not_pdf")
        upload.seek(0)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        has_url = bool(self.data.get(self.add_prefix("url"), "").strip())
        has_pdf = bool(self.files.get(self.add_prefix("pdf")))
        if has_url and has_pdf:
            raise ValidationError(BOTH_GIVEN, code="both")
        if not has_url and not has_pdf:
            self.add_error("url", ValidationError(NOTHING_GIVEN, code="nothing"))
        return cleaned


class CaptureReviewForm(forms.ModelForm):
    """What extraction found, for the journalist to correct before saving."""

    text = forms.CharField(
        label="Text",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20, "dir": "auto", "spellcheck": "false"}),
        help_text="The text as it will be kept for selecting quotes. Remove anything that is not "
        "part of the document; keep a blank line between paragraphs.",
        error_messages={"required": "The text cannot be empty."},
    )

    class Meta:
        model = Source
        fields = ["title", "kind", "outlet", "url", "authors", "language", "published_on"]
        labels = SourceImportForm.Meta.labels
        help_texts = SourceImportForm.Meta.help_texts
        widgets = SourceImportForm.Meta.widgets
        error_messages = SourceImportForm.Meta.error_messages

    def __init__(self, *args: Any, paged: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["url"] = HttpURLField(
            label="URL", required=False, help_text="Where the document was published."
        )
        if paged:
            # A PDF's text stays as extracted, so that every quote's page number is true.
            self.fields["text"].disabled = True
            self.fields["text"].help_text = (
                "The text as extracted from the PDF, page by page, kept as it is so that each "
                "quote's page number is true. Correct it after saving with “Revise the text”: "
                "the page numbers follow their words."
            )

    def clean_text(self) -> str:
        return whole_text(self.cleaned_data["text"])

    def metadata(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


def review_initial(capture, *, text: str) -> dict[str, Any]:
    """The review form's first values, from what extraction found."""
    found = capture.metadata
    language = found.get("language") or ""
    known = {code for code, _ in Source._meta.get_field("language").choices}
    return {
        "title": found.get("title") or capture.filename or "",
        "kind": Source.Kind.REPORT if capture.is_pdf else Source.Kind.ARTICLE,
        "outlet": found.get("outlet", ""),
        "url": capture.final_url,
        "authors": ", ".join(found.get("authors") or []),
        "language": language if language in known else "en",
        "published_on": found.get("published_on") or None,
        "text": text,
    }
