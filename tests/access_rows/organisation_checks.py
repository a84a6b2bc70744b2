"""The organisation check: only the coordinators of the quartier's organisation (and superusers)
open it; everyone else gets 404 — the members of the quartier and the coordinator of another
organisation too — so that no one learns whose check is there. Anonymous people log in first."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.base import ContentFile

from organisation.catalogues import ensure_catalogues
from organisation.models import CheckAction, CheckRating, CheckReport, CheckReportStatus, CheckRound, CheckTopic
from quartier.models import Quartier

ROUND_TITLE = "Klausur Fachbereich Soziales"
PDF = b"%PDF-1.4\n% Organisationscheck\n%%EOF\n"


def _round(w: Any) -> CheckRound:
    """The organisation's round with every topic, Haltung rated (made on first use)."""
    ensure_catalogues()
    organisation = w.quartier.organisation
    check_round = CheckRound.objects.filter(organisation=organisation, title=ROUND_TITLE).first()
    if check_round is None:
        check_round = CheckRound.objects.create(organisation=organisation, held_on=date(2026, 3, 1), title=ROUND_TITLE)
        CheckRating.objects.bulk_create(
            CheckRating(round=check_round, topic=t, level=2 if t.key == "haltung" else None)
            for t in CheckTopic.objects.all()
        )
    return check_round


def _haltung() -> CheckTopic:
    return CheckTopic.objects.get(kind="dimension", key="haltung")


def org(w: Any) -> dict[str, Any]:
    return {"org_slug": w.quartier.organisation.slug}


def a_round(w: Any) -> dict[str, Any]:
    return {**org(w), "round_id": _round(w).pk}


def a_topic(w: Any) -> dict[str, Any]:
    return {**a_round(w), "topic_id": _haltung().pk}


def an_action(w: Any) -> dict[str, Any]:
    rating = CheckRating.objects.get(round=_round(w), topic=_haltung())
    made, _created = CheckAction.objects.get_or_create(
        rating=rating, what="Leitbild beschließen", defaults={"who": "Amtsleitung", "due": date(2026, 6, 30)}
    )
    return {**org(w), "action_id": made.pk}


def a_report(w: Any) -> dict[str, Any]:
    report = CheckReport.objects.filter(round=_round(w), status=CheckReportStatus.DONE).first()
    if report is None:
        report = CheckReport.objects.create(round=_round(w), status=CheckReportStatus.DONE)
        report.file.save("organisationscheck.pdf", ContentFile(PDF), save=True)
    return {**org(w), "report_id": report.pk}


def rows(m: Any) -> list[Any]:
    def coordinator_only(ok: int, *, other_coordinator: int = 404) -> dict[str, int]:
        return {
            **dict.fromkeys(m.ROLES, 404),
            "coordinator": ok,
            "other_coordinator": other_coordinator,
            m.ANONYMOUS: 302,
        }

    name = "Stadt Musterstadt"
    return [
        # Every coordinator is taken to the check of the organisation they coordinate.
        m.Row("check_home", "check_home", coordinator_only(302, other_coordinator=302)),
        m.Row("check_overview", "check_overview", coordinator_only(200), org, shows=name),
        m.Row("check_round_create", "check_round_create", coordinator_only(200), org, shows=name),
        m.Row(
            "check_round_create_save",
            "check_round_create",
            coordinator_only(302),
            org,
            "POST",
            lambda w: {"held_on": "2026-09-15", "title": "Zweite Runde"},
        ),
        m.Row("check_round_detail", "check_round_detail", coordinator_only(200), a_round, shows=ROUND_TITLE),
        m.Row("check_round_edit", "check_round_edit", coordinator_only(200), a_round, shows=ROUND_TITLE),
        m.Row(
            "check_round_edit_save",
            "check_round_edit",
            coordinator_only(302),
            a_round,
            "POST",
            lambda w: {"held_on": "2026-03-02", "title": "Klausur, verschoben"},
        ),
        m.Row("check_round_delete", "check_round_delete", coordinator_only(302), a_round, "POST"),
        m.Row("check_rating_edit", "check_rating_edit", coordinator_only(200), a_topic, shows="Haltungsänderung"),
        m.Row(
            "check_rating_edit_save",
            "check_rating_edit",
            coordinator_only(302),
            a_topic,
            "POST",
            lambda w: {"level": "3", "evidence": "Leitbild beschlossen"},
        ),
        m.Row(
            "check_action_create",
            "check_action_create",
            coordinator_only(302),
            a_topic,
            "POST",
            lambda w: {"what": "Fortbildung buchen", "who": "Personalentwicklung", "due": "2026-10-01"},
        ),
        m.Row("check_action_edit", "check_action_edit", coordinator_only(200), an_action, shows="Leitbild beschließen"),
        m.Row(
            "check_action_edit_save",
            "check_action_edit",
            coordinator_only(302),
            an_action,
            "POST",
            lambda w: {"what": "Leitbild im Ausschuss beschließen", "who": "Amtsleitung", "due": "2026-07-31"},
        ),
        m.Row(
            "check_action_done", "check_action_done", coordinator_only(302), an_action, "POST", lambda w: {"done": "1"}
        ),
        m.Row("check_action_delete", "check_action_delete", coordinator_only(302), an_action, "POST"),
        m.Row("check_report_request", "check_report_request", coordinator_only(302), a_round_then_org, "POST"),
        m.Row("check_report_detail", "check_report_detail", coordinator_only(200), a_report, shows=name),
        m.Row("check_report_download", "check_report_download", coordinator_only(200), a_report, shows="%PDF"),
    ]


def a_round_then_org(w: Any) -> dict[str, Any]:
    """The organisation's page, with a round there to make a PDF of."""
    _round(w)
    return org(w)


def state(quartier: Quartier) -> dict[str, Any]:
    rounds = CheckRound.objects.filter(organisation_id=quartier.organisation_id)
    ratings = CheckRating.objects.filter(round__in=rounds)
    return {
        "rounds": list(rounds.order_by("pk").values_list("pk", "held_on", "title")),
        "ratings": list(ratings.order_by("pk").values_list("pk", "level", "evidence")),
        "actions": list(
            CheckAction.objects.filter(rating__in=ratings).order_by("pk").values_list("pk", "what", "due", "done_on")
        ),
        "reports": list(CheckReport.objects.filter(round__in=rounds).order_by("pk").values_list("pk", "status")),
    }
