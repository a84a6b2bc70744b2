"""`manage.py survey_links`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from participation.surveys.qr import survey_link


def _run(*args) -> str:
    out = io.StringIO()
    call_command("survey_links", *args, stdout=out)
    return out.getvalue()


def test_lists_the_open_surveys_of_a_quartier(open_survey):
    out = _run("--quartier", open_survey.quartier.slug)
    assert out.strip() == f"{open_survey.title} – http://127.0.0.1:8000/mitmachen/umfrage/{open_survey.token}/"
    assert survey_link(open_survey) in out
    assert open_survey.quartier.name in _run()


def test_says_so_when_nothing_is_open(survey):
    assert "Keine offene Umfrage im Quartier Altstadt." in _run("--quartier", survey.quartier.slug)


def test_an_unknown_quartier_is_an_error(db):
    with pytest.raises(CommandError, match="kein Quartier mit der Kennung „gibtsnicht“"):
        _run("--quartier", "gibtsnicht")
