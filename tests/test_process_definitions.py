"""The Procfile (make run) and the compose file (production) start the same processes."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def procfile() -> dict[str, str]:
    processes = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            processes[name.strip()] = command.strip()
    return processes


def compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text())


def compose_command(service: dict) -> str:  # type: ignore[type-arg]
    command = service["command"]
    assert command[:2] == ["sh", "-c"], "app services run their Procfile line through sh -c"
    return command[2].replace("$$", "$")


def test_procfile_and_compose_run_the_same_processes() -> None:
    services = compose()["services"]
    processes = procfile()
    assert set(processes) == {"web", "worker", "beat"}
    for name, command in processes.items():
        assert compose_command(services[name]) == command, name


def test_compose_runs_exactly_one_beat() -> None:
    services = compose()["services"]
    beats = [
        name for name, s in services.items() if "beat" in " ".join(map(str, s.get("command", [])))
    ]
    assert beats == ["beat"]
    assert services["beat"]["deploy"]["replicas"] == 1


def test_the_image_starts_the_web_process_by_default() -> None:
    dockerfile = (ROOT / "docker" / "Dockerfile").read_text()
    assert procfile()["web"] in dockerfile
    assert "libpango" in dockerfile


# --- docker/compose.scale.yaml: past one machine -------------------------------------------------

APP_SERVICES = ("migrate", "web", "worker", "beat")


def scale() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "docker" / "compose.scale.yaml").read_text())


def test_the_scaled_out_shape_runs_the_procfiles_processes() -> None:
    services = scale()["services"]
    for name, command in procfile().items():
        assert compose_command(services[name]) == command, name


def test_the_scaled_out_shape_has_several_web_and_worker_replicas_and_one_beat() -> None:
    services = scale()["services"]
    beats = [
        name for name, s in services.items() if "beat" in " ".join(map(str, s.get("command", [])))
    ]
    assert beats == ["beat"]
    assert services["beat"]["deploy"]["replicas"] == 1
    assert services["web"]["deploy"]["replicas"] >= 2
    assert services["worker"]["deploy"]["replicas"] >= 2
    # Only the load balancer is reachable from outside; it sends every request to `web`.
    assert "ports" not in services["web"]
    assert services["lb"]["ports"] == ["80:80", "443:443"]
    nginx = (ROOT / "docker" / "nginx.conf").read_text()
    assert "server web:8000 resolve" in nginx
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in services["lb"]["volumes"]


def test_no_app_container_keeps_state_on_its_own_disk() -> None:
    services = scale()["services"]
    for name in APP_SERVICES:
        assert "volumes" not in services[name], name


def test_the_app_reads_the_replica_and_stores_uploads_in_the_bucket() -> None:
    services = scale()["services"]
    settings_source = "".join(
        (ROOT / "config" / "settings" / f"{m}.py").read_text() for m in ("base", "production")
    )
    for name in APP_SERVICES:
        env = services[name]["environment"]
        assert "@db:5432/" in env["DATABASE_URL"], name
        assert "@db-replica:5432/" in env["DATABASE_REPLICA_URL"], name
        assert env["JOBBSPOR_S3_BUCKET"] == "jobbspor-uploads", name
        assert env["JOBBSPOR_S3_ENDPOINT_URL"] == "http://minio:9000", name
        assert env["AWS_ACCESS_KEY_ID"], name
        assert env["AWS_SECRET_ACCESS_KEY"], name
        # Every variable the file sets is one the settings read.
        for variable in env:
            assert f'"{variable}"' in settings_source, variable
    # The bucket the one-off makes is the one the app is given.
    assert "store/jobbspor-uploads" in services["minio-bucket"]["command"][0]


def test_the_read_replica_streams_from_the_primarys_slot() -> None:
    services = scale()["services"]
    replica = services["db-replica"]
    assert replica["image"] == services["db"]["image"]
    assert replica["environment"]["PRIMARY_HOST"] == "db"
    slot = replica["environment"]["REPLICATION_SLOT"]
    primary_init = (ROOT / "docker" / "postgres" / "primary-init.sh").read_text()
    assert f"pg_create_physical_replication_slot('{slot}')" in primary_init
    assert "host replication replicator" in primary_init
    start = (ROOT / "docker" / "postgres" / "replica-start.sh").read_text()
    assert "pg_basebackup" in start
    assert "--write-recovery-conf" in start
    assert "-c hot_standby=on" in start
    # The scripts the services mount are these files.
    init = "./postgres/primary-init.sh:/docker-entrypoint-initdb.d/10-replication.sh:ro"
    assert init in services["db"]["volumes"]
    assert "./postgres/replica-start.sh:/replica-start.sh:ro" in replica["volumes"]
