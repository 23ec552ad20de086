"""One BuzonSettings row from the start: concurrent first filings never race to create it."""

from django.db import migrations


def create_settings(apps, schema_editor):
    BuzonSettings = apps.get_model("buzon", "BuzonSettings")
    if not BuzonSettings.objects.exists():
        BuzonSettings.objects.create()


class Migration(migrations.Migration):
    dependencies = [("buzon", "0001_buzon_tickets")]

    operations = [migrations.RunPython(create_settings, migrations.RunPython.noop)]
