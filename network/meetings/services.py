"""Writes of meetings, action items and calendar subscriptions. Each function is atomic,
keyword-only and checks access again."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from planning.domains import Domain
from planning.measures import services as measure_services
from planning.measures.models import Measure
from quartier.access import Action, require
from quartier.models import Quartier, User

from ..partners.models import Partner
from ..partners.selectors import network_partners
from . import selectors
from .access import require_edit_network, require_tick
from .models import ActionItem, CalendarFeed, Meeting, new_feed_token

# The fields a meeting form may set; the quartier and the author have their own way in.
MEETING_FIELDS = (
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "place",
    "agenda",
    "citizens_count",
    "minutes",
    "decisions",
)


def _check_partners(
    quartier: Quartier, meeting: Meeting | None, invited: list[Partner], present: list[Partner]
) -> None:
    """Only partners of the quartier's network can be invited or present (or those already chosen)."""
    keep: set[int] = set()
    if meeting is not None and meeting.pk:
        keep = set(meeting.invited.values_list("pk", flat=True)) | set(meeting.present.values_list("pk", flat=True))
    allowed = set(network_partners(quartier=quartier, keep=keep).values_list("pk", flat=True))
    errors = {}
    if any(p.pk not in allowed for p in invited):
        errors["invited"] = _("Only partners of the quartier's network can be chosen.")
    if any(p.pk not in allowed for p in present):
        errors["present"] = _("Only partners of the quartier's network can be chosen.")
    if errors:
        raise ValidationError(errors)


def _unknown(fields: dict[str, object], allowed: Iterable[str], name: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{name}: unexpected fields {sorted(unknown)}")


@transaction.atomic
def meeting_create(
    *,
    quartier: Quartier,
    user: User,
    invited: Iterable[Partner] = (),
    present: Iterable[Partner] = (),
    **fields: object,
) -> Meeting:
    """Plan (or record) a meeting of the quartier's network."""
    require_edit_network(user, quartier)
    _unknown(fields, MEETING_FIELDS, "meeting_create")
    invited, present = list(invited), list(present)
    _check_partners(quartier, None, invited, present)
    meeting = Meeting(quartier=quartier, created_by=user, **fields)
    meeting._history_user = user  # also when no request is around (scripts, the demo)
    meeting.full_clean()
    meeting.save()
    if invited:
        meeting.invited.set(invited)
    if present:
        meeting.present.set(present)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting_id: int,
    user: User,
    invited: Iterable[Partner] | None = None,
    present: Iterable[Partner] | None = None,
    **fields: object,
) -> Meeting:
    """Change a meeting: its date, agenda, attendance, minutes and decisions."""
    _unknown(fields, MEETING_FIELDS, "meeting_update")
    meeting = Meeting.objects.select_for_update().select_related("quartier").get(pk=meeting_id)
    require_edit_network(user, meeting.quartier)
    invited_list = list(invited) if invited is not None else []
    present_list = list(present) if present is not None else []
    _check_partners(meeting.quartier, meeting, invited_list, present_list)
    meeting._history_user = user
    changed = [name for name, value in fields.items() if getattr(meeting, name) != value]
    for name in changed:
        setattr(meeting, name, fields[name])
    meeting.full_clean()
    if changed:
        meeting.save(update_fields=[*changed, "updated_at"])
    # `set` writes (and records in the history) only what differs.
    if invited is not None:
        meeting.invited.set(invited_list)
    if present is not None:
        meeting.present.set(present_list)
    return meeting


def _check_responsible(
    item: ActionItem, quartier: Quartier, *, keep_partner: int | None, keep_user: int | None
) -> None:
    if item.responsible_partner_id is not None and item.responsible_user_id is not None:
        raise ValidationError(_("Choose either a partner or a person, not both."))
    if item.responsible_partner_id not in (None, keep_partner):
        partners = network_partners(quartier=quartier)
        if not partners.filter(pk=item.responsible_partner_id).exists():
            raise ValidationError({"responsible_partner": _("Only partners of the quartier's network can be chosen.")})
    team = selectors.team_of(quartier=quartier)
    if item.responsible_user_id not in (None, keep_user) and not team.filter(pk=item.responsible_user_id).exists():
        raise ValidationError({"responsible_user": _("Only members of the quartier's team can be chosen.")})


