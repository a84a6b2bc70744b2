"""The network picture: who works with whom in the quartier."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from quartier.access import get_quartier_or_404

from .layout import network_graph as graph_picture
from .matrix import matrix_rows
from .selectors import partner_measure_matrix


@login_required
@require_safe
def network_matrix(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    data = partner_measure_matrix(quartier=quartier)
    return render(
        request,
        "network/graph/matrix.html",
        {
            "quartier": quartier,
            "measures": data.measures,
            "partner_count": len(data.partners),
            "rows": matrix_rows(data, slug=quartier.slug),
        },
    )


@login_required
@require_safe
def network_graph(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    return render(
        request, "network/graph/graph.html", {"quartier": quartier, "picture": graph_picture(quartier=quartier)}
    )
