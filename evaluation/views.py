from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from network.selectors import network_figures
from organisation.checks.selectors import open_actions as check_open_actions
from organisation.staffing.selectors import staffing_box
from participation.selectors import participation_figures
from planning.models import Phase, StepStatus
from quartier.access import Action, allowed_actions, can, get_quartier_or_404, is_coordinator, require, role_of
from quartier.models import Coordinator, Membership, Quartier, Role, User
from quartier.selectors import invitations_pending_for

from . import portfolio_staff, selectors, services
from .filters import PortfolioFilter, portfolio_filter
from .forms import ReportRequestForm
from .models import Report
from .templatetags.portfolio_tags import (
    csv_date_text,
    current_step_text,
    months_text,
    network_csv_cells,
    staff_csv_cells,
    staff_csv_header,
)


@login_required
@require_safe
def cockpit(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_PORTAL)
    if not can(request.user, Action.VIEW, quartier):
        # Partners land here from the start page and old links: their view of the quartier is the portal.
        return redirect("partner_portal", slug=quartier.slug)
    actions = allowed_actions(request.user, quartier)
    today = timezone.localdate()
    return render(
        request,
        "evaluation/cockpit.html",
        {
            "today": today,
            "quartier": quartier,
            "summary": selectors.quartier_summary(quartier=quartier),
            "actions": actions,
            # Readers get no list of things to do that they could not act on.
            "can_work": Action.WORK_ON_STEPS in actions,
            "role": role_of(request.user, quartier),
            "reports": selectors.latest_reports(quartier=quartier),
            "report_form": ReportRequestForm(),
            "network": network_figures(quartier=quartier, today=today),
            "participation": participation_figures(quartier=quartier, today=today),
            "staffing": staffing_box(user=request.user, quartier=quartier, today=today),
        },
    )


# Quartiers per start page: managers have a handful; a coordinator's long list pages.
START_PAGE_SIZE = 50


@login_required
@require_safe
def quartier_list(request: HttpRequest) -> HttpResponse:
    """The start page of someone with several quartiers: each with its ten steps and where it stands."""
    page = Paginator(selectors.start_page_queryset(user=request.user), START_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    quartiers = list(page.object_list)
    return render(
        request,
        "evaluation/quartier_list.html",
        {
            "page": page,
            "rows": selectors.portfolio_rows(quartiers=quartiers),
            "portal_ids": _portal_only(request.user, quartiers),
            "pending_invitations": invitations_pending_for(user=request.user),
        },
    )


def _portal_only(user: User, quartiers: list[Quartier]) -> set[int]:
    """The quartiers the user reads only through the partner portal: a partner's role there and
    no other way in (coordinators of the organisation read the workspace). Two queries at most."""
    if user.is_superuser:
        return set()
    ids = set(
        Membership.objects.filter(user=user, role=Role.PARTNER, quartier_id__in=[q.pk for q in quartiers]).values_list(
            "quartier_id", flat=True
        )
    )
    if not ids:
        return ids
    coordinated = set(Coordinator.objects.filter(user=user).values_list("organisation_id", flat=True))
    return {q.pk for q in quartiers if q.pk in ids and q.organisation_id not in coordinated}


# Rows per portfolio page: enough to compare, small enough that the page stays fast at thousands.
PORTFOLIO_PAGE_SIZE = 100


def _portfolio_filter(request: HttpRequest) -> tuple[PortfolioFilter, QuerySet[Quartier], list[str]]:
    if not is_coordinator(request.user):
        raise PermissionDenied
    # Always bound: an unbound FilterSet is never valid, so the page without filters would list nothing.
    filterset, ignored = portfolio_filter(data=request.GET, queryset=selectors.portfolio_queryset(user=request.user))
    return filterset, filterset.qs, ignored


@login_required
@require_safe
def portfolio(request: HttpRequest) -> HttpResponse:
    filterset, quartiers, ignored = _portfolio_filter(request)
    if ignored:
        messages.warning(
            request,
            _("Some values in the address were not understood and are left out: %(fields)s.")
            % {"fields": ", ".join(ignored)},
        )
    page = Paginator(quartiers, PORTFOLIO_PAGE_SIZE).get_page(request.GET.get("page"))
    listed = list(page.object_list)
    rows = selectors.portfolio_rows(
        quartiers=listed,
        with_runways=True,
        with_network=True,
        with_staff=portfolio_staff.STAFF_COLUMNS,
        staff_ids=selectors.staff_visible_ids(user=request.user, quartiers=listed)
        if portfolio_staff.STAFF_COLUMNS
        else None,
    )
    return render(
        request,
        "evaluation/portfolio.html",
        {
            "filter": filterset,
            "page": page,
            "rows": rows,
            "show_staff": any(row.staff is not None for row in rows),
            "totals": selectors.portfolio_totals(quartiers=quartiers),
            "numbers": range(1, 11),
            "phases": Phase.choices,
            "check_actions": check_open_actions(user=request.user, today=timezone.localdate(), limit=5),
        },
    )


@login_required
@require_safe
def portfolio_csv(request: HttpRequest) -> HttpResponse:
    """Every matching quartier, not only one page: a fixed number of queries, however many there are."""
    _filterset, quartiers, _ignored = _portfolio_filter(request)
    matrix = selectors.step_matrix(quartier_ids=quartiers.order_by().values("pk"))
    listed = list(quartiers)
    rows = selectors.portfolio_rows(
        quartiers=listed,
        matrix=matrix,
        with_runways=True,
        with_network=True,
        with_staff=portfolio_staff.STAFF_COLUMNS,
        staff_ids=selectors.staff_visible_ids(user=request.user, quartiers=listed)
        if portfolio_staff.STAFF_COLUMNS
        else None,
    )
    fields = portfolio_staff.task_fields(rows) if portfolio_staff.STAFF_COLUMNS else []
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"Portfolio-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly.
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [_("Quartier"), _("Organisation"), _("Municipality"), _("Inhabitants")]
        + [_("Step %(n)s") % {"n": n} for n in range(1, 11)]
        + [str(label) for _key, label in Phase.choices]
        + [_("Total"), _("Measures on track"), _("Measures overdue"), _("Funding secured (months)")]
        + (staff_csv_header(fields) if portfolio_staff.STAFF_COLUMNS else [])
        + [_("Active partners"), _("Confirmed contributions (hours)"), _("Confirmed contributions (euros)")]
        + [_("Current step"), _("Last activity")]
    )
    status_labels = {value: str(label) for value, label in StepStatus.choices}
    for row in rows:
        q = row.quartier
        writer.writerow(
            [_cell(q.name), _cell(q.organisation.name), _cell(q.municipality), q.population or ""]
            + [status_labels[s.status] for s in row.steps]
            + [f"{p.percent} %" for p in row.phases]
            + [f"{row.percent} %", row.measures_on_track, row.measures_overdue, months_text(row)]
            + (staff_csv_cells(row.staff, fields) if portfolio_staff.STAFF_COLUMNS else [])
            + network_csv_cells(row)
            + [current_step_text(q, csv_date_text), csv_date_text(q.last_activity_at)]
        )
    return response


