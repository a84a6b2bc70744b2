from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .access import Action, allowed_actions, get_quartier_or_404, is_coordinator, require
from .forms import InvitationAcceptForm, InvitationForm, QuartierProfileForm


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send people where they work: one quartier → its cockpit, coordinators → the portfolio."""
    if is_coordinator(request.user):
        return redirect("portfolio")
    quartiers = list(selectors.quartier_list(user=request.user)[:2])
    if len(quartiers) == 1:
        return redirect("cockpit", slug=quartiers[0].slug)
    return redirect("quartier_list")


@login_required
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
                    quartier_url=request.build_absolute_uri(reverse("cockpit", args=[quartier.slug])),
                )
            except services.AlreadyMemberError as exc:
                messages.info(request, str(exc))
                return redirect("members", slug=quartier.slug)
            if invitation.accepted_at:
                messages.success(
                    request,
                    _("%(email)s already has an account and now belongs to the quartier.")
                    % {"email": invitation.email},
                )
            else:
                messages.success(request, _("An invitation has been sent to %(email)s.") % {"email": invitation.email})
            return redirect("members", slug=quartier.slug)
    return render(
        request,
        "quartier/members.html",
        {
            "quartier": quartier,
            "actions": actions,
            "memberships": selectors.member_list(quartier=quartier),
            "invitations": selectors.open_invitations(quartier=quartier) if Action.INVITE in actions else [],
            "form": form,
        },
    )


def _invitation_invalid(request: HttpRequest, error: services.InvitationError) -> HttpResponse:
    return render(request, "quartier/invitation_invalid.html", {"reason": str(error)}, status=404)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Set a password and join; an address that already has an account joins and logs in as usual."""
    try:
        invitation = services.invitation_for_token(token)
        if selectors.invitation_has_account(invitation=invitation):
            # No password form for an existing account, and nothing typed into one is used: the
            # person proves who they are by logging in with their own password. Opening the link
            # is enough to join, as inviting an existing account adds the membership at once.
            services.invitation_accept_with_account(token=token)
            messages.success(
                request,
                _("You already have an account and now belong to the quartier %(name)s. Please log in.")
                % {"name": invitation.quartier.name},
            )
            return redirect_to_login(reverse("cockpit", args=[invitation.quartier.slug]))
    except services.InvitationError as exc:
        return _invitation_invalid(request, exc)
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
