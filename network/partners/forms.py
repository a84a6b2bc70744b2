"""Forms of the partner directory: a partner, its place in a quartier's network, a contact, a
linked user account."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planning.documents import validate_upload
from planning.forms import file_help_text
from planning.measures.forms import DateInput
from planning.models import Document
from quartier.fields import SHORT_TEXT_MAX, TextAreaField, plausible_date
from quartier.models import Organisation, Quartier, User

from .models import Contact, MembershipStatus, NetworkMembership, Partner
from .services import PARTNER_FIELDS


class PartnerForm(forms.ModelForm):
    # "verein.example" is read as https://verein.example
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=Partner._meta.get_field("website").max_length,
        assume_scheme="https",
        help_text=_("Starting with https://"),
    )
    description = TextAreaField(
        label=_("What the partner offers"),
        required=False,
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Partner
        fields = ["name", "type", "serves_wohnen", "serves_soziales", "serves_pflege", "address", "website"]
        labels = {
            "name": _("Name"),
            "type": _("Type"),
            "serves_wohnen": _("Housing"),
            "serves_soziales": _("Social life"),
            "serves_pflege": _("Help and care"),
            "address": _("Address"),
        }

    field_order = list(PARTNER_FIELDS)

    def __init__(self, *args: Any, organisation: Organisation, with_status: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["type"].empty_label = _("please choose")
        if with_status:
            self.fields["status"] = forms.ChoiceField(
                label=_("Status in this quartier's network"),
                choices=[("", _("not part of this quartier's network")), *MembershipStatus.choices],
                initial=MembershipStatus.REQUESTED,
                required=False,
                help_text=_("“Approached” is where most partners start. Role and agreement follow on the next page."),
            )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = Partner.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("The organisation already has a partner of this name."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any(data.get(f) for f in ("serves_wohnen", "serves_soziales", "serves_pflege")):
            self.add_error(None, _("Please choose at least one domain the partner works in."))
        return data


class NetworkMembershipForm(forms.ModelForm):
    note = TextAreaField(
        label=_("Note"), required=False, max_length=SHORT_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    agreement_upload = forms.FileField(
        label=_("… or upload the agreement"),
        required=False,
        help_text=file_help_text(),
    )

    class Meta:
        model = NetworkMembership
        fields = [
            "status",
            "role",
            "since",
            "agreement_document",
            "agreement_signed_on",
            "agreement_until",
        ]
        labels = {
            "status": _("Status"),
            "role": _("Role in the network"),
            "since": _("Part of the network since"),
            "agreement_document": _("Cooperation agreement (from the quartier's documents)"),
            "agreement_signed_on": _("Agreement signed on"),
            "agreement_until": _("Agreement runs until"),
        }
        help_texts = {
            "agreement_until": _("We remind you 60 days before the agreement ends."),
        }
        widgets = {"since": DateInput(), "agreement_signed_on": DateInput(), "agreement_until": DateInput()}

    field_order = [*Meta.fields[:4], "agreement_upload", *Meta.fields[4:], "note"]

    def __init__(self, *args: Any, quartier: Quartier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        document = self.fields["agreement_document"]
        document.queryset = Document.objects.filter(quartier=quartier).order_by("title")
        document.empty_label = _("no document")
        document.required = False

    def clean_agreement_upload(self) -> Any:
        upload = self.cleaned_data.get("agreement_upload")
        if upload:
            validate_upload(upload)
        return upload

    def clean_since(self) -> datetime.date | None:
        day = self.cleaned_data.get("since")
        return plausible_date(day, years_ahead=1) if day is not None else None

    def clean_agreement_signed_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("agreement_signed_on")
        return plausible_date(day, years_ahead=1) if day is not None else None

    def clean_agreement_until(self) -> datetime.date | None:
        day = self.cleaned_data.get("agreement_until")
        return plausible_date(day, years_ahead=30) if day is not None else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        signed, until = data.get("agreement_signed_on"), data.get("agreement_until")
        if signed and until and until < signed:
            self.add_error("agreement_until", _("The agreement cannot end before it was signed."))
        if data.get("agreement_document") and data.get("agreement_upload"):
            self.add_error("agreement_upload", _("Please either choose a document or upload one, not both."))
        return data


CONSENT_HELP = _(
    "Personal data may only be stored with the person's consent and for a stated purpose (GDPR). "
    "Write down what the data is used for, as agreed with the person, so that everyone in the team knows."
)


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "function", "email", "phone", "consent_purpose", "consent_date"]
        labels = {
            "name": _("Name"),
            "function": _("Function"),
            "email": _("E-mail"),
            "phone": _("Phone"),
            "consent_purpose": _("Purpose agreed with the person"),
            "consent_date": _("Consent given on"),
        }
        help_texts = {
            "consent_purpose": CONSENT_HELP,
            "consent_date": _("The day the person agreed to the storing. It proves the consent if asked."),
            "function": _("e.g. managing director, neighbourhood coordinator"),
        }
        widgets = {"consent_date": DateInput(), "email": forms.EmailInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent_purpose"].required = True
        self.fields["consent_date"].required = True

    def clean_consent_date(self) -> Any:
        value = self.cleaned_data.get("consent_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The consent cannot be given in the future."))
        return value

    def clean_consent_purpose(self) -> str:
        value = (self.cleaned_data.get("consent_purpose") or "").strip()
        if not value:
            raise forms.ValidationError(_("Please name the purpose the person agreed to."))
        return value


class PartnerAccountForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        empty_label=_("please choose"),
        help_text=_(
            "Members of this quartier with the partner role. They see the partner area of every quartier "
            "in which the partner is active."
        ),
    )

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name} ({u.email})"
