"""Pages of goals (step 5): the list by domain, the form to create or change one, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from planning.goals import selectors, services
from planning.goals.forms import GoalForm
from planning.goals.models import Goal
from quartier.access import Action, allowed_actions, get_quartier_or_404, require
from quartier.models import Quartier


def _goal_or_404(quartier: Quartier, goal_id: int) -> Goal:
    goal = Goal.objects.filter(pk=goal_id, quartier=quartier).first()
    if goal is None:
        raise Http404
    return goal


@login_required
@require_safe
def goal_list(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    rows = selectors.goal_rows(quartier=quartier)
    context = {
        "quartier": quartier,
        "domains": selectors.goals_by_domain(rows),
        "has_goals": bool(rows),
        "can_edit": Action.EDIT_GOALS in allowed_actions(request.user, quartier),
    }
    return render(request, "planning/goals/list.html", context)


def _form_page(
    request: HttpRequest, quartier: Quartier, form: GoalForm, goal: Goal | None, status: int
) -> HttpResponse:
    return render(
        request, "planning/goals/form.html", {"quartier": quartier, "form": form, "goal": goal}, status=status
    )


def _save(request: HttpRequest, quartier: Quartier, goal: Goal | None) -> HttpResponse:
    form = GoalForm(request.POST or None, instance=goal, quartier=quartier)
    if request.method != "POST":
        return _form_page(request, quartier, form, goal, 200)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.FIELDS}
        try:
            if goal is None:
                saved = services.goal_create(quartier=quartier, user=request.user, **fields)
                messages.success(request, _("The goal “%(title)s” has been created.") % {"title": saved.title})
            else:
                saved = services.goal_update(goal_id=goal.pk, user=request.user, **fields)
                messages.success(request, _("The goal “%(title)s” has been saved.") % {"title": saved.title})
        except ValidationError as exc:
            form.add_error(None, exc)
        except Goal.DoesNotExist:
            raise Http404 from None
        else:
            return redirect(f"{_list_url(quartier)}#goal-{saved.pk}")
    return _form_page(request, quartier, form, goal, 400)


def _list_url(quartier: Quartier) -> str:
    return reverse("goal_list", kwargs={"slug": quartier.slug})


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    require(request.user, Action.EDIT_GOALS, quartier)
    return _save(request, quartier, None)


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, slug: str, goal_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    goal = _goal_or_404(quartier, goal_id)
    require(request.user, Action.EDIT_GOALS, quartier)
    return _save(request, quartier, goal)


@login_required
@require_POST
def goal_delete(request: HttpRequest, slug: str, goal_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    require(request.user, Action.EDIT_GOALS, quartier)
    goal = Goal.objects.filter(pk=goal_id, quartier=quartier).first()
    # A second click on "delete" finds it gone: back to the list, without an error page.
    if goal is not None and services.goal_delete(goal_id=goal.pk, user=request.user):
        messages.success(request, _("The goal “%(title)s” has been deleted.") % {"title": goal.title})
    return redirect(_list_url(quartier))
