"""The rights of a person stored as a contact (GDPR Art. 15 and 17): everything stored about them,
as one JSON document, and erasure of their personal data from the record and its history.

Erasure keeps the record and its history rows, so that the partner's story (when a contact was
added, changed, erased) stays readable; only the personal values go, replaced by
„gelöschter Kontakt“ and empty fields."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from quartier.access import Action, require
from quartier.models import Quartier, User

from .models import ERASED_CONTACT_NAME, Contact

# The fields that identify or reach the person; emptied on erasure.
PERSONAL_FIELDS = ("name", "function", "email", "phone", "consent_purpose")
ERASED_VALUES: dict[str, str] = {
    "name": ERASED_CONTACT_NAME,
    "function": "",
    "email": "",
    "phone": "",
    "consent_purpose": "",
}
HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
STORED_FIELDS = ("name", "function", "email", "phone", "consent_purpose", "consent_date", "erased_at", "created_at")


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _person(user: User | None) -> dict[str, str] | None:
    if user is None:
        return None
    return {"name": user.get_full_name(), "email": user.email}


def contact_export(*, quartier: Quartier, contact: Contact, user: User) -> dict[str, Any]:
    """Everything stored about the person: the record, its partner and every version in the history,
    with who recorded it and when."""
    require(user, Action.SEE_PARTNER_CONTACTS, quartier)
    require(user, Action.EDIT_NETWORK, quartier)
    versions = Contact.history.filter(id=contact.pk).select_related("history_user").order_by("history_date")
    return {
        "exported_at": timezone.now().isoformat(),
        "exported_by": _person(user),
        "contact": {
            "id": contact.pk,
            "partner": {"id": contact.partner_id, "name": contact.partner.name},
            **{name: _iso(getattr(contact, name)) for name in STORED_FIELDS},
        },
        "history": [
            {
                "recorded_at": v.history_date.isoformat(),
                "recorded_by": _person(v.history_user),
                "change": HISTORY_TYPES.get(v.history_type, v.history_type),
                "partner_id": v.partner_id,
                **{name: _iso(getattr(v, name)) for name in STORED_FIELDS},
            }
            for v in versions
        ],
    }


@transaction.atomic
def contact_erase(*, quartier: Quartier, contact_id: int, user: User) -> Contact:
    """Remove the person's data from the contact and from every history row of it. Erasing twice
    changes nothing more."""
    require(user, Action.EDIT_NETWORK, quartier)
    contact = Contact.objects.select_for_update().get(pk=contact_id, partner__organisation_id=quartier.organisation_id)
    return contact_data_erase(contact=contact)


@transaction.atomic
def contact_data_erase(*, contact: Contact) -> Contact:
    """The erasure itself, for callers that checked access already (the page above, the admin,
    which also erases before it deletes a contact or a partner: a deleted row's history would
    otherwise keep the person's data)."""
    if not contact.is_erased:
        for name, value in ERASED_VALUES.items():
            setattr(contact, name, value)
        contact.erased_at = timezone.now()
        contact.save(update_fields=[*PERSONAL_FIELDS, "erased_at"])  # the history records the erasure
    Contact.history.filter(id=contact.pk).update(**ERASED_VALUES)
    # The admin's log names the object it changed or deleted: that name is the person's.
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Contact), object_id=str(contact.pk)).update(
        object_repr=ERASED_CONTACT_NAME
    )
    return contact
