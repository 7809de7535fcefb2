"""The ``gbda`` command line.

Exit codes: 0 ok; 2 bad input or settings, with a one-line reason on stderr (file, layer, row,
what to do). A traceback means a bug in gbda, never a user error. Each job has its own module
here that adds its commands to the one ``app``.
"""

from __future__ import annotations

import sys

# Importing a command module registers its commands on ``app``.
from gbda_core.cli import catalogue as _catalogue  # noqa: F401
from gbda_core.cli import plan as _plan  # noqa: F401
from gbda_core.cli import progress as _progress  # noqa: F401
from gbda_core.cli import register as _register  # noqa: F401
from gbda_core.cli import report as _report  # noqa: F401
from gbda_core.cli import share as _share  # noqa: F401
from gbda_core.cli import share_raster as _share_raster  # noqa: F401
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
