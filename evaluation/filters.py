from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.expressions import OrderBy
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from planning.models import Phase, StepProgress, StepStatus
from planning.selectors import phase_numbers
from quartier.models import Organisation, Quartier

from .portfolio_staff import has_manager, has_participation_time, has_time, staffed_hours

# Lazy labels: "Step 3" is put together when the form is shown, in the page's language.
_step_label = lazy(lambda n: gettext("Step %(n)s") % {"n": n}, str)
STEP_CHOICES = [(n, _step_label(n)) for n in range(1, 11)]
PHASE_CHOICES = [*Phase.choices, ("finished", _("All steps completed"))]
# Far longer than any quartier's name; a search term is no place for a text.
SEARCH_MAX_LENGTH = 200


class PortfolioOrdering(django_filters.OrderingFilter):
    """Sorting by activity puts quartiers where nothing has happened yet with the oldest.

    They need attention most. SQLite sorts NULL first by itself, PostgreSQL last; say it explicitly.
    """

    def get_ordering_value(self, param: str) -> str | OrderBy:
        value = super().get_ordering_value(param)
        if value == "last_activity_at":
            return F("last_activity_at").asc(nulls_first=True)
        if value == "-last_activity_at":
            return F("last_activity_at").desc(nulls_last=True)
        # Least secured funding first: quartiers without granted funding today lead.
        if value == "funding_until":
            return F("funding_until").asc(nulls_first=True)
        return value

    def filter(self, qs: QuerySet[Quartier], value: list[str] | None) -> QuerySet[Quartier]:
        # The staffed hours are summed per row only when they sort: every other order would pay
        # for a subquery per quartier that nothing reads (the page takes its hours from
        # organisation.figures).
        if value and any(v.lstrip("-") == "staff_hours" for v in value):
            qs = qs.annotate(staffed_hours=staffed_hours(timezone.localdate()))
        return super().filter(qs, value)


