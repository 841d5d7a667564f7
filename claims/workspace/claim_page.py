"""A claim's page in the workspace, the claim editor: what it shows and how
its sections answer.

The page shows the claim and, in sections, its relations, evidence, figures,
verdicts and appearances, with the forms that act on each item; the views
that take those forms are in ``claim_edit``, ``relations``, ``evidence``,
``figures`` and ``verdicts``. One template serves everything
(``workspace/claim.html``): the full page, and for htmx its named partials,
one per section: ``claim``, ``relations``, ``evidence``, ``figures`` and
``verdicts``. Every form also works without JavaScript: a plain POST
redirects back to the page (or shows it again with the errors), an htmx POST
gets its section back (``claim_answer``).

Claims, relations and evidence are saved through ``claims.domain.editing`` so
that two people cannot overwrite each other: a save based on an older version
is refused with what the other person changed, and the form comes back with
the journalist's input at the current version (``claims.workspace.conflicts``),
so that saving again is a decision. Figures have no version (and no
withdrawal), so they can be added and edited but never deleted here: a figure
that is wrong is corrected.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from claims.access import workspace_required
from claims.domain import workflow
from claims.domain.editing import EditConflict, restore, withdraw
from claims.domain.history import claim_history
from claims.domain.relations import related_claims
from claims.domain.similar import SimilarClaim, similar_claims
from claims.models import Claim, ClaimRelation, Evidence, ExternalFactCheck, Verdict, VerdictVote
from claims.workspace.claim_forms import (
    ClaimForm,
    EvidenceForm,
    FigureForm,
    NewRelationForm,
    RelationForm,
    RestoreForm,
    WithdrawForm,
    source_choices,
)
from claims.workspace.responses import REFUSALS, Answer, Shown
from claims.workspace.verdict_forms import VerdictForm, WithdrawVerdictForm

TEMPLATE = "workspace/claim.html"
SECTIONS = ("claim", "relations", "evidence", "figures", "verdicts")
# The whole page: every section, and the appearances it lists.
PAGE_SECTIONS = (*SECTIONS, "appearances")

# Form prefixes: every item's forms are on one page. The claim's own
# withdraw and restore forms are its item prefix's (``withdraw_prefix``).
CLAIM, CLAIM_ITEM, CLAIM_WITHDRAW, CLAIM_RESTORE = "claim", "c", "cw", "cr"
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


def get_claim(pk: int) -> Claim:
    """Any claim, withdrawn ones included: the workspace can restore them."""
    return get_object_or_404(
        Claim.objects.select_related("speaker", "dispute", "withdrawn_by", "created_by"), pk=pk
    )


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
    items = []
    for related in related_claims(claim, withdrawn=True):
        relation = related.relation
        prefix = relation_prefix(relation.pk)

        def edit(relation=relation, prefix=prefix):
            initial = {"version": relation.version, "kind": relation.kind, "note": relation.note}
            return RelationForm(prefix=prefix, initial=initial, relation=relation)

        items.append(_item(prefix, relation, bound, edit=edit, label=related.label, other=related.claim))
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
    if claim.dispute_id is None:
        return ""
    return reverse("workspace:dispute", args=[claim.dispute_id])


def claim_context(claim: Claim, bound: Bound | None = None, *, sections=SECTIONS) -> dict:
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
    if "appearances" in sections:  # the whole page: other newsrooms' reviews of the claim
        context["also_checked"] = ExternalFactCheck.objects.matched_to(claim)
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
    claim = get_claim(pk)
    context = claim_context(claim, sections=PAGE_SECTIONS)
    return render(request, TEMPLATE, context)


# --- Answering a POST ----------------------------------------------------------------


def page_url(claim: Claim, section: str) -> str:
    return reverse("workspace:claim", args=[claim.pk]) + f"#{section}"


def claim_answer(request: HttpRequest, claim: Claim, section: str, *, error_key: str = "error") -> Answer:
    """How a POST to one section of the claim's page is answered: that
    section for htmx, else the whole page, both read afresh, with the form
    sent back (and the conflict it met) among the page's forms; a plain POST
    that worked goes back to the section. ``error_key`` names the section's
    message for a refusal that no form shows."""

    def context(shown: Shown) -> dict:
        bound = Bound()
        if shown.form is not None:
            bound.forms[shown.form.prefix] = shown.form
            if shown.conflict is not None:
                bound.conflicts[shown.form.prefix] = shown.conflict
        sections = (section,) if shown.fragment else PAGE_SECTIONS
        return claim_context(get_claim(claim.pk), bound, sections=sections)

    return Answer(
        request, TEMPLATE, section, context, success_url=page_url(claim, section), error_key=error_key
    )


def withdraw_item(request: HttpRequest, answer: Answer, obj, prefix: str, message: str) -> HttpResponse:
    """Withdraw ``obj``, whose forms on the page carry ``prefix``, with the
    reason posted."""
    form = WithdrawForm(request.POST, prefix=withdraw_prefix(prefix))
    if not form.is_valid():
        return answer.invalid(form)
    try:
        withdraw(
            obj,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            by=request.user,
        )
    except REFUSALS as error:
        return answer.refused(error, form=form)
    return answer.done(message)


def restore_item(request: HttpRequest, answer: Answer, obj, prefix: str, message: str) -> HttpResponse:
    form = RestoreForm(request.POST, prefix=restore_prefix(prefix))
    if not form.is_valid():
        return answer.invalid(form)
    try:
        restore(obj, expected_version=form.cleaned_data["version"], by=request.user)
    except REFUSALS as error:
        return answer.refused(error, form=form)
    return answer.done(message)


# --- History ---------------------------------------------------------------------------


@workspace_required
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim(pk)
    return render(request, "workspace/claim_history.html", {"claim": claim, "entries": claim_history(claim)})
