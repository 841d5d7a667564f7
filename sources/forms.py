"""The form a journalist imports a source with: its metadata, and its text
pasted (plain or HTML) or uploaded as a .txt or .html file; and the URL field
every form that stores a web address uses."""

import math
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from sources.models import Source
from sources.text import html_to_text, normalize_text
from sources.unclosed import unclosed_construct
from sources.validators import validate_http_url

MEGABYTE = 1024 * 1024
MAX_UPLOAD_BYTES = 5 * MEGABYTE
# Pasted text is posted as a form field, and Django refuses a request whose
# fields add up to more than DATA_UPLOAD_MAX_MEMORY_SIZE (10 MB in
# config/settings.py) before any form sees it; 2,000,000 characters fit even
# in a script of two- or four-byte characters.
MAX_TEXT_CHARACTERS = 2_000_000
# The length of the URL columns (Source.url, Evidence.url).
MAX_URL_LENGTH = 2000
HTML_EXTENSIONS = (".html", ".htm")
TEXT_EXTENSIONS = (".txt",)
# UTF-16 and UTF-32 files start with one of these; they are text, but not
# UTF-8, and would otherwise be taken for binary files for their NUL bytes.
WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")

NOTHING_GIVEN = "Paste the text or upload a .txt or .html file."
BOTH_GIVEN = "Give either pasted text or a file, not both."
EMPTY_AFTER_MARKUP = "The text is empty once markup is removed."
EMPTY_FILE = "The file contains no text."
WRONG_EXTENSION = "Upload a .txt, .html or .pdf file."
NOT_UTF8 = "The file is not UTF-8 text. Save it as UTF-8 and upload it again."
NOT_TEXT = "The file is not a text file: it contains binary data. Upload a .txt, .html or .pdf file."


class HttpURLField(forms.CharField):
    """A web address, http:// or https:// only: every form that stores a URL
    uses it. Anything else (javascript:, data:, a protocol-relative
    ``//host``, a bare host name) gets the one message of
    ``validate_http_url``, where Django's URLField would give another or
    quietly complete a bare host with https:// itself."""

    widget = forms.URLInput
    default_validators = [validate_http_url]

    def __init__(self, *, max_length: int = MAX_URL_LENGTH, **kwargs: Any) -> None:
        super().__init__(max_length=max_length, **kwargs)


def _megabytes(size: int) -> str:
    """A size in megabytes with one decimal, rounded up so that a file just
    over the limit never reads as exactly at it."""
    tenths = math.ceil(size * 10 / MEGABYTE)
    return f"{tenths // 10}.{tenths % 10} MB" if tenths % 10 else f"{tenths // 10} MB"


