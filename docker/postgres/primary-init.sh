#!/bin/bash
# Run by the postgres image once, when the primary's data folder is new (docker-entrypoint-initdb.d):
# a role that may only replicate, the physical slot the replica streams from (so the primary keeps
# the WAL a replica that was down still needs), and the pg_hba line that lets the role in.
set -euo pipefail

psql -v ON_ERROR_STOP=1 -v password="$POSTGRES_REPLICATION_PASSWORD" \
    --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SELECT pg_create_physical_replication_slot('replica_1');
SQL

echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
