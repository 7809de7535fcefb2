"""Running ``gbda`` as users run it: a subprocess with its exit status, stdout and stderr."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest


class Cli:
    """``python -m gbda_core ...`` in a subprocess."""

    def run(self, *args: Any) -> subprocess.CompletedProcess[str]:
        """Run gbda with ``args`` (paths are made text); never raises on a failure."""
        return subprocess.run(
            [sys.executable, "-m", "gbda_core", *map(str, args)],
            capture_output=True,
            text=True,
            check=False,
        )

    def ok(self, *args: Any) -> subprocess.CompletedProcess[str]:
        """Run gbda and require exit status 0."""
        proc = self.run(*args)
        assert proc.returncode == 0, proc.stderr
        return proc

    def refused(self, *args: Any, message: str) -> subprocess.CompletedProcess[str]:
        """Run gbda and require exit status 2 with ``message`` on one stderr line."""
        proc = self.run(*args)
        assert proc.returncode == 2, proc.stderr
        assert message in proc.stderr
        assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
        return proc


@pytest.fixture(scope="session")
def cli() -> Cli:
    """The gbda command line, run as a subprocess."""
    return Cli()
