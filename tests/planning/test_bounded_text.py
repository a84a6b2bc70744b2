"""Every free text has a limit: the form says so and keeps the text, the model and the database refuse too."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from planning.models import Evidence, StepProgress, StepTransition
from quartier.fields import LONG_TEXT_MAX, SHORT_TEXT_MAX
from quartier.models import Quartier
from tests.pages import text

from .helpers import required_items

pytestmark = pytest.mark.django_db

TOO_LONG = "Bitte sicherstellen, dass der Wert aus höchstens"


def profile_data(quartier, **changes) -> dict:
    data = {"name": quartier.name, "municipality": quartier.municipality, "spatial_type": quartier.spatial_type}
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("leitbild", LONG_TEXT_MAX),
        ("manageable_reason", SHORT_TEXT_MAX),
        ("socially_constructed_reason", SHORT_TEXT_MAX),
        ("identity_forming_reason", SHORT_TEXT_MAX),
    ],
)
def test_profile_texts_over_the_limit_are_refused_and_kept(client_for, manager, quartier, field, limit):
    typed = "a" * (limit + 1)

    response = client_for(manager).post(
        reverse("quartier_profile_edit", args=[quartier.slug]), profile_data(quartier, **{field: typed})
    )

    assert response.status_code == 200
    assert TOO_LONG in text(response)
    html = response.content.decode()
    assert f"{typed}</textarea>" in html
    assert f'maxlength="{limit}"' in html and "data-counter" in html
    assert getattr(Quartier.objects.get(pk=quartier.pk), field) == ""


def test_a_leitbild_at_the_limit_with_browser_line_breaks_is_saved(client_for, manager, quartier):
    # The browser counts each line break once for maxlength, but sends it as CR LF.
    typed = ("a" * 99 + "\r\n") * (LONG_TEXT_MAX // 100)

    response = client_for(manager).post(
        reverse("quartier_profile_edit", args=[quartier.slug]), profile_data(quartier, leitbild=typed)
    )

    assert response.status_code == 302
    assert Quartier.objects.get(pk=quartier.pk).leitbild == typed.replace("\r\n", "\n").strip()


def test_notes_over_the_limit_are_shown_again_not_lost(client_for, developer, quartier, step):
    typed = "n" * (LONG_TEXT_MAX + 1)

    response = client_for(developer).post(reverse("step_notes", args=[quartier.slug, 1]), {"notes": typed})

    assert response.status_code == 400
    assert TOO_LONG in text(response)
    assert f"{typed}</textarea>" in response.content.decode()
    step.refresh_from_db()
    assert step.notes == ""


def test_evidence_text_over_the_limit_is_refused(client_for, developer, quartier, step):
    item = required_items(step)[2]

    response = client_for(developer).post(
        reverse("evidence_add", args=[quartier.slug, item.pk]),
        {f"item{item.pk}-kind": "text", f"item{item.pk}-text": "t" * (LONG_TEXT_MAX + 1)},
    )

    assert response.status_code == 400
    assert TOO_LONG in text(response, f"item-{item.pk}")
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("length", [501, 2048])
def test_a_link_longer_than_its_column_is_refused_in_the_form(client_for, developer, quartier, step, length):
    item = required_items(step)[2]
    url = "https://example.org/" + "x" * (length - len("https://example.org/"))

    response = client_for(developer).post(
        reverse("evidence_add", args=[quartier.slug, item.pk]),
        {f"item{item.pk}-kind": "link", f"item{item.pk}-url": url},
    )

    assert response.status_code == 400
    assert "Link: Bitte sicherstellen, dass der Wert aus höchstens 500 Zeichen besteht." in text(
        response, f"item-{item.pk}"
    )
    assert not Evidence.objects.exists()


def test_a_link_of_exactly_500_characters_is_saved(client_for, developer, quartier, step):
    item = required_items(step)[2]
    url = "https://example.org/" + "x" * (500 - len("https://example.org/"))

    response = client_for(developer).post(
        reverse("evidence_add", args=[quartier.slug, item.pk]),
        {f"item{item.pk}-kind": "link", f"item{item.pk}-url": url},
    )

    assert response.status_code == 302
    assert Evidence.objects.get().url == url


def test_a_reopen_reason_over_the_limit_is_refused(client_for, manager, quartier, done_step):
    response = client_for(manager).post(
        reverse("step_reopen", args=[quartier.slug, 1]), {"reason": "r" * (SHORT_TEXT_MAX + 1)}
    )

    assert response.status_code == 400
    assert TOO_LONG in text(response)
    done_step.refresh_from_db()
    assert done_step.status == "done"


def test_a_completion_comment_over_the_limit_does_not_complete_the_step(client_for, manager, quartier, ready_step):
    response = client_for(manager).post(
        reverse("step_complete", args=[quartier.slug, 1]), {"comment": "c" * (SHORT_TEXT_MAX + 1)}
    )

    assert response.status_code == 400
    assert TOO_LONG in text(response)
    ready_step.refresh_from_db()
    assert ready_step.status != "done"


def test_the_models_refuse_texts_over_the_limit(quartier, step):
    quartier.leitbild = "x" * (LONG_TEXT_MAX + 1)
    step.notes = "x" * (LONG_TEXT_MAX + 1)

    with pytest.raises(ValidationError) as quartier_refused:
        quartier.full_clean()
    with pytest.raises(ValidationError) as step_refused:
        step.full_clean()

    assert "leitbild" in quartier_refused.value.message_dict
    assert "notes" in step_refused.value.message_dict


@pytest.mark.parametrize(
    ("model", "field", "limit"),
    [
        (Quartier, "leitbild", LONG_TEXT_MAX),
        (Quartier, "identity_forming_reason", SHORT_TEXT_MAX),
        (StepProgress, "notes", LONG_TEXT_MAX),
    ],
)
def test_the_database_refuses_texts_over_the_limit(quartier, step, model, field, limit):
    row = quartier if model is Quartier else step

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field: "x" * (limit + 1)})
    model.objects.filter(pk=row.pk).update(**{field: "x" * limit})


def test_the_database_refuses_long_comments_and_evidence_texts(manager, ready_step):
    item = required_items(ready_step)[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(item=item, kind="text", text="x" * (LONG_TEXT_MAX + 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        StepTransition.objects.create(step=ready_step, from_status="open", to_status="done", comment="x" * 2001)
