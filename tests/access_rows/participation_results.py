"""The results of a survey and its downloads: everyone who reads the workspace sees them
(partners do not); only those who edit participation write indicator values from them."""

from __future__ import annotations

from typing import Any

from participation.models import Survey
from tests.participation.test_results import make_survey, six_responses

TITLE = "Befragung für die Zugriffstabelle"


def _survey(w: Any) -> dict[str, Any]:
    """A closed survey of the quartier with answers to questions feeding three indicators."""
    survey = Survey.objects.filter(quartier=w.quartier, title=TITLE).first()
    if survey is None:
        survey = make_survey(w.quartier, title=TITLE)
        six_responses(survey)
    return {"slug": w.quartier.slug, "survey_id": survey.pk}


def rows(m: Any) -> list[Any]:
    return [
        m.Row("survey_results", "survey_results", m.in_quartier(200), _survey, shows="Ergebnisse"),
        m.Row("survey_responses_csv", "survey_responses_csv", m.in_quartier(200, m.MANAGE), _survey),
        m.Row("survey_responses_xlsx", "survey_responses_xlsx", m.in_quartier(200, m.MANAGE), _survey),
        m.Row("survey_results_csv", "survey_results_csv", m.in_quartier(200), _survey),
        m.Row("survey_write_indicators", "survey_write_indicators", m.in_quartier(302, m.MANAGE), _survey, "POST"),
        m.Row(
            "survey_write_indicators_get",
            "survey_write_indicators",
            m.everyone(405, anonymous=302),
            _survey,
        ),
    ]


def state(quartier: Any) -> dict[str, Any]:
    # The values written land in the analysis, which the table's own state already compares.
    return {}
