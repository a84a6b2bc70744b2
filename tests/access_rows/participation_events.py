"""Events and neighbourhood walks: readers see them, managers (and administrators) record them."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from participation.models import Event, EventAttachment, WalkPoint
from planning.models import Document

PDF = b"%PDF-1.4\n% Protokoll\n%%EOF\n"


def _event(w: Any, kind: str = "werkstatt") -> Event:
    return Event.objects.create(
        quartier=w.quartier,
        kind=kind,
        title="Beteiligungswerkstatt Markt" if kind != "begehung" else "Begehung Altstadt",
        starts_at=timezone.make_aware(datetime.datetime(2026, 5, 4, 18, 0)),
        participants=10,
        participants_80_plus=3,
    )


def event(w: Any) -> dict[str, Any]:
    return {"slug": w.quartier.slug, "event_id": _event(w).pk}


def walk(w: Any) -> dict[str, Any]:
    return {"slug": w.quartier.slug, "event_id": _event(w, "begehung").pk}


def photo(w: Any) -> dict[str, Any]:
    e = _event(w)
    document = Document(
        quartier=w.quartier, title="Foto", original_name="f.pdf", content_type="application/pdf", size=1
    )
    document.file.save("f.pdf", ContentFile(PDF), save=True)
    attachment = EventAttachment.objects.create(event=e, document=document, is_photo=True, consent=False)
    return {"slug": w.quartier.slug, "event_id": e.pk, "attachment_id": attachment.pk}


def point(w: Any) -> dict[str, Any]:
    e = _event(w, "begehung")
    p = WalkPoint.objects.create(event=e, description="Bordstein", lat=Decimal("48.1"), lon=Decimal("9.1"))
    return {"slug": w.quartier.slug, "event_id": e.pk, "point_id": p.pk, "outcome": "idee"}


def form(w: Any) -> dict[str, Any]:
    return {
        "kind": "sprechstunde",
        "title": "Sprechstunde im Quartiersbüro",
        "date": "2026-06-01",
        "begins": "10:00",
        "participants": "4",
        "participants_under_65": "0",
        "participants_65_79": "2",
        "participants_80_plus": "2",
    }


def rows(m: Any) -> list[Any]:
    manage = m.MANAGE
    return [
        m.Row("event_list", "event_list", m.in_quartier(200), m.slug, shows="Veranstaltungen"),
        m.Row("event_create", "event_create", m.in_quartier(200, manage), m.slug),
        m.Row("event_create_post", "event_create", m.in_quartier(302, manage), m.slug, "POST", form),
        m.Row("event_detail", "event_detail", m.in_quartier(200), walk, shows="Begehung Altstadt"),
        m.Row("event_edit", "event_edit", m.in_quartier(200, manage), event),
        m.Row("event_edit_post", "event_edit", m.in_quartier(302, manage), event, "POST", form),
        m.Row("event_delete", "event_delete", m.in_quartier(200, manage), event),
        m.Row("event_delete_post", "event_delete", m.in_quartier(302, manage), event, "POST"),
        m.Row(
            "event_attachment_add",
            "event_attachment_add",
            m.in_quartier(302, manage),
            event,
            "POST",
            lambda w: {"attachment-file": SimpleUploadedFile("protokoll.pdf", PDF), "attachment-title": "Protokoll"},
        ),
        m.Row("event_attachment_add_get", "event_attachment_add", m.everyone(405, anonymous=302), event),
        m.Row(
            "event_attachment_consent",
            "event_attachment_consent",
            m.in_quartier(302, manage),
            photo,
            "POST",
            lambda w: {"consent": "on"},
        ),
        m.Row(
            "walk_point_add",
            "walk_point_add",
            m.in_quartier(302, manage),
            walk,
            "POST",
            lambda w: {"point-description": "Keine Bank", "point-lat": "48,1", "point-lon": "9,1"},
        ),
        m.Row("walk_point_convert", "walk_point_convert", m.in_quartier(302, manage), point, "POST"),
    ]


def state(quartier: Any) -> dict[str, Any]:
    return {
        "events": list(Event.objects.filter(quartier=quartier).order_by("pk").values_list("pk", "title", "updated_at")),
        "attachments": list(
            EventAttachment.objects.filter(event__quartier=quartier).order_by("pk").values_list("pk", "consent")
        ),
        "walk_points": list(
            WalkPoint.objects.filter(event__quartier=quartier).order_by("pk").values_list("pk", "outcome", "idea_id")
        ),
    }
