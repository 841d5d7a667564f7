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

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from claims.access import workspace_required
from claims.domain.editing import save_versioned
from claims.domain.lookups import find_speakers
from claims.domain.speakers import merge_speakers, plan_merge
from claims.models import Claim, Speaker
from claims.workspace.conflicts import at_version
from claims.workspace.responses import REFUSALS, Answer, Shown
from claims.workspace.speaker_forms import MergeForm, SpeakerFilterForm, SpeakerForm

SPEAKERS_PER_PAGE = 50
MERGE_CHOICES = 10
FORM_TEMPLATE = "workspace/speaker_form.html"
MERGE_TEMPLATE = "workspace/speaker_merge.html"


def _get_speaker(pk: int) -> Speaker:
    return get_object_or_404(Speaker, pk=pk)


def _page_url(speaker: Speaker) -> str:
    return reverse("workspace:speaker", args=[speaker.pk])


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
    # For htmx (search as you type), the results alone.
    return Answer(request, "workspace/speakers.html", "results", lambda shown: context).page()


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


def _form_answer(request: HttpRequest, form: SpeakerForm, speaker: Speaker | None) -> Answer:
    """The speaker's form is a page of its own, answered whole."""

    def context(shown: Shown) -> dict:
        # After a conflict the page names the speaker as stored, not as typed.
        named = _get_speaker(speaker.pk) if shown.conflict is not None else speaker
        shown_form = shown.form if shown.form is not None else form
        return {"form": shown_form, "speaker": named, "conflict": shown.conflict}

    return Answer(request, FORM_TEMPLATE, None, context)


def _save_speaker(request: HttpRequest, form: SpeakerForm) -> Speaker:
    speaker = form.save(commit=False)
    speaker._history_user = request.user
    speaker.save()
    return speaker


@workspace_required
@require_http_methods(["GET", "POST"])
def speaker_create(request: HttpRequest) -> HttpResponse:
    form = SpeakerForm(request.POST or None)
    answer = _form_answer(request, form, None)
    if request.method == "POST" and form.is_valid():
        speaker = _save_speaker(request, form)
        return answer.done(f"Speaker {speaker.name} added.", url=_page_url(speaker))
    return answer.invalid(form) if form.is_bound else answer.page()


@workspace_required
@require_http_methods(["GET", "POST"])
def speaker_edit(request: HttpRequest, pk: int) -> HttpResponse:
    speaker = _get_speaker(pk)
    form = SpeakerForm(request.POST or None, instance=speaker)
    answer = _form_answer(request, form, speaker)
    if request.method == "POST" and form.is_valid():
        try:
            save_versioned(
                form.instance,
                fields=SpeakerForm.Meta.fields,
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except REFUSALS as error:
            return answer.refused(error, form=form, again=lambda c: at_version(form, c, instance=c.instance))
        return answer.done(f"Speaker {speaker.name} saved.", url=_page_url(speaker))
    return answer.invalid(form) if form.is_bound else answer.page()


@workspace_required
@require_http_methods(["GET", "POST"])
def speaker_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge this speaker (the duplicate) into another record.

    GET without a choice: search for the record to keep (for htmx, the
    ``choices`` alone). GET with ``into``: the confirmation, saying what will
    move. POST: the merge itself."""
    duplicate = _get_speaker(pk)
    query = request.GET.get("q", "").strip()[:200]
    # "Find" searches again even when a record was already ticked.
    choosing = "into" in request.GET and "find" not in request.GET
    data = request.POST if request.method == "POST" else (request.GET if choosing else None)
    form = MergeForm(data, duplicate=duplicate)
    context = {"duplicate": duplicate, "query": query, "form": form, "plan": None}

    if form.is_bound and form.is_valid():
        survivor = form.cleaned_data["into"]

        def confirmation(shown: Shown) -> dict:
            return context | {"plan": plan_merge(survivor=survivor, duplicate=duplicate)}

        answer = Answer(request, MERGE_TEMPLATE, None, confirmation)
        if request.method != "POST":
            return answer.page()
        try:
            report = merge_speakers(survivor=survivor, duplicate=duplicate, by=request.user)
        except REFUSALS as error:
            return answer.refused(error)
        return answer.done(report.message, url=_page_url(report.survivor))

    context["choices"] = list(find_speakers(query, exclude=duplicate)[:MERGE_CHOICES]) if query else []
    answer = Answer(request, MERGE_TEMPLATE, None if form.is_bound else "choices", lambda shown: context)
    return answer.invalid(form) if form.is_bound else answer.page()
