import json

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .competences.services import erased_name, member_erase, member_export
from .models import (
    CheckTopic,
    Competence,
    CompetenceAssessment,
    RoleProfile,
    Staffing,
    StaffMember,
    TaskField,
    TimeEntry,
    Training,
)


@admin.register(RoleProfile)
class RoleProfileAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "app_role", "position"]
    search_fields = ["title", "key"]


@admin.register(TaskField)
class TaskFieldAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "position"]


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "position"]


@admin.register(CheckTopic)
class CheckTopicAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "key", "step", "position"]
    list_filter = ["kind"]


def _one_person(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> StaffMember | None:
    """The one person the action is for; several at once would mix people's data in one answer."""
    if queryset.count() != 1:
        modeladmin.message_user(request, _("Please select exactly one person."), messages.WARNING)
        return None
    return queryset.get()


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    """Staff records, with the two rights of the person: a copy of their data and its erasure."""

    list_display = ["name", "organisation", "user", "created_at"]
    list_filter = ["organisation"]
    search_fields = ["name", "user__email", "user__first_name", "user__last_name"]
    list_select_related = ["organisation", "user"]
    raw_id_fields = ["user"]
    actions = ["export_data", "erase_data"]

    @admin.action(description=_("Export data"), permissions=["view"])
    def export_data(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        """A JSON file of everything stored about the person (services.member_export describes it)."""
        member = _one_person(self, request, queryset)
        if member is None:
            return None
        data = member_export(member_id=member.pk, user=request.user)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="personaldaten-{member.pk}.json"'
        return response

    @admin.action(description=_("Erase data"), permissions=["delete"])
    def erase_data(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        """After a confirmation page that says what goes and what stays (services.member_erase)."""
        member = _one_person(self, request, queryset)
        if member is None:
            return None
        if request.POST.get("post") == "yes":
            member_erase(member_id=member.pk, user=request.user)
            self.message_user(request, _("The person's data has been erased."), messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Erase the data of one person"),
            "opts": self.model._meta,
            "member": member,
            "assessments": CompetenceAssessment.objects.filter(member=member).count(),
            "trainings": Training.objects.filter(member=member).count(),
            "posts": Staffing.objects.filter(member=member).count(),
            "hours": TimeEntry.objects.filter(member=member).count(),
            "erased_name": erased_name(member.pk),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "organisation/competences/admin_erase_confirmation.html", context)
