from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sources.models import Capture, CaptureJob, Quote, Source, SourceRevision


class SourceRevisionInline(admin.TabularInline):
    model = SourceRevision
    fields = ["number", "sha256", "note", "created_by", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "outlet", "kind", "language", "published_on", "created_at"]
    list_filter = ["kind", "language"]
    search_fields = ["title", "outlet", "authors", "url"]
    date_hierarchy = "created_at"
    inlines = [SourceRevisionInline]


@admin.register(SourceRevision)
class SourceRevisionAdmin(SimpleHistoryAdmin):
    list_display = ["source", "number", "sha256", "created_at"]
    search_fields = ["source__title", "sha256"]
    raw_id_fields = ["source"]

    def get_readonly_fields(self, request, obj=None):
        # A revision is never overwritten; a changed text is a new revision.
        if obj is not None:
            return [
                "source",
                "number",
                "text",
                "sha256",
                "note",
                "capture",
                "page_starts",
                "created_by",
                "created_at",
            ]
        return ["sha256", "created_at"]


@admin.register(Quote)
class QuoteAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "revision", "start", "end", "orphaned"]
    list_filter = ["orphaned"]
    search_fields = ["exact"]
    raw_id_fields = ["revision"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Captures are a record of what was read: nothing in them is edited by hand."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Capture)
class CaptureAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "source", "origin", "status", "content_type", "size", "gone", "captured_at"]
    list_filter = ["origin", "gone", "content_type"]
    search_fields = ["url", "final_url", "filename", "sha256"]
    date_hierarchy = "captured_at"
    exclude = ["text", "whole_page_text"]


@admin.register(CaptureJob)
class CaptureJobAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "kind",
        "state",
        "outcome",
        "attempts",
        "failure_code",
        "created_by",
        "created_at",
    ]
    list_filter = ["kind", "state", "outcome", "failure_code"]
    search_fields = ["url", "message"]
    date_hierarchy = "created_at"
