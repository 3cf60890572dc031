"""Extended statistics on a case's team and owner (PostgreSQL only).

A team lead's dashboard asks for the cases of one team owned by its specialists. The two columns
are nearly functionally dependent (a specialist's cases are in the specialist's team), but the
planner multiplies their selectivities as if they were independent and estimated 11 rows where
there were 1,800 (national scale, bench/), choosing nested loops over every case of the team.
With these statistics ANALYZE records the dependency and the estimate is right.
"""

from django.db import migrations

CREATE = (
    "CREATE STATISTICS IF NOT EXISTS case_team_owner (dependencies, ndistinct)"
    " ON team_id, owner_id FROM cases_case"
)
DROP = "DROP STATISTICS IF EXISTS case_team_owner"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        schema_editor.execute("ANALYZE cases_case")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_alter_caseevent_kind")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
