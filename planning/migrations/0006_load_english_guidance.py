from django.db import migrations


def load(apps, schema_editor):
    from planning.step_templates import sync_step_templates

    sync_step_templates(apps.get_model("planning", "StepTemplate"), apps.get_model("planning", "ChecklistTemplate"))


class Migration(migrations.Migration):
    dependencies = [("planning", "0005_step_template_guidance_english")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