class SourceImportForm(forms.ModelForm):
    class Format:
        PLAIN = "plain"
        HTML = "html"
        CHOICES = [(PLAIN, "Plain text"), (HTML, "HTML")]

    # The order of the page, so that the summary of errors follows it.
    field_order = ["text", "text_format", "upload", "title", "kind", "outlet", "url", "authors", "language"]

    # The uploaded file's decoded text, set by clean_upload.
    _upload_content: str | None = None

    text = forms.CharField(
        label="Text",
        required=False,
        # No max_length: browsers enforce it by silently cutting a paste short.
        widget=forms.Textarea(attrs={"rows": 14, "dir": "auto", "spellcheck": "false"}),
        help_text="Paste the document's text, or its HTML source. "
        f"Up to {MAX_TEXT_CHARACTERS:,} characters; upload a longer text as a file.",
    )
    text_format = forms.ChoiceField(
        label="The pasted text is",
        choices=Format.CHOICES,
        initial=Format.PLAIN,
        widget=forms.RadioSelect,
        help_text="HTML is turned into plain text with its paragraphs kept. "
        "An uploaded file is read by its extension.",
        error_messages={"required": "Say whether the pasted text is plain text or HTML."},
    )
    upload = forms.FileField(
        label="Or upload a file",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".txt,.html,.htm,.pdf,text/plain,text/html,application/pdf"}),
        help_text=f"A .txt or .html file saved as UTF-8, up to {_megabytes(MAX_UPLOAD_BYTES)}; "
        "or a PDF, whose text is extracted page by page for you to check.",
        error_messages={"empty": "The file is empty.", "invalid": WRONG_EXTENSION},
    )
    url = HttpURLField(
        label="URL",
        required=False,
        help_text="Where the document was published, starting with http:// or https://.",
    )

    class Meta:
        model = Source
        fields = ["title", "kind", "outlet", "url", "authors", "language", "published_on"]
        labels = {"kind": "Kind of document", "published_on": "Published on"}
        help_texts = {
            "title": "The headline, or the document's own title.",
            "kind": "What sort of document this is.",
            "outlet": "Who published it, such as Middle East Eye, AFP or TASS.",
            "authors": "Separate names with commas; leave empty if unsigned.",
            "language": "The language the text is written in.",
            "published_on": "The date it was published, if known.",
        }
        widgets = {
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "outlet": forms.TextInput(attrs={"dir": "auto"}),
            "authors": forms.TextInput(attrs={"dir": "auto"}),
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "title": {"required": "Give the source a title."},
            "kind": {"invalid_choice": "Choose a kind of document from the list."},
            "language": {"invalid_choice": "Choose a language from the list."},
            "published_on": {"invalid": "Enter the date as year-month-day, such as 2015-10-01."},
        }

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if len(text) > MAX_TEXT_CHARACTERS:
            raise ValidationError(
                f"The text is {len(text):,} characters long; the limit is {MAX_TEXT_CHARACTERS:,}. "
                "Upload it as a .txt or .html file instead.",
                code="too_long",
            )
        return text

    def clean_upload(self) -> UploadedFile | None:
        """Check the file's name, size and encoding, and keep its decoded text
        for ``clean`` (the file cannot be read twice)."""
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        name = (upload.name or "").lower()
        if not name.endswith(HTML_EXTENSIONS + TEXT_EXTENSIONS):
            raise ValidationError(WRONG_EXTENSION, code="extension")
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"The file is {_megabytes(upload.size)}; the limit is {_megabytes(MAX_UPLOAD_BYTES)}.",
                code="too_big",
            )
        data = upload.read()
        if data.startswith(WIDE_BOMS):
            raise ValidationError(NOT_UTF8, code="not_utf8")
        if b"\x00" in data:
            raise ValidationError(NOT_TEXT, code="binary")
        try:
            # utf-8-sig drops the byte-order mark Windows editors put first.
            self._upload_content = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(NOT_UTF8, code="not_utf8") from None
        return upload

    def clean(self) -> dict[str, Any]:
        """Exactly one of pasted text and file, and some text once it is made
        canonical; that text is left in ``cleaned_data["canonical_text"]``."""
        cleaned = super().clean()
        pasted = bool(self.data.get(self.add_prefix("text"), "").strip())
        uploaded = bool(self.files.get(self.add_prefix("upload")))
        if pasted and uploaded:
            raise ValidationError(BOTH_GIVEN, code="both")
        if not pasted and not uploaded:
            self.add_error("text", ValidationError(NOTHING_GIVEN, code="nothing"))
            return cleaned
        if self.has_error("text") or self.has_error("upload") or self.has_error("text_format"):
            return cleaned

        if uploaded:
            field, content = "upload", self._upload_content or ""
            is_html = cleaned["upload"].name.lower().endswith(HTML_EXTENSIONS)
        else:
            field, content = "text", cleaned["text"]
            is_html = cleaned["text_format"] == self.Format.HTML
        if is_html and (lost := unclosed_construct(content)):
            self.add_error(field, ValidationError(lost, code="unclosed"))
            return cleaned
        canonical = html_to_text(content) if is_html else normalize_text(content)
        if not canonical:
            message = EMPTY_AFTER_MARKUP if is_html else (EMPTY_FILE if uploaded else NOTHING_GIVEN)
            self.add_error(field, ValidationError(message, code="empty"))
        else:
            cleaned["canonical_text"] = canonical
        return cleaned

    def metadata(self) -> dict[str, Any]:
        """The source's own fields, for ``sources.importing.import_source``."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


def whole_text(text: str) -> str:
    """A source's whole text as a journalist typed or corrected it, made
    canonical; refused when too long or empty."""
    if len(text) > MAX_TEXT_CHARACTERS:
        raise ValidationError(f"The text has {len(text):,} characters; the limit is {MAX_TEXT_CHARACTERS:,}.")
    text = normalize_text(text)
    if not text:
        raise ValidationError("The text cannot be empty.")
    return text


class SourceRevisionForm(forms.Form):
    """A corrected or updated text for a source: saved as its next revision."""

    text = forms.CharField(
        label="Text",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "dir": "auto", "spellcheck": "false"}),
        help_text="The whole text as it should read now. The earlier revision is kept, and every "
        "quote is moved to where its words are in the new text.",
        error_messages={"required": "The text cannot be empty."},
    )
    note = forms.CharField(
        label="What changed",
        required=False,
        max_length=300,
        help_text="A short note for the history, such as “Outlet corrected the death toll”.",
    )

    def clean_text(self) -> str:
        return whole_text(self.cleaned_data["text"])
