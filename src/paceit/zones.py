"""The pain-monitoring model for persistent pain (clinical-rules.md §2, version 2;
Thomeé 1997, Silbernagel 2007/2015), applied to one session.

- Pain before a session: that day's morning pain if logged before the session (the same
  minute counts: `DiaryIndex.morning_before` says why), else the session's `--pain-before`,
  else the person's usual pain U (`usual.py`). `Before.source` says which, for the words.
- R1 (during): the acceptable limit L = min(8, max(C, pain before + 2)), C the ceiling
  (default 5). Pain during or after above L is red.
- R2 (settled by the next morning): red when the next morning's pain is a clear rise
  above U and the session raised pain (pain during or after above pain before). A bad
  morning after a session that did not raise pain is noted, not held against it.
  Unknown next morning: judged on R1 alone, and said so.
- Zone: red if R1 or R2 fails; green if pain during <= max(2, pain before) (no rise);
  otherwise yellow (acceptable). Green and yellow both count toward progression.
- R3 (week to week) is not here: it is about the person, not one session, and holds
  progression as a gate of its own (`usual.week_check`, pacing.py).

Readings, written down:
- U for a session is taken on the session's day (the 14 days before it), leaving out
  the flare days known the next day, when the session is first judged.
- With fewer than 4 mornings (no U yet), R2 compares the next morning with pain before
  the session and asks for a rise of at least 2 points, and the note says so.
- When nothing tells pain before (no morning entry, no --pain-before, no U), L is the
  ceiling C, and "raised pain" and "green" compare with 2 (the green limit).
- A session without pain during counts as acceptable on what is known (yellow, never
  green: nothing says pain did not rise), and the note asks the person to log it; when
  neither pain during nor pain after is known, R2 cannot tell whether the session
  raised pain, so a bad next morning is noted, not held against it.

Pure: plain records in, a zone and its notes out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any, Literal, get_args

from paceit.records import DiaryIndex, FlareDays, SessionRecord
from paceit.recordtype import field, record
from paceit.usual import NO_FLARE_DAYS, Usual, UsualRules, usual_pain

ZoneName = Literal["green", "yellow", "red"]
ZONES: tuple[ZoneName, ...] = get_args(ZoneName)


def zone_name(value: str) -> ZoneName:
    """A zone read back from a checkpoint as its type; anything else is a damaged row."""
    if value not in ZONES:
        raise ValueError(f"unknown zone {value!r} (one of {', '.join(ZONES)})")
    return value


@record
class ZoneRules:
    """The zone rules' numbers (clinical-rules.md §2): green, the ceiling, R1's rise and the usual
    pain."""

    green_max: int = 2
    ceiling: int = 5
    r1_rise: int = 2
    r1_max: int = 8
    usual: UsualRules = field(default_factory=UsualRules)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], ceiling: int | None = None) -> ZoneRules:
        return cls(
            green_max=settings["zone.green_max"],
            ceiling=ceiling or settings["zone.r1_ceiling"],
            r1_rise=settings["zone.r1_rise"],
            r1_max=settings["zone.r1_max"],
            usual=UsualRules(
                days=settings["zone.usual_days"],
                min_mornings=settings["zone.usual_min"],
                rise_points=settings["zone.rise_points"],
                rise_sd=float(settings["zone.rise_sd"]),
                r3_rise=float(settings["zone.r3_tolerance"]),
            ),
        )


@record
class Zone:
    """A session's zone, its notes in words, and which rules a red session failed."""

    zone: ZoneName
    notes: tuple[str, ...]
    unrated: bool = False  # no pain during logged: acceptable on what is known
    failed: tuple[str, ...] = ()  # the rules a red session failed: "R1", "R2"


Reference = Literal["morning", "logged", "usual", ""]


@record
class Before:
    """Pain before a session and where it came from: that day's morning entry, the session's
    own --pain-before, or the usual pain U standing in for both (or nothing: ""). The words
    name it, because a rise "from 5.5" that was U is not a rise from what the person felt."""

    pain: float | None
    source: Reference


def pain_before(session: SessionRecord, diary: DiaryIndex, usual: Usual) -> Before:
    morning = diary.morning_before(session.day, session.minute)
    if morning is not None:
        return Before(morning, "morning")
    if session.pain_before is not None:
        return Before(session.pain_before, "logged")
    if usual.pain is not None:
        return Before(usual.pain, "usual")
    return Before(None, "")


