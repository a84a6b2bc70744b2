from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.fields import TextAreaField


class DomainAssessmentForm(forms.Form):
    strengths = TextAreaField(label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    weaknesses = TextAreaField(label=_("Weaknesses"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
