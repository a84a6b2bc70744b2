"""The quartier's posts as checklist evidence (see planning/evidence_objects.py). Step 10 accepts
them on every item: the continuation concept with role profiles and the post secured for good
are shown by the posts themselves. The evidence names the role and the period, not the person or
the hours: viewers read the step page and the report, and staff details are not theirs."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from planning.evidence_objects import EXTRA_KINDS_BY_STEP, EvidenceSource, register
from planning.models import OBJECT_KIND_LABELS
from quartier.models import Quartier

from .models import Staffing
from .staffing.selectors import evidence_label

STAFFING_KIND = "staffing"
STAFFING_STEP = 10


def _posts(quartier: Quartier) -> QuerySet[Staffing]:
    """The quartier's posts, the latest start first, ended ones too: a concept may name them."""
    return Staffing.objects.filter(quartier=quartier).select_related("member", "role_profile").order_by("-start", "-pk")


def _overview_url(quartier: Quartier, post: Staffing | None = None) -> str | None:
    try:
        url = reverse("staff_overview", args=[quartier.slug])
    except NoReverseMatch:
        return None
    return f"{url}#post-{post.pk}" if post is not None else url


register(
    EvidenceSource(
        kind=STAFFING_KIND,
        candidates=_posts,
        label=evidence_label,
        model=Staffing,
        url=_overview_url,
        create_url=_overview_url,
    )
)

OBJECT_KIND_LABELS.setdefault(STAFFING_KIND, _("posts"))
EXTRA_KINDS_BY_STEP[STAFFING_STEP] = tuple(dict.fromkeys((*EXTRA_KINDS_BY_STEP.get(STAFFING_STEP, ()), STAFFING_KIND)))