def acceptable_limit(before: float | None, rules: ZoneRules) -> tuple[float, str]:
    """R1's limit L for this session (`_limit`) and how it came about, in words."""
    limit = _limit(before, rules)
    if before is None:
        return limit, f"the ceiling of {rules.ceiling}"
    raised = max(rules.ceiling, before + rules.r1_rise)
    if raised > rules.r1_max:
        return limit, f"{rules.r1_max}, the most that is ever acceptable"
    if raised > rules.ceiling:
        return limit, f"{_n(limit)}: your pain before it, {_n(before)}, plus {rules.r1_rise}"
    return limit, f"the ceiling of {rules.ceiling}"


def _limit(before: float | None, rules: ZoneRules) -> float:
    """R1's L = min(r1_max, max(C, pain before + r1_rise)), C without a pain before; the
    number alone, asked for every session (its words, `acceptable_limit`, only a red
    through R1 shows)."""
    if before is None:
        return rules.ceiling
    return min(rules.r1_max, max(rules.ceiling, before + rules.r1_rise))


def _r1(session: SessionRecord, limit: float, before: float | None, rules: ZoneRules) -> str | None:
    """The note of a red through R1. Notes hold no brackets but the one pair in L's words:
    the plan puts a session's notes in brackets."""
    for word, value in (("during", session.pain_during), ("after", session.pain_after)):
        if value is not None and value > limit:
            return f"pain {word} was {value}, above {acceptable_limit(before, rules)[1]}"
    return None


def raised_pain(session: SessionRecord, before: float | None, rules: ZoneRules) -> bool | None:
    """Whether pain during or after went above pain before (None: neither was logged)."""
    known = [v for v in (session.pain_during, session.pain_after) if v is not None]
    if not known:
        return None
    return max(known) > (before if before is not None else rules.green_max)


def _r2(
    session: SessionRecord, diary: DiaryIndex, rules: ZoneRules, usual: Usual, before: Before
) -> tuple[bool | None, str | None]:
    """(False: red, True: settled or not held against it, None: unknown) and a note."""
    after = diary.morning(session.day + timedelta(days=1))
    if after is None:
        return None, NO_NEXT_MORNING
    if usual.pain is not None:
        if after < usual.pain + rules.usual.rise_points:  # below the least clear rise, whatever the swing
            return True, None
        reference, words, rise = usual.pain, usual.words(), usual.rise(rules.usual)
    elif before.pain is not None:
        reference, rise = before.pain, rules.usual.rise_points
        words = (
            f"your pain before the session, {_n(before.pain)}, as your usual pain is not known yet: it needs "
            f"{rules.usual.min_mornings} morning entries in {rules.usual.days} days"
        )
    else:
        return None, f"the next morning's pain was {after}, with nothing before the session to compare it with"
    if after < reference + rise:
        return True, None
    above = f"the next morning's pain was {after}, {_n(after - reference)} above {words}"
    raised = raised_pain(session, before.pain, rules)
    if raised is None:
        return True, f"{above}; log pain during and after so paceit can tell whether the session caused it"
    if not raised:
        return True, f"{above}, but the session did not raise your pain, so it is not held against it"
    return False, f"{above}; a rise of {rise} or more after a session that raised your pain counts as not settled"


NO_NEXT_MORNING = "no morning pain logged the next day, so it is judged on pain during and after only"
UNRATED = "pain during not logged: counted as acceptable on what is known; log it with --pain-during"
_ONE_DAY = timedelta(days=1)


def _usual_for(session: SessionRecord, diary: DiaryIndex, rules: ZoneRules, flare_days: FlareDays | None) -> Usual:
    return usual_pain(diary, session.day, rules.usual, flare_days, session.day + timedelta(days=1))


@record
class Soreness:
    """Pain after a session rose, and the next morning showed no clear rise: the next
    morning's pain and what R2 compared it with (U, or pain before while U is unknown)."""

    morning: int
    reference: float
    usual: bool  # the reference is the usual pain U, not the pain before the session

    @property
    def back(self) -> bool:
        """The morning is back to the reference, not only short of a clear rise above it:
        only then may the words say the soreness settled (a morning of 8 against a usual 5.5
        with a wide swing is no clear rise, yet nobody would call it settled)."""
        return self.morning <= self.reference


