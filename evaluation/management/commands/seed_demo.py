"""Demo data: two organisations, four quartiers at different stages, one user per role.

Every quartier has a history over the past 18 months: steps started and completed, items
ticked and evidence added on their own days, so that the screens show quartiers of different
ages, one of them stuck for months. Idempotent: running it again changes nothing.
`--quartiers N` adds N generated quartiers with realistic step states and histories (for
benchmarks).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import DateTimeField, Min
from django.urls import NoReverseMatch
from django.utils import timezone

from evaluation.demo_analysis import seed_analysis
from evaluation.demo_evidence import evidence_values
from evaluation.demo_network import seed_generated_network, seed_network
from evaluation.demo_organisation import seed_organisation
from evaluation.demo_participation import seed_participation
from evaluation.demo_places import ALTSTADT_AREA_KM2, altstadt_boundary
from participation.surveys.links import open_survey_links
from planning.models import ChecklistItem, Evidence, StepProgress, StepStatus, StepTransition
from planning.services import quartier_create, quartier_progress_refresh
from quartier.models import Coordinator, Membership, Organisation, Quartier, Role, SpatialType, User

PASSWORD = "demo-passwort"  # noqa: S105 — the documented demo password
HISTORY_DAYS = 540  # the demo's history reaches back 18 months


@dataclass(frozen=True)
class Reopening:
    """A step that was completed once and reopened later; it is in progress again."""

    step: int
    reopened: int  # days before today
    reason: str


@dataclass(frozen=True)
class Story:
    """When a quartier's history happened, in days before today."""

    started: int  # the quartier was set up
    last_transition: int  # the latest change of a step's status
    last_activity: int  # the latest ticked item or evidence; never before the latest transition
    reopening: Reopening | None = None
    completes_last: bool = False  # the latest transition completes a step
    weekly: tuple[int, ...] = ()  # days with a piece of evidence each: a team at work every week
    unproven: tuple[tuple[int, int], ...] = ()  # (step, position): items ticked, their evidence missing


@dataclass(frozen=True)
class DemoQuartier:
    slug: str
    name: str
    organisation: str
    municipality: str
    spatial_type: str
    population: int
    area_km2: str
    centre: tuple[str, str]
    done: tuple[int, ...]
    in_progress: tuple[int, ...]
    story: Story


ORGANISATIONS = {
    "stadt-musterstadt": ("Stadt Musterstadt", Organisation.Kind.KOMMUNE),
    "diakonie-beispielkreis": ("Diakonie Beispielkreis", Organisation.Kind.VERBAND),
}

QUARTIERS = [
    DemoQuartier(
        "altstadt",
        "Altstadt",
        "stadt-musterstadt",
        "Musterstadt",
        SpatialType.STADTVIERTEL,
        4200,
        str(ALTSTADT_AREA_KM2),
        ("51.514000", "7.465000"),
        done=(1, 2),
        in_progress=(3, 4, 5, 6, 7),
        # Started 18 months ago, worked on every week. The analysis was completed, then reopened
        # when the boundary grew; the kick-off took place, its evidence is still missing.
        story=Story(
            started=HISTORY_DAYS,
            last_transition=9,
            last_activity=2,
            reopening=Reopening(
                step=3,
                reopened=37,
                reason="Grenze um die Siedlung am Mühlbach erweitert – Strukturdaten und Befragung "
                "für das neue Gebiet ergänzen.",
            ),
            weekly=(2, 16, 23, 30, 44, 51),
            unproven=((4, 3),),
        ),
    ),
    DemoQuartier(
        "nordviertel",
        "Nordviertel",
        "stadt-musterstadt",
        "Musterstadt",
        SpatialType.STADTVIERTEL,
        8700,
        "2.40",
        ("51.531000", "7.470000"),
        done=(1, 2, 3),
        in_progress=(4,),
        # Stuck: step 4 has not moved for more than three months, and little has happened since.
        story=Story(started=430, last_transition=104, last_activity=83),
    ),
    DemoQuartier(
        "am-bahnhof",
        "Am Bahnhof",
        "stadt-musterstadt",
        "Musterstadt",
        SpatialType.WOHNGEBIET,
        2600,
        "0.60",
        ("51.508000", "7.459000"),
        done=(),
        in_progress=(1,),
        # Started two months ago: set up on one day, step 1 begun two days later.
        story=Story(started=62, last_transition=60, last_activity=3),
    ),
    DemoQuartier(
        "eichenau",
        "Eichenau",
        "diakonie-beispielkreis",
        "Gemeinde Eichenau",
        SpatialType.GEMEINDE,
        3900,
        "14.20",
        ("50.120000", "8.930000"),
        done=(1, 2, 3, 4, 5),
        in_progress=(6, 7),
        # Step 5 was completed a few days ago.
        story=Story(started=290, last_transition=4, last_activity=4, completes_last=True),
    ),
]

