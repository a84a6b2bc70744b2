"""The measure list's filters and sort orders (django-filter), bound to one quartier."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from planning.domains import Domain
from quartier.models import Quartier

from .models import Measure, MeasureStatus
from .selectors import goals_of, members_of

SEARCH_MAX = 200

# Sort key in the URL → the ORDER BY it stands for; "-key" sorts the other way round.
SORTS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "status": ("status_rank",),
    "end": ("end",),
    "responsible": ("responsible__last_name", "responsible__first_name"),
    "progress": ("progress",),
}
SORT_LABELS = {
    "title": _("Title"),
    "status": _("Status"),
    "end": _("End"),
    "responsible": _("Responsible"),
    "progress": _("Progress"),
}


def _sort_choices() -> list[tuple[str, Any]]:
    choices: list[tuple[str, Any]] = []
    for key, label in SORT_LABELS.items():
        choices += [(key, label), (f"-{key}", _("%(field)s (descending)") % {"field": label})]
    return choices


class MeasureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search in title and description"),
        method="search",
        max_length=SEARCH_MAX,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=MeasureStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    domain = django_filters.ChoiceFilter(label=_("Domain"), choices=Domain.choices, empty_label=_("all domains"))
    goal = django_filters.ModelChoiceFilter(
        label=_("Goal served"), field_name="goals", queryset=None, empty_label=_("all goals")
    )
    responsible = django_filters.ModelChoiceFilter(label=_("Responsible"), queryset=None, empty_label=_("everyone"))
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"),
        choices=[("ja", _("only overdue")), ("nein", _("only not overdue"))],
        empty_label=_("all"),
        method="filter_overdue",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=_sort_choices, empty_label=None, method="sort_by", initial="title"
    )

    class Meta:
        model = Measure
        fields: list[str] = []

    def __init__(self, data: Any = None, *args: Any, quartier: Quartier, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.filters["goal"].queryset = goals_of(quartier)
        self.filters["responsible"].queryset = members_of(quartier)
        # The people's names, never their addresses: partners and viewers see this list too.
        self.form.fields["responsible"].label_from_instance = lambda user: user.display_name

    @property
    def qs(self) -> QuerySet[Measure]:
        queryset = super().qs
        if not (self.form.is_valid() and self.form.cleaned_data.get("sort")):
            queryset = queryset.order_by("title", "pk")
        return queryset

    def search(self, queryset: QuerySet[Measure], name: str, value: str) -> QuerySet[Measure]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def filter_overdue(self, queryset: QuerySet[Measure], name: str, value: str) -> QuerySet[Measure]:
        if value == "ja":
            return queryset.filter(is_overdue=True)
        if value == "nein":
            return queryset.filter(is_overdue=False)
        return queryset

    def sort_by(self, queryset: QuerySet[Measure], name: str, value: str) -> QuerySet[Measure]:
        descending = value.startswith("-")
        fields = SORTS.get(value.lstrip("-"), ("title",))
        # Measures without an end, a person or milestones come last either way.
        order = [F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True) for f in fields]
        return queryset.order_by(*order, "title", "pk")
