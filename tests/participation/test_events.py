"""Events: the form's checks (age bands, dates, lengths), the list, attachments and consent."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from participation.events import selectors, services
from participation.models import Event, EventAttachment
from tests.pages import text

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def png(name: str = "foto.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def form_data(**overrides):
    data = {
        "kind": "werkstatt",
        "title": "Werkstatt Marktplatz",
        "date": "2026-03-12",
        "begins": "18:30",
        "ends": "20 Uhr",
        "place": "Bürgerhaus",
        "description": "Wie soll der Marktplatz werden?",
        "findings": "Mehr Bänke, Schatten.",
        "participants": "30",
        "participants_under_65": "10",
        "participants_65_79": "12",
        "participants_80_plus": "8",
    }
    data.update(overrides)
    return data


def make_event(quartier, manager, **fields) -> Event:
    start = timezone.make_aware(datetime.datetime(2026, 3, 12, 18, 30))
    values = {"kind": "werkstatt", "title": "Werkstatt", "starts_at": start, "participants": 10}
    values.update(fields)
    return services.event_create(quartier=quartier, user=manager, **values)


def test_manager_records_an_event_and_sees_the_share_of_people_over_80(quartier, manager, client_for):
    client = client_for(manager)
    response = client.post(reverse("event_create", args=[quartier.slug]), form_data())
    event = Event.objects.get()
    assert response.status_code == 302
    assert timezone.localtime(event.starts_at).hour == 18 and timezone.localtime(event.ends_at).hour == 20
    page = text(client.get(reverse("event_detail", args=[quartier.slug, event.pk])))
    assert "Werkstatt Marktplatz" in page and "Mehr Bänke" in page and "27 %" in page
    listing = text(client.get(reverse("event_list", args=[quartier.slug])))
    assert "Werkstatt Marktplatz" in listing and "8 (27 %)" in listing


def test_age_bands_over_the_total_are_refused_at_the_field_and_the_text_is_kept(quartier, manager, client_for):
    response = client_for(manager).post(
        reverse("event_create", args=[quartier.slug]), form_data(participants="20", findings="Bleibt stehen")
    )
    assert response.status_code == 400
    assert "Die Altersgruppen ergeben zusammen 30, mehr als die 20 Teilnehmenden insgesamt." in text(response)
    assert "Bleibt stehen" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "0001-01-01", "Bitte ein Datum zwischen dem 01.01.2000"),
        ("ends", "17:00", "Das Ende kann nicht vor dem Beginn liegen."),
        ("title", "x" * 201, "höchstens 200 Zeichen"),
        ("findings", "x" * 20_001, "höchstens 20000 Zeichen"),
        ("participants", "-1", "größer oder gleich 0"),
    ],
)
def test_implausible_input_is_refused_with_a_german_message(quartier, manager, client_for, field, value, message):
    response = client_for(manager).post(reverse("event_create", args=[quartier.slug]), form_data(**{field: value}))
    assert response.status_code == 400
    assert message in text(response)
    assert not Event.objects.exists()


def test_empty_list_explains_the_kinds_of_events(quartier, viewer, client_for):
    page = text(client_for(viewer).get(reverse("event_list", args=[quartier.slug])))
    assert "Noch keine Veranstaltungen" in page and "Neue Veranstaltung" not in page


def test_photo_without_consent_is_not_among_the_public_photos(quartier, manager):
    event = make_event(quartier, manager)
    agreed = services.attachment_add(event=event, user=manager, upload=png("ja.png"), is_photo=True, consent=True)
    refused = services.attachment_add(event=event, user=manager, upload=png("nein.png"), is_photo=True)
    services.attachment_add(
        event=event, user=manager, upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n"), consent=True
    )
    assert list(selectors.public_photos(event)) == [agreed]
    assert services.attachment_set_consent(attachment=refused, user=manager, consent=True)
    assert set(selectors.public_photos(event)) == {agreed, refused}
    services.attachment_set_consent(attachment=agreed, user=manager, consent=False)
    assert list(selectors.public_photos(event)) == [refused]


def test_upload_through_the_page_and_change_consent(quartier, manager, client_for):
    event = make_event(quartier, manager)
    client = client_for(manager)
    url = reverse("event_attachment_add", args=[quartier.slug, event.pk])
    response = client.post(url, {"attachment-file": png(), "attachment-is_photo": "on", "attachment-title": "Gruppe"})
    assert response.status_code == 302
    attachment = EventAttachment.objects.get()
    assert attachment.is_photo and not attachment.consent
    page = text(client.get(reverse("event_detail", args=[quartier.slug, event.pk])))
    assert "Keine Einwilligung" in page
    client.post(reverse("event_attachment_consent", args=[quartier.slug, event.pk, attachment.pk]), {"consent": "on"})
    attachment.refresh_from_db()
    assert attachment.consent


def test_a_file_of_the_wrong_type_is_refused_at_the_field(quartier, manager, client_for):
    event = make_event(quartier, manager)
    response = client_for(manager).post(
        reverse("event_attachment_add", args=[quartier.slug, event.pk]),
        {"attachment-file": SimpleUploadedFile("virus.exe", b"MZ" + b"\0" * 100)},
    )
    assert response.status_code == 400
    assert "Dieser Dateityp ist nicht erlaubt" in text(response)
    assert not EventAttachment.objects.exists()


def test_an_event_of_another_quartier_is_not_found(quartier, other_quartier, manager, client_for):
    from tests.factories import MembershipFactory

    other_manager = MembershipFactory(quartier=other_quartier, role="manager").user
    event = make_event(other_quartier, other_manager)
    response = client_for(manager).get(reverse("event_detail", args=[quartier.slug, event.pk]))
    assert response.status_code == 404


def test_list_queries_do_not_grow_with_events(quartier, manager, client_for, django_assert_max_num_queries):
    for n in range(12):
        make_event(quartier, manager, title=f"Fest {n}")
    client = client_for(manager)
    with django_assert_max_num_queries(15):
        client.get(reverse("event_list", args=[quartier.slug]))
