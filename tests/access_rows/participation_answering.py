"""Answering surveys: the public page and its thank-you page (anyone, no account), the staff
entry form (managers and developers) and deleting a typed-in questionnaire (one's own, or any as
a manager: the row's questionnaire was typed in by the colleague, so only the manager may)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from participation.answering.services import field_name
from participation.models import Answer, Question, QuestionKind, Response, Survey, SurveyStatus
from participation.surveys.templates import survey_create_from_template
from quartier.models import Membership, Role

TITLE = "Leben im Quartier"


def _survey(w: Any, status: str) -> Survey:
    existing = Survey.objects.filter(quartier=w.quartier, status=status, wave_label=f"access-{status}").first()
    if existing:
        return existing
    author = Membership.objects.filter(quartier=w.quartier, role=Role.MANAGER).first()
    user = author.user if author else w.colleague.user
    if author is None:  # only managers create surveys: make the colleague one for a moment
        Membership.objects.filter(pk=w.colleague.pk).update(role=Role.MANAGER)
    survey = survey_create_from_template(quartier=w.quartier, user=user)
    if author is None:
        Membership.objects.filter(pk=w.colleague.pk).update(role=Role.DEVELOPER)
    today = timezone.localdate()
    Survey.objects.filter(pk=survey.pk).update(
        status=status,
        wave_label=f"access-{status}",
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=10),
    )
    survey.refresh_from_db()
    return survey


def open_token(w: Any) -> dict[str, Any]:
    return {"token": _survey(w, SurveyStatus.OPEN).token}


def closed_token(w: Any) -> dict[str, Any]:
    return {"token": _survey(w, SurveyStatus.CLOSED).token}


def draft_token(w: Any) -> dict[str, Any]:
    return {"token": _survey(w, SurveyStatus.DRAFT).token}


def open_entry(w: Any) -> dict[str, Any]:
    return {"slug": w.quartier.slug, "survey_id": _survey(w, SurveyStatus.OPEN).pk}


def typed_in(w: Any) -> dict[str, Any]:
    """A paper questionnaire the colleague (a developer) typed in, with one answer."""
    survey = _survey(w, SurveyStatus.OPEN)
    stored = Response.objects.create(
        survey=survey, channel="papier", submitted_on=timezone.localdate(), entered_by=w.colleague.user
    )
    question = survey.questions.exclude(kind__in=["grid", "text", "number"]).first()
    Answer.objects.create(response=stored, question=question, choice=question.choices.first())
    return {"slug": w.quartier.slug, "survey_id": survey.pk, "response_id": stored.pk}


def answers(w: Any) -> dict[str, Any]:
    survey = Survey.objects.get(quartier=w.quartier, wave_label__startswith="access-", status__in=["offen"])
    data: dict[str, Any] = {"channel": "papier", "submitted_on": timezone.localdate().isoformat()}
    for question in Question.objects.filter(survey=survey).prefetch_related("choices", "items"):
        first = str(question.choices.all()[0].pk) if question.choices.all() else ""
        if question.kind == QuestionKind.GRID:
            data |= {field_name(question, item): first for item in question.items.all()}
        elif question.kind == QuestionKind.TEXT:
            data[field_name(question)] = "Mehr Bänke"
        else:
            data[field_name(question)] = first
    return data


def closed_answers(w: Any) -> dict[str, Any]:
    survey = Survey.objects.get(quartier=w.quartier, wave_label="access-geschlossen")
    return {
        field_name(q): str(q.choices.first().pk) for q in survey.questions.exclude(kind="grid").exclude(kind="text")
    }


def rows(m: Any) -> list[Any]:
    return [
        m.Row("survey_answer", "survey_answer", m.everyone(200), open_token, shows=TITLE),
        m.Row("survey_answer_send", "survey_answer", m.everyone(302), open_token, "POST", answers, public=True),
        m.Row("survey_answer_closed", "survey_answer", m.everyone(200), closed_token, shows="Umfrage ist beendet"),
        m.Row(
            "survey_answer_closed_send",
            "survey_answer",
            m.everyone(200),
            closed_token,
            "POST",
            closed_answers,
            shows="Umfrage ist beendet",
            stores_nothing=True,
        ),
        m.Row("survey_answer_draft", "survey_answer", m.everyone(404), draft_token),
        m.Row("survey_thanks", "survey_thanks", m.everyone(200), open_token, shows="Vielen Dank"),
        m.Row("survey_thanks_draft", "survey_thanks", m.everyone(404), draft_token),
        m.Row("survey_entry", "survey_entry", m.in_quartier(200, m.WORK), open_entry, shows=m.QUARTIER_TITLE),
        m.Row("survey_entry_save", "survey_entry", m.in_quartier(302, m.WORK), open_entry, "POST", answers),
        m.Row(
            "survey_entry_delete",
            "survey_entry_delete",
            m.in_quartier(200, m.MANAGE),
            typed_in,
            shows=m.QUARTIER_TITLE,
        ),
        m.Row("survey_entry_delete_send", "survey_entry_delete", m.in_quartier(302, m.MANAGE), typed_in, "POST"),
    ]


def state(quartier: Any) -> dict[str, Any]:
    responses = Response.objects.filter(survey__quartier=quartier)
    return {
        "responses": list(responses.order_by("pk").values_list("pk", "channel", "entered_by_id")),
        "answers": Answer.objects.filter(response__survey__quartier=quartier).count(),
    }
