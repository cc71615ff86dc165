"""The ladder's part of today's plan: whether a flare or a red flag holds it at its step,
and the current step with what mastery still needs (the `ladder` key of `next --json`).

Split from `plan.py` (the day-by-day replay of the activities and the rest of the `next`
document) because the ladder is judged on its own: its trials and the holds, never the
quota. Pure: plain records and settings in, plain data out.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from paceit import flare, flare_episodes, ladder, redflags
from paceit.glance import ladder_summary

if TYPE_CHECKING:
    from paceit.plan import FlareContext, Inputs
    from paceit.plan_document import LadderPlan


# Why the ladder holds (ladder_hold's first value): the words of `next` for each.
FLARE_HOLD, FLARE_LAST_DAY, RED_FLAG_HOLD = "the flare settles", "the flare's last day", "a red flag is open"
RED_FLAG_REVIEWED = "a red flag was reviewed today"
_HOLD_WORDS = {  # (the hold, when held trials count, what they were during)
    FLARE_HOLD: ("Holding at this step while the flare settles", "once it is over", "during the flare"),
    FLARE_LAST_DAY: ("Holding at this step today, the flare's last day", "from tomorrow", "during the flare"),
    RED_FLAG_HOLD: ("Holding at this step while a red flag is open", "once it is over", "during the hold"),
    RED_FLAG_REVIEWED: ("Holding at this step today, the day of your red flag's review", "from tomorrow",
                        "during the hold"),
}  # fmt: skip
# The first line of a held ladder: a flare invites trials (smaller, not nothing); an open
# group 1-2 red flag does not, until a clinician has seen it (clinical-rules §7).
_HOLD_ADVICE = {
    FLARE_HOLD: "{hold}; trials still help, and count {when}.",
    FLARE_LAST_DAY: "{hold}; trials still help, and count {when}.",
    RED_FLAG_HOLD: "{hold}: please leave exposure trials until a clinician has reviewed it.",
    RED_FLAG_REVIEWED: "{hold}: trials count again {when}.",
}
_HOLD_SUMMARY = {
    FLARE_HOLD: "On hold while the flare settles; gentle trials still help.",
    FLARE_LAST_DAY: "On hold today, the flare's last day; trials count again from tomorrow.",
    RED_FLAG_HOLD: "On hold while a red flag is open: leave trials until a clinician has reviewed it.",
    RED_FLAG_REVIEWED: "On hold today, the day of your red flag's review; trials count again from tomorrow.",
}

# When a trial logged during a hold counts (ladder.held keeps it aside until the hold ends):
# what `ladder try` says as it records one.
_TRIAL_COUNTS = {
    FLARE_HOLD: "once the flare is over",
    FLARE_LAST_DAY: "from tomorrow",
    RED_FLAG_HOLD: "from the day after a clinician's review clears the red flag",
    RED_FLAG_REVIEWED: "from tomorrow",
}


def trial_hold_words(held_by: str | None, since: date | None, day: date) -> str | None:
    """What `ladder try` says of a hold as it records a trial of `day`, or None when the
    ladder is not held (issue: a trial logged during an emergency red flag was called a
    success with no word of the hold that `next` and `log` were showing).

    The reason is `next`'s own summary line, so the two never disagree; then what
    ladder.held does with the trial: one dated on or after the hold's first day is kept
    (the person did it) but does not count toward mastery until the hold ends; one dated
    before it counts as usual."""
    if held_by is None or since is None:
        return None
    summary = _HOLD_SUMMARY[held_by]
    reason = f"Your ladder is {summary[0].lower()}{summary[1:]}"
    if not ladder.held_back(day, since):
        return f"{reason} This trial, dated before the hold began, counts as usual."
    during = _HOLD_WORDS[held_by][2]
    return (
        f"{reason} Trials {during} are kept but do not move the ladder on: "
        f"this one counts {_TRIAL_COUNTS[held_by]}."
    )


def ladder_json(inputs: Inputs, held_by: str | None, held_since: date | None) -> LadderPlan | None:
    """The current step (lowest fear not mastered) with what mastery still needs.
    While a flare or an open red flag holds the ladder, trials from that day on do
    not count toward mastery, so nothing advances until the hold ends; the reasons
    say how many are waiting."""
    rules = ladder.Rules.from_settings(inputs.settings)
    counted = ladder.held(inputs.trials, held_since)
    statuses = ladder.statuses([int(s["id"]) for s in inputs.steps], counted, rules)
    current = next((s for s in inputs.steps if statuses[int(s["id"])] == "current"), None)
    if current is None:
        return None
    every = list(inputs.trials.get(int(current["id"]), ()))
    trials = counted.get(int(current["id"]), [])
    hold, counts_when, during = _HOLD_WORDS[held_by] if held_by else ("", "", "")
    waiting = len(every) - len(trials)
    verb = "counts" if waiting == 1 else "count"
    held = f"{waiting} trial{'s' if waiting != 1 else ''} {during} {verb} {counts_when}"
    reasons = [_ladder_progress(trials, held if waiting else None, rules)]
    tip = ladder.suggestion(every, rules)
    if tip:
        reasons.append(tip)
    if held_by:
        reasons.insert(0, _HOLD_ADVICE[held_by].format(hold=hold, when=counts_when))
    return {
        "step_id": int(current["id"]),
        "text": str(current["text"]),
        "fear": int(current["fear"]),
        "reasons": reasons,
        "summary": _HOLD_SUMMARY[held_by] if held_by else _ladder_summary(trials, rules),
    }


def _ladder_summary(trials: list[ladder.Trial], rules: ladder.Rules) -> str:
    """The short line of `next` for the current step (glance.ladder_summary)."""
    verdicts = ladder.verdicts(trials, rules)
    return ladder_summary(
        trials=len(trials),
        recent_ok=[v.success for v in verdicts[-rules.master_successes :]],
        trials_needed=rules.master_trials,
        fear_max=rules.master_fear,
        last_fear=trials[-1].fear_before if trials else None,
    )


def _ladder_progress(trials: list[ladder.Trial], held: str | None, rules: ladder.Rules) -> str:
    """What mastery needs, judged on the trials that count; `held` says how many more
    wait for a hold to end (e.g. "1 trial during the flare counts once it is over")."""
    needs = f"Mastery needs at least {rules.master_trials} trials, the last {rules.master_successes} successful"
    if not trials:
        start = f"No trials counted yet: {held}." if held else "No trials yet."
        return f"{start} {needs}, with fear before at most {rules.master_fear}."
    verdicts = ladder.verdicts(trials, rules)
    recent = ", ".join("success" if v.success else "not yet" for v in verdicts[-rules.master_successes :])
    so_far = "counted so far" if held else "so far"
    more = f"; {held}" if held else ""
    return (  # no brackets around the verdict: it may hold its own
        f"{len(trials)} trial{'s' if len(trials) != 1 else ''} {so_far}; latest: {recent}; last: "
        f"{verdicts[-1].reason}{more}. {needs}, and fear before at most {rules.master_fear} "
        f"(last: {trials[-1].fear_before})."
    )


def ladder_hold(inputs: FlareContext | Inputs, scan: flare.FlareScan | None = None) -> tuple[str | None, date | None]:
    """Why and since when the ladder holds at its step: an open group 1-2 red flag,
    or a flare (§5, §7, §8); (None, None) when it does not."""
    if scan is None:
        scan = flare.scan_of(inputs)
    pausing = redflags.pausing_flags(inputs.flags, inputs.day)
    episode = flare_episodes.active_episode(scan.episodes, inputs.day)
    if pausing:
        reviewed = all(f.cleared == inputs.day for f in pausing)
        return RED_FLAG_REVIEWED if reviewed else RED_FLAG_HOLD, min(f.day for f in pausing)
    if episode is not None:
        return FLARE_LAST_DAY if episode.ends_on(inputs.day) else FLARE_HOLD, max(episode.start, episode.known)
    return None, None