LEITBILD = (
    "Alle Menschen im Quartier sollen so lange wie möglich selbstbestimmt in ihrer vertrauten "
    "Umgebung leben können – auch mit Hilfe- und Pflegebedarf. Wir stärken Nachbarschaft, "
    "schaffen barrierearme Wege und Wohnungen und bringen Beratung und Pflege ins Quartier."
)

# Who agreed a quartier's Leitbild (step 1), by organisation.
LEITBILD_AGREED_BY = {
    "stadt-musterstadt": "Sozialausschuss der Stadt Musterstadt",
    "diakonie-beispielkreis": "Gemeinderat Eichenau und Vorstand der Diakonie Beispielkreis",
}

# (email, first name, last name, superuser)
USERS = [
    ("admin@demo.example", "Ada", "Admin", True),
    ("koordination@demo.example", "Karin", "Koordination", False),
    ("koordination-diakonie@demo.example", "David", "Diakon", False),
    ("manager-altstadt@demo.example", "Maria", "Altmann", False),
    ("manager-nord@demo.example", "Nils", "Nordmann", False),
    ("entwicklung-altstadt@demo.example", "Erik", "Entwickler", False),
    ("partner@demo.example", "Paul", "Partner", False),
    ("gast@demo.example", "Gerda", "Gast", False),
]
COORDINATORS = [
    ("koordination@demo.example", "stadt-musterstadt"),
    ("koordination-diakonie@demo.example", "diakonie-beispielkreis"),
]
MEMBERSHIPS = [
    ("manager-altstadt@demo.example", "altstadt", Role.MANAGER),
    ("manager-nord@demo.example", "nordviertel", Role.MANAGER),
    ("manager-nord@demo.example", "am-bahnhof", Role.MANAGER),
    ("partner@demo.example", "altstadt", Role.PARTNER),
    ("gast@demo.example", "altstadt", Role.VIEWER),
    ("entwicklung-altstadt@demo.example", "altstadt", Role.DEVELOPER),
]


def _office_hours(day: date, rng: random.Random) -> datetime:
    """A moment of a working day: teams tick items and complete steps in office hours."""
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59))))


def _days_ago(now: datetime, days: int, rng: random.Random) -> datetime:
    return _office_hours(timezone.localdate(now) - timedelta(days=days), rng)


def _between(lo: datetime, hi: datetime, rng: random.Random) -> datetime:
    """A moment strictly between lo and hi, in office hours when they are days apart."""
    at = lo + (hi - lo) * rng.uniform(0.05, 0.95)
    if hi - lo > timedelta(days=2):
        at = _office_hours(timezone.localdate(at), rng)
    return min(max(at, lo + timedelta(minutes=1)), hi - timedelta(minutes=1))


@dataclass(frozen=True)
class Move:
    """One change of a step's status in the story."""

    number: int
    to: str
    at: datetime
    comment: str = ""


