"""The short words of `paceit next`: one plain line of why per activity and for the
ladder step (issue 17), and the baseline count that `log` and `next` share.

Why a separate, short form: someone in pain and tired reads `next` on an 80x24
terminal. The full reasons (every gate with its numbers) stay in the JSON and in
`next --why`; the short line says, in everyday words, what today's amount is about and
when it may change. It names no gate ("0 of 1 sessions green", "SD/mean"), and never
asks anyone to push through pain.

Pure: plain values in, words out.
"""

from __future__ import annotations

from datetime import date


def baseline_count(done: int, needed: int) -> str:
    """How far the first sessions are in setting the baseline: "1 of 3 sessions done, 2
    more needed". `log` and `next` both say it with this one function, counting every
    session up to the day they speak of (today's too), so they agree on the same evening."""
    done = min(done, needed)
    if done < needed:
        return f"{done} of {needed} sessions done, {needed - done} more needed"
    return f"{needed} of {needed} sessions done"


def on_day(day: date, today: date) -> str:
    """A day as a person says it: "today", "yesterday", "tomorrow", else "on Thu 26 Nov"."""
    names = {0: "today", -1: "yesterday", 1: "tomorrow"}
    offset = (day - today).days
    if offset in names:
        return names[offset]
    return f"on {day:%a %d %b}"


def from_day(day: date, today: date) -> str:
    """ "from tomorrow", "from Thu 26 Nov"."""
    words = on_day(day, today)
    return "from " + words.removeprefix("on ")