# Spreadsheet programs run cells that start with these characters as formulas.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """Keep names typed by users from turning into formulas when the CSV is opened."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _report_or_404(quartier: Quartier, report_id: int) -> Report:
    report = Report.objects.filter(pk=report_id, quartier=quartier).select_related("quartier").first()
    if report is None:
        raise Http404
    return report


@login_required
@require_POST
def report_request(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    require(request.user, Action.REQUEST_REPORT, quartier)
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose the language of the report."))
        return _redirect(request, reverse("cockpit", args=[slug]))
    asked = form.cleaned_data["language"] or None
    report = services.report_request(quartier=quartier, user=request.user, language=asked)
    report.refresh_from_db(fields=["status"])
    if asked and report.language != asked:
        # Another report was already pending: its language wins; say so rather than drop the choice.
        messages.warning(
            request,
            _("A report in %(pending)s is already being created; you can request one in %(asked)s afterwards.")
            % {"pending": report.get_language_display(), "asked": dict(settings.LANGUAGES)[asked]},
        )
    elif report.is_pending:  # without a broker the report is already done here
        messages.info(request, _("The progress report is being created. The download link appears here."))
    return _redirect(request, reverse("report_detail", args=[slug, report.pk]))


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    # The cockpit's form posts with htmx so that the page says "being created" at once while,
    # without a broker, the PDF renders inside this request; htmx follows this header with a
    # full page load. Without JavaScript the form posts normally and gets a plain redirect.
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@login_required
@require_safe
def report_detail(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    report = _report_or_404(quartier, report_id)
    context = {"quartier": quartier, "report": report, "actions": allowed_actions(request.user, quartier)}
    if request.htmx:
        return render(request, "evaluation/partials/report_status.html", context)
    return render(request, "evaluation/report_detail.html", context)


@login_required
@require_safe
def report_download(request: HttpRequest, slug: str, report_id: int) -> FileResponse:
    quartier = get_quartier_or_404(request.user, slug)
    report = _report_or_404(quartier, report_id)
    if report.status != Report.Status.DONE or not report.file:
        raise Http404
    response = FileResponse(
        report.file.open("rb"), as_attachment=True, filename=report.filename, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def report_retry(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    report = _report_or_404(quartier, report_id)
    require(request.user, Action.REQUEST_REPORT, quartier)
    report = services.report_retry(report=report, user=request.user)
    return _redirect(request, reverse("report_detail", args=[slug, report.pk]))