@dataclass
class Timeline:
    """The dates of one quartier's story: when it started, each step's moves, the last activity."""

    started: datetime
    active_until: datetime
    moves: list[Move] = field(default_factory=list)  # in the order they happened
    weekly: list[datetime] = field(default_factory=list)  # moments with a piece of evidence each
    unproven: frozenset[tuple[int, int]] = frozenset()

    def step_started(self, number: int) -> datetime:
        return next(m.at for m in self.moves if m.number == number and m.to == StepStatus.IN_PROGRESS)

    def step_done(self, number: int) -> datetime | None:
        """When the step was (first) completed; a reopened step keeps that date."""
        return next((m.at for m in self.moves if m.number == number and m.to == StepStatus.DONE), None)


def plan_timeline(
    *, now: datetime, story: Story, done: set[int], in_progress: set[int], rng: random.Random
) -> Timeline:
    """Spread the quartier's step moves between its start and its last transition.

    Every touched step is started, and the done ones completed, in the order of the ten steps;
    the last move falls on the story's last transition. A reopened step was completed in that
    order and is reopened on its own day. Items and evidence follow later, from the dates of
    their step.
    """
    started = _days_ago(now, story.started, rng)
    last_move = max(_days_ago(now, story.last_transition, rng), started + timedelta(hours=1))
    reopened = story.reopening.step if story.reopening else None
    sequence: list[tuple[int, str]] = []
    for number in sorted(done | in_progress):
        sequence.append((number, StepStatus.IN_PROGRESS))
        if number in done or number == reopened:
            sequence.append((number, StepStatus.DONE))
    # Work overlaps: now and then the next step is started before the previous one is completed.
    for i in range(len(sequence) - 1):
        if sequence[i][1] == StepStatus.DONE and sequence[i + 1][1] == StepStatus.IN_PROGRESS and rng.random() < 0.4:
            sequence[i], sequence[i + 1] = sequence[i + 1], sequence[i]
    if story.completes_last:
        # The steps after it were started while the team finished this one.
        last_done = max(i for i, (_n, to) in enumerate(sequence) if to == StepStatus.DONE)
        sequence.append(sequence.pop(last_done))
    gaps = [rng.uniform(0.5, 1.5) for _ in sequence]
    total, elapsed, times = sum(gaps), 0.0, []
    for gap in gaps:
        elapsed += gap
        at = started + (last_move - started) * (elapsed / total)
        times.append(_office_hours(timezone.localdate(at), rng))
    if times:
        times[-1] = last_move
    # Moving each to office hours may swap two moves of one day: the sequence keeps its order,
    # and an hour between moves leaves room for the items ticked in between.
    times.sort()
    for i, at in enumerate(times):
        times[i] = max(at, (times[i - 1] if i else started) + timedelta(hours=1))
    moves = [Move(number, to, at) for (number, to), at in zip(sequence, times, strict=True)]
    if story.reopening:
        completed = next(m.at for m in moves if m.number == reopened and m.to == StepStatus.DONE)
        at = max(_days_ago(now, story.reopening.reopened, rng), completed + timedelta(hours=1))
        moves.append(Move(reopened, StepStatus.IN_PROGRESS, at, story.reopening.reason))
        moves.sort(key=lambda m: m.at)
    weekly = sorted(_days_ago(now, days, rng) for days in story.weekly)
    latest = max([started, *(m.at for m in moves), *weekly])
    active_until = max(_days_ago(now, story.last_activity, rng), latest + timedelta(hours=1))
    return Timeline(
        started=started,
        active_until=active_until,
        moves=moves,
        weekly=weekly,
        unproven=frozenset(story.unproven),
    )


@contextmanager
def _dates_as_given(*fields: DateTimeField) -> Iterator[None]:
    """Let bulk_create store the story's dates, which auto_now_add would overwrite with "now".

    Creating the rows with their dates costs nothing; updating them afterwards cost a CASE
    per row and made seeding 300 quartiers markedly slower.
    """
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


