"""``slotchat nlu parse/train/test`` as a user runs them (DESIGN.md contract 1)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.cli import run_slotchat
from tests.conftest import REPO


def _slotchat(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    url = f"sqlite+aiosqlite:///{cwd}/slotchat.db"
    return run_slotchat(*args, database_url=url, cwd=cwd, stdin=stdin)


def test_parse_prints_rasas_shape_for_a_text(tmp_path: Path) -> None:
    done = _slotchat(
        "nlu", "parse", "Chcę umówić strzyżenie męskie w Aušra jutro o 15", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    parsed = json.loads(done.stdout)
    assert set(parsed) == {"text", "language", "intent", "intent_ranking", "entities"}
    assert parsed["language"] == "pl"
    assert parsed["intent"]["name"] == "book"
    kinds = {e["entity"]: e["value"] for e in parsed["entities"]}
    assert kinds["service"] == "haircut-men"
    assert kinds["business"] == "ausra-vilnius"
    assert kinds["time"].endswith("T15:00:00+02:00")  # in Vilnius, the business's zone
    for entity in parsed["entities"]:
        assert {"entity", "value", "start", "end", "confidence_entity", "extractor"} <= set(entity)
    assert not (tmp_path / "slotchat.db").exists()  # parsing creates no database


def test_parse_reads_one_text_per_line_of_stdin(tmp_path: Path) -> None:
    lines = "labas\nопаздываю минут на десять\nNoriu atšaukti vizitą\n"
    done = _slotchat("nlu", "parse", cwd=tmp_path, stdin=lines)
    assert done.returncode == 0, done.stderr
    parsed = [json.loads(line) for line in done.stdout.splitlines()]
    assert [p["intent"]["name"] for p in parsed] == ["greet", "running_late", "cancel_booking"]
    assert [p["language"] for p in parsed] == ["lt", "ru", "lt"]
    assert {"entity": "duration", "value": 10} in [
        {"entity": e["entity"], "value": e["value"]} for e in parsed[1]["entities"]
    ]


def test_train_then_test_a_rasa_file(tmp_path: Path) -> None:
    data = REPO / "bot" / "nlu" / "data" / "en.yml"
    model = tmp_path / "en.joblib"
    trained = _slotchat("nlu", "train", "--data", str(data), "--out", str(model), cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    assert model.exists() and "trained on" in trained.stdout
    tested = _slotchat(
        "nlu",
        "test",
        "--data",
        str(REPO / "tests/nlu/data/en.yml"),
        "--model",
        str(model),
        cwd=tmp_path,
    )
    assert tested.returncode == 0, tested.stderr
    report = json.loads(tested.stdout)
    assert report["examples"] == 312
    assert report["accuracy"] >= 0.9
    assert report["intents"]["book"]["f1"] > 0.8
    assert set(report["entities"]["by_entity"]) >= {"time", "service"}
    assert set(report["languages"]) == {"en"}
    assert report["languages"]["en"]["language_accuracy"] >= 0.95


def test_test_without_examples_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yml"
    empty.write_text('version: "3.1"\nnlu: []\n', encoding="utf-8")
    done = _slotchat("nlu", "test", "--data", str(empty), cwd=tmp_path)
    assert done.returncode == 1
    assert "no examples" in done.stderr
