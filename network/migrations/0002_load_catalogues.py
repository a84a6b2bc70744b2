from django.db import migrations


def load(apps, schema_editor):
    from network.catalogues import sync_catalogues

    sync_catalogues(apps.get_model("network", "PartnerType"), apps.get_model("network", "ContributionKind"))


class Migration(migrations.Migration):
    dependencies = [("network", "0001_partners_contributions_meetings")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