ITEM_FIELDS = ("task", "responsible_partner", "responsible_user", "due_date")


@transaction.atomic
def action_item_create(*, meeting_id: int, user: User, **fields: object) -> ActionItem:
    """Add a task agreed in the meeting, for a partner or a person of the team."""
    _unknown(fields, ITEM_FIELDS, "action_item_create")
    meeting = Meeting.objects.select_for_update().select_related("quartier").get(pk=meeting_id)
    require_edit_network(user, meeting.quartier)
    item = ActionItem(meeting=meeting, **fields)
    item._history_user = user
    _check_responsible(item, meeting.quartier, keep_partner=None, keep_user=None)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def action_item_update(*, item_id: int, user: User, **fields: object) -> ActionItem:
    """Change an action item's task, who is responsible or when it is due."""
    _unknown(fields, ITEM_FIELDS, "action_item_update")
    item = ActionItem.objects.select_for_update().select_related("meeting__quartier").get(pk=item_id)
    quartier = item.meeting.quartier
    require_edit_network(user, quartier)
    keep_partner, keep_user = item.responsible_partner_id, item.responsible_user_id
    item._history_user = user
    changed = [name for name, value in fields.items() if getattr(item, name) != value]
    for name in changed:
        setattr(item, name, fields[name])
    _check_responsible(item, quartier, keep_partner=keep_partner, keep_user=keep_user)
    item.full_clean()
    if changed:
        item.save(update_fields=changed)
    return item


@transaction.atomic
def action_item_set_done(*, item_id: int, user: User, done: bool) -> ActionItem:
    """Mark an item done (or open again): the network's managers, or whoever it was given to."""
    item = ActionItem.objects.select_for_update().select_related("meeting__quartier").get(pk=item_id)
    require_tick(user, item, item.meeting.quartier)
    item._history_user = user
    if item.done != done:
        item.done = done
        item.done_at = timezone.now() if done else None
        item.save(update_fields=["done", "done_at"])
    return item


def default_domain(item: ActionItem) -> str:
    """The domain a measure from this item most likely belongs to: the only one its partner
    serves, otherwise social life – what networks mostly do together."""
    partner = item.responsible_partner
    if partner is not None and len(partner.domains) == 1:
        return partner.domains[0]
    return Domain.SOZIALES


@transaction.atomic
def action_item_to_measure(*, item_id: int, user: User, domain: str) -> tuple[Measure, bool]:
    """Turn an action item into a planned measure of the quartier and link it on the item.

    Returns the measure and whether it was made now: an item that already became a measure
    keeps it (a second click, or two people at once, make no second measure).
    """
    item = (
        # Only the item's row: PostgreSQL locks no rows of the nullable side of an outer join.
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("meeting__quartier", "responsible_user", "measure")
        .get(pk=item_id)
    )
    quartier = item.meeting.quartier
    require(user, Action.EDIT_MEASURES, quartier)
    if item.measure is not None:
        return item.measure, False
    responsible = item.responsible_user
    if responsible is not None and not selectors.team_of(quartier=quartier).filter(pk=responsible.pk).exists():
        responsible = None  # they left the team: the measure starts without a person
    when = formats.date_format(timezone.localtime(item.meeting.starts_at), "SHORT_DATE_FORMAT")
    measure = measure_services.measure_create(
        quartier=quartier,
        user=user,
        title=item.task[: Measure._meta.get_field("title").max_length],
        description=_("From the meeting “%(title)s” on %(date)s.") % {"title": item.meeting.title, "date": when},
        domain=domain,
        responsible=responsible,
        end=item.due_date,
    )
    item.measure = measure
    item._history_user = user
    item.save(update_fields=["measure"])
    return measure, True


@transaction.atomic
def calendar_feed_renew(*, user: User, quartier: Quartier) -> CalendarFeed:
    """Give the person a new private calendar link for the quartier; the old one stops working."""
    require(user, Action.VIEW_PORTAL, quartier)
    if not user.is_active:
        raise PermissionDenied
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user, quartier=quartier)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed
