"""What a newcomer reads first points at things that exist, and the demo can be put back."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_every_path_the_readme_names_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # paths from the repository's root (not "unit/" inside tests/, nor what a run makes, such as bench/.work/)
    made_by_runs = tuple(line.strip().lstrip("/") for line in (ROOT / ".gitignore").read_text().splitlines()
                         if line.strip().endswith("/") and not line.startswith("#"))  # tests/artifacts/, ...
    named = {p for p in re.findall(r"`([\w./-]+/[\w./-]*)`", readme)
             if not p.startswith("/") and (ROOT / p.split("/")[0]).is_dir() and "/." not in p
             and not p.startswith(("instance", ".venv") + made_by_runs)}
    missing = sorted(p for p in named if not (ROOT / p.rstrip("/")).exists())
    assert missing == []
    assert "ARCHITECTURE notes" not in readme  # the house style is summed up in docs/architecture.md


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_demo_reset_deletes_only_the_demo_database_and_loads_the_demo_again():
    dry = subprocess.run(["make", "-n", "demo-reset"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    removed = [line for line in dry.splitlines() if line.startswith("rm ")]
    assert removed == ["rm -f instance/learning.sqlite3 instance/learning.sqlite3-wal instance/learning.sqlite3-shm"]
    assert "demo-db" in dry or "demo load --if-empty" in dry
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo-reset" in readme
