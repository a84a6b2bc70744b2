from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from quartier.admin import DeletesStoredFilesMixin
from quartier.forms import BoundaryField
from quartier.models import Membership, Quartier

from .funding.models import FundingKind, FundingSource
from .goals.models import Goal
from .models import (
    ChecklistTemplate,
    Document,
    Indicator,
    IndicatorValue,
    StepProgress,
    StepTemplate,
    StepTransition,
)
from .services import quartier_create, steps_ensure


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


class QuartierAdminForm(forms.ModelForm):
    """The admin's quartier form reads the boundary as the profile page does.

    Django's own JSON field would let hostile GeoJSON through to a 500 (NaN, deep nesting,
    huge numbers, broken characters) and store any JSON at all; this one stores the
    normalised area or shows why not.
    """

    boundary = BoundaryField(
        label=Quartier._meta.get_field("boundary").verbose_name,
        help_text=Quartier._meta.get_field("boundary").help_text,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )

    class Meta:
        model = Quartier
        # Every field, as the admin shows without a form of its own; a shorter list would hide them.
        fields = "__all__"  # noqa: DJ007


# Registered here, not in quartier/, because creating a quartier also creates its ten steps.
@admin.register(Quartier)
class QuartierAdmin(DeletesStoredFilesMixin, SimpleHistoryAdmin):
    # The mixin deletes through the service, so the quartier's documents and reports leave the storage too.
    form = QuartierAdminForm
    list_display = ["name", "organisation", "municipality", "population"]
    list_filter = ["organisation", "spatial_type"]
    search_fields = ["name", "municipality"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change) -> None:  # type: ignore[no-untyped-def]
        if change:
            super().save_model(request, obj, form, change)
            steps_ensure(quartier=obj)  # adds the steps of templates added since
            return
        created = quartier_create(**form.cleaned_data)
        # The admin saves the inline memberships against `obj` next: make it the row just created.
        obj.pk = created.pk
        obj.refresh_from_db()
        obj._state.adding = False


class ChecklistTemplateInline(admin.TabularInline):
    model = ChecklistTemplate
    extra = 0


@admin.register(StepTemplate)
class StepTemplateAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "phase"]
    inlines = [ChecklistTemplateInline]


@admin.register(StepProgress)
class StepProgressAdmin(SimpleHistoryAdmin):
    list_display = ["quartier", "template", "status"]
    list_filter = ["status", "template"]
    readonly_fields = ["status"]  # moves only through the workflow, which records them


@admin.register(StepTransition)
class StepTransitionAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False  # a record of what happened, written only by the workflow

    list_display = ["step", "from_status", "to_status", "by", "at"]
    readonly_fields = [f.name for f in StepTransition._meta.fields]


@admin.register(Document)
class DocumentAdmin(DeletesStoredFilesMixin, admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False  # uploads go through the app, which checks their content

    list_display = ["title", "quartier", "content_type", "size", "uploaded_at"]
    exclude = ["file"]
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by"]


# Goals and funding (steps 5 and 10). Administrators extend the funding catalogue here.
@admin.register(FundingKind)
class FundingKindAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "position"]
    search_fields = ["title", "key"]
    ordering = ["position", "key"]


@admin.register(FundingSource)
class FundingSourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "quartier", "kind", "status", "amount", "start", "end"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "funder", "quartier__name"]
    autocomplete_fields = ["quartier"]
    raw_id_fields = ["created_by"]


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "quartier", "domain", "indicator", "target_date"]
    list_filter = ["domain"]
    search_fields = ["title", "quartier__name"]
    autocomplete_fields = ["quartier"]
    raw_id_fields = ["created_by", "indicator"]


# The indicator catalogue: shipped with the app (planning/data/catalogues.yaml), extended here.
@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "unit", "domain", "direction", "active", "position"]
    list_filter = ["domain", "direction", "active"]
    search_fields = ["code", "title", "source"]
    list_editable = ["active", "position"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Import files name indicators by code: once values exist, changing it would orphan them.
        return ["code"] if obj is not None and obj.values.exists() else []


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "quartier", "reference_date", "value", "source"]
    list_filter = ["indicator__domain", "indicator", "quartier__organisation"]
    search_fields = ["indicator__code", "indicator__title", "quartier__name", "source"]
    date_hierarchy = "reference_date"
    autocomplete_fields = ["quartier", "indicator"]
    list_select_related = ["indicator", "quartier"]
    readonly_fields = ["created_by", "created_at"]


# Facilities and their categories (planning/analysis)
from .analysis.models import Facility, FacilityCategory  # noqa: E402


@admin.register(FacilityCategory)
class FacilityCategoryAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "domain", "position"]
    list_filter = ["domain"]
    search_fields = ["title", "key"]


@admin.register(Facility)
class FacilityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "category", "domain", "quartier", "barrier_free", "osm_id"]
    list_filter = ["category", "domain", "barrier_free"]
    search_fields = ["name", "address", "osm_id"]
    list_select_related = ["category", "quartier"]
    autocomplete_fields = ["quartier"]