@dataclass
class Seeded:
    """What apply_stage created, for the history rows that bulk writes do not make."""

    evidence: list[Evidence]
    ticked: list[ChecklistItem]
    step_states: list[StepProgress]  # a copy of a step for each of its moves, for its history


def apply_stage(
    quartier: Quartier,
    *,
    done: set[int],
    in_progress: set[int],
    user: User | None,
    rng: random.Random,
    timeline: Timeline,
) -> Seeded:
    """Put a freshly created quartier's steps into the given states, with evidence and transitions,
    each dated as the timeline says."""
    steps = {s.template.number: s for s in quartier.steps.select_related("template")}
    items = list(ChecklistItem.objects.filter(step__quartier=quartier).select_related("step__template"))
    # Steps completed at some time (a reopened one too): every required item done and proven then.
    completed = {m.number for m in timeline.moves if m.to == StepStatus.DONE}
    working = (done | in_progress) - completed  # in progress and never completed
    ticked: dict[int, ChecklistItem] = {}
    for item in items:
        number = item.step.template.number
        key = (number, item.position)
        if (
            (number in completed and item.required)
            or (number in working and key in timeline.unproven)
            or ((number in done or number in in_progress) and rng.random() < 0.5)
        ):
            ticked[item.pk] = item
    # A team at work every week: one item ticked and proven on each of the story's weekly days.
    pinned: dict[int, datetime] = {}
    for at in sorted(timeline.weekly, reverse=True):
        candidates = [
            i
            for i in items
            if i.step.template.number in working
            and (i.step.template.number, i.position) not in timeline.unproven
            and i.pk not in pinned
            and timeline.step_started(i.step.template.number) < at - timedelta(hours=1)
        ]
        if candidates:
            item = rng.choice(candidates)
            pinned[item.pk] = at
            ticked[item.pk] = item
    # Other work in those steps lies before the weekly days, unless the step began among them.
    weekly_from = min(timeline.weekly, default=None)
    site = f"https://www.{quartier.organisation.slug}.example"
    evidence: list[Evidence] = []
    done_items = sorted(ticked.values(), key=lambda i: i.pk)
    for item in done_items:
        number = item.step.template.number
        # Ticked after the step was started; in a completed step, before it was completed.
        begun = timeline.step_started(number)
        until = timeline.step_done(number) or timeline.active_until
        if number in working and weekly_from and begun < weekly_from - timedelta(days=1):
            until = weekly_from
        at = pinned.get(item.pk) or _between(begun, until, rng)
        item.done, item.done_at, item.done_by = True, at, user
        if item.pk in pinned:
            until = timeline.active_until
        elif number in working and ((number, item.position) in timeline.unproven or rng.random() < 0.15):
            continue  # done, the evidence is still to come
        created_at = min(at + timedelta(minutes=rng.randint(2, 30)), until - timedelta(seconds=30))
        values = evidence_values(
            step=number,
            position=item.position,
            on=timezone.localdate(created_at),
            quartier=quartier.name,
            slug=quartier.slug,
            site=site,
            rng=rng,
        )
        evidence.append(Evidence(item=item, created_by=user, created_at=created_at, **values))
    # What all ticked items share in one statement: bulk_update writes a CASE per row and field.
    ChecklistItem.objects.filter(pk__in=[i.pk for i in done_items]).update(done=True, done_by=user)
    ChecklistItem.objects.bulk_update(done_items, ["done_at"])
    transitions: list[StepTransition] = []
    step_states: list[StepProgress] = []
    for move in timeline.moves:
        step = steps[move.number]
        transitions.append(
            StepTransition(
                step=step, from_status=step.status, to_status=move.to, by=user, at=move.at, comment=move.comment
            )
        )
        step.status, step.status_changed_at = move.to, move.at
        step_states.append(copy.copy(step))
    StepProgress.objects.bulk_update([steps[n] for n in sorted(done | in_progress)], ["status", "status_changed_at"])
    with _dates_as_given(Evidence._meta.get_field("created_at"), StepTransition._meta.get_field("at")):
        Evidence.objects.bulk_create(evidence)
        StepTransition.objects.bulk_create(transitions)
    return Seeded(evidence=evidence, ticked=done_items, step_states=step_states)


