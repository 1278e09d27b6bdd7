"""Run requests from several processes at once, each with several threads: like gunicorn workers."""
from __future__ import annotations

import json
import os
import subprocess
import sys

SCRIPT = r"""
import json, os, re, sys, threading
from learning import create_app
app = create_app(json.loads(os.environ["TEST_APP_CONFIG"]))
job = json.loads(os.environ["TEST_JOB"])
barrier = threading.Barrier(job["threads"])
codes = []
lock = threading.Lock()

def one():
    client = app.test_client()
    for name, value in job.get("cookies", {}).items():
        client.set_cookie(name, value)
    page = client.get(job["form_url"]).text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    barrier.wait()
    response = client.post(job["post_url"], data={**job["data"], "csrf_token": token})
    with lock:
        codes.append(response.status_code)

threads = [threading.Thread(target=one) for _ in range(job["threads"])]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps(codes))
"""


def post_concurrently(config: dict, *, processes: int, threads: int, form_url: str, post_url: str, data: dict,
                      cookies: dict | None = None) -> list[int]:
    """POST the same form from processes × threads clients at once; returns every status code."""
    job = {"threads": threads, "form_url": form_url, "post_url": post_url, "data": data, "cookies": cookies or {}}
    env = {**os.environ, "TEST_APP_CONFIG": json.dumps(config), "TEST_JOB": json.dumps(job)}
    running = [
        subprocess.Popen([sys.executable, "-c", SCRIPT], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
        for _ in range(processes)
    ]
    codes: list[int] = []
    for proc in running:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err[-2000:]
        codes += json.loads(out.strip().splitlines()[-1])
    return codes
