"""The ``slotchat`` command as a user runs it: a real process, a real database file."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.cli import run_slotchat
from tests.conftest import DEMO_CATALOG


def slotchat(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_slotchat(*args, database_url=f"sqlite+aiosqlite:///{tmp_path}/cli.db", cwd=tmp_path)


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = slotchat(tmp_path, "--help")
    assert result.returncode == 0
    for command in ("demo", "serve", "db", "catalog", "bookings"):
        assert command in result.stdout


def test_import_then_list_bookings_as_json(tmp_path: Path) -> None:
    imported = slotchat(tmp_path, "catalog", "import", str(DEMO_CATALOG))
    assert imported.returncode == 0, imported.stderr
    assert "6 businesses" in imported.stdout
    again = slotchat(tmp_path, "catalog", "import", str(DEMO_CATALOG))
    assert "created: nothing; updated: nothing; deactivated: nothing" in again.stdout
    listed = slotchat(tmp_path, "bookings", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == []
    table = slotchat(tmp_path, "bookings", "list")
    assert table.stdout.strip() == "no bookings"


def test_a_broken_catalog_is_refused_with_one_line_per_problem(tmp_path: Path) -> None:
    assert slotchat(tmp_path, "catalog", "import", str(DEMO_CATALOG)).returncode == 0
    data = yaml.safe_load(DEMO_CATALOG.read_text(encoding="utf-8"))
    data["businesses"][2]["hours"]["wed"][0] = "25:00-26:00"
    data["businesses"][0]["timezone"] = "Europe/Vilnus"
    data["businesses"][0]["services"][0]["price"] = "35.50"  # a valid change beside them
    broken = tmp_path / "broken.yml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    result = slotchat(tmp_path, "catalog", "import", str(broken))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert "businesses[2].hours.wed[0]: '25:00-26:00' is not a time range" in lines
    assert "businesses[0].timezone: 'Europe/Vilnus' is not a known time zone" in lines
    assert len(lines) == 2
    # nothing half-imported: the valid price change did not land either
    again = slotchat(tmp_path, "catalog", "import", str(DEMO_CATALOG))
    assert "updated: nothing" in again.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("businesses: [\n", "not valid YAML"),
        ("- just\n- a list\n", "must be a mapping"),
    ],
)
def test_unreadable_files_get_one_clear_line(tmp_path: Path, content: str, expected: str) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(content, encoding="utf-8")
    result = slotchat(tmp_path, "catalog", "import", str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert expected in result.stderr
    missing = slotchat(tmp_path, "catalog", "import", str(tmp_path / "nope.yml"))
    assert missing.returncode == 1 and "no such file" in missing.stderr


def test_db_upgrade_creates_the_database(tmp_path: Path) -> None:
    result = slotchat(tmp_path, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "cli.db").exists()
