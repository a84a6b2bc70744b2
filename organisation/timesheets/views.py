"""Pages of the hours per task field: where the time went (per month and year), and the monthly form."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from organisation.models import MONTH_HOURS_MAX, StaffMember
from organisation.selectors import member_of, works_in
from quartier.access import Action, can, get_quartier_or_404
from quartier.forms import add_errors_from
from quartier.models import Quartier

from . import selectors, services
from .charts import hours_text, month_chart
from .forms import TimeRecordForm, hours_field_name, parse_month


@login_required
@require_safe
def time_overview(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_STAFF)
    today = timezone.localdate()
    year = selectors.parse_year(request.GET.get("jahr"), today=today)
    overview = selectors.time_overview(quartier=quartier, user=request.user, year=year, today=today)
    chart = month_chart(
        overview.months,
        uid="time-chart",
        title=_("Hours per month and task field in %(year)s") % {"year": year},
    )
    context = {"quartier": quartier, "overview": overview, "chart": chart, "today": today}
    return render(request, "organisation/timesheets/overview.html", context)


# What a refusal of the service is about, as the form calls it.
SERVICE_FIELDS = {"member": "person", "month": "monat", "hours": None}


@login_required
@require_http_methods(["GET", "POST"])
def time_record(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.RECORD_TIME)
    today = timezone.localdate()
    team = can(request.user, Action.SEE_TEAM_TIME, quartier)
    own_member = None if team else member_of(user=request.user, organisation=quartier.organisation_id)
    if not team and (own_member is None or not works_in(member=own_member, quartier=quartier)):
        if request.method == "POST":  # hours of someone else: not theirs to record
            raise PermissionDenied
        return render(request, "organisation/timesheets/no_post.html", {"quartier": quartier}, status=200)

    people = selectors.recordable_people(quartier=quartier)
    fields = selectors.task_fields()
    kwargs = {"fields": fields, "people": people, "own_member": own_member, "today": today}
    if request.method == "POST":
        form = TimeRecordForm(request.POST, **kwargs)
        if form.is_valid():
            member, month = form.cleaned_data["person"], form.cleaned_data["monat"]
            if own_member is not None and member.pk != own_member.pk:
                raise PermissionDenied
            try:
                total = services.time_record(
                    quartier=quartier,
                    member=member,
                    month=month,
                    hours_by_field=form.hours_by_field(),
                    user=request.user,
                    today=today,
                )
            except ValidationError as exc:
                add_errors_from(form, _rename(exc))
            else:
                values = {"person": member.name, "month": selectors.month_label(month), "total": hours_text(total)}
                if total:
                    messages.success(request, _("Saved: %(total)s hours of %(person)s in %(month)s.") % values)
                else:
                    messages.success(request, _("The hours of %(person)s in %(month)s have been removed.") % values)
                url = reverse("time_overview", kwargs={"slug": quartier.slug})
                return redirect(f"{url}?jahr={month.year}#month-{month:%Y-%m}")
        status = 400
        loaded = False
    else:
        initial, loaded = _initial(request, quartier, people, own_member, today)
        form = TimeRecordForm(initial=initial, **kwargs)
        status = 200
    context = {
        "quartier": quartier,
        "form": form,
        "own_member": own_member,
        "limit": MONTH_HOURS_MAX,
        "people": people,
        "current_month": today.replace(day=1),
        "loaded": request.method == "GET" and loaded,
        "recorded": selectors.recorded_months(quartier=quartier, today=today, member=own_member),
    }
    return render(request, "organisation/timesheets/record.html", context, status=status)


def _initial(
    request: HttpRequest,
    quartier: Quartier,
    people: list[StaffMember],
    own_member: StaffMember | None,
    today: datetime.date,
) -> tuple[dict[str, Any], bool]:
    """The form's start: this month, or the person and month asked for (`?person=…&monat=2026-03`)
    with their stored hours, so a month can be corrected. Unknown values are ignored."""
    month = parse_month(request.GET.get("monat", "")) or today.replace(day=1)
    if month > today.replace(day=1):
        month = today.replace(day=1)
    initial: dict[str, Any] = {"monat": month}
    if own_member is not None:
        person = own_member
    else:
        wanted = request.GET.get("person", "")
        person = next((p for p in people if str(p.pk) == wanted), None)
    if person is None:
        return initial, False
    initial["person"] = person.pk
    stored = selectors.stored_hours(quartier=quartier, member=person, month=month)
    for key, value in stored.items():
        initial[hours_field_name(key)] = value
    return initial, bool(stored)


def _rename(exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {SERVICE_FIELDS.get(name, name) or "__all__": errors for name, errors in exc.error_dict.items()}
    )
