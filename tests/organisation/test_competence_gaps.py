"""The team's gaps: competences where nobody with a post running today is at 3 („Sicher“) or
above, with the trainings planned for them; and the matrix in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisation.competences.selectors import team_competences
from organisation.models import Competence, CompetenceAssessment, Staffing, StaffMember, Training, TrainingStatus
from tests.factories import QuartierFactory, role_profile

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def person(quartier, name, levels=None, *, start=datetime.date(2025, 1, 1), end=None) -> StaffMember:
    """A person with a post in the quartier and the given levels (competence key → level)."""
    member = StaffMember.objects.create(organisation=quartier.organisation, name=name)
    Staffing.objects.create(
        quartier=quartier, member=member, role_profile=role_profile("entwickler"), weekly_hours=20, start=start, end=end
    )
    for key, level in (levels or {}).items():
        CompetenceAssessment.objects.create(member=member, competence=Competence.objects.get(key=key), level=level)
    return member


def gap_keys(quartier) -> list[str]:
    return [gap.competence.key for gap in team_competences(quartier=quartier, today=TODAY).gaps]


def test_a_competence_nobody_is_sure_of_is_a_gap(quartier):
    person(quartier, "Anna", {"moderation": 2})
    person(quartier, "Ben", {"moderation": 1})
    team = team_competences(quartier=quartier, today=TODAY)
    moderation = next(gap for gap in team.gaps if gap.competence.key == "moderation")
    assert moderation.best == 2
    # Nobody assessed the others at all: gaps too, with no highest level.
    assert len(team.gaps) == 9
    assert all(gap.best is None for gap in team.gaps if gap.competence.key != "moderation")


def test_one_person_at_3_covers_a_competence_and_4_does_too(quartier):
    person(quartier, "Anna", {"moderation": 3, "teamarbeit": 1})
    person(quartier, "Ben", {"moderation": 1, "teamarbeit": 4})
    gaps = gap_keys(quartier)
    assert "moderation" not in gaps and "teamarbeit" not in gaps
    assert len(gaps) == 7


def test_people_whose_post_ended_or_has_not_begun_do_not_count(quartier):
    person(quartier, "Anna", {"moderation": 2})
    person(quartier, "Thea", {"moderation": 4}, start=datetime.date(2023, 1, 1), end=TODAY - datetime.timedelta(days=1))
    person(quartier, "Nils", {"moderation": 4}, start=TODAY + datetime.timedelta(days=1))
    assert "moderation" in gap_keys(quartier)
    names = [row.member.name for row in team_competences(quartier=quartier, today=TODAY).rows]
    assert names == ["Anna"]


def test_a_post_ending_today_still_counts(quartier):
    person(quartier, "Anna", {"moderation": 3}, end=TODAY)
    assert "moderation" not in gap_keys(quartier)


def test_a_person_with_a_post_in_another_quartier_does_not_count(quartier, organisation):
    sister = QuartierFactory(organisation=organisation, name="Nordviertel", slug="nordviertel")
    person(quartier, "Anna", {"moderation": 1})
    person(sister, "Nils", {"moderation": 4})
    assert "moderation" in gap_keys(quartier)


def test_planned_trainings_of_the_team_for_a_gap_are_listed(quartier, other_quartier):
    anna = person(quartier, "Anna", {"moderation": 2})
    thea = person(quartier, "Thea", start=datetime.date(2023, 1, 1), end=datetime.date(2024, 1, 1))
    moderation = Competence.objects.get(key="moderation")
    later = Training.objects.create(
        member=anna, title="Moderation II", date=TODAY.replace(month=9), competence=moderation
    )
    sooner = Training.objects.create(
        member=anna, title="Moderation I", date=TODAY.replace(month=7), competence=moderation
    )
    Training.objects.create(
        member=anna,
        title="Schon gemacht",
        date=TODAY.replace(month=1),
        competence=moderation,
        status=TrainingStatus.COMPLETED,
    )
    Training.objects.create(member=thea, title="Von früher", date=TODAY.replace(month=8), competence=moderation)
    Training.objects.create(member=anna, title="Ohne Kompetenz", date=TODAY.replace(month=8))

    gap = next(g for g in team_competences(quartier=quartier, today=TODAY).gaps if g.competence == moderation)
    assert gap.trainings == [sooner, later]


def test_no_staff_no_rows(quartier):
    team = team_competences(quartier=quartier, today=TODAY)
    assert team.rows == [] and len(team.gaps) == 9


def test_the_team_page_says_the_gaps_in_words_with_the_planned_training(quartier, manager, client_for):
    anna = person(quartier, "Anna Aktiv", {"moderation": 2, **dict.fromkeys(("teamarbeit", "teilhabe"), 3)})
    Training.objects.create(
        member=anna,
        title="Moderation von Bürgerversammlungen",
        date=datetime.date.today() + datetime.timedelta(days=30),
        competence=Competence.objects.get(key="moderation"),
    )
    page = client_for(manager).get(reverse("competence_overview", args=[quartier.slug])).content.decode()
    gaps = page.split('id="h-gaps"', 1)[1].split("</section>", 1)[0]
    assert "Moderation von Bürgerversammlungen" in gaps and "Anna Aktiv" in gaps
    assert "Teamarbeit" not in gaps and "Sozialraumanalyse" in gaps


def _overview_queries(client, quartier) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("competence_overview", args=[quartier.slug]))
    assert response.status_code == 200
    return len(queries)


def _team(quartier, first: int, last: int) -> None:
    catalogue = list(Competence.objects.all())
    for n in range(first, last):
        member = person(quartier, f"Person {n}")
        CompetenceAssessment.objects.bulk_create(
            [CompetenceAssessment(member=member, competence=c, level=1 + (n + i) % 2) for i, c in enumerate(catalogue)]
        )
        Training.objects.create(member=member, title=f"Kurs {n}", date=TODAY, competence=catalogue[n % 9])


def test_the_matrix_keeps_its_query_count_with_the_team_size(quartier, other_quartier, manager, client_for):
    client = client_for(manager)
    _team(quartier, 0, 2)
    _overview_queries(client, quartier)  # the first request of a session reads a little more
    small = _overview_queries(client, quartier)
    _team(quartier, 2, 10)
    large = _overview_queries(client, quartier)
    assert large == small
    page = client.get(reverse("competence_overview", args=[quartier.slug])).content.decode()
    matrix = page.split('class="table table-sm matrix competence-matrix"', 1)[1].split("</table>", 1)[0]
    # Ten people as the matrix's columns, one row per competence of the catalogue.
    assert all(f"Person {n}" in matrix for n in range(10))
    assert matrix.count('scope="row"') == Competence.objects.count()


def test_a_developer_sees_the_gaps_but_not_the_highest_level_which_may_be_a_colleagues_own(
    quartier, manager, developer, client_for
):
    """In a team of two the team's highest level is the other person's level: those who may not
    read other people's assessments learn only that nobody is sure of the competence."""
    person(quartier, "Anna Kollegin", {"moderation": 2})
    page = client_for(developer).get(reverse("competence_overview", args=[quartier.slug])).content.decode()
    gaps = page.split('class="mb-0 gap-list"', 1)[1].split("</ul>", 1)[0]
    assert "Moderation" in gaps
    assert "höchste Stufe" not in gaps and "ist 2" not in gaps

    managers_page = client_for(manager).get(reverse("competence_overview", args=[quartier.slug])).content.decode()
    assert "die höchste Stufe im Team ist 2" in managers_page
