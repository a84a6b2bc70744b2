"""The partner directory's filters (django-filter), read from one quartier's point of view."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from planning.domains import Domain
from quartier.models import Quartier

from .models import MembershipStatus, NetworkMembership, Partner, PartnerType, domain_field

SEARCH_MAX = 200
NOT_IN_NETWORK = "keins"
SCOPE_NETWORK = "netzwerk"
SCOPE_ORGANISATION = "organisation"


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search in name, address and description"),
        method="search",
        max_length=SEARCH_MAX,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    type = django_filters.ModelChoiceFilter(
        label=_("Type"), queryset=PartnerType.objects.all(), empty_label=_("all types")
    )
    domain = django_filters.ChoiceFilter(
        label=_("Domain"), choices=Domain.choices, empty_label=_("all domains"), method="filter_domain"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status in this quartier"),
        choices=[*MembershipStatus.choices, (NOT_IN_NETWORK, _("not in this quartier's network"))],
        empty_label=_("any status"),
        method="filter_status",
    )
    in_quartier = django_filters.ModelChoiceFilter(
        label=_("In the network of"),
        queryset=Quartier.objects.none(),  # the organisation's quartiers the user sees: set in __init__
        empty_label=_("any quartier"),
        method="filter_in_quartier",
    )
    scope = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[
            (SCOPE_ORGANISATION, _("all partners of the organisation")),
            (SCOPE_NETWORK, _("only this quartier's network")),
        ],
        empty_label=None,
        method="filter_scope",
    )

    class Meta:
        model = Partner
        fields: list[str] = []

    def __init__(
        self, data: Any = None, *args: Any, quartiers: QuerySet[Quartier] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(data, *args, **kwargs)
        self.form.fields["scope"].initial = SCOPE_ORGANISATION
        self.form.fields["in_quartier"].queryset = quartiers if quartiers is not None else Quartier.objects.none()

    @property
    def qs(self) -> QuerySet[Partner]:
        return super().qs.order_by("name", "pk")

    def search(self, queryset: QuerySet[Partner], name: str, value: str) -> QuerySet[Partner]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(address__icontains=value) | Q(description__icontains=value))

    def filter_domain(self, queryset: QuerySet[Partner], name: str, value: str) -> QuerySet[Partner]:
        return queryset.filter(**{domain_field(value): True}) if value else queryset

    def filter_status(self, queryset: QuerySet[Partner], name: str, value: str) -> QuerySet[Partner]:
        if value == NOT_IN_NETWORK:
            return queryset.filter(status_here__isnull=True)
        return queryset.filter(status_here=value) if value else queryset

    def filter_scope(self, queryset: QuerySet[Partner], name: str, value: str) -> QuerySet[Partner]:
        return queryset.filter(status_here__isnull=False) if value == SCOPE_NETWORK else queryset

    def filter_in_quartier(self, queryset: QuerySet[Partner], name: str, value: Quartier | None) -> QuerySet[Partner]:
        """Partners in that quartier's network (any status but „ausgetreten“)."""
        if value is None:
            return queryset
        members = NetworkMembership.objects.filter(quartier=value).exclude(status=MembershipStatus.LEFT)
        return queryset.filter(pk__in=members.values("partner_id"))
