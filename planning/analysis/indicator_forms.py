"""Forms of the indicator pages. Numbers and dates are read as the import reads them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from planning.domains import IndicatorDomain

from .indicator_parsing import MAX_CELL_CHARS, InvalidCell, parse_date, parse_number
from .models import Indicator


def _grouped_choices(indicators: list[Indicator]) -> list[tuple[Any, Any]]:
    """The catalogue grouped by domain in the select, as on the list."""
    choices: list[tuple[Any, Any]] = [("", "---------")]
    for domain, label in IndicatorDomain.choices:
        group = [(i.pk, f"{i.title} ({i.unit})") for i in indicators if i.domain == domain]
        if group:
            choices.append((label, group))
    return choices


class IndicatorValueForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.filter(active=True))
    value = forms.CharField(
        label=_("Value"),
        max_length=40,
        help_text=_("A number; a decimal comma or point, e.g. 21,5"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    reference_date = forms.CharField(
        label=_("Reference date"),
        max_length=20,
        help_text=_("The day the value refers to, e.g. 31.12.2025"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=MAX_CELL_CHARS,
        required=False,
        help_text=_("Left empty, the indicator's usual source is recorded."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicators = list(self.fields["indicator"].queryset.order_by("position", "code"))
        self.fields["indicator"].choices = _grouped_choices(indicators)
        # static/js/indicators.js puts the usual source into the source field when one is chosen.
        self.sources = {str(i.pk): i.source for i in indicators}
        self.fields["source"].widget.attrs["data-source-for"] = self["indicator"].auto_id

    def clean_value(self) -> Decimal:
        try:
            return parse_number(self.cleaned_data["value"])
        except InvalidCell as exc:
            raise forms.ValidationError(str(exc), code="number") from exc

    def clean_reference_date(self) -> Any:
        try:
            return parse_date(self.cleaned_data["reference_date"])
        except InvalidCell as exc:
            raise forms.ValidationError(str(exc), code="date") from exc


class IndicatorImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("Columns indicator_code;value;reference_date;source – at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class IndicatorImportApplyForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
