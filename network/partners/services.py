"""Writes of the partner directory and the local network. Each function checks access again, is
atomic and keyword-only. Status changes of a network membership bring the partner's user
accounts in line (`partner_memberships_sync`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.models import Document
from planning.services import document_upload
from quartier.access import Action, require
from quartier.models import Membership, Quartier, Role, User

from .accounts import partner_account_set, partner_memberships_sync
from .models import Contact, MembershipStatus, NetworkMembership, Partner, PartnerAccount

PARTNER_FIELDS = (
    "name",
    "type",
    "serves_wohnen",
    "serves_soziales",
    "serves_pflege",
    "address",
    "website",
    "description",
)
MEMBERSHIP_FIELDS = (
    "status",
    "role",
    "since",
    "agreement_document",
    "agreement_signed_on",
    "agreement_until",
    "note",
)
CONTACT_FIELDS = ("name", "function", "email", "phone", "consent_purpose", "consent_date")


def _only(fields: dict[str, object], allowed: tuple[str, ...], service: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{service}: unexpected fields {sorted(unknown)}")


@transaction.atomic
def partner_create(*, quartier: Quartier, user: User, status: str = "", **fields: object) -> Partner:
    """Add a partner to the quartier's organisation; with a status, also to the quartier's network."""
    require(user, Action.EDIT_NETWORK, quartier)
    _only(fields, PARTNER_FIELDS, "partner_create")
    partner = Partner(organisation_id=quartier.organisation_id, **fields)
    partner.full_clean()
    partner.save()
    if status:
        network_membership_set(quartier=quartier, partner=partner, user=user, status=status)
    return partner


@transaction.atomic
def partner_update(*, quartier: Quartier, partner_id: int, user: User, **fields: object) -> Partner:
    """Change a partner's record (shared by all quartiers of the organisation)."""
    require(user, Action.EDIT_NETWORK, quartier)
    _only(fields, PARTNER_FIELDS, "partner_update")
    partner = Partner.objects.select_for_update().get(pk=partner_id, organisation_id=quartier.organisation_id)
    for name, value in fields.items():
        setattr(partner, name, value)
    partner.full_clean()
    partner.save(update_fields=[*fields, "updated_at"])
    return partner


@transaction.atomic
def network_membership_set(
    *,
    quartier: Quartier,
    partner: Partner,
    user: User,
    agreement_upload: UploadedFile | None = None,
    **fields: object,
) -> NetworkMembership:
    """Create or change the partner's place in the quartier's network. An uploaded agreement is
    stored among the quartier's documents. The partner's accounts gain or lose access to the
    quartier with the status."""
    require(user, Action.EDIT_NETWORK, quartier)
    _only(fields, MEMBERSHIP_FIELDS, "network_membership_set")
    if partner.organisation_id != quartier.organisation_id:
        raise ValidationError(_("Only partners of the quartier's organisation can join its network."))
    document = fields.get("agreement_document")
    if isinstance(document, Document) and document.quartier_id != quartier.pk:
        raise ValidationError({"agreement_document": _("Only documents of this quartier can be chosen.")})
    membership = NetworkMembership.objects.select_for_update().filter(
        quartier=quartier, partner=partner
    ).first() or NetworkMembership(quartier=quartier, partner=partner)
    for name, value in fields.items():
        setattr(membership, name, value)
    if membership.status == MembershipStatus.ACTIVE and membership.since is None:
        membership.since = timezone.localdate()
    membership.full_clean()
    if agreement_upload is not None:
        # Stored only once the rest is valid, so that a refused form leaves no file behind.
        membership.agreement_document = document_upload(
            quartier=quartier,
            user=user,
            upload=agreement_upload,
            title=_("Cooperation agreement %(partner)s") % {"partner": partner.name},
        )
    membership.save()
    partner_memberships_sync(partner=partner)
    return membership


@transaction.atomic
def contact_create(*, quartier: Quartier, partner: Partner, user: User, **fields: object) -> Contact:
    """Store a person at a partner, with the purpose and date of their consent."""
    require(user, Action.EDIT_NETWORK, quartier)
    _only(fields, CONTACT_FIELDS, "contact_create")
    if partner.organisation_id != quartier.organisation_id:
        raise ValidationError(_("This partner belongs to another organisation."))
    contact = Contact(partner=partner, **fields)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_update(*, quartier: Quartier, contact_id: int, user: User, **fields: object) -> Contact:
    """Change a contact; an erased contact stays erased."""
    require(user, Action.EDIT_NETWORK, quartier)
    _only(fields, CONTACT_FIELDS, "contact_update")
    contact = Contact.objects.select_for_update().get(pk=contact_id, partner__organisation_id=quartier.organisation_id)
    if contact.is_erased:
        raise ValidationError(_("This contact has been erased and cannot be changed."))
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.full_clean()
    contact.save(update_fields=list(fields))
    return contact


@transaction.atomic
def partner_account_link(*, quartier: Quartier, partner: Partner, user: User, account: User) -> PartnerAccount:
    """Let a member of the quartier with the partner role act for the partner."""
    require(user, Action.EDIT_NETWORK, quartier)
    if partner.organisation_id != quartier.organisation_id:
        raise ValidationError(_("This partner belongs to another organisation."))
    if not Membership.objects.filter(quartier=quartier, user=account, role=Role.PARTNER).exists():
        raise ValidationError({"user": _("Only members of this quartier with the partner role can be linked.")})
    partner_account_set(user=account, partner=partner)
    return PartnerAccount.objects.get(user=account)


@transaction.atomic
def partner_account_unlink(*, quartier: Quartier, partner: Partner, user: User, account_id: int) -> User:
    """Stop a user acting for the partner; they lose the partner role everywhere."""
    require(user, Action.EDIT_NETWORK, quartier)
    link = PartnerAccount.objects.select_related("user").filter(partner=partner, user_id=account_id).first()
    if link is None or partner.organisation_id != quartier.organisation_id:
        raise ValidationError(_("This person does not act for the partner."))
    partner_account_set(user=link.user, partner=None)
    return link.user
