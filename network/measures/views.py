"""The partners of a measure: shown on the measure's page, chosen on a page of their own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from planning.measures.models import Measure
from planning.measures.panels import Panel
from quartier.access import get_quartier_or_404
from quartier.models import Quartier

from . import services
from .forms import MeasurePartnersForm
from .selectors import partners_of_measure


def measure_partners_panel(request: HttpRequest, quartier: Quartier, measure: Measure) -> Panel:
    """The measure page's box of lead and supporting partners (registered in network.apps)."""
    return Panel(
        "network/measures/partials/measure_panel.html",
        {
            "measure_partners": partners_of_measure(measure=measure),
            "can_assign_partners": services.can_assign_partners(request.user, quartier),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_partners(request: HttpRequest, slug: str, measure_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    measure = Measure.objects.filter(quartier=quartier, pk=measure_id).first()
    if measure is None:
        raise Http404
    services.require_assign_partners(request.user, quartier)
    form = MeasurePartnersForm(request.POST or None, quartier=quartier, measure=measure)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.measure_partners_set(
                    measure_id=measure.pk,
                    user=request.user,
                    lead=form.cleaned_data["lead"],
                    supporting=form.cleaned_data["supporting"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The partners of the measure have been saved."))
                return redirect("measure_detail", slug=slug, measure_id=measure.pk)
        status = 400
    return render(
        request,
        "network/measures/partners_form.html",
        {"quartier": quartier, "measure": measure, "form": form},
        status=status,
    )
