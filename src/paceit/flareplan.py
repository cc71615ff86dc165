"""Sections of the personal flare plan (clinical-rules.md §8), with their prompts."""

from __future__ import annotations

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
