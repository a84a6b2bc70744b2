from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

RADIUS_MIN, RADIUS_MAX = 100, 3000


class CatchmentRadiusForm(forms.Form):
    radius_m = forms.IntegerField(
        label=_("Walking radius in metres"),
        min_value=RADIUS_MIN,
        max_value=RADIUS_MAX,
        help_text=_("Between 100 and 3,000 m. Older people often walk about 500 m."),
    )
