"""Storing a filled-in questionnaire: one Response and its Answer rows, in one transaction.

Online answers carry no IP address, browser or account; staff who type in a paper form or an
interview are recorded as `entered_by`. A form's one-time submission key makes a double click
store one response."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.access import Action, can, require
from quartier.models import User

from ..surveys.models import Answer, Channel, Question, QuestionKind, Response, Survey, SurveyStatus
from . import structure
from .structure import ChoiceRow, ItemRow  # noqa: F401 (where they were before)

KEY_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def field_name(question: Question, item: Any = None) -> str:
    """The form field of a question (or of one row of a grid question)."""
    return f"q{question.pk}" if item is None else f"q{question.pk}_{item.pk}"


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


def valid_submission_key(key: object) -> bool:
    return isinstance(key, str) and 16 <= len(key) <= 64 and set(key) <= KEY_ALPHABET


def open_for_online(survey: Survey, *, today: datetime.date | None = None) -> bool:
    """Citizens may answer: the survey is open and today lies between its opening and closing day."""
    today = today or timezone.localdate()
    if survey.status != SurveyStatus.OPEN:
        return False
    if survey.opens_on and today < survey.opens_on:
        return False
    return not (survey.closes_on and today > survey.closes_on)


def open_for_entry(survey: Survey) -> bool:
    """Staff type in paper forms and interviews of open and closed surveys, never of drafts."""
    return survey.status in (SurveyStatus.OPEN, SurveyStatus.CLOSED)


def questions_of(survey: Survey) -> list[Question]:
    """The survey's questions in order, each with `choice_list` and `item_list` as plain rows
    (from the cache: the answer page is the busiest page of the product; see structure.py)."""
    return structure.questions_of(survey)


def fingerprint(questions: list[Question]) -> str:
    """Changes whenever anything the form shows changes (a typo fix included)."""
    parts = [
        (
            q.pk,
            q.kind,
            q.text,
            q.help_text,
            q.required,
            str(q.min_value),
            str(q.max_value),
            [(c.pk, c.label, c.is_extra) for c in q.choice_list],
            [(i.pk, i.label) for i in q.item_list],
        )
        for q in questions
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _choice(question: Question, value: object) -> Any:
    """The question's own choice with this id; anything else (forged, another question's) is refused."""
    choice = question.choice_by_id.get(str(value))
    if choice is None:
        raise ValidationError(_("An answer that does not belong to this question was sent."))
    return choice


def _answer_rows(questions: list[Question], answers: Mapping[str, Any]) -> list[Answer]:
    rows: list[Answer] = []
    for question in questions:
        name = field_name(question)
        kind = question.kind
        if kind in (QuestionKind.SINGLE, QuestionKind.SCALE, QuestionKind.YESNO):
            if answers.get(name) not in (None, ""):
                rows.append(Answer(question=question, choice_id=_choice(question, answers[name]).pk))
        elif kind == QuestionKind.MULTIPLE:
            for value in dict.fromkeys(answers.get(name) or []):
                rows.append(Answer(question=question, choice_id=_choice(question, value).pk))
        elif kind == QuestionKind.GRID:
            for item in question.item_list:
                value = answers.get(field_name(question, item))
                if value not in (None, ""):
                    rows.append(Answer(question=question, item_id=item.pk, choice_id=_choice(question, value).pk))
        elif kind == QuestionKind.NUMBER:
            if answers.get(name) is not None:
                rows.append(Answer(question=question, number=answers[name]))
        elif kind == QuestionKind.TEXT:
            text = (answers.get(name) or "").strip()
            if text:
                rows.append(Answer(question=question, text=text))
    return rows


def response_submit(
    *,
    survey: Survey,
    answers: Mapping[str, Any],
    channel: str = Channel.ONLINE,
    entered_by: User | None = None,
    submission_key: str | None = None,
    submitted_on: datetime.date | None = None,
    questions: list[Question] | None = None,
) -> Response:
    """Store one filled-in questionnaire (`answers`: the answer form's cleaned data).

    Online answers need an open survey and no `entered_by`; staff (ENTER_RESPONSES) type in
    answers of open and closed surveys on any channel. The same `submission_key` twice (a double
    click) stores one response: the first one is returned."""
    if channel not in Channel.values:
        raise ValidationError(_("Unknown channel."))
    if entered_by is None:
        if channel != Channel.ONLINE:
            raise ValidationError(_("Paper forms and interviews are typed in by staff."))
        if not open_for_online(survey):
            raise ValidationError(_("This survey is not open."))
    else:
        require(entered_by, Action.ENTER_RESPONSES, survey.quartier)
        if not open_for_entry(survey):
            raise ValidationError(_("A draft cannot be answered yet: please open the survey first."))
    if submission_key is not None and not valid_submission_key(submission_key):
        submission_key = None
    if submitted_on is None or entered_by is None:
        submitted_on = timezone.localdate()

    if questions is None or any(q.survey_id != survey.pk for q in questions):
        questions = questions_of(survey)
    rows = _answer_rows(questions, answers)
    try:
        response = _store(survey, rows, channel, submitted_on, entered_by, submission_key)
    except IntegrityError:
        if submission_key is None:
            raise
        # The key is unique across all surveys: look it up there.
        existing = Response.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        if existing.survey_id == survey.pk:  # a double click: the first one counts
            existing.was_created = False
            return existing
        # The key belongs to another survey's response (a form copied between tabs, a forged
        # key): these answers are stored all the same, under a fresh key.
        response = _store(survey, rows, channel, submitted_on, entered_by, new_submission_key())
    response.was_created = True
    return response


def _store(
    survey: Survey,
    rows: list[Answer],
    channel: str,
    submitted_on: datetime.date,
    entered_by: User | None,
    submission_key: str | None,
) -> Response:
    with transaction.atomic():
        response = Response.objects.create(
            survey=survey,
            channel=channel,
            submitted_on=submitted_on,
            entered_by=entered_by,
            submission_key=submission_key,
        )
        for row in rows:
            row.pk = None
            row.response = response
        Answer.objects.bulk_create(rows)
    return response


def responses_entered(*, survey: Survey) -> int:
    """Paper forms and interviews typed in by staff so far."""
    return Response.objects.filter(survey=survey, entered_by__isnull=False).count()


def may_delete_response(*, response: Response, user: User) -> bool:
    """Staff delete a mistyped paper form or interview: their own, or (managers) anyone's.
    Online answers are never deleted one by one."""
    if response.entered_by_id is None:
        return False
    quartier = response.survey.quartier
    if not can(user, Action.ENTER_RESPONSES, quartier):
        return False
    return response.entered_by_id == user.pk or can(user, Action.EDIT_PARTICIPATION, quartier)


@transaction.atomic
def response_delete(*, response: Response, user: User) -> None:
    """Delete a typed-in questionnaire with its answers (they go with it)."""
    require(user, Action.ENTER_RESPONSES, response.survey.quartier)
    if not may_delete_response(response=response, user=user):
        raise PermissionDenied(_("Only the person who typed in a questionnaire, or a manager, may delete it."))
    response.delete()


def responses_entered_by(*, survey: Survey, user: User, ids: list[int]) -> list[Response]:
    """This person's typed-in questionnaires among `ids` (those of this session), newest first."""
    return list(
        Response.objects.filter(survey=survey, entered_by=user, pk__in=ids)
        .order_by("-pk")
        .only("pk", "channel", "submitted_on", "survey_id")
    )
