"""The survey builder, publishing, QR codes and print files: readers see, managers change."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from participation.models import Choice, PrintStatus, Question, Survey, SurveyPrint, SurveyStatus

TITLE = "Umfrage Marktplatz"
PDF = b"%PDF-1.4\n% Plakat\n%%EOF\n"


def _survey(w: Any, status: str = SurveyStatus.DRAFT, title: str = TITLE) -> Survey:
    """A survey of the quartier with one question and a filled notice (made on first use)."""
    today = timezone.localdate()
    survey, created = Survey.objects.get_or_create(
        quartier=w.quartier,
        title=f"{title} ({status})",
        defaults={
            "status": status,
            "opens_on": today,
            "closes_on": today + datetime.timedelta(days=30),
            "controller": "Stadt",
            "purpose": "Planung",
            "legal_basis": "Einwilligung",
            "retention": "Ein Jahr",
        },
    )
    if created:
        for position in (1, 2):
            question = Question.objects.create(
                survey=survey, position=position, kind="yesno", text=f"Frage {position}?"
            )
            Choice.objects.bulk_create(
                [Choice(question=question, position=1, label="Ja"), Choice(question=question, position=2, label="Nein")]
            )
    return survey


def draft(w: Any) -> dict[str, Any]:
    return {"slug": w.quartier.slug, "survey_id": _survey(w).pk}


def open_(w: Any) -> dict[str, Any]:
    return {"slug": w.quartier.slug, "survey_id": _survey(w, SurveyStatus.OPEN).pk}


def closed(w: Any) -> dict[str, Any]:
    return {"slug": w.quartier.slug, "survey_id": _survey(w, SurveyStatus.CLOSED).pk}


def question(w: Any) -> dict[str, Any]:
    survey = _survey(w)
    return {
        "slug": w.quartier.slug,
        "survey_id": survey.pk,
        "question_id": survey.questions.order_by("position").last().pk,
    }


def a_print(w: Any) -> dict[str, Any]:
    survey = _survey(w, SurveyStatus.OPEN)
    job = SurveyPrint.objects.filter(survey=survey).first()
    if job is None:
        job = SurveyPrint.objects.create(survey=survey, kind="poster", status=PrintStatus.DONE)
        job.file.save("plakat.pdf", ContentFile(PDF), save=True)
    return {"slug": w.quartier.slug, "survey_id": survey.pk, "print_id": job.pk}


def settings_form(w: Any) -> dict[str, Any]:
    return {
        "title": "Umfrage Marktplatz, neu",
        "intro": "",
        "opens_on": "2026-01-01",
        "closes_on": "2036-01-01",
        "controller": "Stadt",
        "purpose": "Planung",
        "legal_basis": "Einwilligung",
        "retention": "Ein Jahr",
        "results_note": "",
        "paper_note": "",
        "min_cell_size": "3",
    }


def question_form(w: Any) -> dict[str, Any]:
    return {"text": "Frage 2, korrigiert?", "help_text": "", "required": "on", "domain": "basis", "indicator": ""}


def rows(m: Any) -> list[Any]:
    R, iq, MANAGE = m.Row, m.in_quartier, m.MANAGE
    return [
        R("survey_list", "survey_list", iq(200), m.slug, shows=m.QUARTIER_TITLE),
        R("survey_create", "survey_create", iq(200, MANAGE), m.slug, shows=m.QUARTIER_TITLE),
        R(
            "survey_create_save",
            "survey_create",
            iq(302, MANAGE),
            m.slug,
            "POST",
            lambda w: {"start": "leer", "title": "Neu"},
        ),
        R("survey_detail", "survey_detail", iq(200), draft, shows=TITLE),
        R("survey_edit", "survey_edit", iq(200, MANAGE), draft, shows=m.QUARTIER_TITLE),
        R("survey_edit_save", "survey_edit", iq(302, MANAGE), draft, "POST", settings_form),
        R("survey_publish", "survey_publish", iq(302, MANAGE), draft, "POST"),
        R("survey_close", "survey_close", iq(302, MANAGE), open_, "POST"),
        R("survey_reopen", "survey_reopen", iq(302, MANAGE), closed, "POST"),
        R("survey_delete", "survey_delete", iq(200, MANAGE), closed, shows=m.QUARTIER_TITLE),
        R("survey_delete_save", "survey_delete", iq(302, MANAGE), closed, "POST"),
        R("survey_qr_png", "survey_qr_png", iq(200), open_),
        R("survey_qr_svg", "survey_qr_svg", iq(200), open_, shows="<svg"),
        R("survey_question_create", "survey_question_create", iq(200, MANAGE), draft, shows=m.QUARTIER_TITLE),
        R(
            "survey_question_create_save",
            "survey_question_create",
            iq(302, MANAGE),
            draft,
            "POST",
            lambda w: {"art": "yesno", "text": "Haben Sie einen Garten?", "domain": "wohnen"},
        ),
        R("survey_question_edit", "survey_question_edit", iq(200, MANAGE), question, shows=m.QUARTIER_TITLE),
        R("survey_question_edit_save", "survey_question_edit", iq(302, MANAGE), question, "POST", question_form),
        R("survey_question_delete", "survey_question_delete", iq(200, MANAGE), question, shows=m.QUARTIER_TITLE),
        R("survey_question_delete_save", "survey_question_delete", iq(302, MANAGE), question, "POST"),
        R(
            "survey_question_move",
            "survey_question_move",
            iq(302, MANAGE),
            question,
            "POST",
            lambda w: {"richtung": "up"},
        ),
        R(
            "survey_print_request",
            "survey_print_request",
            iq(302, MANAGE),
            draft,
            "POST",
            lambda w: {"kind": "fragebogen"},
        ),
        R("survey_print_download", "survey_print_download", iq(200), a_print),
    ]


def state(quartier: Any) -> dict[str, Any]:
    return {
        "surveys": list(
            Survey.objects.filter(quartier=quartier).order_by("pk").values_list("pk", "title", "status", "updated_at")
        ),
        "questions": list(
            Question.objects.filter(survey__quartier=quartier).order_by("pk").values_list("pk", "position", "text")
        ),
        "prints": list(
            SurveyPrint.objects.filter(survey__quartier=quartier).order_by("pk").values_list("pk", "status")
        ),
    }
