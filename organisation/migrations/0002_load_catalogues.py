from django.db import migrations


def load(apps, schema_editor):
    from organisation.catalogues import sync_catalogues

    sync_catalogues(apps)


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_staff_time_competences_checks")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
