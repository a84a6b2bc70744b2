"""Writes on quartiers, memberships and invitations."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage
from django.core.mail import send_mail
from django.db import models, router, transaction
from django.db.models.deletion import Collector
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import Action, forget_roles, require
from .geojson import normalise_boundary
from .models import Invitation, Membership, Quartier, Role, User

logger = logging.getLogger(__name__)

INVITATION_VALID_FOR = timedelta(days=14)

QUARTIER_PROFILE_FIELDS = (
    "name",
    "municipality",
    "spatial_type",
    "population",
    "area_km2",
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


class LastManagerError(Exception):
    """The change would leave the quartier without a manager; the message is shown to the user."""

    def __init__(self, membership: Membership) -> None:
        self.membership = membership
        super().__init__(
            _(
                "%(name)s is the last quartier manager of %(quartier)s and stays one. "
                "Make someone else quartier manager first."
            )
            % {"name": membership.user, "quartier": membership.quartier.name}
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


def invitation_create(*, quartier: Quartier, user: User, email: str, role: str, accept_url: str) -> Invitation:
    """Invite someone by e-mail to the quartier; `accept_url` contains `{token}`.

    Nothing changes for the invited person until they answer: a new person sets a password
    through the link, a person with an account logs in and accepts or declines (the link
    or their start page). The inviter is told the same in both cases and both get a mail,
    so the form does not reveal who has an account. A person who already belongs to the
    quartier raises AlreadyMemberError and nothing is written or sent: an invitation must
    not change an existing role.
    """
    require(user, Action.INVITE, quartier)
    email = email.strip().lower()
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        current = Membership.objects.select_related("user").filter(user__email__iexact=email, quartier=quartier).first()
        if current is not None:
            raise AlreadyMemberError(current)
        # Inviting again withdraws the open invitation: only the newest link works, one row is listed.
        # An expired one stays expired: nobody withdrew it.
        for old in Invitation.objects.select_for_update().filter(quartier=quartier, email__iexact=email).open():
            _answer(old, user, withdrawn_at=now, withdrawn_by=user)
        invitation = Invitation(
            quartier=quartier,
            email=email,
            role=role,
            token_hash=_hash(token),
            invited_by=user,
            expires_at=now + INVITATION_VALID_FOR,
        )
        invitation._history_user = user
        invitation.save()
        has_account = User.objects.filter(email__iexact=email, is_active=True).exists()
    context = {
        "quartier": quartier,
        "inviter": user,
        "role": invitation.get_role_display(),
        "url": accept_url.format(token=token),
        "has_account": has_account,
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


def _answer(invitation: Invitation, user: User | None, **fields: Any) -> None:
    """Record an answer on a locked invitation, with who gave it in its history."""
    for name, value in fields.items():
        setattr(invitation, name, value)
    invitation._history_user = user
    invitation.save(update_fields=list(fields))


def _contact(invitation: Invitation) -> str:
    """Whom the invited person can ask: the inviting manager, or the quartier's managers."""
    inviter = invitation.invited_by
    if inviter is not None and inviter.is_active:
        name = inviter.get_full_name()
        return f"{name} ({inviter.email})" if name else inviter.email
    return _("the quartier management of %(quartier)s") % {"quartier": invitation.quartier.name}


def _refuse_unless_open(invitation: Invitation) -> None:
    """InvitationError that says what became of the invitation and whom to ask."""
    state = invitation.state
    if state == Invitation.State.OPEN:
        return
    params = {"contact": _contact(invitation), "quartier": invitation.quartier.name}
    if state == Invitation.State.ACCEPTED:
        message = _(
            "This invitation has already been used. Please log in. If you cannot get in, please ask %(contact)s."
        )
    elif state == Invitation.State.WITHDRAWN:
        message = _(
            "This invitation to %(quartier)s has been withdrawn. "
            "If you still want to take part, please ask %(contact)s."
        )
    elif state == Invitation.State.DECLINED:
        message = _(
            "This invitation to %(quartier)s has been declined. "
            "If you want to take part after all, please ask %(contact)s for a new invitation."
        )
    else:
        message = _("This invitation to %(quartier)s has expired. Please ask %(contact)s for a new invitation.")
    raise InvitationError(message % params)


