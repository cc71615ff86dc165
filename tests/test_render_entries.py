"""render/entries.py: one entry's line is the same in the echo of its command, in `history`
and in what `delete` says it removed (issue 20, item 5: the words live in render/)."""

from __future__ import annotations

from paceit.cli import pain
from paceit.render import entries


def test_the_pain_line_names_every_scale_pain_asks_for_in_its_order() -> None:
    assert tuple(key for key, _, _ in pain.SCALES) == entries.PAIN_SCALES


def test_a_pain_line_and_a_session_line() -> None:
    entry = {"pain": 4, "sleep": 6, "mood": None, "fatigue": 3, "stress": None, "sites": '["knee"]', "flare": 1}
    assert entries.describe_pain(entry) == "pain 4/10, sleep 6/10, fatigue 3/10; sites: knee; flare"
    session = {"amount": 20.0, "effort": 4, "pain_before": None, "pain_during": 3, "pain_after": 5}
    assert entries.describe_session(session, "walking", "min") == "walking 20 min; effort 4/10; pain during 3, after 5"
    assert entries.tag_text(["sitting", "stress"]) == "; tags: sitting, stress" and entries.tag_text([]) == ""
