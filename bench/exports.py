"""Coordinators at scale: 50,000 synthetic households, the command-line exports and the dashboard.

    .venv/bin/python bench/exports.py --households 50000 --results bench/RESULTS.md

Runs on SQLite (a file under bench/.work/) and on PostgreSQL (a database of its own, created and dropped,
at 127.0.0.1:5432) unless --sqlite-only. Export time and peak memory are measured on the `flask export` process
(wall clock and ru_maxrss); the dashboard is timed through the app as a coordinator of all programme states.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
FLASK = str(ROOT / ".venv" / "bin" / "flask")
sys.path.insert(0, str(ROOT / "bench"))

from results import header, scratch_postgres, write_section  # noqa: E402

WRAPPER = (  # a fresh process per command, so ru_maxrss of its children is that command's own peak
    "import resource, subprocess, sys, time; start = time.perf_counter(); "
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "print(done.stdout.strip().replace(chr(10), ' ')); print(done.stderr[-2000:], file=sys.stderr); "
    "print(time.perf_counter() - start); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
    "sys.exit(done.returncode)"
)


def run(args: list[str], url: str) -> tuple[float, float, str]:
    """Run a flask command; wall seconds, peak RSS in MB of that process, and its output."""
    env = {**os.environ, "TWELET_ENV": "demo", "FLASK_APP": "learning", "DATABASE_URL": url,
           "INSTANCE_PATH": str(WORK / "instance")}
    done = subprocess.run([sys.executable, "-c", WRAPPER, FLASK, *args], env=env, capture_output=True, text=True,
                          check=True)
    output, seconds, peak_kb = done.stdout.strip().rsplit("\n", 2)
    return float(seconds), int(peak_kb) / 1024, output


def prepare(url: str, households: int) -> str:
    run(["db", "upgrade"], url)
    seconds, _, output = run(["demo", "synth", "--households", str(households), "--seed", "1"], url)
    return f"{output} (wall {seconds:.1f} s)"


def dashboard_times(url: str) -> list[float]:
    sys.path.insert(0, str(ROOT))
    from learning import create_app
    from learning.auth.models import Role
    from learning.auth.services import create_staff
    from learning.config import Config
    from learning.places.services import PROGRAMME_STATES

    # production's argon2 costs: the test configuration's cheap ones are for the test suite only
    app = create_app({"ENV_NAME": "test", "DATABASE_URL": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "PASSWORD_HASH_PARAMETERS": Config.PASSWORD_HASH_PARAMETERS,
                      "PIN_HASH_PARAMETERS": Config.PIN_HASH_PARAMETERS})
    username = f"bench-{time.time_ns()}"
    with app.app_context():
        from learning import db

        create_staff(db.session, username=username, password="bench password", role=Role.COORDINATOR,
                     states=PROGRAMME_STATES)
        db.session.commit()
    client = app.test_client()
    client.post("/staff/login", data={"username": username, "password": "bench password"})
    times = []
    for _ in range(5):
        start = time.perf_counter()
        response = client.get("/reports/?lang=en")
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    app.extensions["db_engine"].dispose()
    return times


def measure(name: str, url: str, households: int) -> list[str]:
    lines = [f"### {name}", "", f"- Data: {prepare(url, households)}"]
    csv_path, xlsx_path = WORK / "completions.csv", WORK / "completions.xlsx"
    csv_s, csv_mb, csv_out = run(["export", "completions", "--format", "csv", "--out", str(csv_path)], url)
    xlsx_s, xlsx_mb, xlsx_out = run(["export", "completions", "--format", "xlsx", "--out", str(xlsx_path)], url)
    # one course's list (a row per member, as before there were two courses): what the goals were set for
    one = ["--course", "money-and-migration"]
    csv_size = csv_path.stat().st_size
    one_csv, one_xlsx = WORK / "one-course.csv", WORK / "one-course.xlsx"
    one_csv_s, _mb, one_csv_out = run(["export", "completions", "--format", "csv", "--out", str(one_csv), *one], url)
    one_xlsx_s, _mb, _out = run(["export", "completions", "--format", "xlsx", "--out", str(one_xlsx), *one], url)
    # the same CSV by one process (--jobs 1), as the page's download streams it
    single_s, single_mb, _out = run(["export", "completions", "--format", "csv", "--out", str(one_csv), "--jobs", "1"],
                                    url)
    # a state coordinator's list: Mon State's members, their ids spread among everyone else's
    area_s, area_mb, area_out = run(["export", "completions", "--format", "csv", "--out", str(one_csv), "--state",
                                     "MMR011"], url)
    # the pseudonymised list (for partners), whose first pass decides where each township may be shown
    pseudo_s, pseudo_mb, _out = run(["export", "completions", "--format", "csv", "--out", str(one_csv),
                                     "--pseudonymised"], url)
    dash = dashboard_times(url)
    lines += [
        f"- `flask export completions --format csv --out FILE`: {csv_out}",
        "",
        "| measure | result | goal |",
        "|---|---|---|",
        f"| CSV export, wall time | {csv_s:.1f} s ({csv_size / 1e6:.1f} MB file) | <= 5 s |",
        f"| CSV export, peak RSS of the process | {csv_mb:.0f} MB | <= 150 MB |",
        f"| XLSX export, wall time | {xlsx_s:.1f} s (peak RSS {xlsx_mb:.0f} MB) | <= 20 s |",
        f"| dashboard, all programme states, median of 5 | {statistics.median(dash) * 1000:.0f} ms | <= 1 s |",
        f"| one course's list (`--course money-and-migration`: {one_csv_out.split(' rows')[0].split()[-1]} rows),"
        f" CSV | {one_csv_s:.1f} s | — |",
        f"| one course's list, XLSX | {one_xlsx_s:.1f} s | — |",
        f"| CSV export by one process (`--jobs 1`, as the page streams it) | {single_s:.1f} s (peak RSS"
        f" {single_mb:.0f} MB) | — |",
        f"| pseudonymised CSV (`--pseudonymised`), every course | {pseudo_s:.1f} s (peak RSS {pseudo_mb:.0f} MB) |"
        f" memory <= 150 MB (the time goal was set for the named list) |",
        f"| Mon State's list (`--state MMR011`: {area_out.split(' rows')[0].split()[-1]} rows), CSV | {area_s:.1f} s"
        f" (peak RSS {area_mb:.0f} MB) | — |",
        "",
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=50_000)
    parser.add_argument("--results", type=Path)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    sqlite_file = WORK / "bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
    sections = measure("SQLite", f"sqlite:///{sqlite_file}", args.households)
    if not args.sqlite_only:
        with scratch_postgres("twelet_bench") as url:
            sections += measure("PostgreSQL", url, args.households)
    print("\n".join(sections))
    if args.results:
        head = header(f".venv/bin/python bench/exports.py --households {args.households} --results bench/RESULTS.md")
        head.append("")
        write_section(args.results, "Coordinators' exports and dashboard", head + sections)


if __name__ == "__main__":
    main()
