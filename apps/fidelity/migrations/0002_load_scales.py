"""The scale editions in apps/fidelity/scales/. A later edition comes with its own file and a new
migration (or ``manage.py load_fidelity_scales``); this one never runs again on a live database."""

from django.db import migrations

from apps.fidelity.scales import load_scales


def load(apps, schema_editor):
    load_scales(
        apps.get_model("fidelity", "Scale"),
        apps.get_model("fidelity", "ScaleItem"),
        apps.get_model("programmes", "Programme"),
    )


class Migration(migrations.Migration):
    dependencies = [("fidelity", "0001_initial"), ("programmes", "0002_seed_programmes")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
