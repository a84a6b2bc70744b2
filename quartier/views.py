from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import selectors, services
from .access import Action, allowed_actions, can, get_quartier_or_404, is_coordinator, require, role_of
from .forms import InvitationAcceptForm, InvitationForm, MembershipRoleForm, QuartierProfileForm
from .models import Invitation, Membership, Role


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Send people where they work: open invitations → the start page (to answer them),
    one quartier → its cockpit, coordinators → the portfolio."""
    if selectors.invitations_pending_for(user=request.user).exists():
        return redirect("quartier_list")
    if is_coordinator(request.user):
        return redirect("portfolio")
    quartiers = list(selectors.quartier_list(user=request.user)[:2])
    if len(quartiers) == 1:
        return redirect("cockpit", slug=quartiers[0].slug)
    return redirect("quartier_list")


@login_required
@require_safe
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    return render(
        request,
        "quartier/profile.html",
        {"quartier": quartier, "actions": allowed_actions(request.user, quartier)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    require(request.user, Action.EDIT_QUARTIER, quartier)
    # The form fills in a copy: what someone typed into an invalid form must not appear in the
    # page header as if it had been saved.
    form = QuartierProfileForm(request.POST or None, instance=copy.copy(quartier))
    if request.method == "POST" and form.is_valid():
        services.quartier_update(quartier=quartier, user=request.user, data=form.cleaned_data)
        messages.success(request, _("The quartier profile has been saved."))
        return redirect("quartier_profile", slug=quartier.slug)
    return render(request, "quartier/profile_edit.html", {"quartier": quartier, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    actions = allowed_actions(request.user, quartier)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Action.INVITE, quartier)
        if form.is_valid():
            accept_url = request.build_absolute_uri(reverse("invitation_accept", args=["TOKEN"]))
            try:
                invitation = services.invitation_create(
                    quartier=quartier,
                    user=request.user,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    accept_url=accept_url.replace("TOKEN", "{token}"),
                )
            except services.AlreadyMemberError as exc:
                messages.info(request, str(exc))
                return redirect("members", slug=quartier.slug)
            # The same words whether or not the address has an account: the form must not tell.
            messages.success(request, _("An invitation has been sent to %(email)s.") % {"email": invitation.email})
            return redirect("members", slug=quartier.slug)
    memberships = list(selectors.member_list(quartier=quartier))
    managers = [m for m in memberships if m.role == Role.MANAGER]
    return render(
        request,
        "quartier/members.html",
        {
            "quartier": quartier,
            "actions": actions,
            "memberships": memberships,
            # The only manager can be neither demoted nor removed (the service refuses): no buttons.
            "sole_manager_id": managers[0].pk if len(managers) == 1 else None,
            "role": role_of(request.user, quartier),
            "invitations": selectors.open_invitations(quartier=quartier) if Action.INVITE in actions else [],
            "history": selectors.team_history(quartier=quartier) if Action.SEE_CONTACTS in actions else [],
            "roles": Role.choices,
            "form": form,
        },
    )


@login_required
@require_POST
def membership_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    require(request.user, Action.MANAGE_TEAM, quartier)
    form = MembershipRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose one of the roles."))
        return redirect("members", slug=quartier.slug)
    try:
        membership = services.membership_change_role(
            quartier=quartier, user=request.user, membership_id=membership_id, role=form.cleaned_data["role"]
        )
    except Membership.DoesNotExist as exc:
        raise Http404 from exc
    except services.LastManagerError as exc:
        messages.error(request, str(exc))
        return redirect("members", slug=quartier.slug)
    messages.success(
        request,
        _("%(name)s is now %(role)s.") % {"name": membership.user, "role": membership.get_role_display()},
    )
    return redirect("members", slug=quartier.slug)


@login_required
@require_POST
def membership_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    require(request.user, Action.MANAGE_TEAM, quartier)
    try:
        membership = services.membership_remove(quartier=quartier, user=request.user, membership_id=membership_id)
    except Membership.DoesNotExist as exc:
        raise Http404 from exc
    except services.LastManagerError as exc:
        messages.error(request, str(exc))
        return redirect("members", slug=quartier.slug)
    messages.success(request, _("%(name)s no longer belongs to the quartier.") % {"name": membership.user})
    if membership.user_id == request.user.pk and not can(request.user, Action.VIEW, quartier):
        return redirect("home")
    return redirect("members", slug=quartier.slug)


@login_required
@require_POST
def invitation_withdraw(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    require(request.user, Action.MANAGE_TEAM, quartier)
    try:
        invitation = services.invitation_withdraw(quartier=quartier, user=request.user, invitation_id=invitation_id)
    except Invitation.DoesNotExist as exc:
        raise Http404 from exc
    except services.InvitationError as exc:
        messages.error(request, str(exc))
        return redirect("members", slug=quartier.slug)
    messages.success(request, _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email})
    return redirect("members", slug=quartier.slug)


def _invitation_invalid(request: HttpRequest, error: services.InvitationError) -> HttpResponse:
    return render(request, "quartier/invitation_invalid.html", {"reason": str(error)}, status=404)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation mail. A GET never changes anything.

    A new person sets a name and password and joins with the POST. A person who already
    has an account logs in and accepts or declines with a button (see `invitation_answer`);
    nothing typed here is used for their account.
    """
    try:
        invitation = services.invitation_for_token(token)
    except services.InvitationError as exc:
        return _invitation_invalid(request, exc)
    account = selectors.invitation_account(invitation=invitation)
    if account is not None:
        if not account.is_active:
            return _invitation_invalid(
                request,
                services.InvitationError(
                    _("This invitation cannot be used. Please contact the person who invited you.")
                ),
            )
        return render(
            request,
            "quartier/invitation_answer.html",
            {
                "invitation": invitation,
                "is_invited_person": request.user.is_authenticated and request.user.pk == account.pk,
            },
        )
    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationError as exc:
            return _invitation_invalid(request, exc)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account has been created."))
        return redirect("cockpit", slug=invitation.quartier.slug)
    return render(request, "quartier/invitation_accept.html", {"invitation": invitation, "form": form})


@login_required
@require_POST
def invitation_answer(request: HttpRequest, invitation_id: int, answer: str) -> HttpResponse:
    """Accept or decline an invitation sent to the logged-in person's address."""
    invitation = selectors.invitation_addressed_to(user=request.user, invitation_id=invitation_id)
    if invitation is None:
        raise Http404
    try:
        if answer == "accept":
            services.invitation_accept_as(invitation_id=invitation.pk, user=request.user)
        else:
            services.invitation_decline(invitation_id=invitation.pk, user=request.user)
    except services.InvitationError as exc:
        messages.error(request, str(exc))
        return redirect("quartier_list")
    if answer == "accept":
        messages.success(
            request,
            _("Welcome! You now belong to the quartier %(name)s.") % {"name": invitation.quartier.name},
        )
        return redirect("cockpit", slug=invitation.quartier.slug)
    messages.success(
        request,
        _("You have declined the invitation to the quartier %(name)s.") % {"name": invitation.quartier.name},
    )
    return redirect("quartier_list")
