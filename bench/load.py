"""Throughput on loopback: wrk for pages, a bounded threaded client for quiz submissions, worker memory."""
from __future__ import annotations

import http.client
import os
import re
import subprocess
import threading
import time
import urllib.parse
from dataclasses import dataclass


@dataclass
class Throughput:
    requests_per_second: float
    p99_ms: float
    errors: int
    requests: int = 0


def wrk(url: str, connections: int, seconds: int = 10, cookie: str | None = None) -> Throughput:
    """wrk with two threads; p99 from its --latency table; non-2xx and socket errors counted."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", "Accept-Encoding: gzip, br"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True, timeout=seconds + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99_value, p99_unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(p99_value) * {"us": 0.001, "ms": 1, "s": 1000}[p99_unit]
    errors = sum(int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses|Socket errors:.*?timeout)\D+(\d+)", out))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return Throughput(rps, p99, errors, requests)


class Session:
    """A signed-in client on one keep-alive connection (cookies kept by hand)."""

    def __init__(self, host: str, port: int):
        self.conn = http.client.HTTPConnection(host, port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, dict]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text, dict(response.headers)


TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission_id" type="hidden" value="([^"]+)"')


def household_session(host: str, port: int, code: str, pin: str) -> Session:
    session = Session(host, port)
    _, page, _ = session.request("GET", "/household/sign-in")
    status, _, _ = session.request("POST", "/household/sign-in",
                                   {"code": code, "pin": pin, "csrf_token": TOKEN.search(page).group(1)})
    assert status == 302, status
    _, who, _ = session.request("GET", "/household/")
    member_id = re.search(r'name="member_id" value="(\d+)"', who).group(1)
    status, _, _ = session.request("POST", "/household/choose",
                                   {"member_id": member_id, "csrf_token": TOKEN.search(who).group(1)})
    assert status == 302, status
    return session


def quiz_submissions(host: str, port: int, sessions: list[Session], quiz_path: str, answers: dict,
                     seconds: int = 10) -> tuple[float, int, int]:
    """Each thread: fetch the quiz form (fresh CSRF token and submission id), post it. Returns rate, ok, errors."""
    stop = time.monotonic() + seconds
    counts = {"ok": 0, "errors": 0}
    lock = threading.Lock()

    def worker(session: Session):
        while time.monotonic() < stop:
            try:
                _, page, _ = session.request("GET", quiz_path)
                form = {**answers, "csrf_token": TOKEN.search(page).group(1),
                        "submission_id": SUBMISSION.search(page).group(1)}
                status, _, _ = session.request("POST", quiz_path, form)
                ok = status == 302
            except Exception:  # a refused or broken connection counts as an error
                ok = False
                session.conn.close()
            with lock:
                counts["ok" if ok else "errors"] += 1

    threads = [threading.Thread(target=worker, args=(s,)) for s in sessions]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    return counts["ok"] / elapsed, counts["ok"], counts["errors"]


def worker_cpu_seconds(master_pid: int) -> dict[int, float]:
    """CPU time (user + system) each gunicorn worker has used so far, by pid: less disturbed by other work on the
    machine than requests/s, and it shows which workers served a run."""
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    used = {}
    for pid in children:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        used[int(pid)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return used


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children)."""
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        with open(f"/proc/{pid}/status") as f:
            rss = next(line for line in f if line.startswith("VmRSS"))
        sizes.append(int(rss.split()[1]) / 1024)
    return sizes
