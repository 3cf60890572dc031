"""The fifteen counties as they are from 1 January 2024, with their official numbers."""

from django.db import migrations

COUNTIES = [
    ("03", "Oslo"),
    ("11", "Rogaland"),
    ("15", "Møre og Romsdal"),
    ("18", "Nordland"),
    ("31", "Østfold"),
    ("32", "Akershus"),
    ("33", "Buskerud"),
    ("34", "Innlandet"),
    ("39", "Vestfold"),
    ("40", "Telemark"),
    ("42", "Agder"),
    ("46", "Vestland"),
    ("50", "Trøndelag"),
    ("55", "Troms"),
    ("56", "Finnmark"),
]


def load(apps, schema_editor):
    County = apps.get_model("organisation", "County")
    for number, name in COUNTIES:
        County.objects.update_or_create(number=number, defaults={"name": name})


def unload(apps, schema_editor):
    apps.get_model("organisation", "County").objects.filter(
        number__in=[number for number, _ in COUNTIES], offices__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
