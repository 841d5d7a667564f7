"""The claim editor: a claim's page in the workspace, where journalists edit
the claim and manage its relations, evidence and figures, and see its
appearances and similar claims.

One template serves everything (``workspace/claim.html``): the full page, and
for htmx its named partials, one per section: ``claim``, ``relations``,
``evidence`` and ``figures``. Every form also works without JavaScript: a
plain POST redirects back to the page (or shows it again with the errors),
an htmx POST gets its section back.

Claims, relations and evidence are saved through ``claims.domain.editing`` so that
two people cannot overwrite each other: a save based on an older version is
refused with what the other person changed, and the form comes back with the
journalist's input and the current version, so that saving again is a
decision. Figures have no version (and no withdrawal), so they can be added
and edited but never deleted here: a figure that is wrong is corrected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_POST

from claims.access import workspace_required
from claims.domain import workflow
from claims.domain.editing import BOOKKEEPING, EditConflict, FieldChange, restore, save_versioned, withdraw
from claims.domain.lookups import find_speakers, speaker_with_name
from claims.domain.similar import SimilarClaim, similar_claims
from claims.models import Appearance, Claim, ClaimRelation, Evidence, Figure, Speaker, Verdict, VerdictVote
from claims.workspace.claim_forms import (
    _DUPLICATE,
    ClaimForm,
    EvidenceForm,
    FigureForm,
    NewRelationForm,
    RelationForm,
    RestoreForm,
    WithdrawForm,
    checked_speaker,
    relation_candidates,
    source_choices,
)
from claims.workspace.forms import SEARCH_RESULTS
from claims.workspace.verdict_forms import VerdictForm, WithdrawVerdictForm
from sources.models import Quote, Source

TEMPLATE = "workspace/claim.html"
SECTIONS = ("claim", "relations", "evidence", "figures", "verdicts")
# A form shown again with errors, or refused because someone saved first.
# claim.html tells htmx to swap both into the page.
INVALID = 422
CONFLICT = 409

# Form prefixes: every item's forms are on one page.
CLAIM, CLAIM_WITHDRAW, CLAIM_RESTORE = "claim", "cw", "cr"
NEW_RELATION, NEW_EVIDENCE, NEW_FIGURE = "rel", "ev", "fig"


def relation_prefix(pk: int) -> str:
    return f"rel{pk}"


def evidence_prefix(pk: int) -> str:
    return f"ev{pk}"


def figure_prefix(pk: int) -> str:
    return f"fig{pk}"


def withdraw_prefix(prefix: str) -> str:
    return f"{prefix}w"


def restore_prefix(prefix: str) -> str:
    return f"{prefix}r"


# --- Reading ------------------------------------------------------------------------


def _get_claim(pk: int) -> Claim:
    """Any claim, withdrawn ones included: the workspace can restore them."""
    return get_object_or_404(
        Claim.objects.select_related("speaker", "dispute", "withdrawn_by", "created_by"), pk=pk
    )


def _get_relation(claim: Claim, relation_pk: int) -> ClaimRelation:
    """A relation of ``claim``, from either end; 404 for any other."""
    relations = ClaimRelation.objects.filter(Q(from_claim=claim) | Q(to_claim=claim))
    return get_object_or_404(relations, pk=relation_pk)


@dataclass
class Item:
    """One relation, piece of evidence or figure with the forms that act on it."""

    obj: object
    prefix: str
    edit_form: forms.BaseForm | None = None
    withdraw_form: forms.BaseForm | None = None
    restore_form: forms.BaseForm | None = None
    conflict: EditConflict | None = None
    open: bool = False
    # Relations only: how it reads from this claim's end, and the claim at the other.
    label: str = ""
    other: Claim | None = None


@dataclass
class Bound:
    """Forms sent back with what was typed (by prefix), and conflicts met."""

    forms: dict[str, forms.BaseForm] = field(default_factory=dict)
    conflicts: dict[str, EditConflict] = field(default_factory=dict)

    def form(self, prefix: str, make):
        return self.forms.get(prefix) or make()


def _item(prefix: str, obj, bound: Bound, *, edit, versioned: bool = True, **extra) -> Item:
    item = Item(obj=obj, prefix=prefix, **extra)
    item.edit_form = bound.form(prefix, edit)
    if versioned:
        w, r = withdraw_prefix(prefix), restore_prefix(prefix)
        item.withdraw_form = bound.form(w, lambda: WithdrawForm(prefix=w, initial={"version": obj.version}))
        item.restore_form = bound.form(r, lambda: RestoreForm(prefix=r, initial={"version": obj.version}))
        item.conflict = bound.conflicts.get(prefix) or bound.conflicts.get(w) or bound.conflicts.get(r)
    item.open = any(p in bound.forms for p in (prefix, withdraw_prefix(prefix)))
    return item


def _relation_items(claim: Claim, bound: Bound) -> tuple[list[Item], list[Item]]:
    """The claim's relations read from its end, active and withdrawn."""
    outgoing = ClaimRelation.objects.filter(from_claim=claim).select_related(
        "to_claim__speaker", "created_by", "withdrawn_by"
    )
    incoming = ClaimRelation.objects.filter(to_claim=claim).select_related(
        "from_claim__speaker", "created_by", "withdrawn_by"
    )
    items = []
    for relation, label, other in [
        *((r, r.get_kind_display(), r.to_claim) for r in outgoing),
        *((r, r.inverse_label, r.from_claim) for r in incoming),
    ]:
        prefix = relation_prefix(relation.pk)

        def edit(relation=relation, prefix=prefix):
            initial = {"version": relation.version, "kind": relation.kind, "note": relation.note}
            return RelationForm(prefix=prefix, initial=initial, relation=relation)

        items.append(_item(prefix, relation, bound, edit=edit, label=label, other=other))
    items.sort(key=lambda i: (i.label, i.obj.pk))
    return [i for i in items if not i.obj.is_withdrawn], [i for i in items if i.obj.is_withdrawn]


