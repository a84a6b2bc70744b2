"""Rounds, ratings and next actions of the organisation check, for its tests."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from organisation.catalogues import ensure_catalogues
from organisation.models import CheckAction, CheckRating, CheckRound, CheckTopic
from quartier.models import Organisation

DIMENSIONS = ["Haltungsänderung", "Organisationsstruktur", "Leistungsangebot", "Mitarbeiterqualifikation"]
CHALLENGES = [
    "Sozialraumanalyse",
    "Kooperationspartner gewinnen",
    "Vernetzt arbeiten (intern und extern)",
    "Bürgerinnen und Bürger beteiligen",
    "Transparenz und Öffentlichkeitsarbeit sichern",
    "Einzelmaßnahmen steuern (Projektmanagement)",
    "Organisationsentwicklung",
    "Neue Finanzierungswege erschließen",
]


def topic(key: str) -> CheckTopic:
    ensure_catalogues()
    return CheckTopic.objects.get(key=key)


def make_round(
    organisation: Organisation, held_on: date, levels: dict[str, int | None] | None = None, **fields
) -> CheckRound:
    """A round with a rating row for every topic; `levels` by topic key, the rest unrated."""
    ensure_catalogues()
    levels = levels or {}
    check_round = CheckRound.objects.create(organisation=organisation, held_on=held_on, **fields)
    CheckRating.objects.bulk_create(
        CheckRating(
            round=check_round, topic=t, level=levels.get(t.key), evidence=f"Beleg {t.key}" if levels.get(t.key) else ""
        )
        for t in CheckTopic.objects.all()
    )
    return check_round


def rating(check_round: CheckRound, key: str) -> CheckRating:
    return CheckRating.objects.get(round=check_round, topic__key=key)


def action(
    check_round: CheckRound, key: str, what: str, due: date, who: str = "Fachbereichsleitung", **fields
) -> CheckAction:
    return CheckAction.objects.create(rating=rating(check_round, key), what=what, who=who, due=due, **fields)


def days(n: int, today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=n)
