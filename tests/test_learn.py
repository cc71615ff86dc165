"""`paceit learn` and the hints `paceit next` gives to it: every topic fits 80 columns, reads
in about a minute, and cites only references that clinical-rules.md has."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import fails, fixed_clock, ok, read_json
from paceit.learn import BY_NAME, REFERENCES, TOPICS, render

RULES = Path(__file__).resolve().parents[1].parent / "shared" / "docs" / "clinical-rules.md"
NAMES = [t.name for t in TOPICS]


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


def test_the_six_topics_of_the_issue() -> None:
    assert NAMES == ["hurt-vs-harm", "pacing", "zones", "flares", "exposure", "red-flags"]


@pytest.mark.parametrize("name", NAMES)
def test_each_topic_fits_80_columns_and_a_minute(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = ok("learn", name).stdout
    assert all(len(line) <= 80 for line in out.splitlines()), max(out.splitlines(), key=len)
    topic = BY_NAME[name]
    words = sum(len(p.split()) for p in topic.paragraphs)
    assert 60 <= words <= 250  # about a minute at a calm reading pace
    assert out.splitlines()[0] == topic.title
    assert "Sources" in out and all(f"[{n}]" in out for n in topic.sources)
    assert all(len(line) <= 78 for line in render(topic))


@pytest.mark.skipif(not RULES.exists(), reason="needs ../shared/docs/clinical-rules.md beside the repo")
def test_every_source_is_a_reference_of_the_clinical_rules() -> None:
    text = RULES.read_text(encoding="utf-8")
    references = text[text.index("## References") :].split("\n## ")[0]
    for topic in TOPICS:
        assert topic.sources
        for number in topic.sources:
            entry = re.search(rf"(?:^|· ){number} (.*?)(?= · \d+ |\n|$)", references, re.M)
            assert entry, number
            assert entry.group(1).startswith(REFERENCES[number].split(" (not re-checked)")[0]), number


def test_no_topic_tells_anyone_to_push_through_pain() -> None:
    for topic in TOPICS:
        text = " ".join(topic.paragraphs).lower()
        assert "push through" not in text and "no pain, no gain" not in text


def test_learn_lists_topics_and_takes_aliases(isolated_db: Path) -> None:
    out = ok("learn").stdout
    assert all(name in out for name in NAMES)
    assert [t["topic"] for t in read_json("learn", "--json")] == NAMES
    assert ok("learn", "Flare").stdout.startswith("Flares and your flare plan")
    shown = read_json("learn", "red-flags", "--json")
    assert shown["topic"] == "red-flags" and shown["sources"][0]["ref"] == 42
    assert "did you mean 'zones'" in fails("learn", "zonez")
    assert not isolated_db.exists()


# --- hints in `paceit next` --------------------------------------------------------------------


def hints() -> dict[str, str]:
    document = read_json("next", "--json")
    assert set(document) >= {"date", "activities", "ladder", "flare", "red_flags"}
    return {h["topic"]: h["why"] for h in document["learn"]}


def test_next_points_to_pacing_then_zones_after_a_red_session(isolated_db: Path) -> None:
    assert hints() == {}
    ok("activity", "add", "walking", "--unit", "min", "--at", "2026-11-10")
    assert hints() == {"pacing": "your first sessions of walking set its baseline"}
    ok("log", "walking", "10", "--pain-during", "7", "--at", "2026-11-20T10:00")
    found = hints()
    assert found["zones"] == "your latest walking session was in the red zone"
    assert "Read more: paceit learn zones" in ok("next").stdout


def test_next_points_to_flares_red_flags_and_exposure(isolated_db: Path) -> None:
    ok("ladder", "add", "carry a bag", "--fear", "30")
    assert "exposure" in hints()
    ok("ladder", "try", "1", "--fear-before", "30", "--fear-after", "10")
    assert "exposure" not in hints()
    ok("flare", "start")
    assert "flares" in hints()
    ok("redflag", "check", "--yes", "fever")
    assert "red-flags" in hints()
