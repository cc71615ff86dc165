"""`python -m paceit` runs the same entry point as the console script."""

from paceit.cli.app import main

main()
