"""Demo data: two organisations, four quartiers at different stages, one user per role.

Idempotent: running it again changes nothing. `--quartiers N` adds N generated quartiers
with realistic step states (for benchmarks).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from planning.models import ChecklistItem, Evidence, EvidenceKind, StepProgress, StepStatus, StepTransition
from planning.services import quartier_create, quartier_progress_refresh
from quartier.models import Coordinator, Membership, Organisation, Quartier, Role, SpatialType, User

PASSWORD = "demo-passwort"  # noqa: S105 — the documented demo password


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
        "0.90",
        ("51.514000", "7.465000"),
        done=(1, 2),
        in_progress=(3, 4, 5, 6, 7),
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
    ),
]

LEITBILD = (
    "Alle Menschen im Quartier sollen so lange wie möglich selbstbestimmt in ihrer vertrauten "
    "Umgebung leben können – auch mit Hilfe- und Pflegebedarf. Wir stärken Nachbarschaft, "
    "schaffen barrierearme Wege und Wohnungen und bringen Beratung und Pflege ins Quartier."
)

# (email, first name, last name, superuser)
USERS = [
    ("admin@demo.example", "Ada", "Admin", True),
    ("koordination@demo.example", "Karin", "Koordination", False),
    ("koordination-diakonie@demo.example", "David", "Diakon", False),
    ("manager-altstadt@demo.example", "Maria", "Altmann", False),
    ("manager-nord@demo.example", "Nils", "Nordmann", False),
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
]


def apply_stage(
    quartier: Quartier, *, done: set[int], in_progress: set[int], user: User | None, rng: random.Random
) -> None:
    """Put a freshly created quartier's steps into the given states, with evidence and transitions."""
    now = timezone.now()
    steps = {s.template.number: s for s in quartier.steps.select_related("template")}
    items = list(ChecklistItem.objects.filter(step__quartier=quartier).select_related("step__template"))
    done_items: list[ChecklistItem] = []
    for item in items:
        number = item.step.template.number
        if (number in done and item.required) or ((number in done or number in in_progress) and rng.random() < 0.5):
            done_items.append(item)
    evidence = []
    for item in done_items:
        item.done, item.done_at, item.done_by = True, now, user
        evidence.append(
            Evidence(
                item=item,
                kind=EvidenceKind.TEXT,
                text="Erledigt und in der Steuerungsgruppe besprochen.",
                label="Vermerk",
                created_by=user,
            )
        )
    ChecklistItem.objects.bulk_update(done_items, ["done", "done_at", "done_by"])
    Evidence.objects.bulk_create(evidence)
    transitions = []
    changed = []
    for number, step in steps.items():
        days_ago = (11 - number) * rng.randint(8, 20)
        at = now - timedelta(days=days_ago)
        if number in done:
            step.status, step.status_changed_at = StepStatus.DONE, at
            transitions.append(
                StepTransition(step=step, from_status=StepStatus.OPEN, to_status=StepStatus.DONE, by=user)
            )
        elif number in in_progress:
            step.status, step.status_changed_at = StepStatus.IN_PROGRESS, at
            transitions.append(
                StepTransition(step=step, from_status=StepStatus.OPEN, to_status=StepStatus.IN_PROGRESS, by=user)
            )
        else:
            continue
        changed.append(step)
    StepProgress.objects.bulk_update(changed, ["status", "status_changed_at"])
    created = StepTransition.objects.bulk_create(transitions)
    # auto_now_add stamps "now"; date the history back so that the portfolio shows real ages.
    for transition in created:
        transition.at = transition.step.status_changed_at
    StepTransition.objects.bulk_update(created, ["at"])
    quartier_progress_refresh(quartier=quartier)


class Command(BaseCommand):
    help = "Create the demo organisations, quartiers and users (password: demo-passwort)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="run even when DEBUG is off")
        parser.add_argument("--quartiers", type=int, default=0, help="also add N generated quartiers")

    def handle(self, *args, force: bool, quartiers: int, **options) -> None:
        if not (settings.DEBUG or force):
            raise CommandError("seed_demo creates users with a known password; run it only with DEBUG=1 or --force.")
        with transaction.atomic():
            created = self._seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data created." if created else "Demo data already present."))
        if quartiers:
            self._seed_generated(quartiers)
            self.stdout.write(self.style.SUCCESS(f"{quartiers} generated quartiers added."))

    def _seed_demo(self) -> bool:
        users: dict[str, User] = {}
        for email, first, last, superuser in USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                create = User.objects.create_superuser if superuser else User.objects.create_user
                user = create(email, PASSWORD, first_name=first, last_name=last)
            users[email] = user
        orgs = {
            slug: Organisation.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind})[0]
            for slug, (name, kind) in ORGANISATIONS.items()
        }
        for email, org in COORDINATORS:
            Coordinator.objects.get_or_create(user=users[email], organisation=orgs[org])
        rng = random.Random(2026)
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
                leitbild=LEITBILD if spec.done or spec.in_progress else "",
                is_manageable=True,
                manageable_reason="Fußläufig in 15 Minuten zu durchqueren, klare Grenzen durch Straße und Bahn.",
                is_socially_constructed=bool(spec.done),
                socially_constructed_reason="Gemeinsame Schule, Kirchengemeinde und Wochenmarkt." if spec.done else "",
                is_identity_forming=bool(spec.done),
                identity_forming_reason="Die Menschen sagen „wir aus dem Viertel“." if spec.done else "",
            )
            created_any = True
            manager = next((users[e] for e, q, r in MEMBERSHIPS if q == spec.slug and r == Role.MANAGER), None)
            apply_stage(quartier, done=set(spec.done), in_progress=set(spec.in_progress), user=manager, rng=rng)
        quartiers = {q.slug: q for q in Quartier.objects.filter(slug__in=[s.slug for s in QUARTIERS])}
        for email, slug, role in MEMBERSHIPS:
            Membership.objects.get_or_create(user=users[email], quartier=quartiers[slug], defaults={"role": role})
        return created_any

    def _seed_generated(self, count: int) -> None:
        org = Organisation.objects.get(slug="stadt-musterstadt")
        start = Quartier.objects.filter(slug__startswith="gen-").count()
        rng = random.Random(start)
        districts = ["Nord", "Süd", "Ost", "West", "Mitte", "Am Park", "Am Fluss", "Kirchberg", "Lindenhof"]
        towns = ["Musterstadt", "Beispielheim", "Neudorf", "Talbach"]
        for offset in range(count):
            n = start + offset + 1
            with transaction.atomic():
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
                apply_stage(quartier, done=set(range(1, done_upto + 1)), in_progress=progress, user=None, rng=rng)
