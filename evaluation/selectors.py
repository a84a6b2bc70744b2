"""Reads that bring the apps together: the quartier summary, the cockpit and the portfolio."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from network.selectors import NetworkTotals, network_totals
from planning.funding.selectors import Runway
from planning.models import ChecklistItem, Evidence, Phase, StepProgress, StepStatus, StepTransition
from planning.selectors import (
    PhaseProgress,
    evidence_label,
    group_by_phase,
    overall_percent,
    phase_numbers,
    step_percent,
    steps_with_counts,
)
from quartier.access import ROLE_ACTIONS, Action
from quartier.models import Coordinator, Membership, Quartier, Role, User

from .models import Report
from .plan import PlanSummary, plan_summary
from .portfolio_plan import runways, with_plan_columns
from .portfolio_staff import StaffColumn, staff_columns


@dataclass
class Activity:
    """One entry of "Letzte Aktivitäten": what happened, in which step and item, and where to look."""

    at: datetime
    by: User | None
    text: str
    step_number: int
    url: str
    kind: str  # "transition", "reopen" or "evidence"
    item_id: int | None = None
    item_title: str = ""
    reason: str = ""  # the reason given for reopening, or the comment on another status change
    label: str = ""  # what the evidence is called: its label, the document's title, the link or the text


@dataclass
class QuartierSummary:
    """Everything a screen or a report says about a quartier's progress."""

    quartier: Quartier
    phases: list[PhaseProgress]
    percent: int
    next_items: OpenItems
    activity: list[Activity]
    plan: PlanSummary

    @property
    def steps(self) -> list[StepProgress]:
        return [s for p in self.phases for s in p.steps]

    @property
    def done_count(self) -> int:
        return sum(p.done_count for p in self.phases)


