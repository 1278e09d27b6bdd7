"""Run requests from several processes at once, each with several threads: like gunicorn workers.

The processes are forked from the test process, as gunicorn forks its workers: each makes its own app (its own
engine and connections) from the test's settings, so nothing but the imported code is shared. Forking skips the
second or so that a fresh interpreter spends importing the app.
"""
from __future__ import annotations

import multiprocessing
import re
import threading
import traceback

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def _worker(config: dict, job: dict, results) -> None:
    try:
        from learning import create_app

        app = create_app(config)
        barrier = threading.Barrier(job["threads"])
        codes: list[int] = []
        lock = threading.Lock()

        def one():
            client = app.test_client()
            for name, value in job["cookies"].items():
                client.set_cookie(name, value)
            page = client.get(job["form_url"]).text
            token = CSRF.search(page).group(1)
            barrier.wait()
            response = client.post(job["post_url"], data={**job["data"], "csrf_token": token})
            with lock:
                codes.append(response.status_code)

        threads = [threading.Thread(target=one) for _ in range(job["threads"])]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        app.extensions["db_engine"].dispose()
        results.put(("ok", codes))
    except BaseException:  # reported to the test, which fails with it
        results.put(("error", traceback.format_exc()))


def post_concurrently(config: dict, *, processes: int, threads: int, form_url: str, post_url: str, data: dict,
                      cookies: dict | None = None) -> list[int]:
    """POST the same form from processes × threads clients at once; returns every status code."""
    job = {"threads": threads, "form_url": form_url, "post_url": post_url, "data": data, "cookies": cookies or {}}
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    running = [context.Process(target=_worker, args=(config, job, results)) for _ in range(processes)]
    for process in running:
        process.start()
    codes: list[int] = []
    for _ in running:
        outcome, value = results.get(timeout=180)
        assert outcome == "ok", value[-2000:]
        codes += value
    for process in running:
        process.join(timeout=30)
        assert process.exitcode == 0
    return codes
