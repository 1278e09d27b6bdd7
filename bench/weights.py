"""Page weights on a phone (issues 17, 18): a lesson's first visit in each language (one of each course), and a
repeat visit of any page.

    .venv/bin/python bench/weights.py [--results bench/RESULTS.md]

Serves a fresh SQLite demo with gunicorn on loopback, opens each page in headless Chromium at 360 x 740 on the
emulated 400 kbps / 400 ms link (bench/pages.py): a cold cache first, then a repeat visit. Goals: an English lesson
<= 15 KB with no font; a Burmese, Shan, Mon or Karen lesson <= 40 KB; a repeat visit of any page one request.
Writes the section "Page weights by language" of bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import pages  # noqa: E402
import run  # noqa: E402
from results import header, write_section  # noqa: E402

LESSON = "/learn/money-and-migration/sending-money-home/true-cost?lang={}"
SECOND = "/learn/saving-borrowing-migrating/borrowing-and-debt/what-a-loan-costs?lang={}"  # issue 18: same budget
GOALS = {"en": 15, "cnh": 15, "my": 40, "shn": 40, "mnw": 40, "ksw": 40}


def served(log: Path) -> list[tuple[str, int]]:
    """What the server has answered so far, in order: (path with query, body bytes), from gunicorn's access log."""
    time.sleep(0.5)  # gunicorn writes its log line after the response
    found = []
    for line in log.read_text().splitlines() if log.exists() else []:
        match = re.search(r'"[A-Z]+ (\S+) HTTP/[\d.]+" \d+ (\d+|-)', line)
        if match:
            found.append((match.group(1), int(match.group(2)) if match.group(2) != "-" else 0))
    return found


def _measure(browser, title: str, url: str, sign_in, log: Path):
    """pages.measure, with the access log's length before the first visit and between the two visits."""
    marks: list[int] = []

    def mark() -> None:
        marks.append(len(served(log)))

    result = pages.measure(browser, title, url, sign_in, before=mark, between=mark)
    return result, marks[0], marks[1]


def serve(url: str, log: Path):
    args = [str(run.BIN / "gunicorn"), "--bind", f"127.0.0.1:{run.PORT}", "--workers", "2", "--worker-class",
            "gthread", "--threads", "4", "--access-logfile", str(log), "wsgi:app"]
    process = subprocess.Popen(args, env=run.app_env(url), cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    run.wait_for(f"http://127.0.0.1:{run.PORT}/healthz")
    return process


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    shutil.rmtree(run.WORK / "instance", ignore_errors=True)
    (run.WORK / "instance").mkdir(parents=True)
    url = f"sqlite:///{run.WORK / 'instance' / 'weights.sqlite3'}"
    run.prepare(url, households=100)
    log = run.WORK / "weights-access.log"
    log.unlink(missing_ok=True)
    process = serve(url, log)
    base = f"http://127.0.0.1:{run.PORT}"
    rows = ["| page (360 x 740, 400 kbps / 400 ms) | first visit | requests | of which fonts | goal |"
            " then the service worker | repeat visit: requests reaching the server |", "|---|---|---|---|---|---|---|"]
    worst_repeat = 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                        args=pages.ARGS)
            pages_to_measure = [(f"lesson in {code}", LESSON.format(code), None) for code in GOALS]
            pages_to_measure += [(f"second course's lesson in {code}", SECOND.format(code), None) for code in GOALS]
            pages_to_measure += [("catalogue (my)", "/learn/?lang=my", None),
                                 ("household sign-in (my)", "/household/sign-in?lang=my", None),
                                 ("member's progress (signed in, my)", "/learn/my-progress",
                                  run.sign_in_household(base))]
            for title, path, sign_in in pages_to_measure:
                result, log_before, log_after_cold = _measure(browser, title, base + path, sign_in, log)
                everything = served(log)
                asked = {u.split(base, 1)[-1].split("?")[0] for u in result.cold.urls}  # the log has no query
                worker = [(u, size) for u, size in everything[log_before:log_after_cold] if u not in asked]
                repeat = [u for u, _size in everything[log_after_cold:]]
                code = title.split()[-1].strip("()")
                goal = f"<= {GOALS[code]} KB" if "lesson in" in title else "—"
                worst_repeat = max(worst_repeat, len(repeat))
                worker_kb = sum(size for _url, size in worker) / 1024
                rows.append(f"| {title} | {result.cold.bytes / 1024:.1f} KB | {result.cold.requests} |"
                            f" {result.cold_fonts / 1024:.1f} KB | {goal} | {len(worker)} requests, {worker_kb:.1f} KB"
                            f" | {len(repeat)}{' (' + ', '.join(repeat) + ')' if repeat else ''} |")
            browser.close()
    finally:
        run.stop(process)
    lines = header("make bench-weights (.venv/bin/python bench/weights.py --results bench/RESULTS.md)")
    lines += ["- Server: gunicorn, 2 workers x 4 threads, SQLite demo with 100 synthetic households.",
              "- First visit: an empty cache, the page and what it asks for until the network is idle, as Chromium"
              " counts it (headers included). Then the service worker, which installs on the first visit, fetches"
              " the offline page: counted from the server's access log (bodies only). Repeat visit: the same page"
              " again in the same tab; the requests that reached the server, from its access log (the service"
              " worker answers navigations from the network first, so a page is always asked for).", "",
              *rows, "", f"- Repeat visits: at most {worst_repeat} request(s) over the network per page.", ""]
    write_section(args.results, "Page weights by language", lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
