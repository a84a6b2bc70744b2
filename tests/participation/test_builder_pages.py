"""The builder's pages: forms keep what was typed and answer in German; QR codes; publishing."""

from __future__ import annotations

import io

import segno
from django.urls import reverse

from participation.models import Survey, SurveyStatus
from participation.surveys.qr import qr_png, survey_link, survey_qrcode
from tests.pages import text


def _url(name, survey, **kw):
    return reverse(name, kwargs={"slug": survey.quartier.slug, "survey_id": survey.pk, **kw})


def test_the_list_is_empty_with_a_way_to_start(quartier, viewer, manager, client_for):
    page = text(client_for(viewer).get(reverse("survey_list", args=[quartier.slug])))
    assert "Noch keine Umfrage" in page
    assert "Erste Umfrage anlegen" not in page  # viewers only read
    assert "Erste Umfrage anlegen" in text(client_for(manager).get(reverse("survey_list", args=[quartier.slug])))


def test_the_list_shows_status_wave_and_responses(answered_survey, viewer, client_for):
    page = text(client_for(viewer).get(reverse("survey_list", args=[answered_survey.quartier.slug])))
    assert answered_survey.title in page
    assert "Offen" in page
    assert "40" in page


def test_a_survey_from_the_template_opens_the_builder(quartier, manager, client_for):
    response = client_for(manager).post(reverse("survey_create", args=[quartier.slug]), {"start": "vorlage"})
    survey = Survey.objects.get(quartier=quartier)
    assert response["Location"] == _url("survey_detail", survey)
    page = text(client_for(manager).get(response["Location"]))
    assert "11 Fragen" in page
    assert "Tragen Sie das Startdatum ein." in page


def test_an_empty_survey_needs_a_title_and_keeps_the_choice(quartier, manager, client_for):
    response = client_for(manager).post(reverse("survey_create", args=[quartier.slug]), {"start": "leer", "title": ""})
    assert response.status_code == 400
    assert "Bitte geben Sie der Umfrage einen Titel." in text(response)
    assert 'value="leer" checked' in response.content.decode() or "checked" in response.content.decode()
    assert not Survey.objects.exists()


def test_a_new_wave_from_the_form(survey, manager, client_for):
    response = client_for(manager).post(
        reverse("survey_create", args=[survey.quartier.slug]), {"start": "welle", "previous": survey.pk}
    )
    wave = Survey.objects.exclude(pk=survey.pk).get()
    assert response.status_code == 302
    assert wave.previous_wave == survey and wave.questions.count() == 11


