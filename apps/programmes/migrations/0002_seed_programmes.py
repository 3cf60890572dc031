"""The six programmes of DOMAIN.md, with the rules the evaluation reports describe.

Sources are the seed reports (000-004). Administrators change these in the admin by adding a new
rule version with a later date; this migration never runs again on a live database.
"""

from django.db import migrations

from apps.programmes.reference import PROGRAMMES, load_programmes


def load(apps, schema_editor):
    load_programmes(
        apps.get_model("programmes", "Programme"), apps.get_model("programmes", "ProgrammeRules")
    )


def unload(apps, schema_editor):
    apps.get_model("programmes", "Programme").objects.filter(
        code__in=[spec["code"] for spec in PROGRAMMES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
