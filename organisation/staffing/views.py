"""Pages of a quartier's posts: the overview (the „Personal“ tab's landing page), add, change
or end, and delete a post."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from quartier.access import Action, can, get_quartier_or_404, require
from quartier.models import Quartier

from ..models import Staffing
from . import selectors, services
from .forms import StaffingForm


def _post_or_404(quartier: Quartier, staffing_id: int) -> Staffing:
    post = Staffing.objects.filter(pk=staffing_id, quartier=quartier).select_related("member", "role_profile").first()
    if post is None:
        raise Http404
    return post


def _overview_url(quartier: Quartier) -> str:
    return reverse("staff_overview", kwargs={"slug": quartier.slug})


@login_required
@require_safe
def staff_overview(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_STAFF)
    today = timezone.localdate()
    figures = selectors.figures_for(quartier=quartier, today=today)
    context = {
        "quartier": quartier,
        "today": today,
        "posts": selectors.quartier_posts(quartier=quartier, today=today),
        "figures": figures,
        "warnings": selectors.warning_texts(figures),
        "profiles": selectors.role_profiles(),
        "can_edit": can(request.user, Action.EDIT_STAFFING, quartier),
    }
    return render(request, "organisation/staffing/overview.html", context)


def _save(request: HttpRequest, quartier: Quartier, post: Staffing | None) -> HttpResponse:
    people = selectors.person_choices(quartier=quartier)
    initial = StaffingForm.initial_for(post) if post else {}
    form = StaffingForm(
        request.POST if request.method == "POST" else None, quartier=quartier, people=people, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            if post is None:
                saved = services.staffing_create(quartier=quartier, user=request.user, **form.service_kwargs())
                message = _("The post of %(name)s has been added.")
            else:
                saved = services.staffing_update(staffing_id=post.pk, user=request.user, **form.service_kwargs())
                message = _("The post of %(name)s has been saved.")
        except ValidationError as exc:
            _add_errors(form, exc)
        except Staffing.DoesNotExist:
            raise Http404 from None
        else:
            messages.success(request, message % {"name": saved.member.name})
            return redirect(f"{_overview_url(quartier)}#post-{saved.pk}")
    context = {
        "quartier": quartier,
        "form": form,
        "post": post,
        "profiles": selectors.role_profiles(),
    }
    return render(request, "organisation/staffing/form.html", context, status=400 if request.method == "POST" else 200)


def _add_errors(form: StaffingForm, exc: ValidationError) -> None:
    """A service's refusal at the field it concerns, where the form has that field."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_http_methods(["GET", "POST"])
def staffing_create(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_STAFF)
    require(request.user, Action.EDIT_STAFFING, quartier)
    return _save(request, quartier, None)


@login_required
@require_http_methods(["GET", "POST"])
def staffing_edit(request: HttpRequest, slug: str, staffing_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_STAFF)
    post = _post_or_404(quartier, staffing_id)
    require(request.user, Action.EDIT_STAFFING, quartier)
    return _save(request, quartier, post)


@login_required
@require_http_methods(["GET", "POST"])
def staffing_delete(request: HttpRequest, slug: str, staffing_id: int) -> HttpResponse:
    """GET asks „really delete?“; POST deletes."""
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_STAFF)
    post = _post_or_404(quartier, staffing_id)
    require(request.user, Action.EDIT_STAFFING, quartier)
    if request.method == "POST":
        try:
            deleted = services.staffing_delete(staffing_id=post.pk, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("staffing_delete", slug=quartier.slug, staffing_id=post.pk)
        if deleted:
            messages.success(request, _("The post of %(name)s has been deleted.") % {"name": post.member.name})
        return redirect(_overview_url(quartier))
    context = {
        "quartier": quartier,
        "post": post,
        "label": selectors.post_label(post),
        "hours_left": services.hours_without_post(post),
    }
    return render(request, "organisation/staffing/delete.html", context)
