"""The sub-navigation of the „Beteiligung“ tab."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

# (key, URL name, label): the key is what a page passes as `view` to mark itself current.
PAGES = (
    ("overview", "participation_overview", _("Overview")),
    ("surveys", "survey_list", _("Surveys")),
    ("events", "event_list", _("Events and walks")),
    ("ideas", "idea_list", _("Ideas")),
)


@register.inclusion_tag("participation/partials/subnav.html")
def participation_subnav(quartier, view: str = "") -> dict:
    links = []
    for key, name, label in PAGES:
        try:
            url = reverse(name, args=[quartier.slug])
        except NoReverseMatch:  # a page that is not there (yet) is not offered
            continue
        links.append({"key": key, "url": url, "label": label, "current": key == view})
    return {"links": links}
