"""The people who act for a partner. Their access to a quartier follows their partner's place in
its network: while the partner is active there, they hold the partner role in the quartier
(`quartier.models.Membership`, which is what `quartier.access` reads); when the partner goes
dormant or leaves, or the account is unlinked, that role goes."""

from __future__ import annotations

from django.db import transaction

from quartier.models import Membership, Role, User

from .models import MembershipStatus, NetworkMembership, Partner, PartnerAccount


def partner_of(user: User) -> Partner | None:
    """The partner the user acts for, or None. Memoised on the user object."""
    if not user.is_authenticated:
        return None
    if "_partner" not in user.__dict__:
        account = PartnerAccount.objects.select_related("partner").filter(user=user).first()
        user.__dict__["_partner"] = account.partner if account else None
    return user.__dict__["_partner"]


@transaction.atomic
def partner_memberships_sync(*, partner: Partner) -> None:
    """Give every account of the partner the partner role in each quartier where the partner is
    active, and take it away where it is not. Team roles (manager, developer, viewer) are never
    touched: someone who is also on the team keeps their role."""
    active = set(
        NetworkMembership.objects.filter(partner=partner, status=MembershipStatus.ACTIVE).values_list(
            "quartier_id", flat=True
        )
    )
    for user_id in PartnerAccount.objects.filter(partner=partner).values_list("user_id", flat=True):
        _sync_user(user_id=user_id, quartier_ids=active)


def _sync_user(*, user_id: int, quartier_ids: set[int]) -> None:
    held = dict(Membership.objects.filter(user_id=user_id).values_list("quartier_id", "role"))
    for quartier_id in quartier_ids - held.keys():
        Membership.objects.create(user_id=user_id, quartier_id=quartier_id, role=Role.PARTNER)
    stale = [q for q, role in held.items() if role == Role.PARTNER and q not in quartier_ids]
    for membership in Membership.objects.filter(user_id=user_id, quartier_id__in=stale, role=Role.PARTNER):
        membership.delete()  # one by one, so that the team's history records each


@transaction.atomic
def partner_account_set(*, user: User, partner: Partner | None) -> None:
    """Link the user to a partner (or unlink with None) and bring their partner roles in line."""
    previous = PartnerAccount.objects.filter(user=user).select_related("partner").first()
    if previous is not None and (partner is None or previous.partner_id != partner.pk):
        previous.delete()
        _sync_user(user_id=user.pk, quartier_ids=set())
    if partner is not None:
        PartnerAccount.objects.get_or_create(user=user, defaults={"partner": partner})
        partner_memberships_sync(partner=partner)
    user.__dict__.pop("_partner", None)
    user.__dict__.pop("_quartier_roles", None)
