"""Writes on ideas: a citizen's submission, the team's entry and the decision. „Übernommen“
creates one planned measure and links it; a second request makes no second measure."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.measures import services as measure_services
from planning.measures.models import Measure
from quartier.access import Action, require
from quartier.models import Quartier, User

from .models import Idea, IdeaSource, IdeaStatus

TITLE_WORDS = 8


def idea_submit(*, quartier: Quartier, text: str, domain: str = "") -> Idea:
    """A citizen's idea from the public page: no account, no name, no address stored."""
    idea = Idea(
        quartier=quartier,
        text=text.strip(),
        domain=domain,
        status=IdeaStatus.NEW,
        source=IdeaSource.ONLINE,
        created_on=timezone.localdate(),
    )
    idea.full_clean()
    idea.save()
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
