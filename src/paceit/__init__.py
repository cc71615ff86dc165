"""paceit: pacing, pain diary and graded exposure for chronic musculoskeletal pain.

Kept free of side effects and heavy imports: every command, `--help` and shell
completion import this module first.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("paceit")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
