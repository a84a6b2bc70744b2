"""Surveys for the participation tests: the default questionnaire as a draft, open, and open with
sample answers."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from participation.models import Survey, SurveyStatus
from participation.surveys.sample import add_sample_responses
from participation.surveys.templates import survey_create_from_template


@pytest.fixture
def survey(quartier, manager) -> Survey:
    """The default questionnaire as a draft of `quartier`."""
    return survey_create_from_template(quartier=quartier, user=manager)


@pytest.fixture
def open_survey(survey) -> Survey:
    """Open since a week, closing in three weeks."""
    today = timezone.localdate()
    survey.status = SurveyStatus.OPEN
    survey.opens_on = today - datetime.timedelta(days=7)
    survey.closes_on = today + datetime.timedelta(days=21)
    survey.controller = "Stadt Musterstadt, Amt für Soziales, Marktplatz 1"
    survey.purpose = "Planung eines altersgerechten Quartiers"
    survey.legal_basis = "Ihre Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)"
    survey.retention = "Bis zum Ende des Projekts, längstens bis 31.12.2028"
    survey.save()
    return survey


@pytest.fixture
def answered_survey(open_survey) -> Survey:
    """The open survey with 40 sample responses, online and on paper."""
    add_sample_responses(open_survey, 40, seed=1, channels=("online", "papier"))
    return open_survey