class PortfolioFilter(django_filters.FilterSet):
    """Filters of the coordinator portfolio; the base queryset is already scoped to the user."""

    q = django_filters.CharFilter(label=_("Name contains"), method="filter_name", max_length=SEARCH_MAX_LENGTH)
    municipality = django_filters.ChoiceFilter(label=_("Municipality"), choices=[], empty_label=_("all"))
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=_("all")
    )
    phase = django_filters.ChoiceFilter(
        label=_("Current phase"), choices=PHASE_CHOICES, method="filter_phase", empty_label=_("all")
    )
    step = django_filters.ChoiceFilter(
        label=_("Step (for the status)"), choices=STEP_CHOICES, method="filter_noop", empty_label=_("any step")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=StepStatus.choices, method="filter_status", empty_label=_("any status")
    )
    no_manager = django_filters.BooleanFilter(
        label=_("Without a „Kümmerer“ (no manager hours)"), method="filter_no_manager", widget=forms.CheckboxInput
    )
    no_participation = django_filters.BooleanFilter(
        label=_("No time for participation (last twelve months)"),
        method="filter_no_participation",
        widget=forms.CheckboxInput,
    )
    order = PortfolioOrdering(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("municipality", "municipality"),
            ("organisation__name", "organisation"),
            ("steps_done", "progress"),
            ("last_activity_at", "activity"),
            ("current_step_since", "waiting"),
            # Annotations of selectors.portfolio_queryset (evaluation/portfolio_plan.py).
            ("measures_overdue", "overdue"),
            ("measures_on_track", "on_track"),
            ("funding_until", "funding"),
            # Annotated by PortfolioOrdering.filter only when it sorts.
            ("staffed_hours", "staff_hours"),
        ),
        # Spelled out, so that every direction reads as plain words, and short enough for the
        # narrow select on a phone. No empty choice: it sorted by name too and stood in the
        # list as a second "Name (A–Z)".
        choices=[
            ("name", _("Name (A–Z)")),
            ("-name", _("Name (Z–A)")),
            ("municipality", _("Municipality")),
            ("organisation", _("Organisation")),
            ("-progress", _("Most steps completed")),
            ("progress", _("Fewest steps completed")),
            ("activity", _("Oldest activity first")),
            ("-activity", _("Newest activity first")),
            ("waiting", _("Longest in the same step")),
            ("-overdue", _("Most overdue measures")),
            ("-on_track", _("Most measures on track")),
            ("funding", _("Shortest secured funding")),
            ("staff_hours", _("Fewest staffed hours")),
            ("-staff_hours", _("Most staffed hours")),
        ],
        empty_label=None,
    )

    class Meta:
        model = Quartier
        fields: list[str] = []

    def __init__(self, *args, queryset: QuerySet[Quartier], **kwargs) -> None:
        super().__init__(*args, queryset=queryset, **kwargs)
        municipalities = queryset.order_by("municipality").values_list("municipality", flat=True).distinct()
        self.filters["municipality"].extra["choices"] = [(m, m) for m in municipalities]
        self.filters["organisation"].queryset = Organisation.objects.filter(pk__in=queryset.values("organisation"))

    def filter_name(self, queryset: QuerySet[Quartier], name: str, value: str) -> QuerySet[Quartier]:
        return queryset.filter(name__icontains=value.strip())

    def filter_noop(self, queryset: QuerySet[Quartier], name: str, value: object) -> QuerySet[Quartier]:
        # Used together with "status" in filter_status.
        return queryset

    def filter_phase(self, queryset: QuerySet[Quartier], name: str, value: str) -> QuerySet[Quartier]:
        # The current phase is the phase of the current step (see planning/progress.py).
        if value == "finished":
            return queryset.filter(current_step_status=StepStatus.DONE)
        return queryset.filter(current_step__in=phase_numbers()[value]).exclude(current_step_status=StepStatus.DONE)

    def filter_status(self, queryset: QuerySet[Quartier], name: str, value: str) -> QuerySet[Quartier]:
        steps = StepProgress.objects.filter(quartier=OuterRef("pk"), status=value)
        step_number = self.form.cleaned_data.get("step")
        if step_number:
            steps = steps.filter(template__number=int(step_number))
        return queryset.filter(Exists(steps))

    def filter_no_manager(self, queryset: QuerySet[Quartier], name: str, value: bool) -> QuerySet[Quartier]:
        # An unticked box arrives as False: it filters nothing.
        return queryset.filter(~has_manager(timezone.localdate())) if value else queryset

    def filter_no_participation(self, queryset: QuerySet[Quartier], name: str, value: bool) -> QuerySet[Quartier]:
        # As the column says it: hours were recorded, none for participation. A quartier without
        # any hours is „keine Zeiten erfasst“, a different matter.
        if not value:
            return queryset
        today = timezone.localdate()
        return queryset.filter(has_time(today), ~has_participation_time(today))

    @property
    def qs(self) -> QuerySet[Quartier]:
        queryset = super().qs
        # The name sorts by default and breaks ties (same progress), so rows keep their order between requests.
        return queryset.order_by(*queryset.query.order_by, "name")

    def has_filters(self) -> bool:
        # Sorting counts too: the open panel shows what is in effect.
        return any(self.form.cleaned_data.values()) if self.is_bound and self.form.is_valid() else False


def portfolio_filter(*, data: QueryDict, queryset: QuerySet[Quartier]) -> tuple[PortfolioFilter, list[str]]:
    """The portfolio's filters, leaving out values that are not understood, and the labels of those.

    An address typed or kept from an older version (`?order=bogus`, `?step=99`) still lists the
    quartiers, sorted and filtered by what is understood, instead of an empty page or file.
    """
    filterset = PortfolioFilter(data, queryset=queryset)
    if filterset.is_valid():
        return filterset, []
    ignored = [name for name in filterset.form.errors if name in filterset.form.fields]
    understood = data.copy()
    for name in ignored:
        understood.pop(name, None)
    labels = [str(filterset.form.fields[name].label) for name in ignored]
    return PortfolioFilter(understood, queryset=queryset), labels
