"""A course saved on the phone: how much it puts in the phone's cache per language, how large the service worker
and its page script are, and that the page has rendered before the page script has arrived.

    .venv/bin/python bench/offline.py [--results bench/RESULTS.md]

Serves the app on loopback (a fresh SQLite file under bench/.work/) and drives Debian's headless Chromium at
360 x 740: for each language it opens the course page, taps "Save for offline" and reads what the service worker
saved (the bytes of every response body it put in the cache). The script sizes are the files as served, raw and
gzip-compressed (as the site sends them). The render check loads a lesson on the slow link of bench/pages.py
(400 kbit/s, 400 ms) with an empty cache and compares the first contentful paint with the time the page script
finished arriving. Goals (issue 15): <= 400 KB per course and language, <= 15 KB for both scripts (the files as the
site sends them: it does not compress static files).
"""
from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
sys.path.insert(0, str(ROOT))

from bench.pages import ARGS, SLOW_LINK  # noqa: E402
from bench.results import header, write_section  # noqa: E402

COURSE_BUDGET = 400 * 1024
SCRIPT_BUDGET = 15 * 1024
ASK = """(message) => navigator.serviceWorker.ready.then(registration => new Promise(resolve => {
  const channel = new MessageChannel();
  channel.port1.onmessage = event => resolve(event.data);
  registration.active.postMessage(message, [channel.port2]);
}))"""


def serve():
    from sqlalchemy.orm import Session
    from werkzeug.serving import make_server

    from learning import create_app
    from learning.db import make_engine
    from learning.models import metadata
    from learning.places.services import load_townships

    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / "offline.sqlite3"
    path.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    metadata.create_all(engine)
    with Session(engine) as session:
        load_townships(session)
        session.commit()
    engine.dispose()
    app = create_app({"ENV_NAME": "test", "DATABASE_URL": url, "SECRET_KEY": "bench"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return app, server


def first_paint(browser, url: str, block_script: bool) -> tuple[float, float]:
    """First contentful paint and the page script's arrival (ms) on the slow link with an empty cache."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, service_workers="block")
    page = context.new_page()
    if block_script:
        page.route("**/static/js/offline.js*", lambda route: route.abort())
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
    page.goto(url, wait_until="load")
    paint, script = page.evaluate("""() => [
      (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0,
      (performance.getEntriesByType('resource').find(e => e.name.includes('/static/js/offline.js')) || {}).responseEnd || 0,
    ]""")
    context.close()
    return paint, script


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from learning.i18n.languages import LANGUAGES
    from learning.learn.library import catalog

    app, server = serve()
    base = f"http://127.0.0.1:{server.server_port}"
    with app.app_context():
        courses = [c.id for c in catalog().courses]
    rows, worst = [], 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        for course in courses:
            for lang in LANGUAGES:
                context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
                page = context.new_page()
                page.goto(f"{base}/learn/{course}/?lang={lang}")
                state = page.evaluate(ASK, {"type": "save", "course": course, "lang": lang})
                [saved] = [s for s in state["saved"] if s["course"] == course and s["lang"] == lang]
                worst = max(worst, saved["bytes"])
                rows.append(f"| {course} | {lang} | {saved['lessons']} | {saved['quizzes']} | "
                            f"{saved['bytes'] / 1024:.0f} KB |")
                context.close()
        lesson = f"{base}/learn/{courses[0]}/sending-money-home/ways-to-send?lang=my"
        with_script = [first_paint(browser, lesson, block_script=False) for _ in range(3)]
        without_script = [first_paint(browser, lesson, block_script=True) for _ in range(3)]
        browser.close()
    server.shutdown()

    scripts = [ROOT / "static" / "js" / "sw.js", ROOT / "static" / "js" / "offline.js"]
    raw = sum(p.stat().st_size for p in scripts)
    packed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in scripts)
    lines = header(".venv/bin/python bench/offline.py") + [
        "- A course saved on the phone, per language: the bytes of every response body the service worker put in the"
        " cache (pages, quiz pages, pictures, CSS, page script, and the Myanmar font: every page names the languages in their own scripts).",
        "",
        "| course | language | lessons | quizzes | in the cache |",
        "|---|---|---|---|---|",
        *rows,
        "",
        f"- Largest course in one language: {worst / 1024:.0f} KB (goal <= 400 KB: "
        f"{'met' if worst <= COURSE_BUDGET else 'NOT met'}).",
        f"- Service worker and page script: {raw / 1024:.1f} KB as files, as the site sends them (goal <= 15 KB: "
        f"{'met' if raw <= SCRIPT_BUDGET else 'NOT met'}); {packed / 1024:.1f} KB gzip-compressed, behind a proxy"
        " that compresses JavaScript.",
        f"- Slow link, empty cache, Burmese lesson, median of 3: first contentful paint at"
        f" {statistics.median(p for p, _ in with_script):.0f} ms with the page script and"
        f" {statistics.median(p for p, _ in without_script):.0f} ms with it blocked; the script (`defer`, it"
        f" starts the service worker after the `load` event) finished arriving at"
        f" {statistics.median(s for _, s in with_script):.0f} ms.",
    ]
    write_section(args.results, "Offline: a saved course and its scripts", lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
