from django.contrib import admin

from quartier.admin import DeletesStoredFilesMixin

from .models import Report


@admin.register(Report)
class ReportAdmin(DeletesStoredFilesMixin, admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False  # reports are requested from the cockpit, which queues the rendering

    list_display = ["quartier", "kind", "language", "status", "failure", "requested_by", "requested_at", "finished_at"]
    list_filter = ["status", "failure", "kind", "language"]
    # `error` is the technical detail, shown here and in the log only; the person sees `failure`.
    readonly_fields = ["status", "failure", "error", "attempts", "queued_at", "started_at", "finished_at"]
