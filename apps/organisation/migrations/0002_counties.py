"""The fifteen counties as they are from 1 January 2024, with their official numbers."""

from django.db import migrations

from apps.organisation.reference import COUNTIES, load_counties


def load(apps, schema_editor):
    load_counties(apps.get_model("organisation", "County"))


def unload(apps, schema_editor):
    apps.get_model("organisation", "County").objects.filter(
        number__in=[number for number, _ in COUNTIES], offices__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
