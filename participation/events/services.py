"""Writes on events, their attachments and a walk's problem points. Each checks the right to
edit participation (managers and administrators)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from planning import services as planning_services
from planning.analysis import facility_services
from planning.analysis.models import Facility, FacilityCategory, Indicator, IndicatorValue
from quartier.access import Action, require
from quartier.models import Quartier, User

from ..ideas.models import Idea, IdeaSource, IdeaStatus
from .models import Event, EventAttachment, EventKind, WalkOutcome, WalkPoint

EVENT_FIELDS = (
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "place",
    "description",
    "findings",
    "participants",
    "participants_under_65",
    "participants_65_79",
    "participants_80_plus",
)
BARRIERS = "BARRIERS"
PHOTO_TYPES = ("image/png", "image/jpeg")


def _apply(event: Event, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unexpected event fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(event, name, value)


@transaction.atomic
def event_create(*, quartier: Quartier, user: User, **fields: Any) -> Event:
    require(user, Action.EDIT_PARTICIPATION, quartier)
    event = Event(quartier=quartier, created_by=user)
    _apply(event, fields)
    event.full_clean()
    event._history_user = user
    event.save()
    return event


@transaction.atomic
def event_update(*, event_id: int, user: User, **fields: Any) -> Event:
    event = Event.objects.select_for_update().select_related("quartier").get(pk=event_id)
    require(user, Action.EDIT_PARTICIPATION, event.quartier)
    _apply(event, fields)
    event.full_clean()
    event._history_user = user
    event.save()
    return event


@transaction.atomic
def event_delete(*, event: Event, user: User) -> None:
    """Delete an event with its attachments (their files stay among the quartier's documents)
    and problem points; facilities, values and ideas made from its points stay."""
    require(user, Action.EDIT_PARTICIPATION, event.quartier)
    event._history_user = user
    event.delete()


@transaction.atomic
def attachment_add(
    *, event: Event, user: User, upload: UploadedFile, title: str = "", is_photo: bool = False, consent: bool = False
) -> EventAttachment:
    """Store a document or photo of the event; the upload is checked by type and size
    (ValidationError, nothing stored). Consent only means something for photos."""
    require(user, Action.EDIT_PARTICIPATION, event.quartier)
    document = planning_services.document_upload(quartier=event.quartier, user=user, upload=upload, title=title)
    if is_photo and document.content_type not in PHOTO_TYPES:
        document.file.delete(save=False)
        document.delete()
        raise ValidationError({"file": _("A photo must be a PNG or JPEG file.")})
    return EventAttachment.objects.create(
        event=event, document=document, is_photo=is_photo, consent=bool(consent and is_photo)
    )


def attachment_set_consent(*, attachment: EventAttachment, user: User, consent: bool) -> bool:
    """Record whether the people on the photo agreed; True if this changed something."""
    require(user, Action.EDIT_PARTICIPATION, attachment.event.quartier)
    if not attachment.is_photo or attachment.consent == consent:
        return False
    attachment.consent = consent
    attachment.save(update_fields=["consent"])
    return True


@transaction.atomic
def walk_point_add(
    *,
    event: Event,
    user: User,
    description: str,
    lat: Decimal,
    lon: Decimal,
    photo: UploadedFile | None = None,
    photo_consent: bool = False,
) -> WalkPoint:
    require(user, Action.EDIT_PARTICIPATION, event.quartier)
    if event.kind != EventKind.WALK:
        raise ValidationError(_("Problem points belong to neighbourhood walks."))
    document = None
    if photo is not None:
        try:
            document = planning_services.document_upload(
                quartier=event.quartier, user=user, upload=photo, title=_("Photo of the walk")
            )
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from None
        if document.content_type not in PHOTO_TYPES:
            document.file.delete(save=False)
            document.delete()
            raise ValidationError({"photo": _("A photo must be a PNG or JPEG file.")})
    point = WalkPoint(
        event=event,
        description=description.strip(),
        lat=lat,
        lon=lon,
        photo=document,
        photo_consent=bool(photo_consent and document is not None),
    )
    point.full_clean()
    point._history_user = user
    point.save()
    return point


def _lock_point(point_id: int, user: User) -> WalkPoint:
    point = (
        WalkPoint.objects.select_for_update(of=("self",))
        .select_related("event__quartier", "facility", "idea")
        .get(pk=point_id)
    )
    require(user, Action.EDIT_PARTICIPATION, point.event.quartier)
    return point


def _dealt_with(point: WalkPoint) -> ValidationError:
    return ValidationError(
        _("This point has already been dealt with: %(outcome)s.") % {"outcome": point.get_outcome_display()}
    )


def _walk_day(point: WalkPoint) -> datetime.date:
    return timezone.localtime(point.event.starts_at).date()


@transaction.atomic
def walk_point_to_facility(
    *, point_id: int, user: User, category: FacilityCategory, name: str
) -> tuple[Facility, bool]:
    """Record the point as a facility of the quartier (through the analysis' service, which
    checks the right to edit the analysis). A point that already became one keeps it."""
    point = _lock_point(point_id, user)
    if point.facility is not None:
        return point.facility, False
    if point.outcome:
        raise _dealt_with(point)
    facility = facility_services.facility_create(
        quartier=point.event.quartier,
        user=user,
        data={"category": category, "name": name.strip(), "lat": point.lat, "lon": point.lon},
    )
    point.facility = facility
    point.outcome = WalkOutcome.FACILITY
    point._history_user = user
    point.save(update_fields=["facility", "outcome"])
    return facility, True


def barrier_count(quartier: Quartier, *, until: datetime.date | None = None) -> int:
    """The points counted as barriers on the quartier's walks (up to and including a day)."""
    points = WalkPoint.objects.filter(event__quartier=quartier, outcome=WalkOutcome.BARRIER)
    if until is not None:
        points = points.filter(event__starts_at__date__lte=until)
    return points.count()


def _barrier_values_write(
    *, quartier: Quartier, indicator: Indicator, since: datetime.date, user: User
) -> IndicatorValue:
    """BARRIERS on the day of each walk from `since` on: the barriers found on the walks up to that
    day. A point counted later on an earlier walk changes that walk's value and every later one."""
    days = {since} | {
        timezone.localtime(starts_at).date()
        for starts_at in WalkPoint.objects.filter(event__quartier=quartier, outcome=WalkOutcome.BARRIER)
        .values_list("event__starts_at", flat=True)
        .distinct()
    }
    written = {}
    for day in sorted(d for d in days if d >= since):
        written[day], _made = IndicatorValue.objects.update_or_create(
            quartier=quartier,
            indicator=indicator,
            reference_date=day,
            defaults={
                "value": Decimal(barrier_count(quartier, until=day)),
                "source": "Quartiersbegehung",
                "created_by": user,
            },
        )
    return written[since]


@transaction.atomic
def walk_point_to_barrier(*, point_id: int, user: User) -> tuple[IndicatorValue, bool]:
    """Count the point as a barrier. The quartier's indicator BARRIERS gets, for the walk's day,
    the number of barriers found on the quartier's walks up to that day; the values of later
    walks are written again."""
    point = _lock_point(point_id, user)
    quartier = point.event.quartier
    require(user, Action.EDIT_ANALYSIS, quartier)
    indicator = Indicator.objects.get(code=BARRIERS)
    created = False
    if point.outcome == "":
        point.outcome = WalkOutcome.BARRIER
        point._history_user = user
        point.save(update_fields=["outcome"])
        created = True
    elif point.outcome != WalkOutcome.BARRIER:
        raise _dealt_with(point)
    value = _barrier_values_write(quartier=quartier, indicator=indicator, since=_walk_day(point), user=user)
    return value, created


@transaction.atomic
def walk_point_to_idea(*, point_id: int, user: User) -> tuple[Idea, bool]:
    """Take the point over as a new idea (entered by the team, with the point's place)."""
    point = _lock_point(point_id, user)
    if point.idea is not None:
        return point.idea, False
    if point.outcome:
        raise _dealt_with(point)
    idea = Idea(
        quartier=point.event.quartier,
        text=point.description,
        lat=point.lat,
        lon=point.lon,
        status=IdeaStatus.NEW,
        source=IdeaSource.STAFF,
        entered_by=user,
        created_on=timezone.localdate(),
    )
    idea.full_clean()
    idea._history_user = user
    idea.save()
    point.idea = idea
    point.outcome = WalkOutcome.IDEA
    point._history_user = user
    point.save(update_fields=["idea", "outcome"])
    return idea, True