@dataclass
class OpenItems:
    """The first open required items, and how many more there are from which step on."""

    items: list[ChecklistItem]
    more: int = 0
    more_from_step: int | None = None

    def __iter__(self) -> Iterator[ChecklistItem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def open_required_items(*, quartier: Quartier, limit: int = 6) -> OpenItems:
    """The next required items that still need work or evidence, in step order.

    One query, however many there are: the total is counted over all matching rows by a window
    function, and one row more than shown tells from which step on the rest begin.
    """
    has_evidence = Exists(Evidence.objects.filter(item=OuterRef("pk")))
    rows = list(
        ChecklistItem.objects.filter(step__quartier=quartier, required=True)
        .exclude(step__status=StepStatus.DONE)
        .annotate(has_evidence=has_evidence)
        .filter(Q(done=False) | Q(has_evidence=False))
        .annotate(total=Window(Count("pk")))
        .select_related("step__template", "template")
        .order_by("step__template__number", "position")[: limit + 1]
    )
    if len(rows) <= limit:
        return OpenItems(items=rows)
    return OpenItems(items=rows[:limit], more=rows[0].total - limit, more_from_step=rows[limit].step.template.number)


def _step_url(quartier: Quartier, number: int, item_id: int | None = None) -> str:
    url = reverse("step_detail", kwargs={"slug": quartier.slug, "number": number})
    return f"{url}#item-{item_id}" if item_id else url


# „Schritt 1 begonnen“, „… abgeschlossen“, „… wieder geöffnet“: what the team did, not two states.
MOVE_TEXTS = {
    "started": gettext_lazy("Step %(n)s started"),
    "completed": gettext_lazy("Step %(n)s completed"),
    "reopened": gettext_lazy("Step %(n)s reopened"),
}


def recent_activity(*, quartier: Quartier, limit: int = 8) -> list[Activity]:
    """Status changes and evidence of the quartier, newest first, each linked to its step and item.

    Two queries, whatever the number of entries.
    """
    entries: list[Activity] = []
    for t in (
        StepTransition.objects.filter(step__quartier=quartier)
        .select_related("by", "step__template")
        .order_by("-at", "-pk")[:limit]
    ):
        number = t.step.template.number
        entries.append(
            Activity(
                at=t.at,
                by=t.by,
                step_number=number,
                url=_step_url(quartier, number),
                kind="reopen" if t.move == "reopened" else "transition",
                reason=t.comment,
                text=str(MOVE_TEXTS[t.move]) % {"n": number},
            )
        )
    for e in (
        Evidence.objects.filter(item__step__quartier=quartier)
        .select_related("created_by", "document", "item__step__template", "item__template")
        .order_by("-created_at", "-pk")[:limit]
    ):
        number = e.item.step.template.number
        label = evidence_label(e)
        entries.append(
            Activity(
                at=e.created_at,
                by=e.created_by,
                step_number=number,
                url=_step_url(quartier, number, e.item_id),
                kind="evidence",
                item_id=e.item_id,
                item_title=e.item.display_title,
                label=label,
                text=_("Step %(n)s: evidence for “%(item)s”: %(label)s")
                % {"n": number, "item": e.item.display_title, "label": label},
            )
        )
    entries.sort(key=lambda a: a.at, reverse=True)
    return entries[:limit]


def quartier_summary(*, quartier: Quartier, today: date | None = None) -> QuartierSummary:
    """The one summary of a quartier that the cockpit and the reports read."""
    phases = group_by_phase(list(steps_with_counts(quartier_ids=[quartier.pk])))
    return QuartierSummary(
        quartier=quartier,
        phases=phases,
        percent=overall_percent(phases),
        next_items=open_required_items(quartier=quartier),
        activity=recent_activity(quartier=quartier),
        plan=plan_summary(quartier=quartier, today=today or timezone.localdate()),
    )


def progress_report_summary(*, quartier: Quartier, today: date | None = None) -> QuartierSummary:
    """The summary with every step's checklist and evidence attached, for the PDF report."""
    summary = quartier_summary(quartier=quartier, today=today)
    items = list(
        ChecklistItem.objects.filter(step__quartier=quartier).select_related("template").prefetch_related("evidence")
    )
    for step in summary.steps:
        step.report_items = sorted((i for i in items if i.step_id == step.pk), key=lambda i: i.position)
    return summary


def latest_reports(*, quartier: Quartier, limit: int = 5) -> QuerySet[Report]:
    return Report.objects.filter(quartier=quartier).select_related("requested_by", "quartier")[:limit]


@dataclass(slots=True)
class MatrixStep:
    """One step of one quartier in the portfolio matrix and on the start page.

    Plain data read with `values_list`, not a StepProgress: building thousands of model
    instances cost more than the rest of the page. PhaseProgress reads only `status` and
    `percent`, so it groups these as it groups steps.
    """

    number: int
    phase: str
    status: str
    percent: int


@dataclass
class PortfolioRow:
    quartier: Quartier
    phases: list[PhaseProgress]
    percent: int
    runway: Runway | None = field(default=None)
    network: NetworkTotals | None = field(default=None)  # active partners, confirmed hours and euros
    staff: StaffColumn | None = field(default=None)  # staffed hours, warnings, time per task field

    @property
    def measures_on_track(self) -> int:
        return getattr(self.quartier, "measures_on_track", 0)

    @property
    def measures_overdue(self) -> int:
        return getattr(self.quartier, "measures_overdue", 0)

    @property
    def steps(self) -> list[MatrixStep]:
        return [s for p in self.phases for s in p.steps]

    @property
    def current_phase(self) -> PhaseProgress | None:
        """The phase of the quartier's current step; None once all steps are completed."""
        q = self.quartier
        if q.current_step is None or q.current_step_status == StepStatus.DONE:
            return None
        return next((p for p in self.phases if any(s.number == q.current_step for s in p.steps)), None)


def step_matrix(*, quartier_ids: list[int] | QuerySet) -> dict[int, list[MatrixStep]]:
    """The steps of many quartiers with their percent done, from one query."""
    matrix: dict[int, list[MatrixStep]] = {}
    steps = steps_with_counts(quartier_ids=quartier_ids).values_list(
        "quartier_id", "template__number", "template__phase", "status", "required_total", "required_done"
    )
    for quartier_id, number, phase, status, required_total, required_done in steps.iterator(chunk_size=5000):
        percent = step_percent(status=status, required_total=required_total, required_done=required_done)
        matrix.setdefault(quartier_id, []).append(MatrixStep(number, phase, status, percent))
    return matrix


def portfolio_rows(
    *,
    quartiers: list[Quartier],
    matrix: dict[int, list[MatrixStep]] | None = None,
    today: date | None = None,
    with_runways: bool = False,
    with_network: bool = False,
    with_staff: bool = False,
    staff_ids: set[int] | None = None,
) -> list[PortfolioRow]:
    """Matrix rows for already scoped and filtered quartiers: one query for the steps, whatever their number.

    With `with_runways`, one more query for the funding runway of all of them; with
    `with_network`, two more for their active partners and confirmed contributions; with
    `with_staff`, three more for their posts and their hours per task field — of the quartiers
    in `staff_ids` only, when given (the ones whose staff the user may see).
    """
    ids = [q.pk for q in quartiers]
    today = today or timezone.localdate()
    if matrix is None:
        matrix = step_matrix(quartier_ids=ids)
    found = runways(quartier_ids=ids, today=today) if with_runways else {}
    network = network_totals(quartier_ids=ids) if with_network and ids else {}
    staff_of = ids if staff_ids is None else [pk for pk in ids if pk in staff_ids]
    staff = staff_columns(quartier_ids=staff_of, today=today) if with_staff and staff_of else {}
    phase_labels = [(key, str(label)) for key, label in Phase.choices]
    rows = []
    for q in quartiers:
        phases = {key: PhaseProgress(key=key, label=label) for key, label in phase_labels}
        for step in matrix.get(q.pk, ()):
            phases[step.phase].steps.append(step)
        phase_list = list(phases.values())
        rows.append(
            PortfolioRow(
                quartier=q,
                phases=phase_list,
                percent=overall_percent(phase_list),
                runway=found.get(q.pk),
                network=network.get(q.pk),
                staff=staff.get(q.pk),
            )
        )
    return rows


def staff_visible_ids(*, user: User, quartiers: list[Quartier]) -> set[int]:
    """The quartiers among these whose staff the user may see (`Action.VIEW_STAFF`): those of
    the organisations they coordinate and those where they are a manager or developer. A
    coordinator who is a viewer or partner in another organisation's quartier sees its row in the
    portfolio, not its staff. One query, a second only for quartiers outside their organisations."""
    if user.is_superuser:
        return {q.pk for q in quartiers}
    coordinated = set(Coordinator.objects.filter(user=user).values_list("organisation_id", flat=True))
    visible = {q.pk for q in quartiers if q.organisation_id in coordinated}
    rest = [q.pk for q in quartiers if q.pk not in visible]
    if rest:
        staff_roles = [role for role in Role.values if Action.VIEW_STAFF in ROLE_ACTIONS[role]]
        visible |= set(
            Membership.objects.filter(user=user, quartier_id__in=rest, role__in=staff_roles).values_list(
                "quartier_id", flat=True
            )
        )
    return visible


def portfolio_queryset(*, user: User, today: date | None = None) -> QuerySet[Quartier]:
    """Quartiers the user may see, for the portfolio's filters and sorting.

    Progress and last activity are columns of the quartier that the planning services keep
    up to date. Measures on track and overdue, and the funding's last secured day (for
    sorting), are subqueries of each row: the query count does not grow with the quartiers.
    """
    queryset = Quartier.objects.visible_to(user).select_related("organisation")
    return with_plan_columns(queryset, today=today or timezone.localdate())


def start_page_queryset(*, user: User) -> QuerySet[Quartier]:
    """The quartiers on the user's start page, by name."""
    return Quartier.objects.visible_to(user).select_related("organisation").order_by("name", "pk")


@dataclass
class PortfolioTotals:
    """How many of the matching quartiers stand in each phase, and how many are finished."""

    total: int
    by_phase: list[tuple[str, str, int]]
    finished: int


def portfolio_totals(*, quartiers: QuerySet[Quartier]) -> PortfolioTotals:
    """Counts over all matching quartiers (not only the page shown): one query, grouped by current step."""
    phase_of = {number: phase for phase, numbers in phase_numbers().items() for number in numbers}
    counts = {key: 0 for key, _label in Phase.choices}
    total = finished = 0
    groups = quartiers.order_by().values_list("current_step", "current_step_status").annotate(n=Count("pk"))
    for number, status, n in groups:
        total += n
        if status == StepStatus.DONE:
            finished += n
        elif number in phase_of:
            counts[phase_of[number]] += n
    return PortfolioTotals(
        total=total,
        by_phase=[(key, str(label), counts[key]) for key, label in Phase.choices],
        finished=finished,
    )
