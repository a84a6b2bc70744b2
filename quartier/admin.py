from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Coordinator, Invitation, Membership, Organisation, User
from .services import delete_with_files


class DeletesStoredFilesMixin:
    """Admin deletions, single or bulk, remove the stored files of the deleted rows too."""

    def delete_model(self, request, obj) -> None:  # type: ignore[no-untyped-def]
        delete_with_files(obj=obj)

    def delete_queryset(self, request, queryset) -> None:  # type: ignore[no-untyped-def]
        for obj in queryset:
            delete_with_files(obj=obj)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class CoordinatorInline(admin.TabularInline):
    model = Coordinator
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    inlines = [CoordinatorInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "quartier", "role"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "quartier"]


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["email", "quartier", "role", "created_at", "state"]
    readonly_fields = ["token_hash", "accepted_at", "declined_at", "declined_by", "withdrawn_at", "withdrawn_by"]

    @admin.display(description=_("state"))
    def state(self, obj: Invitation) -> str:
        return Invitation.State(obj.state).label
