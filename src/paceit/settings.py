"""Every tunable number of clinical-rules.md, with its documented default, range and owner.

Owner U (the person) may change only planned days and housekeeping; owner C
(the clinician) owns every clinical [D]/(C) parameter. clinical-rules.md says U
"may change only logging days, reminders and units"; paceit enforces that by
asking `config set` for `--clinician` before it changes a C value (the
conservative reading: a patient may type it, but only as a deliberate step that
the person has agreed with their clinician). Ranges follow the (C a-b) ranges in
the rules where they exist, and otherwise a plausibility range.

Pure: no database here; `queries.settings_in_force` merges stored values.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from paceit.errors import InputError
from paceit.slotted import Frozen

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


SettingKind = Literal["int", "float", "choice", "days", "text"]


class SettingSpec(Frozen):
    """One setting: its key, default, kind and allowed values, who owns it and its evidence tag."""

    __slots__ = ("key", "default", "kind", "lo", "hi", "choices", "owner", "tag", "help")  # noqa: RUF023 (the fields' order)
    key: str
    default: Any
    kind: SettingKind  # text: hi is the longest text
    lo: float
    hi: float
    choices: tuple[str, ...]
    owner: str
    tag: str  # E evidence, P practice, D our default (clinical-rules tags)
    help: str

    def __init__(
        self,
        key: str,
        default: Any,
        kind: SettingKind,
        lo: float = 0,
        hi: float = 0,
        choices: tuple[str, ...] = (),
        owner: str = "C",
        tag: str = "D",
        help: str = "",
    ) -> None:
        self._fill(key, default, kind, lo, hi, choices, owner, tag, help)

    def allowed(self) -> str:
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "days":
            return "weekdays like mon,wed,fri (or 'all')"
        if self.kind == "text":
            return f"a line of text of at most {self.hi:g} characters ('' for none)"
        kind = "a whole number" if self.kind == "int" else "a number"
        return f"{kind} from {self.lo:g} to {self.hi:g}"


def _s(key: str, default: Any, kind: SettingKind, lo: float, hi: float, tag: str, text: str) -> SettingSpec:
    return SettingSpec(key, default, kind, lo, hi, tag=tag, help=text)


SPECS: tuple[SettingSpec, ...] = (
    _s("baseline.sessions", 3, "int", 3, 5, "P", "sessions that set the baseline"),
    _s("baseline.factor", 0.8, "float", 0.5, 1.0, "P", "start quota = factor x baseline mean"),
    _s("progression.every_days", 7, "int", 7, 14, "P", "days between increases"),
    _s("progression.step_pct", 10, "float", 5, 20, "P", "increase, % of the quota"),
    SettingSpec(
        "progression.mode",
        "multiply",
        "choice",
        choices=("multiply", "add"),
        tag="P",
        help="multiply: Q x (1+step); add: + add_pct % of the baseline each time",
    ),
    _s("progression.add_pct", 15, "float", 10, 20, "P", "additive mode: % of baseline per step"),
    _s("gate.min_sessions", 3, "int", 1, 14, "D", "sessions needed since the last change"),
    _s("gate.done_share", 0.8, "float", 0.5, 1.0, "D", "mean done/quota needed to increase"),
    _s("regress.factor", 0.9, "float", 0.5, 1.0, "D", "red session with no previous quota"),
    _s("flare.factor", 0.5, "float", 0.3, 0.8, "D", "quota multiplier during a flare"),
    _s("flare.rebuild_steps", 2, "int", 1, 5, "D", "steps back to the pre-flare quota"),
    _s("flare.rebuild_days", 4, "int", 2, 14, "D", "minimum days for the rebuild"),
    _s("flare.baseline_days", 14, "int", 7, 28, "D", "window of the flare pain baseline"),
    _s("flare.min_logged_days", 7, "int", 3, 14, "D", "logged days needed for that baseline"),
    _s("flare.pain_delta", 2, "int", 1, 4, "E", "flare day: pain >= baseline + delta ..."),
    _s("flare.clear_days", 2, "int", 1, 4, "D", "... on this many days in a row at a clear rise"),
    _s("flare.high_days", 4, "int", 2, 5, "D", "... or on this many days in a row at >= baseline + delta"),
    _s("flare.episode_days", 2, "int", 1, 3, "D", "consecutive flare days for an episode"),
    _s("flare.end_days", 2, "int", 1, 7, "D", "calm days that end an episode"),
    _s("flare.end_delta", 1, "int", 0, 3, "D", "calm day: pain <= baseline + delta"),
    _s("flare.setback_days", 14, "int", 7, 60, "D", "episode length called a setback"),
    _s("flare.calm_max", 5, "int", 2, 8, "D", "calm day without a flare baseline: pain <= this (mild)"),
    _s("gap.days", 14, "int", 7, 60, "D", "days without a session that count as a gap"),
    _s("gap.factor", 0.8, "float", 0.5, 1.0, "D", "quota multiplier after a gap"),
    _s("zone.green_max", 2, "int", 2, 3, "E", "highest pain during that is green"),
    _s("zone.r1_ceiling", 5, "int", 5, 7, "E", "R1: highest acceptable pain during"),
    _s("zone.r1_rise", 2, "int", 0, 4, "D", "R1: pain may rise this much above pain before ..."),
    _s("zone.r1_max", 8, "int", 5, 8, "D", "... but never above this (9-10 never acceptable)"),
    _s("zone.usual_days", 14, "int", 7, 28, "D", "usual pain: median of the mornings of this many days"),
    _s("zone.usual_min", 4, "int", 3, 14, "D", "usual pain: mornings needed in those days"),
    _s("zone.rise_points", 2, "int", 1, 4, "E", "clear rise: at least this many points ..."),
    _s("zone.rise_sd", 2.5, "float", 2.0, 3.5, "D", "... and at least this many x your usual swing (SD)"),
    _s("zone.r3_tolerance", 1.0, "float", 0, 2, "D", "R3: weekly mean morning pain may rise by"),
    _s("boom.factor", 1.2, "float", 1.1, 2.0, "D", "boom: session >= factor x quota"),
    _s("boom.no_quota_factor", 1.5, "float", 1.1, 3.0, "D", "boom before a quota exists"),
    _s("bust.factor", 0.5, "float", 0.2, 0.9, "D", "bust: session <= factor x quota"),
    _s("bust.window_days", 2, "int", 1, 7, "D", "days after a boom that can hold a bust"),
    _s("boombust.cycles", 2, "int", 1, 10, "D", "cycles in the window that raise the flag"),
    _s("boombust.window_days", 28, "int", 7, 56, "D", "window for counting cycles"),
    _s("boombust.cv", 0.5, "float", 0.2, 2.0, "D", "variability (SD/mean) that raises the flag"),
    _s("boombust.cv_min_sessions", 4, "int", 3, 14, "D", "sessions needed for that check"),
    _s("acwr.spike", 1.5, "float", 1.1, 3.0, "E", "load spike note above this ratio"),
    _s("acwr.min_days", 21, "int", 21, 56, "D", "days since the first rated session before ACWR is shown"),
    _s("acwr.min_chronic", 20, "float", 0, 1000, "D", "minimum chronic load for ACWR"),
    SettingSpec(
        "ladder.mode",
        "inhibitory",
        "choice",
        choices=("inhibitory", "habituation"),
        tag="D",
        help="how an exposure trial is judged",
    ),
    _s("ladder.ev_min", 2, "int", 1, 5, "P", "predicted minus actual pain for success"),
    _s("ladder.likely_drop", 20, "int", 5, 50, "P", "fall in predicted likelihood for success"),
    _s("ladder.habituation_pct", 50, "int", 20, 80, "P", "habituation: fear after <= % of peak"),
    _s("ladder.habituation_end", 30, "int", 10, 50, "P", "habituation: or fear after <= this"),
    _s("ladder.master_trials", 3, "int", 2, 10, "D", "trials needed before mastery"),
    _s("ladder.master_successes", 2, "int", 1, 5, "D", "last successful trials for mastery"),
    _s("ladder.master_fear", 30, "int", 10, 50, "D", "last fear-before at most this"),
    _s("ladder.abort_peak", 90, "int", 70, 100, "D", "peak fear that suggests a smaller step"),
    _s("ladder.first_step_max", 40, "int", 20, 60, "P", "suggested highest fear of step one"),
    _s("ladder.max_gap", 15, "int", 5, 30, "P", "largest fear gap between adjacent steps"),
    _s("ladder.min_steps", 8, "int", 3, 15, "P", "suggested number of steps"),
    _s("mid.pain_points", 2, "float", 1, 4, "E", "pain change that matters, points"),
    _s("mid.pain_pct", 30, "float", 10, 50, "E", "pain change that matters, percent"),
    _s("mid.peg", 1.0, "float", 0.5, 2.0, "E", "PEG change that matters"),
    _s("mid.psfs", 2.0, "float", 1.0, 3.0, "E", "PSFS change that matters"),
    _s("mid.sleep", 2, "float", 1, 4, "D", "sleep change that matters"),
    _s("insights.min_days", 14, "int", 7, 90, "D", "insights: fewest paired days behind a result"),
    _s("insights.min_group", 3, "int", 2, 30, "D", "insights: fewest days with, and without, a tag"),
    _s("insights.good_sleep", 7, "int", 1, 10, "D", "insights: sleep rating counted as a good night"),
    _s("insights.confidence", 0.95, "float", 0.8, 0.99, "D", "insights: interval level, before widening"),
    SettingSpec(
        "plan.days",
        list(WEEKDAYS),
        "days",
        owner="U",
        tag="D",
        help="the days you plan to do your paced activities",
    ),
    SettingSpec(
        "redflag.ask_days",
        7,
        "int",
        1,
        30,
        owner="U",
        tag="P",
        help="days between red-flag checklist reminders",
    ),
    SettingSpec(
        "report.name",
        "",
        "text",
        0,
        80,
        owner="U",
        tag="D",
        help="whose diary the report names in its header (empty: none)",
    ),
    SettingSpec(
        "backup.keep",
        7,
        "int",
        1,
        90,
        owner="U",
        tag="D",
        help="daily automatic backups to keep",
    ),
)
SPEC_BY_KEY: dict[str, SettingSpec] = {spec.key: spec for spec in SPECS}
# Keys of earlier rules (version 1, paceit 0.3) that no rule reads any more: kept in a diary
# that has them (nothing is lost), shown as retired, skipped by import, refused by `config set`.
RETIRED: dict[str, str] = {  # key -> why no rule reads it any more
    "gate.green_share": "rules version 2 count yellow (acceptable) sessions toward an increase like green ones",
    "zone.r2_tolerance": "rules version 2 judge the next morning against your usual pain and swing",
}
DEFAULTS: dict[str, Any] = {spec.key: spec.default for spec in SPECS}


def retired_error(key: str, where: str) -> InputError:
    """The one-line refusal of a retired key, saying why it went."""
    return InputError(f"{where}: {key} is no longer used: {RETIRED[key]}")


def parse_value(spec: SettingSpec, raw: str) -> Any:
    """A typed value for `config set`, or a one-line error naming key and range."""
    problem = f"{spec.key} must be {spec.allowed()} (got {raw!r})"
    if spec.kind == "text":
        return _text_value(raw, spec, problem)
    text = raw.strip().lower()
    if spec.kind == "choice":
        if text not in spec.choices:
            raise InputError(problem)
        return text
    if spec.kind == "days":
        days = list(WEEKDAYS) if text == "all" else [d.strip() for d in text.split(",") if d]
        if not days or any(d not in WEEKDAYS for d in days):
            raise InputError(problem)
        return [d for d in WEEKDAYS if d in days]
    pattern = r"[+-]?[0-9]{1,9}" if spec.kind == "int" else r"[+-]?([0-9]{1,9}(\.[0-9]{0,9})?|\.[0-9]{1,9})"
    if not re.fullmatch(pattern, text):
        raise InputError(problem)
    number = int(text) if spec.kind == "int" else float(text)
    if not spec.lo <= number <= spec.hi:
        raise InputError(problem)
    return number


def _text_value(raw: str, spec: SettingSpec, problem: str) -> str:
    """One line as typed (inner runs of spaces made one), no control characters: a name
    goes on every page of a report, so nothing in it may move or hide the text around it."""
    if any(ord(ch) < 32 or 127 <= ord(ch) < 160 or ch in "\u2028\u2029" for ch in raw):
        raise InputError(problem)
    text = " ".join(raw.split())
    if text in ("''", '""'):
        text = ""
    if len(text) > spec.hi:
        raise InputError(problem)
    return text


def format_value(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(value) if len(value) < len(WEEKDAYS) else "all"
    return f"{value:g}" if isinstance(value, float) else str(value)
