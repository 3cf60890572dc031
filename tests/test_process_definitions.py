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
