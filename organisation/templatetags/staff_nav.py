"""The sub-navigation of the „Personal“ tab."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

# (key, URL name, label): the key is what a page passes as `view` to mark itself current.
PAGES = (
    ("staffing", "staff_overview", _("Posts")),
    ("time", "time_overview", _("Time by task field")),
    ("competences", "competence_overview", _("Competences")),
)


@register.inclusion_tag("organisation/partials/subnav.html")
def staff_subnav(quartier, view: str = "") -> dict:
    links = []
    for key, name, label in PAGES:
        try:
            url = reverse(name, args=[quartier.slug])
        except NoReverseMatch:  # a page that is not there (yet) is not offered
            continue
        links.append({"key": key, "url": url, "label": label, "current": key == view})
    return {"links": links}
