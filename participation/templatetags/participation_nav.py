"""The sub-navigation of the „Beteiligung“ tab."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from quartier.navigation import subnav_links

register = template.Library()

# (key, URL name, label): the key is what a page passes as `view` to mark itself current.
PAGES = (
    ("overview", "participation_overview", _("Overview")),
    ("surveys", "survey_list", _("Surveys")),
    ("events", "event_list", _("Events and walks")),
    ("ideas", "idea_list", _("Ideas")),
)


@register.inclusion_tag("quartier/partials/subnav.html")
def participation_subnav(quartier, view: str = "") -> dict:
    return {"links": subnav_links(PAGES, slug=quartier.slug, current=view), "label": _("Participation pages")}