def _evidence_items(
    claim: Claim, bound: Bound, choices: list
) -> tuple[list[tuple[str, list[Item]]], list[Item]]:
    """Evidence grouped by stance, in the stances' order, and the withdrawn."""
    evidence = claim.evidence.select_related("source", "added_by", "withdrawn_by")
    groups: dict[str, list[Item]] = {value: [] for value in Evidence.Stance.values}
    withdrawn = []
    for item in evidence:
        prefix = evidence_prefix(item.pk)

        def edit(item=item, prefix=prefix):
            return EvidenceForm(
                instance=item,
                prefix=prefix,
                source_choices=choices,
                versioned=True,
                initial={"version": item.version},
            )

        entry = _item(prefix, item, bound, edit=edit)
        (withdrawn if item.is_withdrawn else groups[item.stance]).append(entry)
    labels = dict(Evidence.Stance.choices)
    return [(labels[stance], items) for stance, items in groups.items() if items], withdrawn


def _figure_items(claim: Claim, bound: Bound, choices: list) -> list[Item]:
    items = []
    for figure in claim.figures.select_related("quote"):
        prefix = figure_prefix(figure.pk)

        def edit(figure=figure, prefix=prefix):
            return FigureForm(instance=figure, prefix=prefix, claim=claim, quote_choices=choices)

        items.append(_item(prefix, figure, bound, edit=edit, versioned=False))
    return items


def _similar(claim: Claim) -> list[SimilarClaim]:
    """Look-alikes of the claim, to mark "same as" it."""
    # Claims already related to this one in any way are not offered: a
    # counter-claim in the same dispute is not a duplicate. Nor is sharing
    # the dispute alone a reason here; the same speaker or wording is.
    related = ClaimRelation.objects.filter(Q(from_claim=claim) | Q(to_claim=claim))
    linked = {pk for pair in related.values_list("from_claim_id", "to_claim_id") for pk in pair}
    found = similar_claims(text=claim.text, speaker=claim.speaker, exclude=claim, limit=5 + len(linked))
    return [s for s in found if s.claim.pk not in linked][:5]


