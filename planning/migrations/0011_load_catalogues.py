from django.db import migrations


def load(apps, schema_editor):
    from planning.catalogues import sync_catalogues

    sync_catalogues(
        apps.get_model("planning", "Indicator"),
        apps.get_model("planning", "FacilityCategory"),
        apps.get_model("planning", "FundingKind"),
    )


class Migration(migrations.Migration):
    dependencies = [("planning", "0010_analysis_goals_measures_funding")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
