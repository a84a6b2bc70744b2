"""Forms of the measures: the measure itself, a milestone, a status change."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.fields import SHORT_TEXT_MAX, DateInput, TextAreaField
from quartier.models import Quartier

from .models import Measure, MeasureStatus, Milestone
from .selectors import goals_of, members_of


class EuroField(forms.DecimalField):
    """An amount in euros as people type it: "1.200,50", "1200,50", "1200.50" or "1200 €"."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)  # shown as "1200,50" on a German page
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
            if "," in value:  # German: the comma is the decimal sign, dots group thousands
                value = value.replace(".", "").replace(",", ".")
        if value in self.empty_values:
            return None
        try:
            number = Decimal(value)
        except (InvalidOperation, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        return attrs


class MeasureForm(forms.ModelForm):
    """Create (with the initial status) or edit a measure. Status changes later go through the workflow."""

    description = TextAreaField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(
        label=_("Status at the start"),
        choices=MeasureStatus.choices,
        initial=MeasureStatus.PLANNED,
        help_text=_("Later changes of the status are made on the measure's page and recorded."),
    )

    class Meta:
        model = Measure
        fields = [
            "title",
            "description",
            "domain",
            "goals",
            "target_group",
            "responsible",
            "start",
            "end",
            "budget_planned",
            "budget_spent",
        ]
        field_classes = {"budget_planned": EuroField, "budget_spent": EuroField}
        widgets = {
            "goals": forms.CheckboxSelectMultiple,
            "start": DateInput(),
            "end": DateInput(),
        }
        labels = {
            "title": _("Title"),
            "domain": _("Domain"),
            "goals": _("Goals served"),
            "target_group": _("Target group"),
            "responsible": _("Responsible"),
            "start": _("Start"),
            "end": _("End"),
            "budget_planned": _("Planned budget (€)"),
            "budget_spent": _("Spent so far (€)"),
        }
        help_texts = {"target_group": _("e.g. older people living alone, relatives caring for someone")}

    def __init__(self, *args: Any, quartier: Quartier, may_assign: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = goals_of(quartier)
        self.fields["goals"].label_from_instance = lambda goal: f"{goal.title} ({goal.get_domain_display()})"
        responsible = self.fields["responsible"]
        responsible.queryset = members_of(quartier)
        responsible.label_from_instance = lambda user: user.display_name
        responsible.empty_label = _("nobody yet")
        if not may_assign:
            responsible.disabled = True
            responsible.help_text = _("Only the quartier's managers assign measures.")
        if self.instance.pk:
            del self.fields["status"]
        if not self.fields["goals"].queryset.exists():
            self.fields["goals"].help_text = _("This quartier has no goals yet (step 5).")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end cannot be before the start."))
        return data


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date"]
        widgets = {"due_date": DateInput()}
        labels = {"title": _("Milestone"), "due_date": _("Due on")}


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=MeasureStatus.choices)
    reason = TextAreaField(
        label=_("Reason"),
        required=False,
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
