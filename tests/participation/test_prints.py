"""Print files: requested, rendered by the task (eager here), downloaded; failures have a reason."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from participation.models import PrintStatus, SurveyPrint
from participation.printing import poster, questionnaire, services
from tests.pages import text


def _pdf_text(job: SurveyPrint) -> str:
    with job.file.open("rb") as fh:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(fh.read())).pages)


def test_the_paper_questionnaire_is_rendered(open_survey, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.print_request(survey=open_survey, kind="fragebogen", user=manager)
    job.refresh_from_db()
    assert job.status == PrintStatus.DONE and job.error == ""
    content = _pdf_text(job)
    assert "Informationen zu Ihren Daten" in content
    assert "Stadt Musterstadt, Amt für Soziales" in content
    assert content.index("Rechtsgrundlage") < content.index("Möchten Sie auch bei Hilfe")
    assert "Bitte nur ein Kreuz." in content
    assert "Bitte in jeder Zeile ein Kreuz." in content
    assert "Einkaufsmöglichkeiten" in content
    assert "□" in content
    assert "Seite 1 von" in content


def test_poster_html_has_qr_link_dates_and_paper_note(open_survey):
    open_survey.paper_note = "im Seniorentreff am Markt"
    open_survey.save()
    html = poster.render_html(open_survey)
    assert "Machen Sie mit!" in html
    assert "<svg" in html
    assert open_survey.token in html
    assert "im Seniorentreff am Markt" in html
    assert open_survey.quartier.name in html and open_survey.quartier.organisation.name in html
    assert "body { margin: 0; font-size: 16pt" in html


def test_questionnaire_css_is_at_least_14pt(open_survey):
    html = questionnaire.render_html(open_survey)
    import re

    sizes = [float(s) for s in re.findall(r"font-size:\s*([\d.]+)pt", html)]
    assert min(sizes) >= 12 and "body { margin: 0; font-size: 14pt" in html
    assert "page-break-inside: avoid" in html


def test_a_failing_render_fails_the_job_with_a_reason(
    open_survey, manager, monkeypatch, client_for, django_capture_on_commit_callbacks
):
    def boom(survey):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(questionnaire, "render_html", boom)
    url = reverse("survey_print_request", kwargs={"slug": open_survey.quartier.slug, "survey_id": open_survey.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(url, {"kind": "fragebogen"})
    assert response.status_code == 302
    job = SurveyPrint.objects.get()
    assert job.status == PrintStatus.FAILED
    assert job.error == "Die Datei konnte nicht erstellt werden. Bitte versuchen Sie es später noch einmal."
    page = text(client_for(manager).get(response["Location"]))
    assert "Fehlgeschlagen: Die Datei konnte nicht erstellt werden" in page


def test_the_download_gives_the_pdf_to_readers(
    open_survey, manager, viewer, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.print_request(survey=open_survey, kind="poster", user=manager)
    url = reverse(
        "survey_print_download",
        kwargs={"slug": open_survey.quartier.slug, "survey_id": open_survey.pk, "print_id": job.pk},
    )
    response = client_for(viewer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_poster_needs_an_open_survey_and_a_draft_has_no_results(survey, manager, viewer):
    with pytest.raises(ValidationError, match="sobald die Umfrage geöffnet ist"):
        services.print_request(survey=survey, kind="poster", user=manager)
    with pytest.raises(ValidationError, match="Entwurf hat noch keine Ergebnisse"):
        services.print_request(survey=survey, kind="ergebnisse", user=viewer)
    with pytest.raises(PermissionDenied):
        services.print_request(survey=survey, kind="fragebogen", user=viewer)
    assert not SurveyPrint.objects.exists()


def test_the_page_says_why_a_draft_has_no_poster_and_no_results_pdf(survey, manager, client_for):
    page = text(client_for(manager).get(reverse("survey_detail", args=[survey.quartier.slug, survey.pk])))
    prints = page.split("Druckdateien", 1)[1]
    assert "Papierfragebogen in großer Schrift" in prints
    assert "Ein Entwurf hat noch keine Ergebnisse." in prints
