"""`python -m paceit` runs the same entry point as the console script."""

from paceit.entry import console

console()
