"""`python -m paceit` runs the same entry point as the console script."""

try:
    from paceit.entry import console
except KeyboardInterrupt:  # Ctrl-C while Python is still loading paceit's first module
    import sys

    print("paceit: stopped; nothing was saved", file=sys.stderr)
    raise SystemExit(130) from None

console()
