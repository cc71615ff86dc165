"""Sections of the personal flare plan (clinical-rules.md §8), with their prompts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

SECTIONS: dict[str, str] = {
    "triggers": "What tends to set off a flare for you? (e.g. sitting over 6 hours, stress, poor sleep)",
    "warning-signs": "What are the first signs that a flare is starting?",
    "comfort": "What helps you feel more comfortable? (heat, relaxation, medicines only as prescribed)",
    "reduced-activity": "Which activities will you keep doing, in smaller amounts, during a flare?",
    "who-to-tell": "Who will you tell, and what help could they give?",
    "seek-care": "When will you seek care? (any red flag; a flare lasting more than 14 days)",
    "return-steps": "How will you build back up once it settles?",
    "review": "Afterwards: what did you learn, and what will you do differently?",
}
SECTION_NAMES: tuple[str, ...] = tuple(SECTIONS)


def section_changes(
    items: Sequence[Mapping[str, Any]], sections: dict[str, list[str]]
) -> list[tuple[list[int], list[dict[str, Any]]]]:
    """What setting `sections` does to the stored plan `items`, section by section in the
    order given: the ids of the section's old items to delete and its new rows (a section
    given is replaced whole, its items numbered from 0; the others are left alone). Pure,
    so the store only carries it out."""
    return [
        (
            [int(item["id"]) for item in items if item["section"] == name],
            [{"section": name, "position": position, "text": text} for position, text in enumerate(texts)],
        )
        for name, texts in sections.items()
    ]
