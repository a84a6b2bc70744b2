"""Forms for facilities, the facility filter and the OSM upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from planning.domains import Domain
from quartier.forms import CoordinateField

from .models import Facility, FacilityCategory
from .osm_import import MAX_BYTES

BARRIER_FREE_CHOICES = (("unknown", _("unknown")), ("yes", _("yes")), ("no", _("no")))
BARRIER_FREE_VALUES = {"yes": True, "no": False, "unknown": None}


class FacilityForm(forms.ModelForm):
    lat = CoordinateField(
        label=_("Latitude"), limit=90, required=True, help_text=_("e.g. 48.7758 – or click on the map.")
    )
    lon = CoordinateField(label=_("Longitude"), limit=180, required=True, help_text=_("e.g. 9.1829"))
    barrier_free = forms.TypedChoiceField(
        label=_("Barrier-free"),
        choices=BARRIER_FREE_CHOICES,
        coerce=BARRIER_FREE_VALUES.get,
        empty_value=None,
        initial="unknown",
    )

    class Meta:
        model = Facility
        fields = ["category", "domain", "name", "address", "lat", "lon", "barrier_free", "opening_hours"]
        labels = {
            "category": _("Category"),
            "domain": _("Domain"),
            "name": _("Name"),
            "address": _("Address"),
            "opening_hours": _("Opening hours"),
        }
        help_texts = {
            "domain": _("Leave empty to use the category's domain."),
            "opening_hours": _("e.g. Mo-Fr 09:00-17:00"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = FacilityCategory.objects.order_by("position", "key")
        self.fields["domain"].required = False
        self.fields["domain"].choices = [("", _("as the category")), *Domain.choices]
        if self.instance.pk and not self.is_bound:
            self.initial["barrier_free"] = {True: "yes", False: "no"}.get(self.instance.barrier_free, "unknown")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        category = data.get("category")
        if not data.get("domain") and category is not None:
            data["domain"] = category.domain
        return data

    def _post_clean(self) -> None:
        # The service validates and saves; the model's own checks would run twice otherwise.
        pass


class FacilityFilterForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=FacilityCategory.objects.order_by("position", "key"),
        to_field_name="key",
        required=False,
        empty_label=_("all categories"),
    )
    domain = forms.ChoiceField(label=_("Domain"), choices=[("", _("all domains")), *Domain.choices], required=False)


class OsmUploadForm(forms.Form):
    file = forms.FileField(
        label=_("GeoJSON file from OpenStreetMap"),
        help_text=_("A FeatureCollection as exported by overpass-turbo („Export“ → „GeoJSON“), at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json,application/json"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large: at most 10 MB are allowed."), code="too_large")
        return upload