def invitation_for_token(token: str) -> Invitation:
    """The open invitation for this token, or InvitationError that says why not."""
    invitation = Invitation.objects.select_related("quartier", "invited_by").filter(token_hash=_hash(token)).first()
    if invitation is None:
        raise InvitationError(_("This invitation link is not valid."))
    _refuse_unless_open(invitation)
    return invitation


def _lock_open_invitation(**lookup: Any) -> Invitation:
    """The open invitation, locked for the current transaction; InvitationError otherwise."""
    invitation = Invitation.objects.select_for_update().filter(**lookup).first()
    if invitation is None:
        raise InvitationError(_("This invitation link is not valid."))
    _refuse_unless_open(invitation)
    return invitation


def invitation_accept(*, token: str, first_name: str, last_name: str, password: str) -> User:
    """Create the account of an invited person and give them the role they were invited to.

    Only for a new account: if the address has an account by now, InvitationError. The typed
    password must never be dropped silently, nor may the link log anyone into that account;
    such invitations are accepted by the logged-in person (`invitation_accept_as`).
    """
    with transaction.atomic():
        invitation = _lock_open_invitation(token_hash=_hash(token))
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError(_("There is already an account for this e-mail address. Please log in."))
        user = User.objects.create_user(
            invitation.email, password, first_name=first_name.strip(), last_name=last_name.strip()
        )
        membership = Membership(user=user, quartier=invitation.quartier, role=invitation.role)
        membership._history_user = user
        membership.save()
        _answer(invitation, user, accepted_at=timezone.now())
        return user


def _lock_invitation_for(*, invitation_id: int, user: User) -> Invitation:
    if not user.is_authenticated or not user.is_active:
        raise InvitationError(_("This invitation link is not valid."))
    invitation = _lock_open_invitation(pk=invitation_id, email__iexact=user.email)
    return invitation


def invitation_accept_as(*, invitation_id: int, user: User) -> Invitation:
    """The logged-in person accepts an invitation sent to their address and joins the quartier.

    A role they already hold in the quartier stays as it is (as in `invitation_create`).
    An invitation for another address, or one no longer open, raises InvitationError.
    """
    with transaction.atomic():
        invitation = _lock_invitation_for(invitation_id=invitation_id, user=user)
        if not Membership.objects.filter(user=user, quartier_id=invitation.quartier_id).exists():
            membership = Membership(user=user, quartier_id=invitation.quartier_id, role=invitation.role)
            membership._history_user = user
            membership.save()
        _answer(invitation, user, accepted_at=timezone.now())
        return invitation


def invitation_decline(*, invitation_id: int, user: User) -> Invitation:
    """The logged-in person declines an invitation sent to their address; nothing else changes."""
    with transaction.atomic():
        invitation = _lock_invitation_for(invitation_id=invitation_id, user=user)
        _answer(invitation, user, declined_at=timezone.now(), declined_by=user)
        return invitation


def _refuse_withdrawal_unless_open(invitation: Invitation) -> None:
    """InvitationError for the manager: what became of the invitation, not whom to ask (that is them)."""
    messages = {
        Invitation.State.ACCEPTED: _("This invitation to %(email)s has already been accepted."),
        Invitation.State.WITHDRAWN: _("This invitation to %(email)s has already been withdrawn."),
        Invitation.State.DECLINED: _("This invitation to %(email)s has already been declined."),
        Invitation.State.EXPIRED: _(
            "This invitation to %(email)s has already expired. You can invite the person again."
        ),
    }
    message = messages.get(invitation.state)
    if message is not None:
        raise InvitationError(message % {"email": invitation.email})


def invitation_withdraw(*, quartier: Quartier, user: User, invitation_id: int) -> Invitation:
    """A manager withdraws an open invitation of the quartier; its link then says so.

    An invitation of another quartier raises Invitation.DoesNotExist; one that is no longer
    open raises InvitationError.
    """
    require(user, Action.MANAGE_TEAM, quartier)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation_id, quartier=quartier)
        _refuse_withdrawal_unless_open(invitation)
        _answer(invitation, user, withdrawn_at=timezone.now(), withdrawn_by=user)
        return invitation