def soreness(
    session: SessionRecord, diary: DiaryIndex, rules: ZoneRules, flare_days: FlareDays | None = None
) -> Soreness | None:
    """Pain after the session was higher than before it, yet the next morning showed no
    clear rise (R2 holds, with nothing to note): the soreness `paceit learn hurt-vs-harm`
    explains. None otherwise."""
    usual = _usual_for(session, diary, rules, flare_days)
    before = pain_before(session, diary, usual)
    if session.pain_after is None or before.pain is None or session.pain_after <= before.pain:
        return None
    settled, note = _r2(session, diary, rules, usual, before)
    morning = diary.morning(session.day + timedelta(days=1))
    if settled is not True or note is not None or morning is None:
        return None
    if usual.pain is not None:
        return Soreness(morning, usual.pain, True)
    return Soreness(morning, before.pain, False)


def session_zone(
    session: SessionRecord, diary: DiaryIndex, rules: ZoneRules, flare_days: FlareDays | None = None
) -> Zone:
    """The session's zone, with a note for each rule that failed, was not held against
    it, or is unknown. Notes hold no brackets: the plan puts them in brackets."""
    usual = _usual_for(session, diary, rules, flare_days)
    before = pain_before(session, diary, usual)
    limit = _limit(before.pain, rules)
    notes: list[str] = []
    r1 = _r1(session, limit, before.pain, rules)
    if r1:
        notes.append(r1)
    settled, r2_note = _r2(session, diary, rules, usual, before)
    if r2_note and not (r1 and settled is None):  # "judged on R1 alone" says nothing once R1 failed
        notes.append(r2_note)
    during = session.pain_during
    if during is None:
        notes.append(UNRATED)
    if r1 or settled is False:
        failed = ("R1",) * bool(r1) + ("R2",) * (settled is False)
        return Zone("red", tuple(notes), during is None, failed)
    if during is None:
        return Zone("yellow", tuple(notes), True)
    return Zone(_calm(during, before.pain, rules), tuple(notes))


def _calm(during: int, before: float | None, rules: ZoneRules) -> ZoneName:
    """A session within the limits: green up to the larger of green_max and the pain before it."""
    return "green" if during <= max(rules.green_max, before if before is not None else 0) else "yellow"


def session_zones(
    sessions: Sequence[SessionRecord], diary: DiaryIndex, rules: ZoneRules, flare_days: FlareDays | None = None
) -> list[Zone]:
    """`session_zone` of each session, for less: a replay judges every session of the
    history (8,112 on the ten-year demo, about a fifth of its first `next`, issue 19, sixth
    round). The usual pain of a day is found once for every activity (a table by day in the
    diary's memo, not a key per session), and the common sessions (R1 met, and the next
    morning unknown or below the least clear rise above U) are judged here, on the same
    `pain_before`, `_limit` and `_calm`, with the notes they can have; any other goes to
    `session_zone` itself.
    A test compares the two on random diaries."""
    memo = diary.memo_for(flare_days or NO_FLARE_DAYS)
    usual_of: dict[object, Usual] = memo.setdefault(("zones' usual", rules.usual), {})
    rise = rules.usual.rise_points
    zones = []
    for session in sessions:
        day = session.day
        usual = usual_of.get(day)
        if usual is None:
            usual = usual_of[day] = usual_pain(diary, day, rules.usual, flare_days, day + _ONE_DAY)
        before = pain_before(session, diary, usual).pain
        limit = _limit(before, rules)
        during, after = session.pain_during, session.pain_after
        next_morning = diary.morning(day + _ONE_DAY)
        if (
            (during is not None and during > limit)
            or (after is not None and after > limit)
            or (next_morning is not None and (usual.pain is None or next_morning >= usual.pain + rise))
        ):
            zones.append(session_zone(session, diary, rules, flare_days))
        elif during is None:
            zones.append(Zone("yellow", (NO_NEXT_MORNING, UNRATED) if next_morning is None else (UNRATED,), True))
        else:
            zones.append(Zone(_calm(during, before, rules), (NO_NEXT_MORNING,) if next_morning is None else ()))
    return zones


def before_and_limit(
    session: SessionRecord, diary: DiaryIndex, rules: ZoneRules, flare_days: FlareDays | None = None
) -> tuple[Before, float]:
    """The pain before the session with where it came from, and R1's limit L for it, as
    the zone used them: the words said right after `log` name them."""
    before = pain_before(session, diary, _usual_for(session, diary, rules, flare_days))
    return before, acceptable_limit(before.pain, rules)[0]


def _n(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"
