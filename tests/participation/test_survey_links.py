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


def test_lists_the_open_surveys_of_a_quartier(open_survey, monkeypatch):
    monkeypatch.setattr(
        "participation.surveys.links.public_url",
        survey_link.__wrapped__
        if hasattr(survey_link, "__wrapped__")
        else lambda s, base=None: survey_link(s, base=base),
    )
    out = _run("--quartier", open_survey.quartier.slug)
    assert open_survey.title in out and open_survey.token in out


def test_says_so_when_nothing_is_open(survey):
    assert "Keine offene Umfrage im Quartier Altstadt." in _run("--quartier", survey.quartier.slug)


def test_an_unknown_quartier_is_an_error(db):
    with pytest.raises(CommandError, match="kein Quartier mit der Kennung „gibtsnicht“"):
        _run("--quartier", "gibtsnicht")
