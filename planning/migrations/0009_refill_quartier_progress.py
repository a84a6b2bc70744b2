"""Recompute the current step of existing quartiers with the changed rule.

The current step used to be the lowest step in progress; now it is the highest (see
planning/progress.py). The last activity does not depend on the rule and is left alone.
"""

from django.db import migrations
from django.db.models import Max
from django.db.models.functions import Coalesce

from planning.progress import StepState, current_step


def refill(apps, schema_editor):
    Quartier = apps.get_model("quartier", "Quartier")
    StepProgress = apps.get_model("planning", "StepProgress")
    for quartier in Quartier.objects.all().iterator():
        rows = (
            StepProgress.objects.filter(quartier_id=quartier.pk)
            .annotate(changed=Coalesce(Max("transitions__at"), "status_changed_at"))
            .values_list("template__number", "status", "changed")
        )
        state = current_step([StepState(*row) for row in rows], created_at=quartier.created_at)
        Quartier.objects.filter(pk=quartier.pk).update(
            current_step=state.number,
            current_step_status=state.status,
            current_step_since=state.since,
            steps_done=state.steps_done,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0008_fill_quartier_progress"),
    ]

    operations = [migrations.RunPython(refill, migrations.RunPython.noop)]
