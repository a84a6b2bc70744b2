"""Writes on quartiers, memberships and invitations."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage
from django.core.mail import send_mail
from django.db import models, router, transaction
from django.db.models.deletion import Collector
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import Action, require
from .models import Invitation, Membership, Quartier, User

logger = logging.getLogger(__name__)

INVITATION_VALID_FOR = timedelta(days=14)

QUARTIER_PROFILE_FIELDS = (
    "name",
    "municipality",
    "spatial_type",
    "population",
    "area_km2",
    "boundary",
    "centre_lat",
    "centre_lon",
    "leitbild",
    "leitbild_agreed_on",
    "leitbild_agreed_by",
    "is_manageable",
    "manageable_reason",
    "is_socially_constructed",
    "socially_constructed_reason",
    "is_identity_forming",
    "identity_forming_reason",
)


class InvitationError(Exception):
    """An invitation that cannot be used; the message is shown to the user."""


class AlreadyMemberError(Exception):
    """The invited person already belongs to the quartier; the message is shown to the inviter."""

    def __init__(self, membership: Membership) -> None:
        self.membership = membership
        super().__init__(
            _("%(email)s already belongs to the quartier as %(role)s.")
            % {"email": membership.user.email, "role": membership.get_role_display()}
        )


def quartier_update(*, quartier: Quartier, user: User, data: dict[str, Any]) -> Quartier:
    """Save the profile of a quartier (size, boundary, Leitbild, identity criteria)."""
    require(user, Action.EDIT_QUARTIER, quartier)
    changed = [field for field in QUARTIER_PROFILE_FIELDS if field in data]
    for field in changed:
        setattr(quartier, field, data[field])
    quartier.save(update_fields=[*changed, "updated_at"])
    return quartier


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_create(
    *, quartier: Quartier, user: User, email: str, role: str, accept_url: str, quartier_url: str = ""
) -> Invitation:
    """Invite someone by e-mail to the quartier; `accept_url` contains `{token}`.

    A person who already has an account gets the membership at once and a notice that
    links to `quartier_url`: their invitation is used up, so its link would only say so.
    A person who already belongs to the quartier raises AlreadyMemberError and nothing is
    written or sent: an invitation must not change an existing role (a manager could
    otherwise demote a co-manager by inviting them as a viewer).
    """
    require(user, Action.INVITE, quartier)
    email = email.strip().lower()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        current = Membership.objects.select_related("user").filter(user__email__iexact=email, quartier=quartier).first()
        if current is not None:
            raise AlreadyMemberError(current)
        # Inviting again replaces an open invitation: only the newest link works, one row is listed.
        Invitation.objects.filter(quartier=quartier, email__iexact=email, accepted_at__isnull=True).delete()
        invitation = Invitation.objects.create(
            quartier=quartier,
            email=email,
            role=role,
            token_hash=_hash(token),
            invited_by=user,
            expires_at=timezone.now() + INVITATION_VALID_FOR,
        )
        existing = User.objects.filter(email__iexact=email, is_active=True).first()
        if existing is not None:
            # get_or_create, not create: someone may have joined since the check above.
            membership, created = Membership.objects.get_or_create(
                user=existing, quartier=quartier, defaults={"role": role}
            )
            if not created:
                raise AlreadyMemberError(membership)  # rolls back the invitation
            invitation.accepted_at = timezone.now()
            invitation.save(update_fields=["accepted_at"])
    context = {
        "quartier": quartier,
        "inviter": user,
        "role": invitation.get_role_display(),
        "url": quartier_url if existing is not None else accept_url.format(token=token),
        "has_account": existing is not None,
        "valid_days": INVITATION_VALID_FOR.days,
    }
    transaction.on_commit(
        lambda: send_mail(
            _("Invitation to the quartier %(name)s") % {"name": quartier.name},
            render_to_string("quartier/email/invitation.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )
    )
    return invitation


def invitation_for_token(token: str) -> Invitation:
    """The open invitation for this token, or InvitationError."""
    invitation = Invitation.objects.select_related("quartier").filter(token_hash=_hash(token)).first()
    if invitation is None:
        raise InvitationError(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used. Please log in."))
    if invitation.expires_at < timezone.now():
        raise InvitationError(_("This invitation has expired. Please ask for a new one."))
    return invitation


def _lock_open_invitation(token: str) -> Invitation:
    """The open invitation for this token, locked for the current transaction."""
    invitation = invitation_for_token(token)
    invitation = Invitation.objects.select_for_update().select_related("quartier").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used. Please log in."))
    return invitation


def invitation_accept(*, token: str, first_name: str, last_name: str, password: str) -> User:
    """Create the account of an invited person and give them the role they were invited to.

    Only for a new account: if the address has an account by now, InvitationError. The typed
    password must never be dropped silently, nor may the link log anyone into that account;
    such invitations go through `invitation_accept_with_account`.
    """
    with transaction.atomic():
        invitation = _lock_open_invitation(token)
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError(_("There is already an account for this e-mail address. Please log in."))
        user = User.objects.create_user(
            invitation.email, password, first_name=first_name.strip(), last_name=last_name.strip()
        )
        Membership.objects.create(user=user, quartier=invitation.quartier, role=invitation.role)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        return user


def invitation_accept_with_account(*, token: str) -> Invitation:
    """Use an invitation whose address already has an account: add the membership, nobody is logged in.

    The person logs in with their own password afterwards. A role they already hold in the
    quartier stays as it is (as in `invitation_create`). A deactivated account gets no
    membership back: InvitationError.
    """
    with transaction.atomic():
        invitation = _lock_open_invitation(token)
        account = User.objects.filter(email__iexact=invitation.email).first()
        if account is None or not account.is_active:
            raise InvitationError(_("This invitation cannot be used. Please contact the person who invited you."))
        Membership.objects.get_or_create(user=account, quartier=invitation.quartier, defaults={"role": invitation.role})
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        return invitation


def quartier_delete(*, quartier: Quartier) -> None:
    """Delete a quartier with everything that belongs to it, and its stored files after the commit.

    Only the admin deletes quartiers (it checks the permission). The files of every row the
    deletion cascades to (documents, report PDFs, whatever later apps store) are found by
    Django's own deletion collector, so this app needs to know nothing about the apps that keep
    files. They are removed once the rows are gone for good: if the transaction rolls back,
    rows and files are both still there.
    """
    with transaction.atomic():
        files = _files_of(quartier)
        quartier.delete()
        transaction.on_commit(lambda: _delete_files(files))


def _files_of(obj: models.Model) -> list[tuple[Storage, str]]:
    """(storage, name) of every file held by `obj` and the rows its deletion cascades to."""
    collector = Collector(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    batches: list[tuple[type[models.Model], Iterable[Any]]] = list(collector.data.items())
    batches += [(batch.model, batch) for batch in collector.fast_deletes]
    files = []
    for model, rows in batches:
        fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        if not fields:
            continue
        for row in rows:
            # str() of a FieldFile is its name ("" without a file).
            files += [(field.storage, name) for field in fields if (name := str(getattr(row, field.attname) or ""))]
    return files


def _delete_files(files: list[tuple[Storage, str]]) -> None:
    for storage, name in files:
        try:
            storage.delete(name)
        except OSError:
            # The rows are gone; a file left behind is only disk space, not a reason to fail.
            logger.exception("Could not delete the stored file %s", name)
