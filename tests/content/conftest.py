"""Course content tests: a copy of the smallest course folder to change freely."""
import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "courses"


@pytest.fixture
def tiny(tmp_path):
    """A copy of tests/data/courses/minimal in a temporary folder."""
    root = tmp_path / "courses"
    shutil.copytree(DATA / "minimal", root)
    return root
