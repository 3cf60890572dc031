"""The scales' texts in Norwegian bokmål: 0002 loaded the editions with English texts and never
runs again, so this loads the files once more. The loader updates the texts of an edition that is
already there in place (same rows, same items and thresholds), so the reviews made with it keep
their items."""

from django.db import migrations

from apps.fidelity.scales import load_scales


def load(apps, schema_editor):
    load_scales(
        apps.get_model("fidelity", "Scale"),
        apps.get_model("fidelity", "ScaleItem"),
        apps.get_model("programmes", "Programme"),
    )


class Migration(migrations.Migration):
    dependencies = [("fidelity", "0002_load_scales")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
