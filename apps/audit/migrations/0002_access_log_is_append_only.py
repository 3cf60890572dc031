"""The database refuses to change or delete access-log rows unless the retention job holds the
unlock row in its own transaction (see apps/audit/models.py)."""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_accesslog_guard() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM audit_retentionunlock) THEN
        RAISE EXCEPTION 'The access log is append-only: rows cannot be changed or deleted.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_accesslog_append_only
    BEFORE UPDATE OR DELETE ON audit_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION audit_accesslog_guard();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_accesslog_append_only ON audit_accesslogentry;
DROP FUNCTION IF EXISTS audit_accesslog_guard();
"""
SQLITE_UP = [
    """
    CREATE TRIGGER audit_accesslog_no_update BEFORE UPDATE ON audit_accesslogentry
    WHEN NOT EXISTS (SELECT 1 FROM audit_retentionunlock)
    BEGIN SELECT RAISE(ABORT, 'The access log is append-only: rows cannot be changed or deleted.'); END
    """,
    """
    CREATE TRIGGER audit_accesslog_no_delete BEFORE DELETE ON audit_accesslogentry
    WHEN NOT EXISTS (SELECT 1 FROM audit_retentionunlock)
    BEGIN SELECT RAISE(ABORT, 'The access log is append-only: rows cannot be changed or deleted.'); END
    """,
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_accesslog_no_update",
    "DROP TRIGGER IF EXISTS audit_accesslog_no_delete",
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
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
