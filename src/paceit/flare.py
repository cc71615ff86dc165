"""Flares and red flags (clinical-rules.md §7 and §8, version 2).

- Flare baseline B on a day: the median of the daily average pain over the 14
  days before it, leaving out flare days; it needs 7 such logged days. s is the SD
  of the same days (sample SD, as in `usual.py`).
- Pain-defined flare days: pain >= B + 2 on a run long enough not to be noise:
  2 consecutive days at a clear rise (B + max(2, ceil(k s)), k = `zone.rise_sd`,
  as in usual.py), or 4 consecutive days at >= B + 2 (`flare.high_days`; the rules
  document says 3, see below). Version 1 flagged 2 days at B + 2, which fired about twice in
  12 weeks on the ordinary day-to-day swing of persistent pain, each time halving
  the quota. The days of the run become flare days when the run is long enough
  (their `known` day); later days of the same run at >= B + 2 are flare days at once.
- Self-reported flare day: the person ticked `pain --flare` that day.
- Episode: a declared flare (`flare start` .. `flare end`) is active on every
  day it covers. Otherwise an episode starts when the flare days in a row reach
  `flare.episode_days` (2), or at once on a self-reported flare day: the issue calls
  `pain --flare` a way to declare a flare, and the conservative reading steps back
  sooner. It ends after 2 consecutive calm days (entries logged, average <= B + 1,
  no flare tick), with B taken as it was when the episode began. An episode longer
  than 14 days is a setback: the person is asked to contact their clinician.
- Red flags of groups 1 and 2 pause the plan from the day they were ticked until
  the day a clinician's review was recorded.

Readings, written down:
- A run is judged against B and s as they were on its first day. Its own days are not
  flare days until it is long enough, so they would otherwise enter the baseline of
  the next days and raise it, and one high day widens s so much that the next is no
  longer "clear": in simulation that missed one flare in five that a person would see.
- `flare.high_days` is 4, not the document's 3. The document lets its own simulation
  move the flare thresholds or replace the run rule when its targets are missed, and
  says the two flare targets pull against each other. On 80 simulated people per
  archetype (paceit.cohort, the judging rules above): with 3 days, "benign, typical"
  people had 0.99 pain-defined flares each (target < 1.0) and a median growth of
  1.91x (target >= 2.0x: every false flare halves the quota for two weeks), true
  flares were caught in 89 % (median 1 day late); with 3 days and episodes of 3 flare
  days (`flare.episode_days`, range 1-3): 0.79 false flares, 1.92x, 88 % caught 2 days
  late; with 4 days: 0.65 false flares, 2.15x, 81 % caught 1 day late, the only
  setting that met every target. Three days at >= B + 2 with a usual swing of 1-1.6
  points that carries over from day to day is common noise; a true flare of +3 is
  mostly caught by the 2 clear days first.
- "Consecutive" days are logged days: one day with no entry inside a run neither
  breaks it nor counts toward it (a person in a flare may skip a day of the diary;
  breaking the run there would delay the step back). Two unlogged days end it.
- Days of high pain (>= B + 2) that made no flare are kept apart (`high_days`) for
  the trend table, which shows them as single days of high pain.

Pure: plain records in, plain results out; "today" is a parameter.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, Protocol

from paceit.flare_baseline import Baseline, flare_baseline
from paceit.flare_episodes import Episode, FlareKind
from paceit.records import DeclaredFlare, DiaryIndex
from paceit.recordtype import field, record
from paceit.usual import UsualRules, clear_rise


@record
class FlareRules:
    """The flare thresholds in force (clinical-rules §8), read from the settings."""

    baseline_days: int = 14
    min_logged_days: int = 7
    pain_delta: int = 2
    clear_days: int = 2  # days in a row at a clear rise that make flare days
    high_days: int = 4  # days in a row at >= B + pain_delta that make flare days
    episode_days: int = 2
    end_days: int = 2
    end_delta: int = 1
    setback_days: int = 14
    calm_max: int = 5
    usual: UsualRules = field(default_factory=UsualRules)  # what a clear rise is (§2)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> FlareRules:
        return cls(
            baseline_days=settings["flare.baseline_days"],
            min_logged_days=settings["flare.min_logged_days"],
            pain_delta=settings["flare.pain_delta"],
            clear_days=settings["flare.clear_days"],
            high_days=settings["flare.high_days"],
            episode_days=settings["flare.episode_days"],
            end_days=settings["flare.end_days"],
            end_delta=settings["flare.end_delta"],
            setback_days=settings["flare.setback_days"],
            calm_max=settings["flare.calm_max"],
            usual=UsualRules(rise_points=settings["zone.rise_points"], rise_sd=float(settings["zone.rise_sd"])),
        )


@record(frozen=False)
class _Run:
    """The current run of days at >= B + delta: its logged days, the clear-rise days at
    its end, unlogged days since its last day, whether it made flare days yet, and B and
    s as they were on its first day (the run is judged against the days before it)."""

    days: list[date] = field(default_factory=list)
    clear: int = 0
    missing: int = 0
    flared: bool = False
    base: tuple[float, float] | None = None

    def touched(self) -> bool:
        """Whether it differs from a new `_Run()`."""
        return bool(self.days or self.clear or self.missing or self.flared or self.base is not None)

    def json(self) -> list[Any]:
        base = list(self.base) if self.base else None
        return [[d.isoformat() for d in self.days], self.clear, self.missing, self.flared, base]

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> _Run:
        days, clear, missing, flared, base = data
        found = (float(base[0]), float(base[1])) if base else None
        return cls([date.fromisoformat(d) for d in days], int(clear), int(missing), bool(flared), found)


@record(frozen=False)
class _Scan:
    """Walks the days in order: classifies each day, then opens, continues or closes
    the current episode. State lives on the instance between days."""

    diary: DiaryIndex
    declared: Sequence[DeclaredFlare]
    rules: FlareRules
    flare_days: dict[date, date] = field(default_factory=dict)  # flare day -> the day it was known
    high_days: set[date] = field(default_factory=set)
    episodes: list[Episode] = field(default_factory=list)
    current: Episode | None = None
    by_declaration: DeclaredFlare | None = None  # the `flare start` .. `flare end` the episode follows
    run: _Run = field(default_factory=_Run)
    calm: int = 0  # calm days in a row within the current episode
    from_day: date | None = None  # scan from here at the latest (the first activity's start)
    # Declared flares by start, and those begun and not yet over (by their place in
    # `declared`): the days only move forward, so each flare is added and dropped once.
    _by_start: list[int] = field(default_factory=list)
    _begun: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_start = sorted(range(len(self.declared)), key=lambda i: self.declared[i].start, reverse=True)

    def _declared_on(self, day: date) -> DeclaredFlare | None:
        """The declared flare covering `day`. `flare start` and `edit` refuse overlapping
        ones, but an imported file may hold them: those covering the day count as one flare,
        from the earliest start to the latest end (open if one is), under the first one's id.
        Taking the first alone, as before, ended it when that one ended and then opened the
        next one's episode in the past, so what the scan said of a day changed with the day
        asked, and a plan resumed from a checkpoint differed from one replayed whole."""
        while self._by_start and self.declared[self._by_start[-1]].start <= day:
            insort(self._begun, self._by_start.pop())
        if not self._begun:  # most days: no declared flare under way
            return None
        self._begun = [i for i in self._begun if (end := self.declared[i].end) is None or day <= end]
        covering = [self.declared[i] for i in self._begun]
        if len(covering) < 2:
            return covering[0] if covering else None
        ends = [f.end for f in covering]
        last = None if None in ends else max(e for e in ends if e is not None)
        return DeclaredFlare(min(f.start for f in covering), last, covering[0].id)

    def walk(self, last: date, first: date | None = None, keep: Callable[[date, _Scan], None] | None = None) -> None:
        """Scan the days up to `last`: from `first` when resuming, else from the first
        diary entry or declared flare. `keep` is called after each day."""
        starts = [d.start for d in self.declared] + ([self.diary.first_day] if self.diary.first_day else [])
        averages = {d: a for d in self.diary.by_day if (a := self.diary.average(d)) is not None}
        ordered = sorted(averages)
        logged = (ordered, [d.toordinal() for d in ordered])
        day = first or min(starts, default=last)
        if first is None and self.from_day is not None:
            day = min(day, self.from_day)  # days before the diary change nothing, but may be checkpoints
        # The days with a flare ticked, found once (asked of every day scanned, issue 19).
        ticked = {d for d in self.diary.by_day if self.diary.self_reported_flare(d)}
        one_day = timedelta(days=1)
        while day <= last:
            baseline = flare_baseline(averages, self.flare_days, day, self.rules, logged)
            reported = day in ticked
            if reported:
                self.flare_days.setdefault(day, day)
            self._follow_run(day, averages.get(day), baseline)
            run = self.run  # an episode opened by a run keeps the B the run was judged against
            if run.days and run.days[-1] == day:
                assert run.base is not None
                base: float | None = run.base[0]
            else:
                base = baseline.pain if baseline else None
            self._advance(day, base, reported, averages.get(day))
            if keep is not None:
                keep(day, self)
            day += one_day

    def _follow_run(self, day: date, average: float | None, baseline: Baseline | None) -> None:
        """Extend, pause or end the run of high days; mark its days as flare days once it is
        long enough. A run is judged against (B, s) of its first day; s is asked of a high day only."""
        run, rules = self.run, self.rules
        if average is None:
            run.missing += 1
            if run.missing > 1:
                self.run = _Run()
            return
        base = run.base
        if base is None and baseline is not None and average >= baseline.pain + rules.pain_delta:
            base = baseline.pair()
        if base is None or average < base[0] + rules.pain_delta:
            if run.touched():  # else it is a new run already (most days: no record made)
                self.run = _Run()
            # today may begin a new run, judged against today's B
            if baseline is None or average < baseline.pain + rules.pain_delta:
                return
            base = baseline.pair()
            run = self.run
        run.base = base
        self.high_days.add(day)
        clear = average >= base[0] + clear_rise(base[1], rules.usual)
        run.days.append(day)
        run.clear = run.clear + 1 if clear else 0
        run.missing = 0
        if run.flared or run.clear >= rules.clear_days or len(run.days) >= rules.high_days:
            run.flared = True
            for d in run.days:
                self.flare_days.setdefault(d, day)

    def flare_run(self, day: date) -> list[date]:
        """The flare days of the current run up to `day` (empty when it made none)."""
        return list(self.run.days) if self.run.flared and self.run.days and self.run.days[-1] == day else []

    def _advance(self, day: date, baseline: float | None, reported: bool, average: float | None) -> None:
        declared = self._declared_on(day)
        if self.by_declaration is not None and declared != self.by_declaration:
            if declared is not None and declared.start < day and self.current is not None:
                self._extend(declared)  # declared without a break: overlapping declarations go on as one
            else:
                self.current, self.by_declaration = None, None  # that declared flare is over (or another began)
        if declared is not None:
            self._declare(declared, baseline)
        elif self.current is None:
            self._maybe_open(day, baseline, reported)
        else:
            self._maybe_close(day, reported, average, baseline)

    def _extend(self, declared: DeclaredFlare) -> None:
        """The current episode, still declared, now ends when `declared` (the overlapping
        declarations as one) ends."""
        current = self.current
        assert current is not None
        start, kind, known = current.start, current.kind, current.known
        self.current = Episode(start, declared.end, kind, current.baseline, known, current.joined)
        self.episodes[-1] = self.current
        self.by_declaration = declared

    def _declare(self, declared: DeclaredFlare, baseline: float | None) -> None:
        current = self.current
        if current is None:
            self.current = Episode(declared.start, declared.end, "declared", baseline, declared.start)
            self.episodes.append(self.current)
        elif self.by_declaration is None:  # declaring a flare already under way continues it
            self.current = Episode(
                current.start, declared.end, current.kind, current.baseline, current.known, declared.start
            )
            self.episodes[-1] = self.current
        self.by_declaration = declared

    def _maybe_open(self, day: date, baseline: float | None, reported: bool) -> None:
        run = self.flare_run(day)
        if reported or len(run) >= self.rules.episode_days:
            start = run[0] if run else day
            kind: FlareKind = "reported" if reported or self.diary.self_reported_flare(start) else "pain"
            self.current = Episode(start, None, kind, baseline, day)
            self.episodes.append(self.current)
            self.calm = 0

    def _maybe_close(self, day: date, reported: bool, average: float | None, baseline: float | None) -> None:
        """Calm: pain <= B + 1 with B as it was when the flare began; when there was
        none yet (a new diary), B as it stands that day; failing both, the mild band
        of §6 (`flare.calm_max`), so a flare on a new diary neither ends on days of
        high pain nor lasts for ever for someone whose usual pain is high."""
        current = self.current
        assert current is not None
        reference = current.baseline if current.baseline is not None else baseline
        limit = self.rules.calm_max if reference is None else reference + self.rules.end_delta
        self.calm = self.calm + 1 if average is not None and not reported and average <= limit else 0
        if self.calm >= self.rules.end_days:
            self.episodes[-1] = _closed(current, day - timedelta(days=1))
            self.current = None


def _closed(episode: Episode, last_day: date) -> Episode:
    return Episode(episode.start, last_day, episode.kind, episode.baseline, episode.known, episode.joined)


@record
class FlareScan:
    """Every episode and flare day up to the last day scanned; after a resume, those
    the snapshot kept (recent ones) and all later ones. `flare_days` maps each flare day
    to the day it became known; `high_days` are the days at >= B + 2, flare or not."""

    episodes: list[Episode]
    flare_days: dict[date, date]
    snapshots: dict[date, dict[str, Any]] = field(default_factory=dict)
    high_days: frozenset[date] = frozenset()


def scan(
    diary: DiaryIndex,
    declared: Sequence[DeclaredFlare],
    last: date,
    rules: FlareRules,
    *,
    resume: Mapping[str, Any] | None = None,
    snapshot_on: Callable[[date], date | None] = lambda day: None,
    from_day: date | None = None,
) -> FlareScan:
    """Every episode up to `last` and every flare day (for the boom-bust rule). With
    `resume` (a snapshot), the scan goes on from the day after it was taken; the diary
    must then hold the days from `lookback` before that on. `snapshot_on(day)` says
    whether to keep a snapshot of that day, and from which day on to keep flare days;
    the scan covers `from_day` on at least, so that there are days to keep."""
    scanner = _Scan(diary, declared, rules, from_day=from_day)
    first = None
    if resume is not None:
        _restore(scanner, resume)
        first = date.fromisoformat(resume["day"]) + timedelta(days=1)
    snapshots: dict[date, dict[str, Any]] = {}

    def keep(day: date, state: _Scan) -> None:
        keep_from = snapshot_on(day)
        if keep_from is not None:
            snapshots[day] = _snapshot(day, state, keep_from)

    scanner.walk(last, first, keep)
    return FlareScan(scanner.episodes, scanner.flare_days, snapshots, frozenset(scanner.high_days))


class ScanContext(Protocol):
    """What a scan up to a day reads: `plan.Inputs` and `plan.FlareContext` hold it."""

    @property
    def day(self) -> date: ...
    @property
    def settings(self) -> Mapping[str, Any]: ...
    @property
    def diary(self) -> DiaryIndex: ...
    @property
    def declared(self) -> Sequence[DeclaredFlare]: ...


def scan_of(context: ScanContext) -> FlareScan:
    """Every episode up to the context's day, by the settings in force: what decides
    whether a flare holds the ladder (`ladder_plan.ladder_hold`) and `flare status`."""
    return scan(context.diary, context.declared, context.day, FlareRules.from_settings(context.settings))


def _episode_json(e: Episode) -> list[Any]:
    end = e.end.isoformat() if e.end else None
    joined = e.joined.isoformat() if e.joined else None
    return [e.start.isoformat(), end, e.kind, e.baseline, e.known.isoformat(), joined]


def _episode_from_json(data: Sequence[Any]) -> Episode:
    start, end, kind, baseline, known, joined = data
    return Episode(date.fromisoformat(start), date.fromisoformat(end) if end else None, kind, baseline,
                   date.fromisoformat(known), date.fromisoformat(joined) if joined else None)  # fmt: skip


def _snapshot(day: date, scanner: _Scan, keep_from: date) -> dict[str, Any]:
    """The scan's memory after `day`: open and recent episodes, recent flare days."""
    kept = [e for e in scanner.episodes if e is scanner.current or (e.end is not None and e.end >= keep_from)]
    declared = scanner.by_declaration
    return {
        "day": day.isoformat(),
        "flare_days": sorted([d.isoformat(), k.isoformat()] for d, k in scanner.flare_days.items() if d >= keep_from),
        "high_days": sorted(d.isoformat() for d in scanner.high_days if d >= keep_from),
        "episodes": [_episode_json(e) for e in kept],
        "open": scanner.current is not None,
        "by_declaration": None
        if declared is None
        else [declared.start.isoformat(), declared.end.isoformat() if declared.end else None, declared.id],
        "run": scanner.run.json(),
        "calm": scanner.calm,
    }


def _restore(scanner: _Scan, data: Mapping[str, Any]) -> None:
    scanner.flare_days = {date.fromisoformat(d): date.fromisoformat(k) for d, k in data["flare_days"]}
    scanner.high_days = {date.fromisoformat(d) for d in data["high_days"]}
    scanner.episodes = [_episode_from_json(e) for e in data["episodes"]]
    scanner.current = scanner.episodes[-1] if data["open"] else None
    declared = data["by_declaration"]
    if declared is not None:
        start, end, ident = declared
        scanner.by_declaration = DeclaredFlare(
            date.fromisoformat(start), date.fromisoformat(end) if end else None, int(ident)
        )
    scanner.run = _Run.from_json(data["run"])
    scanner.calm = int(data["calm"])
