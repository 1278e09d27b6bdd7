"""Page weight and slow-link load time in headless Chromium at 360 x 740, through the DevTools protocol."""
from __future__ import annotations

import time
from dataclasses import dataclass

from playwright.sync_api import Browser

SLOW_LINK = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@dataclass
class Visit:
    bytes: int
    requests: int
    load_seconds: float
    font_bytes: int = 0
    urls: set = None  # the addresses asked for


@dataclass
class PageResult:
    name: str
    cold: Visit
    warm: Visit

    @property
    def cold_fonts(self) -> int:
        return self.cold.font_bytes


def _visit(page, cdp, url: str) -> Visit:
    sizes: dict[str, int] = {}
    seen: set[str] = set()

    fonts: set[str] = set()

    urls: dict[str, str] = {}

    def sent(event):
        seen.add(event["requestId"])
        urls[event["requestId"]] = event["request"]["url"]
        if event.get("type") == "Font":
            fonts.add(event["requestId"])

    def finished(event):
        sizes[event["requestId"]] = event.get("encodedDataLength", 0)

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.loadingFinished", finished)
    start = time.perf_counter()
    page.goto(url, wait_until="load", timeout=120_000)
    seconds = time.perf_counter() - start
    page.wait_for_load_state("networkidle", timeout=120_000)  # count what arrives after the load event too
    page.wait_for_timeout(300)
    cdp.remove_listener("Network.requestWillBeSent", sent)
    cdp.remove_listener("Network.loadingFinished", finished)
    return Visit(sum(sizes.values()), len(seen), seconds, sum(sizes.get(r, 0) for r in fonts), set(urls.values()))


def measure(browser: Browser, name: str, url: str, sign_in=None, between=None, before=None) -> PageResult:
    """Cold cache, then a repeat visit, both on the emulated 400 kbps / 400 ms link."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    if sign_in:
        sign_in(page)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")
    cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
    if before:
        before()
    cold = _visit(page, cdp, url)
    # The browser checks the service worker for an update a moment after a navigation: let the first visit's check
    # finish, so that it is not counted as the repeat visit's.
    page.wait_for_timeout(3000)
    if between:
        between()
    page.goto("about:blank")
    warm = _visit(page, cdp, url)
    context.close()
    return PageResult(name, cold, warm)
