"""Speakers in the workspace: the list with its search, a speaker's page with
their claims, the record's form, and merging two records of one speaker.

The list's results are a partial of ``workspace/speakers.html`` (``results``)
for search-as-you-type; the merge page's choices are a partial of
``workspace/speaker_merge.html`` (``choices``). Both find speakers with
``claims.domain.lookups.find_speakers``.

A speaker's record is saved through ``claims.domain.editing``, as a claim is:
the form carries the version it was opened at, and a save based on an older
version is refused (409) with what the other person changed, the form coming
back at the current version with the journalist's changes and, in the fields
they left alone, the other person's values.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from claims.access import workspace_required
from claims.domain.editing import EditConflict, as_it_was, save_versioned
from claims.domain.lookups import find_speakers
from claims.domain.speakers import merge_speakers, plan_merge
from claims.models import Claim, Speaker
from claims.workspace.speaker_forms import MergeForm, SpeakerFilterForm, SpeakerForm

SPEAKERS_PER_PAGE = 50
MERGE_CHOICES = 10
INVALID = 422
CONFLICT = 409
FORM_TEMPLATE = "workspace/speaker_form.html"


def _get_speaker(pk: int) -> Speaker:
    return get_object_or_404(Speaker, pk=pk)


@workspace_required
@require_GET
def speaker_list(request: HttpRequest) -> HttpResponse:
    filters = SpeakerFilterForm(request.GET)
    query, kind = "", ""
    if filters.is_valid():
        query, kind = filters.cleaned_data["q"], filters.cleaned_data["kind"]
    speakers = find_speakers(query, kind=kind).annotate(
        claim_count=Count("claims", filter=Q(claims__withdrawn_at__isnull=True))
    )
    page = Paginator(speakers, SPEAKERS_PER_PAGE).get_page(request.GET.get("page"))
    keep = request.GET.copy()
    keep.pop("page", None)
    context = {"filters": filters, "page": page, "query": query, "kind": kind, "keep": keep.urlencode()}
    template = "workspace/speakers.html"
    return render(request, f"{template}#results" if request.htmx else template, context)


@workspace_required
@require_GET
def speaker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    speaker = _get_speaker(pk)
    claims = (
        Claim.objects.active()
        .filter(speaker=speaker)
        .select_related("dispute")
        .order_by("-claimed_on", "-created_at", "-pk")
    )
    return render(request, "workspace/speaker.html", {"speaker": speaker, "claims": claims})


def _save_speaker(request: HttpRequest, form: SpeakerForm) -> Speaker:
    speaker = form.save(commit=False)
    speaker._history_user = request.user
    speaker.save()
    return speaker


@workspace_required
@require_http_methods(["GET", "POST"])
def speaker_create(request: HttpRequest) -> HttpResponse:
    form = SpeakerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        speaker = _save_speaker(request, form)
        messages.success(request, f"Speaker {speaker.name} added.")
        return redirect("workspace:speaker", speaker.pk)
    status = INVALID if form.is_bound else 200
    context = {"form": form, "speaker": None, "conflict": None}
    return render(request, FORM_TEMPLATE, context, status=status)


def _at_version(form: SpeakerForm, conflict: EditConflict) -> SpeakerForm:
    """``form`` again at the version now stored, so that the next save goes
    through on purpose: what the journalist changed, and in the fields they
    left alone, the other person's values. Saving again then overwrites only
    what both of them changed, which the conflict lists."""
    current = conflict.instance
    data = form.data.copy()
    data["version"] = str(current.version)
    base = as_it_was(current, form.cleaned_data["version"])
    if base is not None:
        for name in SpeakerForm.Meta.fields:
            if form.cleaned_data.get(name) == getattr(base, name):
                data[name] = SpeakerForm.as_data(current, name)
    return SpeakerForm(data, instance=current)


@workspace_required
@require_http_methods(["GET", "POST"])
def speaker_edit(request: HttpRequest, pk: int) -> HttpResponse:
    speaker = _get_speaker(pk)
    form = SpeakerForm(request.POST or None, instance=speaker)
    context = {"form": form, "speaker": speaker, "conflict": None}
    if request.method == "POST" and form.is_valid():
        try:
            save_versioned(
                form.instance,
                fields=SpeakerForm.Meta.fields,
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except EditConflict as conflict:
            # The page names the speaker as stored, not as typed.
            context.update(form=_at_version(form, conflict), speaker=_get_speaker(pk), conflict=conflict)
            return render(request, FORM_TEMPLATE, context, status=CONFLICT)
        messages.success(request, f"Speaker {speaker.name} saved.")
        return redirect("workspace:speaker", speaker.pk)
    status = INVALID if form.is_bound else 200
    return render(request, FORM_TEMPLATE, context, status=status)


@workspace_required
@require_http_methods(["GET", "POST"])
def speaker_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge this speaker (the duplicate) into another record.

    GET without a choice: search for the record to keep. GET with ``into``:
    the confirmation, saying what will move. POST: the merge itself."""
    duplicate = _get_speaker(pk)
    template = "workspace/speaker_merge.html"
    query = request.GET.get("q", "").strip()[:200]
    # "Find" searches again even when a record was already ticked.
    choosing = "into" in request.GET and "find" not in request.GET
    data = request.POST if request.method == "POST" else (request.GET if choosing else None)
    form = MergeForm(data, duplicate=duplicate)
    context = {"duplicate": duplicate, "query": query, "form": form, "plan": None, "error": ""}

    if form.is_bound and form.is_valid():
        survivor = form.cleaned_data["into"]
        if request.method == "POST":
            try:
                report = merge_speakers(survivor=survivor, duplicate=duplicate, by=request.user)
            except ValidationError as error:
                context["error"] = " ".join(error.messages)
            else:
                messages.success(request, report.message)
                return redirect("workspace:speaker", report.survivor.pk)
        context["plan"] = plan_merge(survivor=survivor, duplicate=duplicate)
        return render(request, template, context, status=INVALID if context["error"] else 200)

    context["choices"] = list(find_speakers(query, exclude=duplicate)[:MERGE_CHOICES]) if query else []
    if request.htmx and not form.is_bound:
        return render(request, f"{template}#choices", context)
    return render(request, template, context, status=INVALID if form.is_bound else 200)
