"""Choosing the partners of a measure."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from planning.measures.models import Measure
from quartier.models import Quartier

from .selectors import partner_candidates, partners_of_measure


class MeasurePartnersForm(forms.Form):
    lead = forms.ModelChoiceField(
        label=_("Lead partner"),
        queryset=None,
        required=False,
        empty_label=_("– no lead partner –"),
        help_text=_("One partner leads the measure."),
    )
    supporting = forms.ModelMultipleChoiceField(
        label=_("Supporting partners"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, quartier: Quartier, measure: Measure, **kwargs: Any) -> None:
        if not args and "initial" not in kwargs:
            current = partners_of_measure(measure=measure)
            kwargs["initial"] = {"lead": current.lead, "supporting": current.supporting}
        super().__init__(*args, **kwargs)
        candidates = partner_candidates(quartier=quartier, measure=measure)
        self.fields["lead"].queryset = candidates
        self.fields["supporting"].queryset = candidates
        self.fields["lead"].error_messages["invalid_choice"] = _("Please choose a partner of this quartier's network.")
        self.fields["supporting"].error_messages["invalid_choice"] = _(
            "Please choose only partners of this quartier's network."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        lead, supporting = data.get("lead"), data.get("supporting") or []
        if lead is not None and lead in supporting:
            self.add_error(
                "supporting",
                _("%(name)s is already the lead partner; a partner either leads or supports.") % {"name": lead.name},
            )
        return data
