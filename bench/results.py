"""bench/RESULTS.md: each benchmark replaces its own section and leaves the others."""
from __future__ import annotations

import os
import platform
import subprocess
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def header(command: str) -> list[str]:
    """The machine, date and commit of a run, and the command that made it."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=ROOT).stdout.strip()
    return [f"- Machine: {platform.machine()}, {platform.system()} {platform.release()}, Python "
            f"{platform.python_version()}, {len(os.sched_getaffinity(0))} cores. Date: {date.today().isoformat()}."
            f" Commit: {commit}.", f"- Command: `{command}`"]


@contextmanager
def scratch_postgres(name: str):
    """A PostgreSQL database of the benchmark's own at 127.0.0.1:5432, dropped afterwards; yields its URL."""
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def write_section(path: Path, heading: str, lines: list[str]) -> None:
    """Put `## heading` followed by lines into the file, replacing an older section of that heading."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    marker = f"## {heading}"
    start = text.find(marker)
    if start != -1:
        end = text.find("\n## ", start + len(marker))
        text = text[:start] + (text[end + 1:] if end != -1 else "")
    body = "\n".join([marker, "", *lines]).rstrip("\n")
    path.write_text(text.rstrip("\n") + "\n\n" + body + "\n", encoding="utf-8")