# Verdict form prefixes: the proposal, and each draft's edit and each
# submitted verdict's withdrawal.
NEW_VERDICT = "vd"


def verdict_prefix(pk: int) -> str:
    return f"vd{pk}"


def verdict_withdraw_prefix(pk: int) -> str:
    return f"vdw{pk}"


@dataclass
class VerdictItem:
    """One verdict on the claim with the votes so far and the forms that act on it."""

    verdict: Verdict
    votes: list[VerdictVote] = field(default_factory=list)
    approvals: int = 0
    edit_form: forms.BaseForm | None = None
    withdraw_form: forms.BaseForm | None = None
    conflict: EditConflict | None = None
    open: bool = False


def _verdict_items(claim: Claim, bound: Bound) -> list[VerdictItem]:
    """The claim's verdicts, newest first. Every draft gets an edit form and
    every submitted verdict a withdraw form; the template shows them to the
    author only, and ``claims.domain.workflow`` refuses anyone else anyway."""
    verdicts = (
        claim.verdicts.select_related("rating", "author", "reviewer")
        .prefetch_related("evidence")
        .order_by("-created_at", "-pk")
    )
    items = []
    for verdict in verdicts:
        item = VerdictItem(verdict=verdict)
        if verdict.state == Verdict.State.DRAFT:
            prefix = verdict_prefix(verdict.pk)

            def edit(verdict=verdict, prefix=prefix):
                initial = {
                    "version": verdict.version,
                    "rating": verdict.rating_id,
                    "rationale": verdict.rationale,
                    "evidence": [e.pk for e in verdict.evidence.all()],
                }
                return VerdictForm(prefix=prefix, claim=claim, versioned=True, initial=initial)

            item.edit_form = bound.form(prefix, edit)
            item.conflict = bound.conflicts.get(prefix)
            item.open = prefix in bound.forms
        elif verdict.state == Verdict.State.SUBMITTED:
            item.votes = workflow.current_votes(verdict)
            item.approvals = sum(v.decision == VerdictVote.Decision.APPROVE for v in item.votes)
            prefix = verdict_withdraw_prefix(verdict.pk)
            item.withdraw_form = bound.form(prefix, lambda prefix=prefix: WithdrawVerdictForm(prefix=prefix))
            item.open = prefix in bound.forms
        items.append(item)
    return items


def _dispute_url(claim: Claim) -> str:
    # The dispute pages are built alongside this editor; link to the
    # workspace's dispute page once it exists.
    if claim.dispute_id is None:
        return ""
    try:
        return reverse("workspace:dispute", args=[claim.dispute_id])
    except NoReverseMatch:
        return ""


