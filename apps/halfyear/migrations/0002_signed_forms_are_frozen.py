"""The database refuses to change a signed half-yearly form: the form row, its participant rows
(no insert, update or delete) and the signed snapshot (never changed or deleted once written).

The services refuse first, with a message for the user; these triggers make sure nothing else
(a script, the shell, a bug) can change what a team lead signed.
"""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION halfyear_form_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'signed' THEN
        RAISE EXCEPTION 'A signed half-yearly form cannot be changed.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER halfyear_form_frozen
    BEFORE UPDATE OR DELETE ON halfyear_halfyearform
    FOR EACH ROW EXECUTE FUNCTION halfyear_form_frozen();

CREATE OR REPLACE FUNCTION halfyear_row_frozen() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
        SELECT 1 FROM halfyear_halfyearform WHERE id = OLD.form_id AND status = 'signed'
    ) THEN
        RAISE EXCEPTION 'A signed half-yearly form cannot be changed.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
        SELECT 1 FROM halfyear_halfyearform WHERE id = NEW.form_id AND status = 'signed'
    ) THEN
        RAISE EXCEPTION 'A signed half-yearly form cannot be changed.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER halfyear_row_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON halfyear_halfyearrow
    FOR EACH ROW EXECUTE FUNCTION halfyear_row_frozen();

CREATE OR REPLACE FUNCTION halfyear_snapshot_frozen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'A signed half-yearly form cannot be changed.' USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER halfyear_snapshot_frozen
    BEFORE UPDATE OR DELETE ON halfyear_halfyearsnapshot
    FOR EACH ROW EXECUTE FUNCTION halfyear_snapshot_frozen();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS halfyear_form_frozen ON halfyear_halfyearform;
DROP TRIGGER IF EXISTS halfyear_row_frozen ON halfyear_halfyearrow;
DROP TRIGGER IF EXISTS halfyear_snapshot_frozen ON halfyear_halfyearsnapshot;
DROP FUNCTION IF EXISTS halfyear_form_frozen();
DROP FUNCTION IF EXISTS halfyear_row_frozen();
DROP FUNCTION IF EXISTS halfyear_snapshot_frozen();
"""


SQLITE_UP = [
    """
    CREATE TRIGGER halfyear_form_no_update BEFORE UPDATE ON halfyear_halfyearform
    WHEN OLD.status = 'signed' BEGIN SELECT RAISE(ABORT, 'A signed half-yearly form cannot be changed.'); END
    """,
    """
    CREATE TRIGGER halfyear_form_no_delete BEFORE DELETE ON halfyear_halfyearform
    WHEN OLD.status = 'signed' BEGIN SELECT RAISE(ABORT, 'A signed half-yearly form cannot be changed.'); END
    """,
    """
    CREATE TRIGGER halfyear_row_no_insert BEFORE INSERT ON halfyear_halfyearrow
    WHEN (SELECT status FROM halfyear_halfyearform WHERE id = NEW.form_id) = 'signed' BEGIN SELECT RAISE(ABORT, 'A signed half-yearly form cannot be changed.'); END
    """,
    """
    CREATE TRIGGER halfyear_row_no_update BEFORE UPDATE ON halfyear_halfyearrow
    WHEN (SELECT status FROM halfyear_halfyearform WHERE id = OLD.form_id) = 'signed' OR (SELECT status FROM halfyear_halfyearform WHERE id = NEW.form_id) = 'signed'
    BEGIN SELECT RAISE(ABORT, 'A signed half-yearly form cannot be changed.'); END
    """,
    """
    CREATE TRIGGER halfyear_row_no_delete BEFORE DELETE ON halfyear_halfyearrow
    WHEN (SELECT status FROM halfyear_halfyearform WHERE id = OLD.form_id) = 'signed' BEGIN SELECT RAISE(ABORT, 'A signed half-yearly form cannot be changed.'); END
    """,
    """
    CREATE TRIGGER halfyear_snapshot_no_update BEFORE UPDATE ON halfyear_halfyearsnapshot
    BEGIN SELECT RAISE(ABORT, 'A signed half-yearly form cannot be changed.'); END
    """,
    """
    CREATE TRIGGER halfyear_snapshot_no_delete BEFORE DELETE ON halfyear_halfyearsnapshot
    BEGIN SELECT RAISE(ABORT, 'A signed half-yearly form cannot be changed.'); END
    """,
]
SQLITE_DOWN = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "halfyear_form_no_update",
        "halfyear_form_no_delete",
        "halfyear_row_no_insert",
        "halfyear_row_no_update",
        "halfyear_row_no_delete",
        "halfyear_snapshot_no_update",
        "halfyear_snapshot_no_delete",
    )
]


def up(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def down(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("halfyear", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
