"""Pages of the partner directory: the list, a partner, its place in the quartier's network, its
contacts and the accounts that act for it."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartier.access import Action, allowed_actions, get_quartier_or_404, require
from quartier.forms import add_errors_from
from quartier.models import Quartier

from ..contributions.selectors import partner_totals
from . import privacy, selectors, services
from .filters import PartnerFilter
from .forms import ContactForm, NetworkMembershipForm, PartnerAccountForm, PartnerForm
from .models import Contact, MembershipStatus, Partner

PER_PAGE = 50


def _partner_or_404(quartier: Quartier, partner_id: int) -> Partner:
    partner = selectors.partner_or_none(quartier=quartier, partner_id=partner_id)
    if partner is None:
        raise Http404
    return partner


def _contact_or_404(quartier: Quartier, contact_id: int) -> Contact:
    contact = selectors.contact_or_none(quartier=quartier, contact_id=contact_id)
    if contact is None:
        raise Http404
    return contact


@login_required
@require_safe
def partner_list(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    filterset = PartnerFilter(
        request.GET or None,
        queryset=selectors.directory(quartier=quartier),
        quartiers=Quartier.objects.visible_to(request.user).filter(organisation_id=quartier.organisation_id),
    )
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "quartier": quartier,
        "filter": filterset,
        "page": page,
        "query": params.urlencode(),
        "can_edit": Action.EDIT_NETWORK in allowed_actions(request.user, quartier),
        "has_any": page.paginator.count > 0 or selectors.directory(quartier=quartier).exists(),
    }
    return render(request, "network/partners/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def partner_create(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.EDIT_NETWORK)
    form = PartnerForm(request.POST or None, organisation=quartier.organisation, with_status=True)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            member_status = data.pop("status")
            try:
                partner = services.partner_create(quartier=quartier, user=request.user, status=member_status, **data)
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                messages.success(request, _("The partner “%(name)s” has been added.") % {"name": partner.name})
                return redirect("partner_detail", slug=slug, partner_id=partner.pk)
        status = 400
    return render(
        request, "network/partners/form.html", {"quartier": quartier, "form": form, "partner": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, slug: str, partner_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    partner = _partner_or_404(quartier, partner_id)
    require(request.user, Action.EDIT_NETWORK, quartier)
    form = PartnerForm(request.POST or None, instance=partner, organisation=quartier.organisation)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.partner_update(
                    quartier=quartier, partner_id=partner.pk, user=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect("partner_detail", slug=slug, partner_id=partner.pk)
        status = 400
        partner.refresh_from_db()
    return render(
        request, "network/partners/form.html", {"quartier": quartier, "form": form, "partner": partner}, status=status
    )


def _detail_context(request: HttpRequest, quartier: Quartier, partner: Partner, **extra: Any) -> dict[str, Any]:
    actions = allowed_actions(request.user, quartier)
    can_edit = Action.EDIT_NETWORK in actions
    sees_contacts = Action.SEE_PARTNER_CONTACTS in actions
    today = timezone.localdate()
    membership = selectors.membership_here(quartier=quartier, partner=partner)
    context = {
        "quartier": quartier,
        "partner": partner,
        "membership": membership,
        "agreement_expiring": selectors.agreement_expiring(membership, today),
        "agreement_expired": bool(membership and membership.agreement_until and membership.agreement_until < today),
        "other_memberships": selectors.other_memberships(quartier=quartier, partner=partner, user=request.user),
        "measure_links": selectors.measures_of(partner=partner, user=request.user),
        # Confirmed totals are visible to the whole network; single entries are not shown here.
        "contribution_totals": partner_totals(partner=partner, quartier=quartier),
        "sees_contacts": sees_contacts,
        "contacts": list(partner.contacts.all()) if sees_contacts else [],
        "can_edit": can_edit,
        "today": today,
    }
    if can_edit:
        context["accounts"] = selectors.accounts_of(partner=partner)
        context["account_form"] = extra.pop(
            "account_form",
            None,
        ) or PartnerAccountForm(users=selectors.linkable_users(quartier=quartier, partner=partner))
        context["history"] = selectors.partner_history(quartier=quartier, partner=partner, with_contacts=sees_contacts)
    context.update(extra)
    return context


@login_required
@require_safe
def partner_detail(request: HttpRequest, slug: str, partner_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    partner = _partner_or_404(quartier, partner_id)
    return render(request, "network/partners/detail.html", _detail_context(request, quartier, partner))


@login_required
@require_http_methods(["GET", "POST"])
def network_membership_edit(request: HttpRequest, slug: str, partner_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    partner = _partner_or_404(quartier, partner_id)
    require(request.user, Action.EDIT_NETWORK, quartier)
    membership = selectors.membership_here(quartier=quartier, partner=partner)
    form = NetworkMembershipForm(request.POST or None, request.FILES or None, instance=membership, quartier=quartier)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            upload = data.pop("agreement_upload", None)
            before = membership.status if membership else None
            try:
                saved = services.network_membership_set(
                    quartier=quartier, partner=partner, user=request.user, agreement_upload=upload, **data
                )
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                if before != saved.status:
                    messages.success(
                        request,
                        _("“%(name)s” is now %(status)s in this quartier's network.")
                        % {"name": partner.name, "status": saved.get_status_display()},
                    )
                else:
                    messages.success(request, _("The changes have been saved."))
                return redirect("partner_detail", slug=slug, partner_id=partner.pk)
        status = 400
    return render(
        request,
        "network/partners/membership_form.html",
        {"quartier": quartier, "partner": partner, "form": form, "membership": membership},
        status=status,
    )


@login_required
@require_POST
def partner_account_link(request: HttpRequest, slug: str, partner_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    partner = _partner_or_404(quartier, partner_id)
    require(request.user, Action.EDIT_NETWORK, quartier)
    form = PartnerAccountForm(request.POST, users=selectors.linkable_users(quartier=quartier, partner=partner))
    if form.is_valid():
        account = form.cleaned_data["user"]
        try:
            services.partner_account_link(quartier=quartier, partner=partner, user=request.user, account=account)
        except ValidationError as exc:
            add_errors_from(form, exc)
        else:
            messages.success(
                request,
                _("%(person)s now acts for “%(name)s”.") % {"person": account.display_name, "name": partner.name},
            )
            return redirect(f"{_detail_url(slug, partner.pk)}#accounts")
    context = _detail_context(request, quartier, partner, account_form=form)
    return render(request, "network/partners/detail.html", context, status=400)


@login_required
@require_POST
def partner_account_unlink(request: HttpRequest, slug: str, partner_id: int, user_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    partner = _partner_or_404(quartier, partner_id)
    require(request.user, Action.EDIT_NETWORK, quartier)
    try:
        account = services.partner_account_unlink(
            quartier=quartier, partner=partner, user=request.user, account_id=user_id
        )
    except ValidationError:
        raise Http404 from None
    messages.success(
        request,
        _("%(person)s no longer acts for “%(name)s”.") % {"person": account.display_name, "name": partner.name},
    )
    return redirect(f"{_detail_url(slug, partner.pk)}#accounts")


def _detail_url(slug: str, partner_id: int) -> str:
    return reverse("partner_detail", kwargs={"slug": slug, "partner_id": partner_id})


# --- contacts -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, slug: str, partner_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    partner = _partner_or_404(quartier, partner_id)
    require(request.user, Action.EDIT_NETWORK, quartier)
    form = ContactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                contact = services.contact_create(
                    quartier=quartier, partner=partner, user=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                messages.success(request, _("The contact “%(name)s” has been added.") % {"name": contact.name})
                return redirect(f"{_detail_url(slug, partner.pk)}#contacts")
        status = 400
    context = {"quartier": quartier, "partner": partner, "form": form, "contact": None}
    return render(request, "network/partners/contact_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, slug: str, contact_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    contact = _contact_or_404(quartier, contact_id)
    require(request.user, Action.EDIT_NETWORK, quartier)
    if contact.is_erased:
        raise Http404
    form = ContactForm(request.POST or None, instance=contact)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.contact_update(
                    quartier=quartier, contact_id=contact.pk, user=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect(f"{_detail_url(slug, contact.partner_id)}#contacts")
        status = 400
        contact.refresh_from_db()
    context = {"quartier": quartier, "partner": contact.partner, "form": form, "contact": contact}
    return render(request, "network/partners/contact_form.html", context, status=status)


@login_required
@require_safe
def contact_export(request: HttpRequest, slug: str, contact_id: int) -> HttpResponse:
    """Everything stored about the person, as a JSON download (right of access)."""
    quartier = get_quartier_or_404(request.user, slug)
    contact = _contact_or_404(quartier, contact_id)
    require(request.user, Action.SEE_PARTNER_CONTACTS, quartier)
    require(request.user, Action.EDIT_NETWORK, quartier)
    data = privacy.contact_export(quartier=quartier, contact=contact, user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = slugify(contact.name) or "kontakt"
    response["Content-Disposition"] = f'attachment; filename="auskunft-{name}-{contact.pk}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def contact_erase(request: HttpRequest, slug: str, contact_id: int) -> HttpResponse:
    """Erase the person's data on request (right to erasure); GET asks for confirmation."""
    quartier = get_quartier_or_404(request.user, slug)
    contact = _contact_or_404(quartier, contact_id)
    require(request.user, Action.EDIT_NETWORK, quartier)
    if request.method == "POST":
        privacy.contact_erase(quartier=quartier, contact_id=contact.pk, user=request.user)
        messages.success(request, _("The contact's personal data has been erased, also from the history."))
        return redirect(f"{_detail_url(slug, contact.partner_id)}#contacts")
    return render(
        request,
        "network/partners/contact_erase.html",
        {"quartier": quartier, "partner": contact.partner, "contact": contact},
    )


# --- the local network ------------------------------------------------------------------------


@login_required
@require_safe
def network_overview(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    overview = selectors.network_overview(quartier=quartier, today=timezone.localdate())
    context = {
        "quartier": quartier,
        "overview": overview,
        "min_active": selectors.MIN_ACTIVE_PARTNERS_PER_DOMAIN,
        "can_edit": Action.EDIT_NETWORK in allowed_actions(request.user, quartier),
        "statuses": MembershipStatus,
    }
    return render(request, "network/partners/overview.html", context)
