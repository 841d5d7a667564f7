"""The journalists' and editors' workspace, mounted at /workspace/."""

from django.urls import path

from claims.workspace import (
    claim_edit,
    claim_list,
    claim_page,
    dashboard,
    disputes,
    evidence,
    fact_checks,
    figures,
    reader,
    relations,
    review,
    selection,
    speakers,
    tokens,
    verdicts,
)

app_name = "workspace"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("sources/<int:pk>/", reader.reader, name="reader"),
    path("sources/<int:pk>/selection/", selection.selection, name="selection"),
    path("sources/<int:pk>/selection/claim/", selection.claim_from_selection, name="selection-claim"),
    path(
        "sources/<int:pk>/selection/appearance/",
        selection.appearance_from_selection,
        name="selection-appearance",
    ),
    path(
        "sources/<int:pk>/selection/reselect/", selection.reselect_from_selection, name="selection-reselect"
    ),
    path("sources/<int:pk>/quote-by-words/", selection.quote_by_words, name="quote-by-words"),
    path("speakers/search/", reader.speaker_search, name="speaker-search"),
    path("claims/", claim_list.claim_list, name="claims"),
    path("claims/search/", reader.claim_search, name="claim-search"),
    # Claim editor
    path("claims/<int:pk>/", claim_page.claim_page, name="claim"),
    path("claims/<int:pk>/edit/", claim_edit.claim_edit, name="claim-edit"),
    path("claims/<int:pk>/withdraw/", claim_edit.claim_withdraw, name="claim-withdraw"),
    path("claims/<int:pk>/restore/", claim_edit.claim_restore, name="claim-restore"),
    path("claims/<int:pk>/history/", claim_page.history, name="claim-history"),
    path("claims/<int:pk>/speakers/", claim_edit.claim_speaker_search, name="claim-speaker-search"),
    path("claims/<int:pk>/relations/search/", relations.relation_search, name="claim-relation-search"),
    path("claims/<int:pk>/relations/add/", relations.relation_add, name="claim-relation-add"),
    path("claims/<int:pk>/relations/same-as/", relations.same_as, name="claim-same-as"),
    path(
        "claims/<int:pk>/relations/<int:relation_pk>/edit/",
        relations.relation_edit,
        name="claim-relation-edit",
    ),
    path(
        "claims/<int:pk>/relations/<int:relation_pk>/withdraw/",
        relations.relation_withdraw,
        name="claim-relation-withdraw",
    ),
    path(
        "claims/<int:pk>/relations/<int:relation_pk>/restore/",
        relations.relation_restore,
        name="claim-relation-restore",
    ),
    path("claims/<int:pk>/evidence/add/", evidence.evidence_add, name="claim-evidence-add"),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/edit/",
        evidence.evidence_edit,
        name="claim-evidence-edit",
    ),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/withdraw/",
        evidence.evidence_withdraw,
        name="claim-evidence-withdraw",
    ),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/restore/",
        evidence.evidence_restore,
        name="claim-evidence-restore",
    ),
    path("claims/<int:pk>/figures/add/", figures.figure_add, name="claim-figure-add"),
    path("claims/<int:pk>/figures/<int:figure_pk>/edit/", figures.figure_edit, name="claim-figure-edit"),
    path("claims/similar/", reader.similar, name="similar-claims"),
    # Speakers
    path("speakers/", speakers.speaker_list, name="speakers"),
    path("speakers/new/", speakers.speaker_create, name="speaker-create"),
    path("speakers/<int:pk>/", speakers.speaker_detail, name="speaker"),
    path("speakers/<int:pk>/edit/", speakers.speaker_edit, name="speaker-edit"),
    path("speakers/<int:pk>/merge/", speakers.speaker_merge, name="speaker-merge"),
    # Disputes
    path("disputes/", disputes.dispute_list, name="disputes"),
    path("disputes/new/", disputes.dispute_create, name="dispute-create"),
    path("disputes/<int:pk>/", disputes.dispute_page, name="dispute"),
    path("disputes/<int:pk>/edit/", disputes.dispute_edit, name="dispute-edit"),
    path("disputes/<int:pk>/attach/", disputes.attach, name="dispute-attach"),
    path("disputes/<int:pk>/attach/search/", disputes.attach_search, name="dispute-attach-search"),
    path("disputes/<int:pk>/claims/<int:claim_pk>/detach/", disputes.detach, name="dispute-detach"),
    # Verdicts and publication
    path("claims/<int:pk>/verdicts/propose/", verdicts.verdict_propose, name="verdict-propose"),
    path("claims/<int:pk>/verdicts/<int:verdict_pk>/edit/", verdicts.verdict_edit, name="verdict-edit"),
    path("claims/<int:pk>/verdicts/<int:verdict_pk>/submit/", verdicts.verdict_submit, name="verdict-submit"),
    path(
        "claims/<int:pk>/verdicts/<int:verdict_pk>/withdraw/",
        verdicts.verdict_withdraw,
        name="verdict-withdraw",
    ),
    path("claims/<int:pk>/publish/", verdicts.claim_publish, name="claim-publish"),
    path("claims/<int:pk>/unpublish/", verdicts.claim_unpublish, name="claim-unpublish"),
    path("disputes/<int:pk>/publish/", disputes.dispute_publish, name="dispute-publish"),
    path("disputes/<int:pk>/unpublish/", disputes.dispute_unpublish, name="dispute-unpublish"),
    path("review/", review.review, name="review"),
    # Other fact-checkers' reviews: imported by editors, listed for everyone until matched.
    path("fact-checks/", fact_checks.unmatched, name="fact-checks"),
    path("fact-checks/import/", fact_checks.import_fact_checks, name="fact-check-import"),
    path("fact-checks/import/confirm/", fact_checks.confirm_import, name="fact-check-import-confirm"),
    path("fact-checks/<int:pk>/match/", fact_checks.match, name="fact-check-match"),
    # Personal API tokens
    path("tokens/", tokens.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token-revoke"),
    path("verdicts/<int:verdict_pk>/approve/", review.verdict_approve, name="verdict-approve"),
    path("verdicts/<int:verdict_pk>/reject/", review.verdict_reject, name="verdict-reject"),
]
