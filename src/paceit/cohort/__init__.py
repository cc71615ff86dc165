"""Simulated people following `paceit next`: how the pacing, zone and flare rules are
judged (clinical-rules.md, "Simulated cohorts").

A rule for a person's pain is only as good as what it does to real, noisy diaries:
version 1 of the rules, right on every hand-computed case, stepped people whom activity
does not harm back on the ordinary swings of persistent pain until they ended below
where they started. This package simulates the archetypes of the rules document
(`people`), has each person follow the plan day by day through paceit's own planning
code (`simulate`), checks that a backfilled diary file gives the plans of one logged on
time (`backfill`), and computes the figures with their targets (`figures`).
`bench/cohorts.py` runs it with enough people for stable figures; a fast test runs a few.

Never imported by the daily commands.
"""
