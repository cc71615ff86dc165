"""Who the demo person is: their activities, fear ladder, flare plan, PSFS items and notes.

Fixed content, kept apart from the code that draws on it, so the story can be read (and
changed) in one place. The numbers are chosen for clinical plausibility (see the package
docstring), not tuned to anything the rules compute.
"""

from __future__ import annotations

from dataclasses import dataclass

WEEKDAY_PAIN = (0.6, 0.3, 0.2, 0.3, 0.4, -0.4, -0.6)  # Monday .. Sunday
# The days the demo person plans their paced activities: Monday to Saturday, Sunday a rest day.
# One set for all of them, written as the `plan.days` setting: paceit plans days per diary, not
# per activity (a per-activity set would need a schema change), and adherence counts the days
# of `plan.days`. Alternate days per activity made the report count every other day as missed
# ("14 of 41 (34 %)") while plan history said the quota was always done.
PLAN_DAYS = frozenset(range(6))


@dataclass(frozen=True)
class ActivitySpec:
    name: str
    unit: str
    first: float  # what the person manages before symptoms clearly rise
    target: float
    hours: tuple[int, int]  # when sessions happen on workdays (weekends: mid-morning)
    note: str


# The paced strength exercise is "chair-stands", not "sit-to-stand": that name belongs to the
# built-in 30-second functional test (demo/context.py), and one name for both made trends
# and history read as if the test were a paced quota.
ACTIVITIES: tuple[ActivitySpec, ...] = (
    ActivitySpec("walking", "min", 15, 40, (17, 19), "On the flat, easy pace"),
    ActivitySpec("chair-stands", "reps", 10, 20, (12, 14), "From a dining chair"),
    ActivitySpec("cycling", "min", 10, 30, (15, 17), "Exercise bike, light resistance"),
)


@dataclass(frozen=True)
class LadderSpec:
    text: str
    fear: int
    expect: str
    activity: int | None = None  # id of the paced activity it belongs to


LADDER: tuple[LadderSpec, ...] = (
    LadderSpec("bend forward to put on my socks", 20, "a sharp twinge that lasts all day"),
    LadderSpec("carry a full shopping bag for 5 minutes", 30, "my back will give way"),
    LadderSpec("vacuum the living room", 40, "I'll be stuck on the sofa all evening"),
    LadderSpec("walk briskly uphill for 10 minutes", 50, "the pain will go through the roof", 1),
    LadderSpec("lift a laundry basket from the floor", 60, "I'll slip a disc"),
    LadderSpec("weed the garden for 20 minutes", 70, "I'll be laid up for days"),
    LadderSpec("jog for 1 minute on the flat", 80, "the jolts will damage my spine"),
    LadderSpec("lift a 12 kg suitcase into the car boot", 90, "my back will lock and I'll need help"),
)
FLARE_PLAN: dict[str, tuple[str, ...]] = {
    "triggers": ("sitting for more than 6 hours", "several nights of poor sleep", "deadlines at work"),
    "warning-signs": ("stiff getting out of bed", "short-tempered and tired"),
    "comfort": ("heat pack on the lower back", "slow breathing for 10 minutes", "medicines only as prescribed"),
    "reduced-activity": ("walk half my usual time", "half my chair-stands reps"),
    "who-to-tell": ("my partner, who can take over the shopping",),
    "seek-care": ("any red flag on the checklist", "a flare lasting more than 14 days"),
    "return-steps": ("back to my usual quota in two steps over at least 4 days",),
    "review": ("write down what set it off and what helped",),
}
PSFS_ITEMS = (("climbing stairs", 4), ("gardening", 2), ("picking up my grandson", 3))
DIARY_NOTES = (
    "long day at the desk",
    "pottered in the garden",
    "busy day with the grandchildren",
    "drove to my sister's",
)
