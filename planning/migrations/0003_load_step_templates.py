from django.db import migrations


def load(apps, schema_editor):
    from planning.step_templates import sync_step_templates

    sync_step_templates(apps.get_model("planning", "StepTemplate"), apps.get_model("planning", "ChecklistTemplate"))


class Migration(migrations.Migration):
    dependencies = [("planning", "0002_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