def _leitbild(quartier: Quartier, *, timeline: Timeline, agreed_by: str, rng: random.Random) -> dict[str, object]:
    """A quartier whose step 1 is completed has an agreed Leitbild: agreed by the committee a few
    days before the team completed the step, never before the step began."""
    moves = [m for m in timeline.moves if m.number == 1]
    if not moves or moves[-1].to != StepStatus.DONE:
        return {}
    completed = moves[-1].at
    began = timezone.localdate(timeline.step_started(1))
    agreed_on = max(timezone.localdate(completed) - timedelta(days=rng.randint(0, 6)), began)
    return {"leitbild": quartier.leitbild or LEITBILD, "leitbild_agreed_on": agreed_on, "leitbild_agreed_by": agreed_by}


def _backdate(
    quartier: Quartier,
    *,
    timeline: Timeline,
    seeded: Seeded,
    user: User | None,
    set_up_by: User | None,
    leitbild_agreed_by: str,
    rng: random.Random,
) -> None:
    """Give the quartier, its memberships and its history rows the dates of its story.

    The last dating step of a seeded quartier: the database stamped the quartier and its
    memberships "now", and bulk writes leave no history, so the rows that the step pages'
    "Verlauf" lists are added here, dated like the records they describe. The Leitbild is
    recorded with the same statement.
    """
    started = timeline.started
    leitbild = _leitbild(quartier, timeline=timeline, agreed_by=leitbild_agreed_by, rng=rng)
    Quartier.objects.filter(pk=quartier.pk).update(created_at=started, updated_at=started, **leitbild)
    # The history's newest row shows the record as it is, so the next change's diff is right.
    Quartier.history.filter(id=quartier.pk).update(history_date=started, **leitbild)
    quartier.created_at = quartier.updated_at = started
    for name, value in leitbild.items():
        setattr(quartier, name, value)
    memberships = list(quartier.memberships.all())
    for membership in memberships:
        # The manager set the quartier up, added by whoever created it (the administrator);
        # the others joined along the way, added by the manager.
        is_manager = membership.role == Role.MANAGER
        membership.created_at = started if is_manager else _between(started, timeline.active_until, rng)
        added_by = set_up_by if is_manager else user
        Membership.history.filter(id=membership.pk).update(history_date=membership.created_at, history_user=added_by)
    Membership.objects.bulk_update(memberships, ["created_at"])
    for proof in seeded.evidence:
        proof._history_date = proof.created_at
    Evidence.history.bulk_history_create(seeded.evidence, default_user=user)
    for item in seeded.ticked:
        item._history_date = item.done_at
    ChecklistItem.history.bulk_history_create(seeded.ticked, update=True, default_user=user)
    for state in seeded.step_states:
        state._history_date = state.status_changed_at
    StepProgress.history.bulk_history_create(seeded.step_states, update=True, default_user=user)


def seed_history(
    quartier: Quartier,
    *,
    story: Story,
    done: set[int],
    in_progress: set[int],
    user: User | None,
    rng: random.Random,
    now: datetime,
    set_up_by: User | None = None,
    leitbild_agreed_by: str = "",
) -> None:
    """Give a freshly created quartier (and its memberships) its step states and a dated history.

    `user` did the work (the manager); `set_up_by` created the quartier and added its manager;
    `leitbild_agreed_by` is the body that agreed the Leitbild when step 1 is completed.
    """
    timeline = plan_timeline(now=now, story=story, done=done, in_progress=in_progress, rng=rng)
    seeded = apply_stage(quartier, done=done, in_progress=in_progress, user=user, rng=rng, timeline=timeline)
    _backdate(
        quartier,
        timeline=timeline,
        seeded=seeded,
        user=user,
        set_up_by=set_up_by,
        leitbild_agreed_by=leitbild_agreed_by or f"Sozialausschuss {quartier.municipality}",
        rng=rng,
    )
    # The portfolio's columns (last activity, current step and since when) follow the dated records.
    quartier_progress_refresh(quartier=quartier)


