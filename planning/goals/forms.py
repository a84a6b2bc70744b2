"""The goal form: the indicator chosen from the catalogue, grouped by domain, with its latest value."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from planning.domains import IndicatorDomain
from planning.goals.models import Goal
from planning.goals.selectors import IndicatorChoice, indicator_choices
from quartier.fields import LocalizedDecimalField, TextAreaField
from quartier.models import Quartier

DATE_INPUT = {"type": "date"}


class IndicatorSelect(forms.Select):
    """A select whose options carry the indicator's latest value, for the baseline hint (goals.js)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.latest: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):  # type: ignore[no-untyped-def]
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        latest = self.latest.get(str(value))
        if latest:
            option["attrs"]["data-latest"] = latest
        return option


def _latest_label(choice: IndicatorChoice) -> str:
    if choice.latest is None:
        return str(choice.indicator)
    return gettext("%(indicator)s – latest %(value)s on %(date)s") % {
        "indicator": choice.indicator,
        "value": number_format(choice.latest.normalize(), use_l10n=True),
        "date": date_format(choice.latest_date, "SHORT_DATE_FORMAT"),
    }


class GoalForm(forms.ModelForm):
    description = TextAreaField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Goal
        field_classes = {"baseline": LocalizedDecimalField, "target": LocalizedDecimalField}
        fields = ["domain", "title", "description", "indicator", "baseline", "target", "target_date", "agreed_by"]
        fields += ["agreed_on"]
        labels = {
            "domain": _("Domain"),
            "title": _("Title"),
            "indicator": _("Indicator (optional)"),
            "baseline": _("Baseline"),
            "target": _("Target value"),
            "target_date": _("Target date"),
            "agreed_by": _("Agreed by"),
            "agreed_on": _("Agreed on"),
        }
        help_texts = {
            "title": _("Short and concrete, e.g. “More benches on the main paths”."),
            "baseline": _(
                "The indicator's value when the goal was agreed. The latest value is shown with each indicator."
            ),
            "target": _("The value the indicator should reach by the target date."),
        }
        widgets = {
            "target_date": forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
            "agreed_on": forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, quartier: Quartier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = indicator_choices(quartier=quartier, keep=self.instance.indicator_id)
        field = self.fields["indicator"]
        field.queryset = field.queryset.filter(pk__in=[c.indicator.pk for c in choices])
        widget = IndicatorSelect()
        widget.latest = {
            str(c.indicator.pk): number_format(c.latest.normalize(), use_l10n=True)
            for c in choices
            if c.latest is not None
        }
        field.widget = widget
        grouped: list[tuple[Any, Any]] = [("", gettext("– no indicator –"))]
        for value, label in IndicatorDomain.choices:
            options = [(c.indicator.pk, _latest_label(c)) for c in choices if c.indicator.domain == value]
            if options:
                grouped.append((label, options))
        field.choices = grouped
        self.fields["baseline"].widget.attrs["data-baseline"] = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("indicator") and (data.get("baseline") is not None or data.get("target") is not None):
            self.add_error("indicator", gettext("Choose the indicator that baseline and target value refer to."))
        return data
