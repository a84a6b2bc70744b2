from django.contrib import admin

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False  # reports are requested from the cockpit, which queues the rendering

    list_display = ["quartier", "kind", "status", "requested_by", "requested_at", "finished_at"]
    list_filter = ["status", "kind"]
    readonly_fields = ["status", "error", "attempts", "started_at", "finished_at"]
