"""The sub-navigation of the „Personal“ tab."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from quartier.navigation import subnav_links

register = template.Library()

# (key, URL name, label): the key is what a page passes as `view` to mark itself current.
PAGES = (
    ("staffing", "staff_overview", _("Posts")),
    ("time", "time_overview", _("Time by task field")),
    ("competences", "competence_overview", _("Competences")),
)


@register.inclusion_tag("quartier/partials/subnav.html")
def staff_subnav(quartier, view: str = "") -> dict:
    return {"links": subnav_links(PAGES, slug=quartier.slug, current=view), "label": _("Staff pages")}
