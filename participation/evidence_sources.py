"""Participation's objects as checklist evidence (see planning/evidence_objects.py): surveys,
events (neighbourhood walks among them) and ideas. Steps 1, 3, 4, 5 and 8 accept them on every
item: the Leitbild agreed with citizens, the survey and the walk of the analysis, the kick-off,
the workshop on goals, results reported back."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planning.evidence_objects import EXTRA_KINDS_BY_STEP, EvidenceSource, register
from quartier.models import Quartier

from .events.models import Event, EventKind
from .ideas.models import Idea
from .surveys.models import Survey

IDEA_LABEL_WORDS = 8


def _reverse_or_none(name: str, *args: object) -> str | None:
    """The URL of a page, or None while the page does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _surveys(quartier: Quartier) -> QuerySet[Survey]:
    """The quartier's surveys with their number of responses, the latest first."""
    return (
        Survey.objects.filter(quartier=quartier)
        .annotate(n_responses=Count("responses"))
        .order_by("-opens_on", "-created_at", "-pk")
    )


def survey_label(survey: Survey) -> str:
    """„Umfrage „Älter werden in der Altstadt“ (T1) – offen, 150 Antworten“."""
    responses = getattr(survey, "n_responses", None)
    if responses is None:
        responses = survey.responses.count()
    title = f"„{survey.title}“ ({survey.wave_label})" if survey.wave_label else f"„{survey.title}“"
    return _("Survey %(title)s – %(status)s, %(responses)s") % {
        "title": title,
        "status": survey.get_status_display(),
        "responses": ngettext("%(n)s response", "%(n)s responses", responses) % {"n": responses},
    }


register(
    EvidenceSource(
        kind="survey",
        candidates=_surveys,
        label=survey_label,
        model=Survey,
        url=lambda quartier, obj: _reverse_or_none("survey_detail", quartier.slug, obj.pk),
        create_url=lambda quartier: _reverse_or_none("survey_list", quartier.slug),
    )
)


def _events(quartier: Quartier) -> QuerySet[Event]:
    return Event.objects.filter(quartier=quartier).order_by("-starts_at", "-pk")


def event_label(event: Event) -> str:
    """„Quartiersbegehung „Rundgang Markt“ am 12.03.2026 – 14 Teilnehmende“."""
    return _("%(kind)s „%(title)s“ on %(date)s – %(participants)s") % {
        "kind": event.get_kind_display(),
        "title": event.title,
        "date": date_format(localtime(event.starts_at), "SHORT_DATE_FORMAT"),
        "participants": ngettext("%(n)s participant", "%(n)s participants", event.participants)
        % {"n": event.participants},
    }


def _event_url(quartier: Quartier, obj: Event) -> str | None:
    return _reverse_or_none("event_detail", quartier.slug, obj.pk)


register(
    EvidenceSource(
        kind="event",
        candidates=_events,
        label=event_label,
        model=Event,
        url=_event_url,
        create_url=lambda quartier: _reverse_or_none("event_list", quartier.slug),
    )
)

register(
    EvidenceSource(
        kind="walk_event",
        candidates=lambda quartier: _events(quartier).filter(kind=EventKind.WALK),
        label=event_label,
        model=Event,
        url=_event_url,
        create_url=lambda quartier: _reverse_or_none("event_list", quartier.slug),
    )
)


def idea_label(idea: Idea) -> str:
    """„Idee „Mehr Bänke auf dem Weg zum …“ – übernommen“."""
    return _("Idea „%(text)s“ – %(status)s") % {
        "text": Truncator(" ".join(idea.text.split())).words(IDEA_LABEL_WORDS, truncate=" …"),
        "status": idea.get_status_display(),
    }


register(
    EvidenceSource(
        kind="idea",
        candidates=lambda quartier: Idea.objects.filter(quartier=quartier).order_by("-created_on", "-pk"),
        label=idea_label,
        model=Idea,
        url=lambda quartier, obj: _reverse_or_none("idea_detail", quartier.slug, obj.pk),
        create_url=lambda quartier: _reverse_or_none("idea_list", quartier.slug),
    )
)

# Steps 1 (Leitbild agreed with citizens), 3 (analysis), 4 (citizens informed), 5 (goals found
# together) and 8 (results reported back): surveys, events and ideas back any of their items.
for _step in (1, 3, 4, 5, 8):
    EXTRA_KINDS_BY_STEP[_step] = tuple(dict.fromkeys((*EXTRA_KINDS_BY_STEP.get(_step, ()), "survey", "event", "idea")))
