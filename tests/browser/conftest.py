"""Browser tests: the app served on loopback, driven in Debian's headless Chromium at a phone's size.

Without Chromium the tests are skipped with the reason, except under CI (CI=true), where that is a failure.
Screenshots go to tests/artifacts/ (git-ignored).
"""
from __future__ import annotations

import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
PHONE = {"width": 360, "height": 740}
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        _unavailable("Debian's chromium is not installed (make test installs it when run as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@contextmanager
def served(wsgi_app):
    """The WSGI app served by a real HTTP server on a free loopback port, in a thread; its address."""
    server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
    # shutdown() waits for the serving loop to look again: every half second by default, half a second per test
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def live_server(app):
    """The test app served by a real HTTP server on a free loopback port."""
    with served(app) as url:
        yield url


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot(page, request):
    """Save a screenshot of the page under tests/artifacts/<test name>/<step>.png."""
    folder = ARTIFACTS / request.node.name.replace("/", "_")
    folder.mkdir(parents=True, exist_ok=True)

    def take(step: str) -> Path:
        path = folder / f"{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def answer_right(page, module) -> None:
    """Fill in the right answer to every question of the module's quiz on the page."""
    for question in module.quiz.questions:
        name = f"q-{question.id}"
        if question.type == "single":
            page.check(f'input[name="{name}"][value="{question.answer}"]')
        elif question.type == "multiple":
            for option in question.answer:
                page.check(f'input[name="{name}"][value="{option}"]')
        else:
            page.fill(f'input[name="{name}"]', str(question.answer).removesuffix(".0"))


def sign_in_household(page, url: str, household, member=None, lang: str = "en") -> None:
    """Sign the household in through its form and choose a member (the first when none is given), waiting for
    each page a tap opens."""
    from tests.builders import PIN

    page.goto(f"{url}/household/sign-in?lang={lang}")
    page.fill("#code", household.code)
    page.fill("#pin", PIN)
    with page.expect_navigation():
        page.click("form button[type=submit]")
    chosen = f"button.person:has-text('{member.name}')" if member is not None else "button.person >> nth=0"
    with page.expect_navigation():
        page.click(chosen)