def _generated_story(rng: random.Random, *, done_upto: int) -> Story:
    """Older quartiers got further; most were worked on lately, some have been quiet for months."""
    started = rng.randint(min(HISTORY_DAYS, 20 + 35 * done_upto), HISTORY_DAYS)
    quiet_max = started * 2 // 3
    if quiet_max > 60 and rng.random() < 0.25:
        last_activity = rng.randint(60, quiet_max)
    else:
        last_activity = rng.randint(1, min(40, quiet_max))
    return Story(
        started=started,
        last_transition=min(started - 5, last_activity + rng.randint(0, 30)),
        last_activity=last_activity,
    )


class Command(BaseCommand):
    help = "Create the demo organisations, quartiers and users (password: demo-passwort)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="run even when DEBUG is off")
        parser.add_argument("--quartiers", type=int, default=0, help="also add N generated quartiers")

    def handle(self, *args, force: bool, quartiers: int, **options) -> None:
        if not (settings.DEBUG or force):
            raise CommandError("seed_demo creates users with a known password; run it only with DEBUG=1 or --force.")
        now = timezone.now()
        with transaction.atomic():
            created = self._seed_demo(now=now)
        self.stdout.write(self.style.SUCCESS("Demo data created." if created else "Demo data already present."))
        if quartiers:
            # One transaction for the whole batch: a commit per quartier cost more than the rest.
            with transaction.atomic():
                self._seed_generated(quartiers, now=now)
            self.stdout.write(self.style.SUCCESS(f"{quartiers} generated quartiers added."))
        self._print_survey_links()

    def _print_survey_links(self) -> None:
        """The public links of open surveys, to try the answering pages at once."""
        try:
            links = open_survey_links()
        except NoReverseMatch:  # the public answering page is not there
            return
        for link in links:
            self.stdout.write(f"Öffentliche Umfrage: {link.title} ({link.quartier}) – {link.url}")

    def _seed_demo(self, *, now: datetime) -> bool:
        # The organisations and their coordinators were there before the first quartier started.
        founded = _days_ago(now, HISTORY_DAYS + 14, random.Random("founded"))
        users: dict[str, User] = {}
        new_users: list[User] = []
        for email, first, last, superuser in USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                create = User.objects.create_superuser if superuser else User.objects.create_user
                user = create(email, PASSWORD, first_name=first, last_name=last)
                new_users.append(user)
            users[email] = user
        orgs: dict[str, Organisation] = {}
        for slug, (name, kind) in ORGANISATIONS.items():
            orgs[slug], created = Organisation.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind})
            if created:
                Organisation.objects.filter(pk=orgs[slug].pk).update(created_at=founded)
                Organisation.history.filter(id=orgs[slug].pk).update(history_date=founded)
        for email, org in COORDINATORS:
            coordinator, created = Coordinator.objects.get_or_create(user=users[email], organisation=orgs[org])
            if created:
                Coordinator.objects.filter(pk=coordinator.pk).update(created_at=founded)
        created_any = False
        for spec in QUARTIERS:
            if Quartier.objects.filter(slug=spec.slug).exists():
                continue
            quartier = quartier_create(
                slug=spec.slug,
                name=spec.name,
                organisation=orgs[spec.organisation],
                municipality=spec.municipality,
                spatial_type=spec.spatial_type,
                population=spec.population,
                area_km2=spec.area_km2,
                centre_lat=spec.centre[0],
                centre_lon=spec.centre[1],
                boundary=altstadt_boundary() if spec.slug == "altstadt" else None,
                leitbild=LEITBILD if spec.done or spec.in_progress else "",
                is_manageable=True,
                manageable_reason="Fußläufig in 15 Minuten zu durchqueren, klare Grenzen durch Straße und Bahn.",
                is_socially_constructed=bool(spec.done),
                socially_constructed_reason="Gemeinsame Schule, Kirchengemeinde und Wochenmarkt." if spec.done else "",
                is_identity_forming=bool(spec.done),
                identity_forming_reason="Die Menschen sagen „wir aus dem Viertel“." if spec.done else "",
            )
            created_any = True
            for email, slug, role in MEMBERSHIPS:
                if slug == spec.slug:
                    Membership.objects.create(user=users[email], quartier=quartier, role=role)
            manager = next((users[e] for e, q, r in MEMBERSHIPS if q == spec.slug and r == Role.MANAGER), None)
            seed_history(
                quartier,
                story=spec.story,
                done=set(spec.done),
                in_progress=set(spec.in_progress),
                user=manager,
                # One generator per quartier: its dates stay the same whatever else exists.
                rng=random.Random(spec.slug),
                now=now,
                set_up_by=users["admin@demo.example"],
                leitbild_agreed_by=LEITBILD_AGREED_BY[spec.organisation],
            )
        quartiers = {q.slug: q for q in Quartier.objects.filter(slug__in=[s.slug for s in QUARTIERS])}
        for email, slug, role in MEMBERSHIPS:
            Membership.objects.get_or_create(user=users[email], quartier=quartiers[slug], defaults={"role": role})
        # People joined with their first role; coordinators and the administrator with the organisations.
        for user in new_users:
            first_role = Membership.objects.filter(user=user).aggregate(first=Min("created_at"))["first"]
            is_early = user.is_superuser or user.coordinations.exists()
            user.date_joined = founded if is_early or first_role is None else first_role
        User.objects.bulk_update(new_users, ["date_joined"])
        # The analysis, goals, measures and funding, added where a demo quartier has none yet.
        seed_analysis(users=users, today=timezone.localdate(now))
        # Partners, contributions and meetings of Altstadt and Nordviertel.
        seed_network(users=users, today=timezone.localdate(now))
        # Altstadt's surveys (T0 closed, T1 open), events, a walk with problem points and ideas.
        seed_participation(users=users, today=timezone.localdate(now))
        # Posts in every quartier, Altstadt's hours and competences, Stadt Musterstadt's organisation check.
        seed_organisation(users=users, today=timezone.localdate(now))
        return created_any

    def _seed_generated(self, count: int, *, now: datetime) -> None:
        org = Organisation.objects.get(slug="stadt-musterstadt")
        start = Quartier.objects.filter(slug__startswith="gen-").count()
        districts = ["Nord", "Süd", "Ost", "West", "Mitte", "Am Park", "Am Fluss", "Kirchberg", "Lindenhof"]
        towns = ["Musterstadt", "Beispielheim", "Neudorf", "Talbach"]
        added: list[Quartier] = []
        for offset in range(count):
            n = start + offset + 1
            # Seeded by the number: a quartier gets the same story whichever run adds it.
            rng = random.Random(f"gen-{n:04d}")
            quartier = quartier_create(
                slug=f"gen-{n:04d}",
                name=f"{rng.choice(districts)} {n}",
                organisation=org,
                municipality=rng.choice(towns),
                spatial_type=rng.choice(SpatialType.values),
                population=rng.randint(1500, 30000),
            )
            done_upto = rng.choice([0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 10])
            progress = set(range(done_upto + 1, min(10, done_upto + rng.randint(1, 3)) + 1))
            seed_history(
                quartier,
                story=_generated_story(rng, done_upto=done_upto),
                done=set(range(1, done_upto + 1)),
                in_progress=progress,
                user=None,
                rng=rng,
                now=now,
            )
            added.append(quartier)
        seed_generated_network(added, today=timezone.localdate(now))
