"""Writes on ideas: a citizen's submission, the team's entry and the decision. „Übernommen“
creates one planned measure and links it; a second request makes no second measure."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planning.measures import services as measure_services
from planning.measures.models import Measure
from quartier.access import Action, require
from quartier.models import Quartier, User

from .models import Idea, IdeaSource, IdeaStatus

TITLE_WORDS = 8
# A place given on the public page lies near the quartier: at most this far from its centre.
NEAR_QUARTIER_KM = 5
EARTH_RADIUS_KM = 6371.0
COORDINATE_STEP = Decimal("0.000001")
# More characters than any coordinate needs ("-179.123456789…"): refused before parsing.
COORDINATE_TEXT_MAX = 20
UNREADABLE_PLACE = gettext_lazy(
    "The place could not be read. Please tap on the map again – or send your idea without a place."
)


def parse_coordinate(value: object, *, limit: int) -> Decimal:
    """A latitude (limit 90) or longitude (limit 180) as stored, rounded to six places.

    Accepts "48.7758" and "48,7758"; refuses anything that is not a finite number in range
    (ValueError) – 1e30, Infinity, NaN and 40 digits among them."""
    text = str(value).strip().replace(",", ".")
    if not text or len(text) > COORDINATE_TEXT_MAX:
        raise ValueError(text)
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not number.is_finite() or abs(number) > limit:
        raise ValueError(text)
    return number.quantize(COORDINATE_STEP)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance of two points (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def check_public_location(*, quartier: Quartier, lat: Decimal | None, lon: Decimal | None) -> None:
    """Both or neither; near the quartier's centre when it has one. ValidationError otherwise
    (at "lat": the public page shows it at the map)."""
    if lat is None and lon is None:
        return
    if lat is None or lon is None or not (lat.is_finite() and lon.is_finite()) or abs(lat) > 90 or abs(lon) > 180:
        raise ValidationError({"lat": UNREADABLE_PLACE})
    if quartier.centre_lat is not None and quartier.centre_lon is not None:
        far = distance_km(float(lat), float(lon), float(quartier.centre_lat), float(quartier.centre_lon))
        if far > NEAR_QUARTIER_KM:
            raise ValidationError(
                {
                    "lat": _(
                        "The place is more than %(km)s km away from the quartier. Please tap on a place in "
                        "the quartier – or send your idea without a place."
                    )
                    % {"km": NEAR_QUARTIER_KM}
                }
            )


def idea_submit(
    *, quartier: Quartier, text: str, domain: str = "", lat: Decimal | None = None, lon: Decimal | None = None
) -> Idea:
    """A citizen's idea from the public page: no account, no name, no address stored – and no
    history row either, which would keep the exact time and a logged-in visitor's account."""
    check_public_location(quartier=quartier, lat=lat, lon=lon)
    idea = Idea(
        quartier=quartier,
        text=text.strip(),
        domain=domain,
        lat=lat,
        lon=lon,
        status=IdeaStatus.NEW,
        source=IdeaSource.ONLINE,
        created_on=timezone.localdate(),
    )
    idea.full_clean()
    idea.skip_history_when_saving = True
    idea.save()
    del idea.skip_history_when_saving
    return idea


def idea_create(
    *,
    quartier: Quartier,
    user: User,
    text: str,
    domain: str = "",
    lat: Decimal | None = None,
    lon: Decimal | None = None,
) -> Idea:
    """An idea the team enters (from a letter, a phone call, a meeting)."""
    require(user, Action.EDIT_PARTICIPATION, quartier)
    idea = Idea(
        quartier=quartier,
        text=text.strip(),
        domain=domain,
        lat=lat,
        lon=lon,
        status=IdeaStatus.NEW,
        source=IdeaSource.STAFF,
        entered_by=user,
        created_on=timezone.localdate(),
    )
    idea.full_clean()
    idea._history_user = user
    idea.save()
    return idea


def title_from(text: str) -> str:
    """The idea's first words as a measure's title."""
    words = text.split()
    title = " ".join(words[:TITLE_WORDS])
    if len(words) > TITLE_WORDS:
        title += " …"
    return title[: Measure._meta.get_field("title").max_length]


@transaction.atomic
def idea_decide(
    *,
    idea_id: int,
    user: User,
    status: str,
    reason: str = "",
    measure_title: str = "",
    measure_domain: str = "",
) -> tuple[Idea, Measure | None, bool]:
    """Set the idea's status. Returns (idea, measure, changed).

    „abgelehnt“ needs a reason (shown publicly). „übernommen“ creates a planned measure once;
    an idea that already has its measure keeps it and nothing changes.
    """
    idea = Idea.objects.select_for_update(of=("self",)).select_related("quartier", "measure").get(pk=idea_id)
    require(user, Action.EDIT_PARTICIPATION, idea.quartier)
    if status not in IdeaStatus.values:
        raise ValidationError({"status": _("Please choose a status.")})
    reason = reason.strip()
    if status == IdeaStatus.DECLINED and not reason:
        raise ValidationError({"reason": _("Please give a reason: it is shown publicly next to the declined idea.")})
    if idea.measure is not None:
        if status == IdeaStatus.ADOPTED:
            return idea, idea.measure, False
        raise ValidationError({"status": _("This idea has already become a measure; its status stays „adopted“.")})
    if idea.status == status and (status != IdeaStatus.DECLINED or idea.reason == reason):
        return idea, idea.measure, False
    measure = idea.measure
    if status == IdeaStatus.ADOPTED:
        when = idea.created_on.strftime("%d.%m.%Y")
        measure = measure_services.measure_create(
            quartier=idea.quartier,
            user=user,
            title=(measure_title.strip() or title_from(idea.text))[:200],
            description=_("From an idea of %(date)s: %(text)s") % {"date": when, "text": idea.text},
            domain=measure_domain or idea.domain,
        )
        idea.measure = measure
    idea.status = status
    idea.reason = reason if status == IdeaStatus.DECLINED else idea.reason
    idea.decided_at = timezone.now() if status in (IdeaStatus.ADOPTED, IdeaStatus.DECLINED) else None
    idea.full_clean()
    idea._history_user = user
    idea.save()
    return idea, measure, True
