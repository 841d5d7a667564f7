from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from claims.domain.lookups import find_speakers
from claims.models import (
    Appearance,
    Claim,
    ClaimRelation,
    Dispute,
    Evidence,
    Figure,
    Rating,
    RatingScale,
    Speaker,
    Verdict,
    VerdictTransition,
    VerdictVote,
)


@admin.register(Speaker)
class SpeakerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "wikidata_id"]
    list_filter = ["kind"]
    # Names are searched as everywhere else, below; these only as the admin does.
    search_fields = ["description", "wikidata_id"]

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found |= find_speakers(search_term, speakers=queryset)
        return found, may_have_duplicates


class AppearanceInline(admin.TabularInline):
    model = Appearance
    raw_id_fields = ["quote"]
    extra = 0


class FigureInline(admin.TabularInline):
    model = Figure
    raw_id_fields = ["quote"]
    extra = 0


class RelationInline(admin.TabularInline):
    model = ClaimRelation
    fk_name = "from_claim"
    raw_id_fields = ["to_claim"]
    fields = ["kind", "to_claim", "note", "withdrawn_at", "withdrawn_reason"]
    extra = 0


class EvidenceInline(admin.StackedInline):
    model = Evidence
    raw_id_fields = ["source"]
    fields = ["title", "stance", "kind", "source", "url", "description", "reliability"]
    extra = 0


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "speaker", "claimed_on", "dispute", "published_at", "withdrawn_at"]
    list_filter = ["dispute", ("published_at", admin.EmptyFieldListFilter)]
    search_fields = ["text", "speaker__name", "venue"]
    raw_id_fields = ["speaker", "dispute"]
    list_select_related = ["speaker", "dispute"]
    readonly_fields = ["version", "published_at", "published_by"]
    inlines = [AppearanceInline, FigureInline, RelationInline, EvidenceInline]


@admin.register(ClaimRelation)
class ClaimRelationAdmin(SimpleHistoryAdmin):
    list_display = ["from_claim", "kind", "to_claim"]
    list_filter = ["kind"]
    raw_id_fields = ["from_claim", "to_claim"]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "claim", "stance", "kind", "reliability"]
    list_filter = ["stance", "kind", "reliability"]
    raw_id_fields = ["claim", "source"]


@admin.register(Figure)
class FigureAdmin(SimpleHistoryAdmin):
    list_display = ["counted", "display_value", "claim"]
    raw_id_fields = ["claim", "quote"]


@admin.register(Dispute)
class DisputeAdmin(SimpleHistoryAdmin):
    list_display = ["question", "date", "place", "published_at"]
    search_fields = ["question", "summary"]
    readonly_fields = ["version", "published_at", "published_by"]


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    prepopulated_fields = {"slug": ["label"]}


@admin.register(RatingScale)
class RatingScaleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_default", "worst_rating", "best_rating"]
    inlines = [RatingInline]


class TransitionInline(admin.TabularInline):
    model = VerdictTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_state", "to_state", "by", "at", "reason"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class VoteInline(admin.TabularInline):
    model = VerdictVote
    extra = 0
    can_delete = False
    readonly_fields = ["editor", "decision", "reason", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Verdict)
class VerdictAdmin(SimpleHistoryAdmin):
    # State changes go through claims.domain.workflow, never through this form.
    list_display = ["claim", "rating", "state", "author", "decided_at"]
    list_filter = ["state", "rating"]
    raw_id_fields = ["claim", "evidence"]
    readonly_fields = ["state", "reviewer", "rejection_reason", "submitted_at", "decided_at", "superseded_at"]
    inlines = [VoteInline, TransitionInline]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        # Only a draft's content may change. Once submitted, editors review
        # what was submitted; once approved, a published verdict changes only
        # by approving a newer one (claims.domain.workflow), never by editing this one.
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.state != Verdict.State.DRAFT:
            fields += ["claim", "author", "rating", "rationale", "evidence"]
        return fields
