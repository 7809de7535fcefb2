"""The ``gbda`` command line.

Exit codes: 0 ok; 2 bad input or settings, with a one-line reason on stderr (file, layer, row,
what to do). A traceback means a bug in gbda, never a user error. Each job has its own module
here that adds its commands to the one ``app``.
"""

from __future__ import annotations

import sys

from gbda_core.cli import share as _share  # noqa: F401  (registers its commands)
from gbda_core.cli.app import app, err_console
from gbda_core.errors import GbdaError

__all__ = ["app", "main"]


def main() -> None:
    """Run the CLI; user errors become one line on stderr and exit status 2."""
    try:
        app(standalone_mode=True)
    except GbdaError as exc:
        err_console.print(f"gbda: error: {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)
