#!/bin/bash
# The read replica's start: on first start (an empty data folder) clone the primary with
# pg_basebackup, which writes standby.signal and the primary's address (--write-recovery-conf);
# then run PostgreSQL as a hot standby that streams from the primary's slot.
set -euo pipefail

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until PGPASSWORD="$POSTGRES_REPLICATION_PASSWORD" pg_basebackup \
        --host="$PRIMARY_HOST" --username=replicator --pgdata="$PGDATA" \
        --wal-method=stream --slot="$REPLICATION_SLOT" --write-recovery-conf --progress; do
        echo "waiting for the primary at $PRIMARY_HOST" >&2
        rm -rf "${PGDATA:?}"/*
        sleep 2
    done
    chmod 0700 "$PGDATA"
fi

# hot_standby_feedback: a long report query on the replica is not cancelled by the primary's
# vacuum; the price is that the primary keeps those rows a little longer.
# random_page_cost: the planner setting for SSD storage (docs/performance.md), as on the primary.
exec postgres -c hot_standby=on -c hot_standby_feedback=on -c max_standby_streaming_delay=30s \
  -c random_page_cost=1.1