def test_settings_keep_what_was_typed_and_show_the_error_at_the_field(survey, manager, client_for):
    data = {
        "title": "Mein Titel",
        "opens_on": "2026-05-10",
        "closes_on": "2026-05-01",
        "controller": "Stadt X",
        "min_cell_size": "3",
    }
    response = client_for(manager).post(_url("survey_edit", survey), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Das Enddatum darf nicht vor dem Startdatum liegen." in text(response)
    assert 'value="Mein Titel"' in page and 'value="Stadt X"' in page
    survey.refresh_from_db()
    assert survey.title != "Mein Titel"


def test_a_question_form_keeps_input_and_refuses_one_option(survey, manager, client_for):
    url = _url("survey_question_create", survey) + "?art=single"
    response = client_for(manager).post(
        url, {"art": "single", "text": "Lieblingsort?", "choices": "Park", "domain": "basis"}
    )
    assert response.status_code == 400
    assert "Geben Sie mindestens zwei Antworten ein" in text(response)
    assert "Lieblingsort?" in response.content.decode()
    assert survey.questions.count() == 11


def test_adding_a_grid_question_through_the_page(survey, manager, client_for):
    data = {
        "art": "grid",
        "text": "Wie finden Sie …",
        "choices": "Gut\nMittel\nSchlecht",
        "items": "Bänke\nWege",
        "extra_choice": "Weiß nicht",
        "required": "on",
        "domain": "wohnen",
    }
    response = client_for(manager).post(_url("survey_question_create", survey), data)
    assert response.status_code == 302
    question = survey.questions.get(position=12)
    assert [i.label for i in question.items.all()] == ["Bänke", "Wege"]
    assert question.choices.filter(is_extra=True).get().label == "Weiß nicht"


def test_the_builder_says_when_questions_are_locked(answered_survey, manager, client_for):
    page = text(client_for(manager).get(_url("survey_detail", answered_survey)))
    assert "Diese Umfrage hat Antworten." in page
    assert "Frage hinzufügen" not in page and "Nach oben" not in page
    assert "Texte korrigieren" in page
    response = client_for(manager).get(_url("survey_question_create", answered_survey) + "?art=text")
    assert response.status_code == 302


def test_a_locked_question_form_refuses_structure_but_saves_a_typo(answered_survey, manager, client_for):
    question = answered_survey.questions.get(position=1)
    url = _url("survey_question_edit", answered_survey, question_id=question.pk)
    labels = [c.label for c in question.choices.all()]
    response = client_for(manager).post(
        url, {"text": question.text, "choices": "\n".join(labels[:2]), "domain": "basis"}
    )
    assert response.status_code == 400
    assert "Behalten Sie die 5 Antworten" in text(response)
    labels[0] = "Ja, auf jeden Fall!"
    response = client_for(manager).post(
        url, {"text": "Möchten Sie in Ihrer Wohnung bleiben?", "choices": "\n".join(labels), "domain": "basis"}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "Möchten Sie in Ihrer Wohnung bleiben?"
    assert question.choices.first().label == "Ja, auf jeden Fall!"
    assert question.domain == "pflege"  # disabled field: the posted domain is ignored


def test_publishing_from_the_page_shows_the_link_and_qr_code(survey, manager, client_for):
    client = client_for(manager)
    response = client.post(_url("survey_publish", survey), follow=True)
    assert "Tragen Sie das Startdatum ein." in text(response)
    assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.DRAFT
    settings = {
        "title": survey.title,
        "opens_on": "2026-01-01",
        "closes_on": "2099-12-31",
        "controller": "Stadt",
        "purpose": "Planung",
        "legal_basis": "Einwilligung",
        "retention": "Ein Jahr",
        "min_cell_size": "3",
    }
    assert client.post(_url("survey_edit", survey), settings).status_code == 302
    response = client.post(_url("survey_publish", survey), follow=True)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    link = survey_link(survey, base="http://testserver")
    assert link in text(response)
    assert survey.token in link
    assert _url("survey_qr_svg", survey) in response.content.decode()


def test_the_qr_code_holds_the_public_link(open_survey, viewer, client_for):
    link = survey_link(open_survey, base="http://testserver")
    assert survey_qrcode(open_survey, base="http://testserver").matrix == segno.make(link, error="m").matrix
    png = client_for(viewer).get(_url("survey_qr_png", open_survey))
    assert png["Content-Type"] == "image/png"
    assert png.content == qr_png(open_survey, base="http://testserver")
    expected = io.BytesIO()
    segno.make(link, error="m").save(expected, kind="png", scale=10, border=4)
    assert png.content == expected.getvalue()
    svg = client_for(viewer).get(_url("survey_qr_svg", open_survey))
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<?xml") and b"<svg" in svg.content
    assert link.encode() in svg.content  # its title


def test_no_qr_code_for_a_draft_or_closed_survey(survey, manager, client_for):
    assert client_for(manager).get(_url("survey_qr_png", survey)).status_code == 404
    survey.status = SurveyStatus.CLOSED
    survey.save()
    assert client_for(manager).get(_url("survey_qr_svg", survey)).status_code == 404


def test_a_survey_of_another_quartier_is_not_found(survey, other_quartier, manager, client_for):
    url = reverse("survey_detail", kwargs={"slug": other_quartier.slug, "survey_id": survey.pk})
    assert client_for(manager).get(url).status_code == 404


def test_deleting_a_survey_says_what_goes_with_it_and_removes_answers_and_print_files(
    answered_survey, manager, client_for, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from participation.models import Answer, PrintStatus, Response, SurveyPrint

    job = SurveyPrint.objects.create(survey=answered_survey, kind="poster", status=PrintStatus.DONE)
    job.file.save("plakat.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    storage, name = job.file.storage, job.file.name
    url = reverse("survey_delete", args=[answered_survey.quartier.slug, answered_survey.pk])
    client = client_for(manager)

    assert "Ihre 40 Antworten werden mit ihr gelöscht" in text(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):  # the files go once the rows are gone
        response = client.post(url, follow=True)

    assert "und ihre Antworten wurden gelöscht" in text(response)
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert not SurveyPrint.objects.exists() and not storage.exists(name)
