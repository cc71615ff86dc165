"""`paceit learn` and the hints `paceit next` gives to it: every topic fits 80 columns, reads
in about a minute, and cites only references that paceit's rules page (docs/rules.md) has."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import paceit
from helpers import fails, fixed_clock, ok, read_json
from paceit.learn import BY_NAME, REFERENCES, TOPICS, render

RULES = Path(__file__).resolve().parents[1].parent / "shared" / "docs" / "clinical-rules.md"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
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
    # About a minute at a calm reading pace; the red-flag checklist is §7's wording whole,
    # a list to scan rather than prose to read, so it may run a little longer.
    assert 60 <= words <= (300 if name == "red-flags" else 250)
    assert out.splitlines()[0] == topic.title
    assert "Sources" in out and all(f"[{n}]" in out for n in topic.sources)
    assert all(len(line) <= 78 for line in render(topic))


def test_every_source_is_a_reference_of_the_rules_page() -> None:
    text = DOCS.read_text(encoding="utf-8")
    references = text[text.index("## References") :].split("\n## ")[0]
    for topic in TOPICS:
        assert topic.sources
        for number in topic.sources:
            entry = re.search(rf"^{number}\. (.*)$", references, re.M)
            assert entry, number
            assert entry.group(1).startswith(REFERENCES[number].split(" (not re-checked)")[0]), number


def test_no_patient_text_points_to_a_file_users_do_not_have() -> None:
    """An installed paceit has no docs/ folder: its texts cite the rules page as the
    command that prints it (`paceit learn rules`)."""
    from paceit.render.report_activity_words import LOAD_CAVEAT
    from paceit.training_load import CAVEAT

    for text in ["\n".join(render(topic)) for topic in TOPICS] + [CAVEAT, LOAD_CAVEAT]:
        assert "shared" not in text and "clinical-rules" not in text and "§" not in text
        assert "docs/" not in text and ".md" not in text
        assert "rules page" not in text or "paceit learn rules" in text


def test_the_rules_page_ships_with_paceit_and_learn_prints_it(
    isolated_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = Path(paceit.__file__).with_name("rules.md")
    assert shipped.read_bytes() == DOCS.read_bytes(), "copy docs/rules.md to src/paceit/rules.md"
    page = DOCS.read_text(encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "80")  # prose wraps to the screen, a table's rows stay whole
    shown = ok("learn", "rules").stdout.splitlines()
    rows = [line for line in page.splitlines() if line.startswith("|")]
    assert rows and all(row in shown for row in rows)
    assert all(len(line) <= 80 for line in shown if not line.startswith("|") and " " in line.strip())
    assert " ".join(" ".join(shown).split()) == " ".join(page.split())
    monkeypatch.delenv("COLUMNS")  # piped: the Markdown as it is
    assert ok("learn", "rules").stdout == page
    assert ok("learn", "references").stdout == page
    shown = read_json("learn", "rules", "--json")
    assert (shown["topic"], shown["sources"]) == ("rules", [])
    assert "\n\n".join(shown["text"]) + "\n" == page.replace("\n\n\n", "\n\n")
    assert "did you mean 'rules'" in fails("learn", "rulez")
    assert not isolated_db.exists()


def test_the_wheel_carries_the_rules_page() -> None:
    """setuptools packs only the package data pyproject names (.ci/package-check then
    runs `paceit learn rules` from the installed wheel)."""
    config = Path(__file__).resolve().parents[1].joinpath("pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^paceit = \[.*"rules\.md".*\]$', config, re.M)


def test_no_topic_tells_anyone_to_push_through_pain() -> None:
    for topic in TOPICS:
        text = " ".join(topic.paragraphs).lower()
        assert "push through" not in text and "no pain, no gain" not in text


def section(number: int) -> str:
    text = RULES.read_text(encoding="utf-8")
    return text[text.index(f"## {number}.") :].split("\n## ")[0]


@pytest.mark.skipif(not RULES.exists(), reason="needs ../shared/docs/clinical-rules.md beside the repo")
def test_red_flags_carry_the_whole_checklist_grouped_by_urgency() -> None:
    topic = BY_NAME["red-flags"]
    checklist = section(7).split("If you have thoughts")[0]
    items = [line[2:] for line in checklist.splitlines() if line.startswith("- ") and not line.startswith("- **")]
    assert len(items) == 16
    bullets = [p[2:] for p in topic.paragraphs if p.startswith("- ")]
    assert bullets == items  # word for word, in §7's order
    heads = [p for p in topic.paragraphs if p.endswith(":") and not p.startswith("- ")]
    assert heads == [
        "Call emergency services or go to A&E now if you have:",
        "Contact a doctor today if you have:",
        "Book an appointment within a few days if you have:",
    ]
    assert topic.paragraphs[-1].endswith("If you have thoughts of harming yourself, call a crisis line.")
    lines = render(topic)
    assert "- new or spreading numbness, tingling or weakness in one limb;" in lines
    assert "  transplant drugs, HIV) or you inject drugs;" in lines  # a bullet wraps under its text


def test_hurt_vs_harm_explains_delayed_soreness_and_the_next_morning_rule() -> None:
    text = " ".join(BY_NAME["hurt-vs-harm"].paragraphs)
    assert "Delayed soreness" in text and "24 to 72 hours" in text and "new activity" in text
    assert "A flare is different" in text and "2 points or more above your usual level" in text
    assert "compares the next morning with your own usual morning pain" in text  # R2
    assert "only a clear rise counts" in text
    assert "counts as red and the quota steps back a little (never below your starting amount)" in text
    assert "A bad morning after a session that did not raise your pain is not held against it" in text


def test_flares_state_the_episode_rule_as_the_code_reads_it() -> None:
    text = " ".join(BY_NAME["flares"].paragraphs)
    assert "2 points or more above your usual level: 4 days in a row, or 2 days in a row clearly above it" in text
    assert "14 days before" in text and "7 logged days" in text and "One bad day is not a flare" in text
    assert "starts after 2 flare days in a row, or at once on a day you tick" in text
    assert "ends after 2 calm days in a row" in text and "at most 1 point above your usual level" in text
    assert "more than 14 days is a setback: contact your clinician" in text


def test_exposure_names_both_success_routes() -> None:
    text = " ".join(BY_NAME["exposure"].paragraphs)
    assert "at least 2 points lower than you predicted" in text
    assert "fell by 20 points or more since your last trial" in text


def test_learn_lists_topics_and_takes_aliases(isolated_db: Path) -> None:
    out = ok("learn").stdout
    assert all(name in out for name in NAMES)
    assert all(len(line) <= 80 for line in out.splitlines())
    assert out.splitlines()[-1].startswith("  rules ")  # the rules page, after the six topics
    assert [t["topic"] for t in read_json("learn", "--json")] == [*NAMES, "rules"]
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


def test_next_points_to_hurt_vs_harm_after_a_yellow_session(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--at", "2026-11-10")
    ok("log", "walking", "10", "--pain-during", "4", "--at", "2026-11-20T10:00")
    assert hints()["hurt-vs-harm"] == "your latest walking session was in the yellow zone"


def test_next_points_to_hurt_vs_harm_when_soreness_settled_overnight(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--at", "2026-11-10")
    ok("pain", "3", "--at", "2026-11-20T08:00")
    ok("log", "walking", "10", "--pain-during", "2", "--pain-after", "5", "--at", "2026-11-20T10:00")
    assert "hurt-vs-harm" not in hints()  # not yet: this morning's entry decides
    ok("pain", "4", "--at", "2026-11-21T08:00")  # within 1 point of the morning before: no clear rise
    assert hints()["hurt-vs-harm"] == (  # but not settled: not back to where it was
        "your pain rose after yesterday's walking session; this morning's pain, 4, is still above your pain "
        "before it, 3"
    )
    ok("edit", "pain", "2", "--pain", "3")  # back to the morning before: settled
    assert hints()["hurt-vs-harm"] == (
        "your pain rose after yesterday's walking session and was back to its level before it by this morning"
    )
    assert "Read more: paceit learn hurt-vs-harm" in ok("next").stdout
    ok("edit", "pain", "2", "--pain", "6")  # not settled: the zones topic, not this one
    found = hints()
    assert "hurt-vs-harm" not in found and "zones" in found