def quartier_lock(*, quartier_id: int) -> None:
    """Lock the quartier's row until the transaction ends: the one lock that serialises changes
    to a quartier as a whole (its team, its progress columns, its pending report).

    Call inside `transaction.atomic()`; take it after any step or item lock, never before.
    """
    list(Quartier.objects.select_for_update().filter(pk=quartier_id).values_list("pk", flat=True))


def _lock_team(*, quartier: Quartier, user: User) -> None:
    """Serialise changes to the quartier's team, and check the actor's right under the lock.

    The quartier row is the lock: two managers demoting each other at the same moment are
    handled one after the other, so the second sees the first's change (and may no longer
    be a manager at all).
    """
    quartier_lock(quartier_id=quartier.pk)
    forget_roles(user)
    require(user, Action.MANAGE_TEAM, quartier)


def _refuse_last_manager(membership: Membership) -> None:
    if membership.role != Role.MANAGER:
        return
    if (
        not Membership.objects.filter(quartier_id=membership.quartier_id, role=Role.MANAGER)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise LastManagerError(membership)


def membership_change_role(*, quartier: Quartier, user: User, membership_id: int, role: str) -> Membership:
    """Give a member of the quartier another role; the last manager keeps theirs (LastManagerError).

    A membership of another quartier raises Membership.DoesNotExist.
    """
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    with transaction.atomic():
        _lock_team(quartier=quartier, user=user)
        membership = Membership.objects.select_related("user", "quartier").get(pk=membership_id, quartier=quartier)
        if membership.role == role:
            return membership
        if role != Role.MANAGER:
            _refuse_last_manager(membership)
        membership.role = role
        membership._history_user = user
        membership.save(update_fields=["role"])
    forget_roles(user)  # the actor may have changed their own role
    return membership


def membership_remove(*, quartier: Quartier, user: User, membership_id: int) -> Membership:
    """Remove a member from the quartier; the last manager stays (LastManagerError).

    A membership of another quartier raises Membership.DoesNotExist.
    """
    with transaction.atomic():
        _lock_team(quartier=quartier, user=user)
        membership = Membership.objects.select_related("user", "quartier").get(pk=membership_id, quartier=quartier)
        _refuse_last_manager(membership)
        membership._history_user = user
        membership.delete()
    forget_roles(user)  # the actor may have removed themselves
    return membership


def quartier_delete(*, quartier: Quartier) -> None:
    """Delete a quartier with everything that belongs to it, and its stored files after the commit.

    Only the admin deletes quartiers (it checks the permission). The files of every row the
    deletion cascades to (documents, report PDFs, whatever later apps store) are found by
    Django's own deletion collector, so this app needs to know nothing about the apps that keep
    files. They are removed once the rows are gone for good: if the transaction rolls back,
    rows and files are both still there.
    """
    delete_with_files(obj=quartier)


def delete_with_files(*, obj: models.Model) -> None:
    """Delete a row and whatever its deletion cascades to, and their stored files after the commit.

    For the admin's deletions (a quartier, a document, a report): Django deletes rows, never
    files. The files are removed once the rows are gone for good; on a rollback both stay.
    """
    with transaction.atomic():
        files = _files_of(obj)
        obj.delete()
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


def quartier_set_boundary(
    *,
    quartier: Quartier,
    user: User,
    boundary: dict[str, Any] | None,
    centre_lat: Decimal | None,
    centre_lon: Decimal | None,
    catchment_radius_m: int | None = None,
) -> Quartier:
    """Set the quartier's boundary (a normalised GeoJSON area or None), its centre and, if
    given, the walking radius of the catchment analysis. The history keeps the old ones."""
    require(user, Action.EDIT_QUARTIER, quartier)
    if boundary is not None:
        boundary = normalise_boundary(boundary)
    quartier.boundary = boundary
    quartier.centre_lat, quartier.centre_lon = centre_lat, centre_lon
    fields = ["boundary", "centre_lat", "centre_lon"]
    if catchment_radius_m is not None:
        quartier.catchment_radius_m = catchment_radius_m
        fields.append("catchment_radius_m")
    quartier.full_clean(exclude=[f.name for f in Quartier._meta.fields if f.name not in fields])
    quartier._history_user = user  # also outside a request (scripts, tests)
    with transaction.atomic():
        quartier.save(update_fields=[*fields, "updated_at"])
    return quartier
