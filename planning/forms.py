from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quartier.fields import SHORT_TEXT_MAX, TextAreaField

from .documents import ALLOWED_LABEL, validate_upload
from .models import ChecklistItem, Evidence, EvidenceKind


def _file_help_text() -> str:
    return gettext("%(types)s, at most %(size)s") % {
        "types": ALLOWED_LABEL,
        "size": filesizeformat(settings.DOCUMENT_MAX_BYTES),
    }


# Lazy: built when the form is shown, in the language of the page and with the configured limit.
file_help_text = lazy(_file_help_text, str)

EVIDENCE_KIND_CHOICES = [
    (EvidenceKind.DOCUMENT, _("Upload a document")),
    (EvidenceKind.LINK, _("Add a link")),
    (EvidenceKind.TEXT, _("Write a text")),
]


# The field that holds each kind of evidence (static/js/app.js shows only the chosen one).
FIELD_OF_KIND = {EvidenceKind.DOCUMENT: "file", EvidenceKind.LINK: "url", EvidenceKind.TEXT: "text"}


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=EVIDENCE_KIND_CHOICES, widget=forms.RadioSelect)
    file = forms.FileField(label=_("File"), required=False, help_text=file_help_text())
    # As long as the column: a longer link would fail on PostgreSQL instead of being explained.
    url = forms.URLField(
        label=_("Link"), required=False, assume_scheme="https", max_length=Evidence._meta.get_field("url").max_length
    )
    text = TextAreaField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    label = forms.CharField(label=_("Short description (optional)"), required=False, max_length=300)

    def __init__(self, *args: Any, item: ChecklistItem | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if item is not None and item.evidence_kind in dict(EVIDENCE_KIND_CHOICES):
            self.fields["kind"].initial = item.evidence_kind
        self.item = item

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        # Only the chosen kind counts. A link typed before switching to "text" stays in its
        # (now hidden) field; it must neither block saving with an error nobody sees nor be stored.
        for other_kind, name in FIELD_OF_KIND.items():
            if other_kind != kind:
                self.errors.pop(name, None)
                data[name] = None if name == "file" else ""
        if kind == EvidenceKind.DOCUMENT:
            upload = data.get("file")
            if not upload:
                self.add_error("file", _("Please choose a file."))
            else:
                try:
                    validate_upload(upload)
                except forms.ValidationError as exc:
                    self.add_error("file", exc)
        elif kind == EvidenceKind.LINK and not data.get("url"):
            if "url" not in self.errors:
                self.add_error("url", _("Please enter a link."))
        # A text refused for its length already says so; it is not missing.
        elif kind == EvidenceKind.TEXT and not (data.get("text") or "").strip() and "text" not in self.errors:
            self.add_error("text", _("Please write a text."))
        return data


class ChecklistItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    required = forms.BooleanField(label=_("Required to complete the step"), required=False)
    evidence_kind = forms.ChoiceField(
        label=_("Expected evidence"),
        choices=[(k, v) for k, v in EvidenceKind.choices if k != EvidenceKind.OBJECT],
        initial=EvidenceKind.TEXT,
    )


class NotesForm(forms.Form):
    notes = TextAreaField(
        label=_("Team notes (everyone in the quartier can read them; they appear in the report)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CompleteForm(forms.Form):
    comment = TextAreaField(
        label=_("Comment (optional)"),
        required=False,
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReopenForm(forms.Form):
    reason = TextAreaField(
        label=_("Reason for reopening"), max_length=SHORT_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=file_help_text())
    title = forms.CharField(label=_("Title (optional)"), required=False, max_length=300)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        return upload