def _context(claim: Claim, bound: Bound | None = None, *, sections=SECTIONS) -> dict:
    """What ``claim.html`` needs for the ``sections`` asked for, in a number
    of queries that does not grow with the claim's relations, evidence,
    figures or quotes."""
    bound = bound or Bound()
    context: dict = {"claim": claim, "sections": sections}
    if "claim" in sections:
        context.update(
            claim_form=bound.form(CLAIM, lambda: ClaimForm.for_claim(claim)),
            claim_conflict=bound.conflicts.get(CLAIM)
            or bound.conflicts.get(CLAIM_WITHDRAW)
            or bound.conflicts.get(CLAIM_RESTORE),
            claim_withdraw_form=bound.form(
                CLAIM_WITHDRAW,
                lambda: WithdrawForm(prefix=CLAIM_WITHDRAW, initial={"version": claim.version}),
            ),
            claim_restore_form=bound.form(
                CLAIM_RESTORE, lambda: RestoreForm(prefix=CLAIM_RESTORE, initial={"version": claim.version})
            ),
            claim_withdraw_open=CLAIM_WITHDRAW in bound.forms,
            dispute_url=_dispute_url(claim),
        )
    if "relations" in sections:
        active, withdrawn = _relation_items(claim, bound)
        context.update(
            relations=active,
            withdrawn_relations=withdrawn,
            new_relation_form=bound.form(NEW_RELATION, lambda: NewRelationForm(claim=claim)),
            similar=_similar(claim),
        )
    if "evidence" in sections:
        choices = source_choices()
        groups, withdrawn = _evidence_items(claim, bound, choices)
        context.update(
            evidence_groups=groups,
            withdrawn_evidence=withdrawn,
            new_evidence_form=bound.form(
                NEW_EVIDENCE, lambda: EvidenceForm(prefix=NEW_EVIDENCE, source_choices=choices)
            ),
        )
    if "verdicts" in sections:
        context.update(
            verdicts=_verdict_items(claim, bound),
            approvals_needed=workflow.approvals_needed(),
            new_verdict_form=bound.form(NEW_VERDICT, lambda: VerdictForm(prefix=NEW_VERDICT, claim=claim)),
            new_verdict_open=NEW_VERDICT in bound.forms,
        )
    if "figures" in sections or "appearances" in sections:
        appearances = list(
            claim.appearances.select_related("quote__revision__source", "added_by").order_by(
                "quote__revision__source__title", "quote__start", "pk"
            )
        )
        for appearance in appearances:
            source = appearance.quote.revision.source
            appearance.reader_url = (
                reverse("workspace:reader", args=[source.pk]) + f"#quote-{appearance.quote_id}"
            )
        context["appearances"] = appearances
    if "figures" in sections:
        quote_choices = [("", "(not linked to a quote)")] + [
            (a.quote.pk, f"“{a.quote.exact[:90]}”") for a in context["appearances"]
        ]
        context.update(
            figures=_figure_items(claim, bound, quote_choices),
            new_figure_form=bound.form(
                NEW_FIGURE, lambda: FigureForm(prefix=NEW_FIGURE, claim=claim, quote_choices=quote_choices)
            ),
        )
    return context


