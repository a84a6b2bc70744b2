from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from .fields import TextAreaField
from .geojson import MAX_CHARS, parse_boundary
from .models import Quartier, Role


def add_errors_from(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's refusal on the form: at the field it names, else above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's default says both fields are case-sensitive; our addresses are not.
        "invalid_login": _("The e-mail address or the password is not right. Please try again."),
    }


class BoundaryField(forms.CharField):
    """GeoJSON typed or pasted into a text area, parsed defensively into a normalised area."""

    widget = forms.Textarea

    def prepare_value(self, value: Any) -> str:
        # Shows an empty field, not the word "null", when there is no value yet.
        if value is None:
            return ""
        if isinstance(value, (dict, list)):
            return json.dumps(value, ensure_ascii=False)
        return value

    def to_python(self, value: Any) -> dict[str, Any] | None:
        return parse_boundary(super().to_python(value))

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return parse_boundary(data or "") != initial
        except forms.ValidationError:
            return True


# The profile in the groups the ten-step model asks about (steps 1 and 2), in page order.
PROFILE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (_("Facts"), ("name", "municipality", "spatial_type", "population", "area_km2")),
    (_("Leitbild"), ("leitbild", "leitbild_agreed_on", "leitbild_agreed_by")),
    (
        _("Identity criteria"),
        (
            "is_manageable",
            "manageable_reason",
            "is_socially_constructed",
            "socially_constructed_reason",
            "is_identity_forming",
            "identity_forming_reason",
        ),
    ),
)


class QuartierProfileForm(forms.ModelForm):
    """The quartier's profile (size, Leitbild, identity criteria); the map page sets the boundary."""

    class Meta:
        model = Quartier
        fields = [name for _label, names in PROFILE_GROUPS for name in names]
        field_classes = dict.fromkeys(
            ("leitbild", "manageable_reason", "socially_constructed_reason", "identity_forming_reason"), TextAreaField
        )
        widgets = {
            "leitbild": forms.Textarea(attrs={"rows": 6}),
            "leitbild_agreed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "manageable_reason": forms.Textarea(attrs={"rows": 2}),
            "socially_constructed_reason": forms.Textarea(attrs={"rows": 2}),
            "identity_forming_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*(Fieldset(label, *names) for label, names in PROFILE_GROUPS))


class CoordinateField(forms.DecimalField):
    """A latitude or longitude in a text box; a decimal comma is read like a point."""

    def __init__(self, *, limit: int, required: bool = False, **kwargs: Any) -> None:
        super().__init__(max_digits=9, decimal_places=6, required=required, **kwargs)
        self.validators += [MinValueValidator(-limit), MaxValueValidator(limit)]
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": 20})

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class BoundaryForm(forms.Form):
    """The boundary drawn on the map (GeoJSON in a hidden field, filled by the map script) or
    uploaded as a file, the centre clicked on the map or typed, and the walking radius."""

    boundary = BoundaryField(label=_("Boundary"), required=False, widget=forms.HiddenInput)
    boundary_file = forms.FileField(
        label=_("Upload a boundary (GeoJSON file)"),
        help_text=_("Replaces the drawn boundary. A Polygon, MultiPolygon, Feature or FeatureCollection."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json,application/json"}),
    )
    remove_boundary = forms.BooleanField(label=_("Remove the boundary"), required=False)
    centre_lat = CoordinateField(
        label=_("Centre latitude"), limit=90, help_text=_("Click on the map, or type e.g. 48.7758.")
    )
    centre_lon = CoordinateField(label=_("Centre longitude"), limit=180, help_text=_("e.g. 9.1829"))
    catchment_radius_m = forms.IntegerField(
        label=_("Walking distance for the catchment analysis (m)"),
        min_value=100,
        max_value=3000,
        help_text=_("How far older people walk to a facility: 100 to 3000 metres."),
    )

    def clean_boundary_file(self) -> dict[str, Any] | None:
        upload = self.cleaned_data.get("boundary_file")
        if not upload:
            return None
        if upload.size > MAX_CHARS * 4:
            raise forms.ValidationError(_("The file is too large: at most 1 MB is allowed."), code="geojson_size")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text."), code="geojson_encoding") from None
        area = parse_boundary(text)
        if area is None:
            raise forms.ValidationError(_("The file contains no area."), code="geojson_empty")
        return area

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("boundary_file"):
            data["boundary"] = data["boundary_file"]
        if data.get("remove_boundary"):
            data["boundary"] = None
        lat, lon = data.get("centre_lat"), data.get("centre_lon")
        # A coordinate that is missing because it was invalid already has its own message.
        if (lat is None) != (lon is None) and not (self.has_error("centre_lat") or self.has_error("centre_lon")):
            self.add_error("centre_lon" if lon is None else "centre_lat", _("Please give both latitude and longitude."))
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.DEVELOPER)


class MembershipRoleForm(forms.Form):
    """The role select next to a member on the team page."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


# Long enough for any passphrase or password manager; a bound keeps hashing cheap.
PASSWORD_MAX_LENGTH = 128
PASSWORD_TOO_LONG = _("The password may be at most %(limit_value)d characters long.")


class InvitationAcceptForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        error_messages={"max_length": PASSWORD_TOO_LONG},
    )
    password2 = forms.CharField(
        label=_("Repeat password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        error_messages={"max_length": PASSWORD_TOO_LONG},
    )

    def __init__(self, *args: Any, email: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        elif p1:
            from .models import User

            probe = User(email=self.email, first_name=data.get("first_name", ""), last_name=data.get("last_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