def plural(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def hold_summary(
    *,
    today: date,
    can_rise_on: date | None,
    sessions_short: int,
    red_on: date | None,
    boombust_on: date | None,
    rising: bool,
    short_of_quota: bool,
    at_target: bool,
) -> str:
    """Why the amount holds today, in one line: the reason that matters most to the person
    first (a painful session, a boom-bust pattern, rising morning pain), then what it still
    waits for (days and sessions at this amount), with the earliest day it may rise."""
    if red_on is not None:
        return f"A session {on_day(red_on, today)} was in the red zone: holding for now."
    if boombust_on is not None:
        return "Big days were followed by worse ones: keep to the amount."
    if rising:
        return "Morning pain has risen this week: holding until it settles."
    if short_of_quota:
        return "Recent sessions were under this amount: fine, it just waits."
    if at_target:
        return "Target reached: keep it steady."
    when = from_day(can_rise_on, today) if can_rise_on is not None and can_rise_on > today else ""
    more = plural(sessions_short, "more good session") if sessions_short > 0 else ""
    if when and more:
        return f"Can move up {when}, after {more}."
    if when:
        return f"Can move up {when} if your sessions go well."
    if more:
        return f"Can move up after {more}."
    return "Holding at this amount today."


def ladder_summary(
    *, trials: int, recent_ok: list[bool], trials_needed: int, fear_max: int, last_fear: int | None
) -> str:
    """The current step in one line: how many trials, how the latest went, what mastery
    still needs (more trials, successes, or lower fear before)."""
    if trials == 0:
        return "No trials yet: try it when you are ready, and note what you expect."
    went = "went well" if recent_ok and recent_ok[-1] else "was hard, which is normal"
    needs = []
    more = trials_needed - trials
    if more > 0:
        needs.append(plural(more, "more trial"))
    if recent_ok and not all(recent_ok):
        needs.append("successes in a row")
    if last_fear is not None and last_fear > fear_max:
        needs.append(f"fear before at most {fear_max} (last {last_fear})")
    need = f"; to master it: {', '.join(needs)}" if needs else ""
    return f"{plural(trials, 'trial')}, the latest {went}{need}."


def day_label(day: date, today: date) -> str:
    """Whose quota: "today's", "yesterday's" or "that day's"."""
    return {0: "today's", -1: "yesterday's"}.get((day - today).days, "that day's")


def quota_words(*, done: str, sessions: int, ratio: float, quota: str, label: str, boom: float, enough: float) -> str:
    """How a day's sessions went against that day's quota, right after `log` (issue 17):
    "20 min, 2.5 x today's 8 min: stop at the quota even on good days". Calm either way
    (clinical-rules §1, time-contingent: do the quota on planned days, and stop there):
    less is never called a failure nor pushed through pain, the quota being set for a bad
    day; more is never praised (a big day often costs the days after)."""
    total = f"{done} in {sessions} sessions" if sessions > 1 else done
    if ratio >= boom:
        return f"{total}, {ratio:.1f} x {label} {quota}: stop at the quota even on good days."
    if ratio > 1 + 1e-9:
        return f"{total}, a little over {label} {quota}: stopping at the quota keeps progress steady."
    if ratio >= enough - 1e-9:
        return f"{total} of {label} {quota}: the quota done."
    return f"{total} of {label} {quota}: the quota is set to be manageable on a harder day; aim for it next time."


def zone_words(
    zone: str,
    notes: list[str],
    *,
    unrated: bool,
    next_morning_known: bool,
    session_id: int,
    during: int | None = None,
    before: float | None = None,
    limit: float | None = None,
    after: int | None = None,
    reference: str = "",
    green_max: int = 2,
) -> str:
    """The session's zone as known now, in plain words, each claim true of the numbers.

    `reference` says where pain before came from (zones.Before: "morning", "logged",
    "usual", or "" when nothing told it), and the words name it: a rise "from 5.5" that was
    the usual pain is not a rise from what the person felt before the session.
    - Red gets what to do next time: ease off, a smaller next step, not a stop (the zones
      are a guard-rail, never a reason to rest, clinical-rules §2), and never a push on.
    - Yellow says the pain rose only when the pain before it was logged: with none, or with
      the usual pain standing in, saying "your pain rose" would be a guess.
    - Green means pain during no higher than before (or at most `green_max`); pain after
      does not enter it, so "your pain did not rise" is said only when pain during and after
      both stayed at or below a logged pain before; otherwise the words give the numbers
      and the limit pain after stayed within."""
    later = "" if next_morning_known else " Tomorrow morning's pain will tell whether it settled."
    if unrated:
        return (
            f"Zone: not known without pain during; add it with 'paceit edit session {session_id} --pain-during N'."
            + later
        )
    if zone == "red":
        why = f" ({notes[0]})" if notes else ""
        return (
            f"Zone: red{why}. Ease off next time: a smaller next step, not a stop; tomorrow's plan takes it "
            "into account. If the pain is new or severe, see 'paceit redflag check'."
        )
    within = "within your limit" if limit is None else f"within your limit of {_num(limit)}"
    if zone == "yellow":
        return f"Zone: yellow: {_yellow(during, before, reference, within)}{later}"
    return f"Zone: green: {_green(during, after, before, reference, within, green_max)}.{later}"


_LOGGED = {"morning": "your morning pain", "logged": "logged before the session"}


def _yellow(during: int | None, before: float | None, reference: str, within: str) -> str:
    if during is None:
        return f"your pain rose a little, {within}; that is acceptable."
    if before is None:
        return (
            f"pain during was {during}, {within}; that is acceptable. With no pain logged before it (your "
            "morning pain, or --pain-before), paceit cannot tell whether it rose."
        )
    if reference in _LOGGED:
        return f"your pain rose from {_num(before)} ({_LOGGED[reference]}) to {during}, {within}; that is acceptable."
    return (
        f"pain during was {during}, above your usual pain of {_num(before)} and {within}; that is acceptable; "
        "no pain was logged before it (your morning pain, or --pain-before), so it is compared with your usual pain."
    )


def _green(
    during: int | None, after: int | None, before: float | None, reference: str, within: str, green_max: int
) -> str:
    after_within = "" if after is None else f"; pain after was {after}, {within}"
    if during is None or before is None or during > before:
        low = "" if during is None else f"pain during was {during}, at most {green_max} out of 10"
        return low + after_within if low else f"pain after was {after}, {within}"
    named = {
        "morning": f"your morning pain of {_num(before)}",
        "logged": f"the {_num(before)} logged before the session",
    }.get(reference, f"your usual pain of {_num(before)}")
    if after is not None and after > before:
        return f"pain during was {during}, no higher than {named}{after_within}"
    both = f"pain during was {during}" + ("" if after is None else f" and after {after}")
    did_not_rise = "your pain did not rise: " if reference in _LOGGED else ""
    return f"{did_not_rise}{both}, no higher than {named}"


def _num(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"