@workspace_required
@require_GET
def claim_page(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim(pk)
    context = _context(claim, sections=(*SECTIONS, "appearances"))
    return render(request, TEMPLATE, context)


# --- Answering a POST ----------------------------------------------------------------


def _page_url(claim: Claim, section: str) -> str:
    return reverse("workspace:claim", args=[claim.pk]) + f"#{section}"


def _done(request: HttpRequest, claim: Claim, section: str, message: str) -> HttpResponse:
    """After a save: the section for htmx, else back to the page."""
    if request.htmx:
        claim = _get_claim(claim.pk)
        context = _context(claim, sections=(section,))
        context["saved_message"] = message
        return render(request, f"{TEMPLATE}#{section}", context)
    messages.success(request, message)
    return redirect(_page_url(claim, section))


def _again(request: HttpRequest, claim: Claim, section: str, bound: Bound, *, status: int) -> HttpResponse:
    """A form shown again, with its errors or a conflict: the section for
    htmx, else the whole page."""
    claim = _get_claim(claim.pk)
    if request.htmx:
        return render(
            request, f"{TEMPLATE}#{section}", _context(claim, bound, sections=(section,)), status=status
        )
    context = _context(claim, bound, sections=(*SECTIONS, "appearances"))
    return render(request, TEMPLATE, context, status=status)


# The fields of each versioned form that hold a model field, by form field name.
MERGED_FIELDS = {
    ClaimForm: ["text", "speaker", "speaker_role", "claimed_on", "venue", "dispute", "dispute_stance"],
    RelationForm: ["kind", "note"],
    EvidenceForm: EvidenceForm.Meta.fields,
}


def _as_data(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(getattr(value, "pk", value))


def _at_version(form: forms.BaseForm, conflict: EditConflict, **kwargs) -> forms.BaseForm:
    """``form`` again at the version now stored, so that the next save goes
    through on purpose, holding what the journalist changed and, in the
    fields they left alone, the other person's values: saving again then
    overwrites only what both of them changed, which the conflict lists."""
    current = conflict.instance
    data = form.data.copy()
    data[form.add_prefix("version")] = str(current.version)
    names = MERGED_FIELDS.get(type(form), [])
    expected = form.cleaned_data.get("version") if hasattr(form, "cleaned_data") else None
    base = current.history.filter(version=expected).order_by("-history_date", "-history_id").first()
    if base is not None:
        for name in names:
            attname = current._meta.get_field(name).attname
            mine = _as_data(form.cleaned_data.get(name))
            if mine == _as_data(getattr(base, attname)):
                data[form.add_prefix(name)] = _as_data(getattr(current, attname))
                if name == "speaker":
                    data[form.add_prefix("speaker_name")] = current.speaker.name
    return type(form)(data, prefix=form.prefix, **kwargs)


def _conflict(
    request: HttpRequest, claim: Claim, section: str, form, conflict: EditConflict, **form_kwargs
) -> HttpResponse:
    again = _at_version(form, conflict, **form_kwargs)
    bound = Bound(forms={form.prefix: again}, conflicts={form.prefix: conflict})
    return _again(request, claim, section, bound, status=CONFLICT)


def _invalid(request: HttpRequest, claim: Claim, section: str, form) -> HttpResponse:
    return _again(request, claim, section, Bound(forms={form.prefix: form}), status=INVALID)


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- The claim ---------------------------------------------------------------------


@workspace_required
@require_POST
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim(pk)
    form = ClaimForm(request.POST, prefix=CLAIM)
    if not form.is_valid():
        return _invalid(request, claim, "claim", form)
    fields = form.apply(claim)
    try:
        save_versioned(claim, fields=fields, expected_version=form.cleaned_data["version"], by=request.user)
    except EditConflict as conflict:
        return _conflict(request, claim, "claim", form, conflict)
    return _done(request, claim, "claim", "Claim saved.")


def _withdraw(request: HttpRequest, claim: Claim, section: str, obj, prefix: str) -> HttpResponse | None:
    """Withdraw ``obj`` with the reason posted; a response when refused."""
    form = WithdrawForm(request.POST, prefix=withdraw_prefix(prefix))
    if not form.is_valid():
        return _invalid(request, claim, section, form)
    try:
        withdraw(
            obj,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            by=request.user,
        )
    except EditConflict as conflict:
        return _conflict(request, claim, section, form, conflict)
    except ValidationError as error:
        form.add_error(None, _message(error))
        return _invalid(request, claim, section, form)
    return None


def _restore(request: HttpRequest, claim: Claim, section: str, obj, prefix: str) -> HttpResponse | None:
    form = RestoreForm(request.POST, prefix=restore_prefix(prefix))
    if not form.is_valid():
        return _invalid(request, claim, section, form)
    try:
        restore(obj, expected_version=form.cleaned_data["version"], by=request.user)
    except EditConflict as conflict:
        return _conflict(request, claim, section, form, conflict)
    except ValidationError as error:
        form.add_error(None, _message(error))
        return _invalid(request, claim, section, form)
    return None


@workspace_required
@require_POST
def claim_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim(pk)
    refused = _withdraw(request, claim, "claim", claim, "c")
    return refused or _done(
        request, claim, "claim", "Claim withdrawn. It is hidden from the workspace lists and the public."
    )


@workspace_required
@require_POST
def claim_restore(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim(pk)
    refused = _restore(request, claim, "claim", claim, "c")
    return refused or _done(request, claim, "claim", "Claim restored.")


@workspace_required
@require_GET
def claim_speaker_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Radio buttons for the existing speakers matching the name typed."""
    _get_claim(pk)
    query = request.GET.get(f"{CLAIM}-speaker_name", "").strip()
    speakers = list(find_speakers(query)[:SEARCH_RESULTS]) if query else []
    return render(
        request,
        "workspace/_claim_speaker_results.html",
        {
            "prefix": CLAIM,
            "query": query,
            "speakers": speakers,
            "checked": checked_speaker("", query, speakers),
        },
    )


# --- Relations ------------------------------------------------------------------------


@workspace_required
@require_GET
def relation_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Radio buttons for the claims matching the words typed, but this one."""
    claim = _get_claim(pk)
    query = request.GET.get(f"{NEW_RELATION}-claim_q", "").strip()
    claims = relation_candidates(query, claim) if query else []
    return render(
        request,
        "workspace/_claim_relation_results.html",
        {"prefix": NEW_RELATION, "query": query, "claims": claims, "checked": ""},
    )


def _create_relation(form: NewRelationForm, claim: Claim, request: HttpRequest) -> bool:
    """Create the relation the valid ``form`` describes; False when another
    request created the same one first (the form then says so)."""
    data = form.cleaned_data
    try:
        with transaction.atomic():
            ClaimRelation.objects.create(
                from_claim=claim,
                to_claim=data["other"],
                kind=data["kind"],
                note=data["note"],
                created_by=request.user,
            )
    except IntegrityError:
        form.add_error("other", _DUPLICATE)
        return False
    return True


@workspace_required
@require_POST
def relation_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim(pk)
    form = NewRelationForm(request.POST, claim=claim)
    if not form.is_valid() or not _create_relation(form, claim, request):
        return _invalid(request, claim, "relations", form)
    return _done(request, claim, "relations", "Relation added.")


@workspace_required
@require_POST
def same_as(request: HttpRequest, pk: int) -> HttpResponse:
    """One click from the similar claims: mark this claim the same as another."""
    claim = _get_claim(pk)
    data = {"rel-kind": ClaimRelation.Kind.SAME_AS, "rel-other": request.POST.get("other", "")}
    form = NewRelationForm(data, claim=claim)
    if not form.is_valid() or not _create_relation(form, claim, request):
        return _invalid(request, claim, "relations", form)
    return _done(request, claim, "relations", "Marked as the same claim.")


@workspace_required
@require_POST
def relation_edit(request: HttpRequest, pk: int, relation_pk: int) -> HttpResponse:
    claim = _get_claim(pk)
    relation = _get_relation(claim, relation_pk)
    form = RelationForm(request.POST, prefix=relation_prefix(relation.pk), relation=relation)
    if not form.is_valid():
        return _invalid(request, claim, "relations", form)
    relation.kind, relation.note = form.cleaned_data["kind"], form.cleaned_data["note"]
    try:
        save_versioned(
            relation, fields=["kind", "note"], expected_version=form.cleaned_data["version"], by=request.user
        )
    except EditConflict as conflict:
        return _conflict(request, claim, "relations", form, conflict, relation=conflict.instance)
    except IntegrityError:
        form.add_error("kind", _DUPLICATE)
        return _invalid(request, claim, "relations", form)
    return _done(request, claim, "relations", "Relation saved.")


@workspace_required
@require_POST
def relation_withdraw(request: HttpRequest, pk: int, relation_pk: int) -> HttpResponse:
    claim = _get_claim(pk)
    relation = _get_relation(claim, relation_pk)
    refused = _withdraw(request, claim, "relations", relation, relation_prefix(relation.pk))
    return refused or _done(request, claim, "relations", "Relation withdrawn.")


@workspace_required
@require_POST
def relation_restore(request: HttpRequest, pk: int, relation_pk: int) -> HttpResponse:
    claim = _get_claim(pk)
    relation = _get_relation(claim, relation_pk)
    refused = _restore(request, claim, "relations", relation, relation_prefix(relation.pk))
    return refused or _done(request, claim, "relations", "Relation restored.")


# --- Evidence -------------------------------------------------------------------------


def _get_evidence(claim: Claim, evidence_pk: int) -> Evidence:
    return get_object_or_404(Evidence, claim=claim, pk=evidence_pk)


@workspace_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim(pk)
    form = EvidenceForm(request.POST, prefix=NEW_EVIDENCE, instance=Evidence(claim=claim))
    if not form.is_valid():
        return _invalid(request, claim, "evidence", form)
    with transaction.atomic():
        evidence = form.save(commit=False)
        evidence.added_by = request.user
        evidence.save()
    return _done(request, claim, "evidence", "Evidence added.")


@workspace_required
@require_POST
def evidence_edit(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    claim = _get_claim(pk)
    evidence = _get_evidence(claim, evidence_pk)
    prefix = evidence_prefix(evidence.pk)
    form = EvidenceForm(request.POST, prefix=prefix, instance=evidence, versioned=True)
    if not form.is_valid():
        return _invalid(request, claim, "evidence", form)
    try:
        save_versioned(
            form.instance,
            fields=EvidenceForm.Meta.fields,
            expected_version=form.cleaned_data["version"],
            by=request.user,
        )
    except EditConflict as conflict:
        again = _at_version(form, conflict, instance=conflict.instance, versioned=True)
        bound = Bound(forms={prefix: again}, conflicts={prefix: conflict})
        return _again(request, claim, "evidence", bound, status=CONFLICT)
    return _done(request, claim, "evidence", "Evidence saved.")


@workspace_required
@require_POST
def evidence_withdraw(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    claim = _get_claim(pk)
    evidence = _get_evidence(claim, evidence_pk)
    refused = _withdraw(request, claim, "evidence", evidence, evidence_prefix(evidence.pk))
    return refused or _done(request, claim, "evidence", "Evidence withdrawn.")


@workspace_required
@require_POST
def evidence_restore(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    claim = _get_claim(pk)
    evidence = _get_evidence(claim, evidence_pk)
    refused = _restore(request, claim, "evidence", evidence, evidence_prefix(evidence.pk))
    return refused or _done(request, claim, "evidence", "Evidence restored.")


# --- Figures --------------------------------------------------------------------------


@workspace_required
@require_POST
def figure_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim(pk)
    form = FigureForm(request.POST, prefix=NEW_FIGURE, claim=claim)
    if not form.is_valid():
        return _invalid(request, claim, "figures", form)
    with transaction.atomic():
        form.save()
    return _done(request, claim, "figures", "Figure added.")


@workspace_required
@require_POST
def figure_edit(request: HttpRequest, pk: int, figure_pk: int) -> HttpResponse:
    claim = _get_claim(pk)
    figure = get_object_or_404(Figure, claim=claim, pk=figure_pk)
    form = FigureForm(request.POST, prefix=figure_prefix(figure.pk), instance=figure, claim=claim)
    if not form.is_valid():
        return _invalid(request, claim, "figures", form)
    with transaction.atomic():
        form.save()
    return _done(request, claim, "figures", "Figure saved.")


# --- Similar claims, for the reader's new-claim form ------------------------------------


@workspace_required
@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    """Claims like the one being typed in the reader's selection panel, each
    with a button that adds the selected passage to it instead."""
    source_id = request.GET.get("source", "")
    if not source_id.isdigit():
        raise Http404("Unknown source.")
    source = get_object_or_404(Source, pk=int(source_id))
    text = request.GET.get("new-text", "")[:2000]
    speaker = None
    speaker_id = request.GET.get("new-speaker", "")
    if speaker_id.isdigit():
        speaker = Speaker.objects.filter(pk=int(speaker_id)).first()
    if speaker is None:
        speaker = speaker_with_name(request.GET.get("new-speaker_name", ""))
    found = similar_claims(text=text, speaker=speaker) if (text.strip() or speaker) else []
    return render(request, "workspace/_similar_claims.html", {"similar": found, "source": source})


# --- History --------------------------------------------------------------------------

# Fields a history entry never lists: bookkeeping, and the withdrawal, which
# the entry's action ("withdrawn", "restored") and reason already say.
# search_text is an index kept by claims.search, not recorded in the history at all.
HIDDEN_IN_HISTORY = BOOKKEEPING | {
    "withdrawn_at",
    "withdrawn_by",
    "withdrawn_reason",
    "added_at",
    "claim",
    "search_text",
}


@dataclass
class HistoryEntry:
    at: object
    user: object
    concerns: str
    action: str
    changes: list[FieldChange]
    reason: str = ""


class _Names:
    """Readable values for history: names for ids, labels for choices. Each
    related object is read once, however often it appears."""

    def __init__(self) -> None:
        self.cache: dict[tuple, str] = {}

    def related(self, model, pk) -> str:
        key = (model, pk)
        if key not in self.cache:
            if model is Claim:
                obj = Claim.objects.select_related("speaker").filter(pk=pk).first()
            else:
                obj = model._default_manager.filter(pk=pk).first()
            if obj is None:
                self.cache[key] = f"(deleted {model._meta.verbose_name})"
            elif model is Quote:
                self.cache[key] = f"“{obj.exact[:80]}”"
            elif model is Claim:
                self.cache[key] = f"{obj.speaker.name}: {obj.text[:80]}"
            else:
                self.cache[key] = str(obj)
        return self.cache[key]

    def value(self, model, name: str, value) -> str:
        if value in (None, ""):
            return "(empty)"
        model_field = model._meta.get_field(name)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if model_field.is_relation:
            return self.related(model_field.related_model, value)
        if isinstance(value, Decimal):
            return f"{value.normalize():f}"
        if name == "aliases" and isinstance(value, list):
            return ", ".join(value)
        return str(value)

    def change(self, model, name: str, before, after) -> FieldChange:
        label = str(model._meta.get_field(name).verbose_name)
        return FieldChange(
            label=label[:1].upper() + label[1:],
            before=self.value(model, name, before),
            after=self.value(model, name, after),
        )


def _concerns(model, record, claim: Claim, names: _Names) -> str:
    if model is Claim:
        return "the claim"
    if model is ClaimRelation:
        if record.from_claim_id == claim.pk:
            label = dict(ClaimRelation.Kind.choices).get(record.kind, record.kind)
            other = record.to_claim_id
        else:
            label = ClaimRelation.INVERSE_LABELS.get(record.kind, record.kind)
            other = record.from_claim_id
        return f"Relation: {label} {names.related(Claim, other)}"
    if model is Evidence:
        return f"Evidence: {record.title}"
    if model is Figure:
        return f"Figure: {record.counted}"
    return f"Appearance: {names.related(Quote, record.quote_id)}"


def claim_history(claim: Claim) -> list[HistoryEntry]:
    """Every recorded change to the claim and to its relations (from either
    end), evidence, figures and appearances, newest first, field by field."""
    names = _Names()
    tracked = [
        (Claim, Claim.history.filter(id=claim.pk)),
        (ClaimRelation, ClaimRelation.history.filter(Q(from_claim_id=claim.pk) | Q(to_claim_id=claim.pk))),
        (Evidence, Evidence.history.filter(claim_id=claim.pk)),
        (Figure, Figure.history.filter(claim_id=claim.pk)),
        (Appearance, Appearance.history.filter(claim_id=claim.pk)),
    ]
    entries = []
    for model, records in tracked:
        previous = {}
        for record in records.select_related("history_user").order_by("history_date", "history_id"):
            prev = previous.get(record.id)
            previous[record.id] = record
            fields = [f.name for f in model._meta.concrete_fields if f.name not in HIDDEN_IN_HISTORY]
            concerns = _concerns(model, record, claim, names)
            entry = HistoryEntry(record.history_date, record.history_user, concerns, "", [])
            if record.history_type == "+" or prev is None:
                entry.action = "created"
                entry.changes = [
                    names.change(model, name, None, getattr(record, _attname(model, name)))
                    for name in fields
                    if getattr(record, _attname(model, name)) not in (None, "", [])
                ]
            elif record.history_type == "-":
                entry.action = "deleted"
            else:
                delta = record.diff_against(prev, excluded_fields=HIDDEN_IN_HISTORY)
                entry.changes = [names.change(model, c.field, c.old, c.new) for c in delta.changes]
                was, now = getattr(prev, "withdrawn_at", None), getattr(record, "withdrawn_at", None)
                if was is None and now is not None:
                    entry.action, entry.reason = "withdrawn", record.withdrawn_reason
                elif was is not None and now is None:
                    entry.action = "restored"
                elif entry.changes:
                    entry.action = "changed"
                else:
                    continue  # saved with nothing a person would see changed
            entries.append(entry)
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def _attname(model, name: str) -> str:
    return model._meta.get_field(name).attname


@workspace_required
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim(pk)
    return render(request, "workspace/claim_history.html", {"claim": claim, "entries": claim_history(claim)})
