"""Self-report questionnaires of clinical-rules.md §6: PEG and PSFS.

PEG (public domain; Krebs 2009): three items 0-10 about the past week, scored as
their mean, only when complete. PSFS (Stratford 1995): 3-5 activities the person
chooses, 0 = unable ... 10 = as before the problem; the score is the mean, and the
same activities are asked again each time so scores stay comparable.
"""

from __future__ import annotations

from paceit.errors import InputError
from paceit.recordtype import record


@record
class Item:
    """One question of a questionnaire, with its LOINC code for the FHIR bundle."""

    key: str
    question: str
    loinc: str


PEG_ITEMS: tuple[Item, ...] = (
    Item(
        "pain",
        "What number best describes your pain on average in the past week? "
        "(0 = no pain, 10 = pain as bad as you can imagine)",
        "75893-8",
    ),
    Item(
        "enjoyment",
        "What number best describes how, during the past week, pain has "
        "interfered with your enjoyment of life? (0 = not at all, 10 = completely)",
        "91145-3",
    ),
    Item(
        "activity",
        "What number best describes how, during the past week, pain has "
        "interfered with your general activity? (0 = not at all, 10 = completely)",
        "91146-1",
    ),
)
PSFS_PROMPT = (
    "How able are you today to do this activity? (0 = unable to do it, "
    "10 = able to do it as well as before your problem)"
)
PSFS_MIN, PSFS_MAX = 3, 5


def mean_score(values: list[int]) -> float:
    """The questionnaire score: the mean of its items, to two decimals."""
    if not values:
        raise ValueError("a score needs at least one item")
    return round(sum(values) / len(values), 2)


def check_psfs_count(count: int) -> None:
    if not PSFS_MIN <= count <= PSFS_MAX:
        raise InputError(
            f"PSFS needs {PSFS_MIN} to {PSFS_MAX} activities (got {count}); name each with --item 'ACTIVITY=SCORE'"
        )
