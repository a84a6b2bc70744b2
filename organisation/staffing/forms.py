"""The form of a post: who (from the lists, or a new person by name), which role profile, how
many hours a week, from when to when, paid from which of the quartier's funding sources."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from planning.funding.models import FundingSource
from quartier.fields import SHORT_TEXT_MAX, DateInput, LocalizedDecimalField, TextAreaField, plausible_date
from quartier.models import Quartier

from ..models import WEEKLY_HOURS_MAX, RoleProfile, Staffing, StaffMember
from .selectors import PersonChoices
from .services import Person

NEW_PERSON = "new"
WEEKLY_HOURS_MIN = Decimal("0.5")


class FundingSourceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: FundingSource) -> str:
        return gettext("%(title)s (%(status)s, %(start)s – %(end)s)") % {
            "title": obj.title,
            "status": obj.get_status_display(),
            "start": date_format(obj.start, "SHORT_DATE_FORMAT"),
            "end": date_format(obj.end, "SHORT_DATE_FORMAT"),
        }


class StaffingForm(forms.Form):
    person = forms.ChoiceField(
        label=_("Person"),
        required=False,
        error_messages={"invalid_choice": _("Please choose a person from the list.")},
    )
    new_name = forms.CharField(
        label=_("Or: name of a new person without login"),
        required=False,
        max_length=StaffMember._meta.get_field("name").max_length,
        help_text=_("For someone who is not in the list and does not use the app, e.g. a part-time colleague."),
    )
    role_profile = forms.ModelChoiceField(
        label=_("Role profile"),
        queryset=RoleProfile.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Please choose the role profile of the post."),
            "invalid_choice": _("Please choose a role profile from the list."),
        },
    )
    weekly_hours = LocalizedDecimalField(
        label=_("Hours per week"),
        decimal_places=1,
        min_value=WEEKLY_HOURS_MIN,
        max_value=WEEKLY_HOURS_MAX,
        help_text=_("e.g. 19,5 for a half post; between 0,5 and 60."),
        error_messages={
            "required": _("Please enter the hours per week."),
            "invalid": _("Please enter the hours per week as a number, e.g. 19,5."),
            "min_value": _("A post has at least 0,5 hours a week."),
            "max_value": _("A post has at most 60 hours a week."),
        },
    )
    start = forms.DateField(
        label=_("From"),
        widget=DateInput(),
        error_messages={"required": _("Please enter the day the post starts.")},
    )
    end = forms.DateField(
        label=_("Until"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty while the post is open-ended. To end a post, enter its last day."),
    )
    funding_source = FundingSourceChoiceField(
        label=_("Paid from"),
        queryset=FundingSource.objects.none(),
        required=False,
        empty_label=_("– not recorded –"),
        help_text=_("The funding source of this quartier that pays for the post."),
        error_messages={"invalid_choice": _("Please choose one of this quartier's funding sources.")},
    )
    notes = TextAreaField(
        label=_("Notes"), max_length=SHORT_TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, quartier: Quartier, people: PersonChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role_profile"].queryset = RoleProfile.objects.order_by("position", "key")
        self.fields["funding_source"].queryset = FundingSource.objects.filter(quartier=quartier).order_by(
            "start", "title", "pk"
        )
        groups: list[tuple[str, Any]] = [("", gettext("– choose a person –"))]
        if people.in_quartier:
            groups.append(
                (
                    gettext("Staff of this quartier"),
                    [(f"member:{m.pk}", m.name) for m in people.in_quartier],
                )
            )
        if people.in_organisation:
            groups.append(
                (
                    gettext("Other staff of %(organisation)s") % {"organisation": quartier.organisation.name},
                    [(f"member:{m.pk}", m.name) for m in people.in_organisation],
                )
            )
        if people.team_users:
            groups.append(
                (
                    gettext("Team members of this quartier"),
                    [(f"user:{u.pk}", u.get_full_name() or u.email) for u in people.team_users],
                )
            )
        groups.append((NEW_PERSON, gettext("A new person without login (enter the name below)")))
        self.fields["person"].choices = groups

    @staticmethod
    def initial_for(post: Staffing) -> dict[str, Any]:
        return {
            "person": f"member:{post.member_id}",
            "role_profile": post.role_profile_id,
            "weekly_hours": post.weekly_hours,
            "start": post.start,
            "end": post.end,
            "funding_source": post.funding_source_id,
            "notes": post.notes,
        }

    def clean_start(self) -> Any:
        return plausible_date(self.cleaned_data["start"])

    def clean_end(self) -> Any:
        end = self.cleaned_data.get("end")
        return plausible_date(end) if end else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        choice, name = data.get("person", ""), " ".join(data.get("new_name", "").split())
        if "person" in self.errors or "new_name" in self.errors:
            pass
        elif choice in ("", NEW_PERSON):
            if name:
                data["person_value"] = Person(name=name)
            elif choice == NEW_PERSON:
                self.add_error("new_name", gettext("Please enter the name of the new person."))
            else:
                self.add_error("person", gettext("Please choose a person or enter the name of a new person."))
        elif name:
            self.add_error(
                "new_name", gettext("Please either choose a person from the list or enter a new name, not both.")
            )
        else:
            kind, _sep, pk = choice.partition(":")
            data["person_value"] = Person(member_id=int(pk)) if kind == "member" else Person(user_id=int(pk))
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", gettext("The end must not be before the start."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned values as the services take them."""
        data = self.cleaned_data
        return {
            "person": data["person_value"],
            "role_profile": data["role_profile"],
            "weekly_hours": data["weekly_hours"],
            "start": data["start"],
            "end": data.get("end"),
            "funding_source": data.get("funding_source"),
            "notes": data.get("notes", ""),
        }
