from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ReportRequestForm(forms.Form):
    """The cockpit's report button: which language the PDF is written in."""

    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        # Left out (an older page, a script): the organisation's language.
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
