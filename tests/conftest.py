"""Shared fixtures: paths to the real data in ../shared/data (CI has it beside the clone)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]

# Property tests run the same examples on every run, so a CI run is repeatable: a new
# failure comes from a change, never from a lucky draw. HYPOTHESIS_PROFILE=explore draws new
# examples (and keeps failures in the local example database) to hunt for bugs.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
SHARED_DATA = REPO.parent / "shared" / "data"


def pytest_report_header() -> str:
    """Say which numpy and pandas the run tests on: scripts/test.sh runs on numpy 1 and on 2."""
    import numpy
    import pandas

    return f"gbda: numpy {numpy.__version__}, pandas {pandas.__version__}"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared real-data folder; a missing folder is a failure, never a skip."""
    assert SHARED_DATA.is_dir(), f"real test data missing: {SHARED_DATA} (see README, Tests)"
    return SHARED_DATA


@pytest.fixture(scope="session")
def gemeenten_gpkg(shared_data: Path) -> Path:
    """CBS gemeenten 2022 (EPSG:28992), layer ``gemeenten``, field ``statcode``."""
    path = shared_data / "cbs-gemeenten-2022-gegeneraliseerd" / "gemeenten_2022_rd.gpkg"
    assert path.is_file(), path
    return path


@pytest.fixture(scope="session")
def otterlo_zip(shared_data: Path) -> Path:
    """PDOK BGT download of Otterlo (gemeente Ede), unchanged."""
    path = shared_data / "bgt-otterlo" / "otterlo_bgt_original.zip"
    assert path.is_file(), path
    return path
