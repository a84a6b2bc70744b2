"""The demo's competence profiles: the Altstadt team with two gaps and a training planned for one;
seeding again adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from organisation.competences.selectors import team_competences
from organisation.models import CompetenceAssessment, Training, TrainingStatus
from quartier.models import Quartier

pytestmark = pytest.mark.django_db


def test_the_altstadt_team_has_profiles_two_gaps_and_trainings_and_seeding_is_idempotent():
    call_command("seed_demo", force=True, verbosity=0)
    altstadt = Quartier.objects.get(slug="altstadt")
    team = team_competences(quartier=altstadt, today=timezone.localdate())

    assert [row.member.name for row in team.rows] == ["Erik Entwickler", "Maria Altmann", "Sabine Sommer"]
    assert all(row.assessed >= 8 for row in team.rows)
    gaps = {gap.competence.key: gap for gap in team.gaps}
    assert set(gaps) == {"moderation", "ressourcen"}
    # Thomas Winter was sure of moderation, but his post has ended.
    assert gaps["moderation"].best == 2 and [t.member.name for t in gaps["moderation"].trainings] == ["Maria Altmann"]
    assert Training.objects.filter(status=TrainingStatus.COMPLETED, member__name="Erik Entwickler").exists()

    counts = (CompetenceAssessment.objects.count(), Training.objects.count())
    call_command("seed_demo", force=True, verbosity=0)
    assert (CompetenceAssessment.objects.count(), Training.objects.count()) == counts
