"""Fill the progress columns of existing quartiers from their step records.

Lives in planning, not in quartier: the records are planning's, and quartier depends on no
other app. Uses the models as they are at this point of the migrations.
"""

from django.db import migrations
from django.db.models import Max
from django.db.models.functions import Coalesce

from planning.progress import StepState, current_step


def fill(apps, schema_editor):
    Quartier = apps.get_model("quartier", "Quartier")
    StepProgress = apps.get_model("planning", "StepProgress")
    StepTransition = apps.get_model("planning", "StepTransition")
    Evidence = apps.get_model("planning", "Evidence")
    ChecklistItem = apps.get_model("planning", "ChecklistItem")
    HistoricalStepProgress = apps.get_model("planning", "HistoricalStepProgress")
    HistoricalChecklistItem = apps.get_model("planning", "HistoricalChecklistItem")
    HistoricalEvidence = apps.get_model("planning", "HistoricalEvidence")
    for quartier in Quartier.objects.all().iterator():
        rows = (
            StepProgress.objects.filter(quartier_id=quartier.pk)
            .annotate(changed=Coalesce(Max("transitions__at"), "status_changed_at"))
            .values_list("template__number", "status", "changed")
        )
        state = current_step([StepState(*row) for row in rows], created_at=quartier.created_at)
        step_ids = StepProgress.objects.filter(quartier_id=quartier.pk).values("pk")
        item_ids = ChecklistItem.objects.filter(step__quartier_id=quartier.pk).values("pk")
        candidates = [
            StepTransition.objects.filter(step__quartier_id=quartier.pk).aggregate(m=Max("at"))["m"],
            Evidence.objects.filter(item__step__quartier_id=quartier.pk).aggregate(m=Max("created_at"))["m"],
            ChecklistItem.objects.filter(step__quartier_id=quartier.pk).aggregate(m=Max("done_at"))["m"],
            HistoricalStepProgress.objects.filter(id__in=step_ids, history_type="~").aggregate(m=Max("history_date"))[
                "m"
            ],
            HistoricalChecklistItem.objects.filter(step_id__in=step_ids).aggregate(m=Max("history_date"))["m"],
            HistoricalEvidence.objects.filter(item_id__in=item_ids, history_type="-").aggregate(
                m=Max("history_date")
            )["m"],
        ]
        Quartier.objects.filter(pk=quartier.pk).update(
            current_step=state.number,
            current_step_status=state.status,
            current_step_since=state.since,
            steps_done=state.steps_done,
            last_activity_at=max((c for c in candidates if c is not None), default=None),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0007_bounded_text"),
        ("quartier", "0003_quartier_progress_columns"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
