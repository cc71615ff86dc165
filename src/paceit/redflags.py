"""The red-flag checklist of clinical-rules.md §7, in the patient's words.

A tick in group 1 or 2 freezes progression (`paceit next` pauses, the ladder
holds) until a clinician's review is recorded with `paceit redflag clear`.
Group 3 is logged and shown, and asks for an appointment within days. This is a
safety net, not a diagnosis: single red flags have poor diagnostic accuracy.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from paceit.slotted import Frozen

if TYPE_CHECKING:
    from paceit.records import RedFlagRecord

PAUSING_GROUPS = (1, 2)


class RedFlagSpec(Frozen):
    """One red-flag question: its code, its group (how urgent) and its words."""

    __slots__ = ("code", "group", "question")
    code: str
    group: int
    question: str

    def __init__(self, code: str, group: int, question: str) -> None:
        self._fill(code, group, question)


ACTIONS: dict[int, str] = {
    1: "Call emergency services or go to A&E now.",
    2: "Contact a doctor today.",
    3: "Book an appointment with your doctor within the next few days.",
}
GROUP_TITLES: dict[int, str] = {
    1: "Call emergency services / go to A&E now if you have",
    2: "Contact a doctor today if you have",
    3: "Book an appointment within a few days if you have",
}
CRISIS = "If you have thoughts of harming yourself, call a crisis line now."
FREEZING_GROUPS = (1, 2)

CODES: tuple[RedFlagSpec, ...] = (
    RedFlagSpec("saddle-numbness", 1, "new numbness around your genitals, bottom or inner thighs"),
    RedFlagSpec(
        "bladder-bowel",
        1,
        "new trouble passing urine, not feeling a full bladder, or leaking urine or stool",
    ),
    RedFlagSpec("sexual-function", 1, "new loss of sexual feeling or function"),
    RedFlagSpec(
        "leg-weakness",
        1,
        "new or worsening leg weakness (foot drags, legs give way), or symptoms in both legs",
    ),
    RedFlagSpec("major-trauma", 1, "pain after a serious fall or accident"),
    RedFlagSpec("chest-pain", 1, "chest pain, breathlessness or fainting"),
    RedFlagSpec("fever", 2, "fever, chills, sweats or feeling very unwell with new or worse pain"),
    RedFlagSpec("cancer-history", 2, "new or worse pain and a past cancer"),
    RedFlagSpec(
        "immunosuppressed",
        2,
        "new or worse pain and a weakened immune system (steroids, chemotherapy, transplant "
        "drugs, HIV) or you inject drugs",
    ),
    RedFlagSpec("hot-joint", 2, "a joint that is suddenly hot, red and swollen"),
    RedFlagSpec(
        "fragility-fracture",
        2,
        "sudden severe pain after a minor fall if you have osteoporosis, are over 65 or take long-term steroids",
    ),
    RedFlagSpec("weight-loss", 3, "weight loss you can't explain"),
    RedFlagSpec("night-pain", 3, "constant severe night pain not eased by rest or changing position"),
    RedFlagSpec("thoracic-pain", 3, "new mid/upper-back pain"),
    RedFlagSpec("spreading-numbness", 3, "new or spreading numbness, tingling or weakness in one limb"),
    RedFlagSpec("worsening-weeks", 3, "pain steadily worsening over weeks, or a flare lasting more than 14 days"),
)
BY_CODE: dict[str, RedFlagSpec] = {spec.code: spec for spec in CODES}
CODE_NAMES: tuple[str, ...] = tuple(BY_CODE)


def check_rows(
    codes: list[str], note: str | None, moment: dict[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What one `redflag check` stores: the check (the codes ticked, once each, in the order
    given) and a red flag per code, with its group (which decides whether the plan freezes),
    both stamped at `moment`. Each flag's `check_id` is the store's to fill in."""
    unique = list(dict.fromkeys(codes))
    check = {"codes": json.dumps(unique), "note": note, **moment}
    flags = [{"code": code, "grp": BY_CODE[code].group, "note": note, **moment} for code in unique]
    return check, flags


def pausing_flags(flags: Iterable[RedFlagRecord], day: date) -> list[RedFlagRecord]:
    """Group 1 and 2 red flags ticked by `day` and not cleared before it. The day of
    the review still shows the pause (even a flag ticked and cleared the same day
    stays on record); the plan resumes the day after."""
    return [f for f in flags if f.group in PAUSING_GROUPS and f.day <= day and (f.cleared is None or f.cleared >= day)]


def open_flags(flags: Iterable[RedFlagRecord], day: date) -> list[RedFlagRecord]:
    return [f for f in flags if f.day <= day and (f.cleared is None or f.cleared > day)]
