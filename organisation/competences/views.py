"""Pages of competences: the team's matrix and gaps, one person's profile with the self-assessment
and the trainings.

A person's profile is seen only by the person, the quartier's managers and the organisation's
coordinators: for everyone else it does not exist (404), like a person without a post here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartier.access import Action, can, get_quartier_or_404
from quartier.forms import add_errors_from
from quartier.models import Quartier

from ..models import CompetenceLevel, StaffMember, Training
from . import selectors, services
from .forms import AssessmentForm, TrainingForm
from .selectors import Cell, ProfileRights


@login_required
@require_safe
def competence_overview(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_STAFF)
    context = {
        "quartier": quartier,
        "team": selectors.team_competences(quartier=quartier, today=timezone.localdate()),
        "see_levels": can(request.user, Action.SEE_COMPETENCES, quartier),
        "own": selectors.own_member(user=request.user, quartier=quartier),
        "scale": CompetenceLevel.choices,
    }
    return render(request, "organisation/competences/overview.html", context)


@dataclass(frozen=True)
class Profile:
    quartier: Quartier
    member: StaffMember
    rights: ProfileRights


def _profile_or_404(request: HttpRequest, slug: str, member_id: int) -> Profile:
    # Everyone who sees the quartier gets this far; whether the profile is theirs to see decides
    # the rest, and a profile one may not see answers as one that does not exist.
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_PORTAL)
    member = selectors.member_in_quartier(quartier=quartier, member_id=member_id)
    if member is None:
        raise Http404
    rights = selectors.profile_rights(user=request.user, quartier=quartier, member=member)
    if not rights.see:
        raise Http404
    return Profile(quartier, member, rights)


def _profile_url(profile: Profile, anchor: str = "") -> str:
    url = reverse("competence_profile", kwargs={"slug": profile.quartier.slug, "member_id": profile.member.pk})
    return f"{url}#{anchor}" if anchor else url


def _render_profile(
    request: HttpRequest, profile: Profile, levels: list[Cell], form: AssessmentForm, status: int = 200
) -> HttpResponse:
    planned, completed = selectors.member_trainings(member=profile.member)
    context = {
        "quartier": profile.quartier,
        "member": profile.member,
        "rights": profile.rights,
        "is_self": selectors.is_self(request.user, profile.member),
        "form": form,
        "levels": levels,
        "posts": list(selectors.member_posts(member=profile.member, quartier=profile.quartier)),
        "planned": planned,
        "completed": completed,
        "training_groups": [(_("Planned"), planned, "geplant"), (_("Completed"), completed, "abgeschlossen")],
        "scale": CompetenceLevel.choices,
    }
    return render(request, "organisation/competences/profile.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def competence_profile(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    profile = _profile_or_404(request, slug, member_id)
    if request.method == "POST" and not profile.rights.assess:
        raise PermissionDenied
    levels = selectors.member_levels(member=profile.member)
    competences = [cell.competence for cell in levels]
    current = {cell.competence.pk: cell.level for cell in levels}
    if request.method != "POST":
        return _render_profile(request, profile, levels, AssessmentForm(competences=competences, levels=current))
    form = AssessmentForm(request.POST, competences=competences, levels=current)
    if form.is_valid():
        try:
            services.assessment_save(
                quartier=profile.quartier, member_id=profile.member.pk, user=request.user, levels=form.levels()
            )
        except ValidationError as exc:
            add_errors_from(form, exc)
        else:
            messages.success(request, _("The self-assessment has been saved."))
            return redirect(_profile_url(profile, "einschaetzung"))
    return _render_profile(request, profile, levels, form, status=400)


def _training_page(
    request: HttpRequest, profile: Profile, form: TrainingForm, training: Training | None, status: int = 200
) -> HttpResponse:
    context = {"quartier": profile.quartier, "member": profile.member, "form": form, "training": training}
    return render(request, "organisation/competences/training_form.html", context, status=status)


def _save_training(request: HttpRequest, profile: Profile, training: Training | None) -> HttpResponse:
    if request.method != "POST":
        return _training_page(request, profile, TrainingForm(instance=training), training)
    form = TrainingForm(request.POST, instance=training)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.TRAINING_FIELDS}
        common = {"quartier": profile.quartier, "member_id": profile.member.pk, "user": request.user}
        try:
            if training is None:
                saved = services.training_create(**common, **fields)
                message = _("The training “%(title)s” has been added.")
            else:
                saved = services.training_update(**common, training_id=training.pk, **fields)
                message = _("The training “%(title)s” has been saved.")
        except ValidationError as exc:
            add_errors_from(form, exc)
        except Training.DoesNotExist:
            raise Http404 from None
        else:
            messages.success(request, message % {"title": saved.title})
            return redirect(_profile_url(profile, "fortbildungen"))
    return _training_page(request, profile, form, training, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def training_create(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    profile = _profile_or_404(request, slug, member_id)
    if not profile.rights.trainings:
        raise PermissionDenied
    return _save_training(request, profile, None)


def _training_or_404(profile: Profile, training_id: int) -> Training:
    training = selectors.training_of(member=profile.member, training_id=training_id)
    if training is None:
        raise Http404
    return training


@login_required
@require_http_methods(["GET", "POST"])
def training_edit(request: HttpRequest, slug: str, member_id: int, training_id: int) -> HttpResponse:
    profile = _profile_or_404(request, slug, member_id)
    training = _training_or_404(profile, training_id)
    if not profile.rights.trainings:
        raise PermissionDenied
    return _save_training(request, profile, training)


@login_required
@require_POST
def training_delete(request: HttpRequest, slug: str, member_id: int, training_id: int) -> HttpResponse:
    profile = _profile_or_404(request, slug, member_id)
    if not profile.rights.trainings:
        raise PermissionDenied
    training = selectors.training_of(member=profile.member, training_id=training_id)
    # A second click finds it gone: back to the profile, without an error page.
    if training is not None and services.training_delete(
        quartier=profile.quartier, member_id=profile.member.pk, training_id=training.pk, user=request.user
    ):
        messages.success(request, _("The training “%(title)s” has been deleted.") % {"title": training.title})
    return redirect(_profile_url(profile, "fortbildungen"))
