"""The contribution form (phone first: few fields, big targets), the return form, the filters."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quartier.fields import SHORT_TEXT_MAX, DateInput, LocalizedDecimalField, TextAreaField
from quartier.models import Quartier

from ..partners.models import Partner
from . import selectors, services
from .models import Contribution, ContributionKind, ContributionStatus, Unit


class KindChoiceField(forms.ModelChoiceField):
    """The kinds as big radio buttons; each knows its unit, so the page can show it by the amount."""

    widget = forms.RadioSelect

    def label_from_instance(self, kind: ContributionKind) -> str:
        suffix = selectors.UNIT_SUFFIX.get(kind.unit, "")
        return f"{kind.title} ({suffix})" if suffix else str(kind.title)


class ContributionForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none(), empty_label=None)
    kind = KindChoiceField(
        label=_("What did you contribute?"),
        queryset=ContributionKind.objects.none(),
        empty_label=None,
        error_messages={"required": _("Please choose what you contributed.")},
    )
    amount = LocalizedDecimalField(
        label=pgettext_lazy("contribution", "Amount"),
        required=False,
        max_digits=12,
        decimal_places=2,
        error_messages={"invalid": _("Please enter a number, e.g. 12,5.")},
    )
    date = forms.DateField(
        label=_("Date"), widget=DateInput(), error_messages={"invalid": _("Please enter a valid date.")}
    )
    measure = forms.ModelChoiceField(
        label=_("For which measure? (optional)"),
        queryset=None,
        required=False,
        empty_label=_("no particular measure"),
    )
    description = TextAreaField(
        label=_("Description"),
        required=False,
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. what was done, for whom, where"),
    )

    def __init__(
        self,
        *args: Any,
        quartier: Quartier,
        partner: Partner | None,
        today: datetime.date,
        instance: Contribution | None = None,
        **kwargs: Any,
    ) -> None:
        """`partner` is the partner a partner user acts for; None for a manager, who chooses."""
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "partner": instance.partner_id,
                "kind": instance.kind_id,
                "amount": instance.amount,
                "date": instance.date,
                "measure": instance.measure_id,
                "description": instance.description,
            }
        kwargs.setdefault("initial", {}).setdefault("date", today)
        super().__init__(*args, **kwargs)
        self.quartier, self.today, self.own_partner = quartier, today, partner
        self.kinds = selectors.kinds()
        self.fields["kind"].queryset = ContributionKind.objects.all()
        self.fields["amount"].widget.attrs.update({"autocomplete": "off", "class": "form-control form-control-lg"})
        if partner is not None:
            del self.fields["partner"]
            self.fields["measure"].queryset = selectors.measures_for(quartier=quartier, partner=partner)
        else:
            partners = selectors.logging_partners(quartier=quartier)
            if instance is not None:  # an entry of a partner that has left the network stays editable
                partners = (partners | Partner.objects.filter(pk=instance.partner_id)).distinct()
            self.fields["partner"].queryset = partners
            self.fields["measure"].queryset = selectors.measures_for(quartier=quartier)
        self.fields["date"].widget.attrs.update(
            {
                "min": services.EARLIEST.isoformat(),
                "max": (today + datetime.timedelta(days=services.FUTURE_DAYS)).isoformat(),
            }
        )

    def kind_options(self) -> list[dict[str, Any]]:
        """The kinds as the page draws them: big radio buttons that carry their unit, so that
        the amount field shows it (and hides for kinds that are described only)."""
        chosen = str(self["kind"].value() or "")
        return [
            {
                "value": kind.pk,
                "id": f"id_kind_{index}",
                "title": kind.title,
                "unit": kind.unit,
                "suffix": str(selectors.UNIT_SUFFIX.get(kind.unit, "")),
                "checked": chosen == str(kind.pk),
            }
            for index, kind in enumerate(self.kinds)
        ]

    def selected_kind(self) -> ContributionKind | None:
        value = self["kind"].value()
        return next((k for k in self.kinds if str(k.pk) == str(value)), None)

    @property
    def amount_hidden(self) -> bool:
        kind = self.selected_kind()
        return kind is not None and kind.unit == Unit.NONE

    @property
    def unit_suffix(self) -> str:
        kind = self.selected_kind()
        return str(selectors.UNIT_SUFFIX.get(kind.unit, "")) if kind else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, date = data.get("kind"), data.get("date")
        if kind is not None and "amount" not in self.errors:
            for message in services.amount_errors(kind=kind, amount=data.get("amount")):
                self.add_error("amount", message)
        if date is not None:
            for message in services.date_errors(date=date, today=self.today):
                self.add_error("date", message)
        return data

    def apply_errors(self, exc: ValidationError) -> None:
        """Errors the service found, shown at their fields."""
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, exc)


class ReturnForm(forms.Form):
    reason = TextAreaField(
        label=_("Reason for returning"),
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The partner sees the reason and can correct the entry."),
        error_messages={"required": _("Please say why the entry is returned, so that the partner can correct it.")},
    )


def _year_choices(quartier: Quartier) -> list[tuple[int, int]]:
    years = (
        Contribution.objects.filter(quartier=quartier)
        .annotate(year=ExtractYear("date"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return [(str(y), str(y)) for y in years]


class ContributionFilter(django_filters.FilterSet):
    """The managers' filters of the entries: partner, kind, status, measure, year."""

    partner = django_filters.ModelChoiceFilter(label=_("Partner"), queryset=None, empty_label=_("all partners"))
    kind = django_filters.ModelChoiceFilter(
        label=_("Kind"), queryset=ContributionKind.objects.all(), empty_label=_("all kinds")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ContributionStatus.choices, empty_label=_("all"))
    measure = django_filters.ModelChoiceFilter(label=_("Measure"), queryset=None, empty_label=_("all measures"))
    year = django_filters.ChoiceFilter(label=_("Year"), choices=[], empty_label=_("all years"), method="filter_year")

    class Meta:
        model = Contribution
        fields: list[str] = []

    def __init__(self, data: Any = None, *args: Any, quartier: Quartier, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.filters["partner"].queryset = selectors.member_partners(quartier=quartier)
        self.filters["measure"].queryset = selectors.measures_for(quartier=quartier)
        self.filters["year"].extra["choices"] = lambda: _year_choices(quartier)

    def filter_year(self, queryset: QuerySet[Contribution], name: str, value: str) -> QuerySet[Contribution]:
        return queryset.filter(date__year=int(value)) if value else queryset
