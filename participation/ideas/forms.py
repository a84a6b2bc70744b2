"""Forms of ideas: the public form (plain language, no names), the team's entry and the decision."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from planning.domains import Domain
from quartier.fields import SHORT_TEXT_MAX, TextAreaField
from quartier.forms import add_errors_from
from quartier.models import Quartier

from ..events.forms import CoordinateField
from . import services
from .models import Idea, IdeaStatus

# The public form's limit: long enough for a suggestion, short enough to read aloud.
PUBLIC_TEXT_MAX = 1000
DONT_KNOW = "weiss_nicht"

PUBLIC_DOMAINS = (
    (Domain.WOHNEN.value, _("Housing")),
    (Domain.SOZIALES.value, _("Living together")),
    (Domain.PFLEGE.value, _("Help and care")),
    (DONT_KNOW, _("I don't know")),
)
# A plain-language hint under each choice.
PUBLIC_DOMAIN_HINTS = {
    Domain.WOHNEN.value: _("Flats, paths, benches, squares, shops"),
    Domain.SOZIALES.value: _("Meeting people, neighbours, leisure"),
    Domain.PFLEGE.value: _("Support at home, advice, care"),
    DONT_KNOW: _("The team will sort it in."),
}


class PublicIdeaForm(forms.Form):
    text = TextAreaField(
        label=_("Your idea"),
        max_length=PUBLIC_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What would make life in the quartier better? Please no names."),
        error_messages={"required": _("Please write down your idea.")},
    )
    domain = forms.ChoiceField(
        label=_("What is your idea about?"),
        choices=PUBLIC_DOMAINS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what your idea is about – or “I don't know”.")},
    )

    # The optional place: filled in by a tap on the map (hidden fields; without JavaScript empty).
    lat = forms.CharField(required=False, widget=forms.HiddenInput)
    lon = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, quartier: Quartier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quartier = quartier
        self.location: tuple[Decimal | None, Decimal | None] = (None, None)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        raw_lat, raw_lon = data.get("lat") or "", data.get("lon") or ""
        if not raw_lat and not raw_lon:
            return data
        if not raw_lat or not raw_lon:
            self.add_error(
                "lat",
                services.UNREADABLE_PLACE,
            )
            return data
        try:
            lat = services.parse_coordinate(raw_lat, limit=90)
            lon = services.parse_coordinate(raw_lon, limit=180)
        except ValueError:
            self.add_error(
                "lat",
                services.UNREADABLE_PLACE,
            )
            return data
        try:
            services.check_public_location(quartier=self.quartier, lat=lat, lon=lon)
        except ValidationError as exc:
            add_errors_from(self, exc)
            return data
        self.location = (lat, lon)
        return data

    def domain_value(self) -> str:
        value = self.cleaned_data["domain"]
        return "" if value == DONT_KNOW else value


class StaffIdeaForm(forms.Form):
    text = TextAreaField(label=_("Idea"), max_length=SHORT_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}))
    domain = forms.ChoiceField(label=_("Domain"), choices=[("", _("not known")), *Domain.choices], required=False)
    lat = CoordinateField(limit=90, label=_("Latitude"), required=False, help_text=_("Optional, e.g. 48,7758"))
    lon = CoordinateField(limit=180, label=_("Longitude"), required=False, help_text=_("Optional, e.g. 9,1829"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lon") is None) and not self.errors:
            missing = "lon" if data.get("lat") is not None else "lat"
            self.add_error(missing, _("Please give both latitude and longitude, or neither."))
        return data


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=IdeaStatus.choices, widget=forms.RadioSelect)
    reason = TextAreaField(
        label=_("Reason (shown publicly)"),
        max_length=SHORT_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the idea is declined. Everybody can read it on the public page."),
    )
    measure_title = forms.CharField(
        label=_("Title of the measure"),
        max_length=200,
        required=False,
        help_text=_("When the idea is adopted; without a title the idea's first words are used."),
    )
    measure_domain = forms.ChoiceField(label=_("Domain of the measure"), choices=Domain.choices, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == IdeaStatus.DECLINED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Please give a reason: it is shown publicly next to the declined idea."))
        if data.get("status") == IdeaStatus.ADOPTED and not data.get("measure_domain"):
            self.add_error("measure_domain", _("Please choose the measure's domain."))
        return data


class IdeaFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=IdeaStatus.choices, empty_label=_("all"))
    domain = django_filters.ChoiceFilter(label=_("Domain"), choices=Domain.choices, empty_label=_("all domains"))

    class Meta:
        model = Idea
        fields = ["status", "domain"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"
