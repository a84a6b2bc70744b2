"""The funding source form and the rows of what it pays for (measure and amount)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from planning.domains import Domain
from planning.funding.models import FundingKind, FundingSource
from planning.funding.services import share_total_error
from planning.measures.models import Measure
from quartier.fields import LocalizedDecimalField, TextAreaField
from quartier.models import Quartier

DATE_INPUT = {"type": "date"}
MAX_SHARES = 50


class FundingSourceForm(forms.ModelForm):
    notes = TextAreaField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    amount = LocalizedDecimalField(
        label=_("Amount (€)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        help_text=_("e.g. 12.500,00"),
    )

    class Meta:
        model = FundingSource
        fields = ["kind", "title", "funder", "domain", "amount", "start", "end", "status", "notes"]
        labels = {
            "kind": _("Kind of funding"),
            "title": _("Title"),
            "funder": _("Funder"),
            "domain": _("Domain"),
            "start": _("From"),
            "end": _("Until"),
            "status": _("Status"),
        }
        help_texts = {"domain": ""}
        widgets = {
            "start": forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = FundingKind.objects.order_by("position", "key")
        self.fields["domain"].choices = [("", gettext("all domains")), *Domain.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", gettext("The end must not be before the start."))
        return data


class ShareForm(forms.Form):
    measure = forms.ModelChoiceField(label=_("Measure"), queryset=Measure.objects.none(), required=False)
    amount = LocalizedDecimalField(label=_("Amount (€)"), required=False, max_digits=12, decimal_places=2, min_value=0)

    def __init__(self, *args: Any, quartier: Quartier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(quartier=quartier).order_by("title", "pk")
        self.fields["measure"].empty_label = gettext("– choose a measure –")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        measure, amount = data.get("measure"), data.get("amount")
        if measure and amount is None and "amount" not in self.errors:
            self.add_error("amount", gettext("Please enter the amount for this measure."))
        if amount is not None and not measure and "measure" not in self.errors:
            self.add_error("measure", gettext("Please choose the measure this amount pays for."))
        return data


class BaseShareFormSet(forms.BaseFormSet):
    source_amount: Decimal | None = None

    def __init__(self, *args: Any, quartier: Quartier, **kwargs: Any) -> None:
        self.quartier = quartier
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "quartier": self.quartier}

    def shares(self) -> list[tuple[Measure, Decimal]]:
        """The filled rows as (measure, amount), after validation."""
        return [
            (form.cleaned_data["measure"], form.cleaned_data["amount"])
            for form in self.forms
            if form.cleaned_data.get("measure") and form.cleaned_data.get("amount") is not None
        ]

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[int] = set()
        for measure, _amount in self.shares():
            if measure.pk in seen:
                raise forms.ValidationError(
                    gettext("“%(measure)s” is listed twice; give it one row with the whole amount.")
                    % {"measure": measure.title}
                )
            seen.add(measure.pk)
        total = sum((amount for _measure, amount in self.shares()), Decimal(0))
        if self.source_amount is not None and total > self.source_amount:
            raise forms.ValidationError(share_total_error(total, self.source_amount))


ShareFormSet = forms.formset_factory(
    ShareForm, formset=BaseShareFormSet, extra=2, max_num=MAX_SHARES, validate_max=True, absolute_max=MAX_SHARES
)
