"""paceit: pacing, pain diary and graded exposure for chronic musculoskeletal pain.

Kept free of side effects and heavy imports: every command, `--help` and shell
completion import this module first. The version is a literal (pyproject.toml
reads it from here) because looking it up through importlib.metadata costs
about 27 ms on every run.
"""

__version__ = "0.4.0"
