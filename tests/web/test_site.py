"""The site shell: languages, health check, error pages, headers, static files, compression."""
import gzip
import re

import pytest

from learning.i18n.languages import LANGUAGES


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_says_unavailable_when_the_database_does_not(app_config, tmp_path):
    from learning import create_app

    app_config["DATABASE_URL"] = f"sqlite:///{tmp_path}/missing-dir/none.sqlite3"
    response = create_app(app_config).test_client().get("/healthz")
    assert response.status_code == 503


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_language_is_served_with_its_html_lang(client, code):
    response = client.get(f"/?lang={code}")
    assert response.status_code == 200
    assert f'<html lang="{code}">' in response.text


def test_burmese_is_the_default_language(client):
    response = client.get("/")
    assert '<html lang="my">' in response.text
    assert "Skip to content" not in response.text  # translated


@pytest.mark.parametrize("code", ["xx", "zh", "", "../../etc", "my'><script>", "ksw\x00", "MY", "e" * 500])
def test_no_language_code_gives_an_error(client, code):
    response = client.get("/", query_string={"lang": code})
    assert response.status_code == 200
    assert re.search(r'<html lang="(my|en|shn|mnw|ksw|cnh)">', response.text)


def test_the_language_choice_is_remembered_on_the_device(client):
    first = client.get("/?lang=en")
    assert "tl_lang=en" in first.headers["Set-Cookie"]
    assert "HttpOnly" in first.headers["Set-Cookie"]
    assert '<html lang="en">' in client.get("/staff/login").text


def test_switcher_shows_each_language_by_its_own_name(client):
    html = client.get("/?lang=en").text
    for code, language in LANGUAGES.items():
        assert f'lang="{code}" hreflang="{code}"' in html
        assert language.autonym in html


def test_error_pages_are_translated_and_show_no_internals(client):
    english = client.get("/no-such-page?lang=en")
    assert english.status_code == 404 and "Page not found" in english.text
    burmese = client.get("/no-such-page?lang=my")
    assert burmese.status_code == 404 and "Page not found" not in burmese.text
    assert "Traceback" not in burmese.text and "werkzeug" not in burmese.text.lower()


def test_a_crash_gives_a_translated_500_without_internals(app, client):
    @app.route("/boom")
    def boom():  # noqa: ARG001
        raise RuntimeError("secret internals")

    boom.access_rule = "public"
    response = client.get("/boom?lang=en")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "secret internals" not in response.text


def test_wrong_method_gives_405_page(client):
    response = client.get("/staff/logout?lang=en")
    assert response.status_code == 405
    assert "This action is not possible here" in response.text


def test_too_large_body_gives_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/staff/login?lang=en", data={"username": "x" * 5000})
    assert response.status_code == 413
    assert "too large" in response.text


def test_security_headers_are_on_every_page(client):
    for url in ("/", "/staff/login", "/no-such-page", "/healthz"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]
        assert "Strict-Transport-Security" not in headers  # plain HTTP: a browser ignores it, so it is not sent


def test_hsts_is_sent_over_https(client):
    headers = client.get("/", base_url="https://learn.example.org").headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_hsts_is_sent_behind_a_proxy_that_says_the_request_came_over_https(app_config):
    from learning import create_app

    app = create_app({**app_config, "PROXY_FIX_X_FOR": 1})
    try:
        behind = app.test_client().get("/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.0.0.9"})
        assert behind.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        plain = app.test_client().get("/", headers={"X-Forwarded-Proto": "http"})
        assert "Strict-Transport-Security" not in plain.headers
    finally:
        app.extensions["db_engine"].dispose()


def test_static_urls_carry_a_content_hash_and_are_cached_for_a_year(client):
    html = client.get("/").text
    match = re.search(r'href="(/static/css/site\.css\?v=([0-9a-f]{12}))"', html)
    assert match, "stylesheet URL without a content hash"
    response = client.get(match.group(1))
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    assert "no-cache" not in response.headers["Cache-Control"]  # or every page would ask for it again
    stale = client.get("/static/css/site.css?v=000000000000")
    assert "immutable" not in stale.headers.get("Cache-Control", "")


def test_the_myanmar_font_is_a_small_woff2_with_its_licence(client):
    html = client.get("/").text
    match = re.search(r'href="(/static/fonts/noto-sans-myanmar-my-400\.woff2\?v=[0-9a-f]{12})"', html)
    assert match
    font = client.get(match.group(1))
    assert font.data[:4] == b"wOF2" and len(font.data) < 60_000
    licence = client.get("/static/fonts/OFL.txt")
    assert b"SIL Open Font License" in licence.data


def test_html_is_compressed(client):
    response = client.get("/?lang=my", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in response.headers.get("Vary", "")


def test_the_stylesheet_asks_for_each_font_by_its_current_hashed_url(client):
    """One download per font, cached for a year: each url() in the CSS must carry the file's content hash, as the
    preload and url_for give it (scripts/build_web_fonts.py writes them)."""
    from pathlib import Path

    from learning.site.assets import file_hash

    html = client.get("/?lang=my").text
    preload = re.search(r'href="/static/fonts/(noto-sans-myanmar-my-400\.woff2\?v=[0-9a-f]{12})"', html).group(1)
    css = client.get(re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]{12})"', html).group(1)).text
    referenced = dict(re.findall(r'url\("\.\./fonts/([\w-]+\.woff2)\?v=([0-9a-f]{12})"\)', css))
    fonts = Path(client.application.static_folder) / "fonts"
    assert set(referenced) == {p.name for p in fonts.glob("*.woff2")}, "run scripts/build_web_fonts.py"
    for name, digest in referenced.items():
        assert digest == file_hash(fonts / name), f"run scripts/build_web_fonts.py: {name} changed"
    assert preload == f"noto-sans-myanmar-my-400.woff2?v={referenced['noto-sans-myanmar-my-400.woff2']}"


@pytest.mark.parametrize("lang", ["my", "shn", "mnw", "ksw"])
def test_each_myanmar_script_page_preloads_its_own_cut_of_the_font(client, lang):
    html = client.get(f"/learn/?lang={lang}").text
    assert re.findall(r'rel="preload" href="/static/fonts/([\w-]+)\.woff2', html) == [f"noto-sans-myanmar-{lang}-400"]


def test_pages_ask_for_no_favicon(client):
    assert '<link rel="icon" href="data:,">' in client.get("/").text


@pytest.mark.parametrize("lang, preloaded", [("my", True), ("shn", True), ("mnw", True), ("ksw", True), ("en", False), ("cnh", False)])
def test_only_myanmar_script_pages_preload_the_myanmar_font(client, lang, preloaded):
    html = client.get(f"/learn/?lang={lang}").text
    assert ('rel="preload"' in html and "noto-sans-myanmar" in html) is preloaded


@pytest.mark.parametrize("path", ["/static/css/site.css", "/static/js/offline.js", "/sw.js"])
def test_stylesheet_and_scripts_are_sent_compressed(client, path):
    plain = client.get(path)
    packed = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert packed.status_code == 200 and packed.headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2
    assert "Accept-Encoding" in packed.headers.get("Vary", "")


def test_assets_carry_only_the_headers_that_apply_to_them(client):
    # Issue 18's page weight: a stylesheet, script or font is never a document, so the document policies (about
    # half a kilobyte) are left off; an SVG picture can be opened as a document and keeps them.
    for path in ("/static/css/site.css", "/static/js/offline.js", "/static/fonts/noto-sans-myanmar-my-400.woff2"):
        headers = client.get(path).headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "Content-Security-Policy" not in headers and "Permissions-Policy" not in headers
        assert "Content-Disposition" not in headers
    svg = client.get("/learn/media/money-and-migration/household-budget/img/saving-pot.svg").headers
    assert "script-src 'self'" in svg["Content-Security-Policy"] and svg["X-Frame-Options"] == "DENY"


def test_files_the_same_for_everyone_do_not_vary_by_cookie(client, member_client):
    # With "Vary: Cookie", a phone's cache would not reuse its stylesheet, font or service worker once a cookie
    # changed (signing in sets one): bench-weights saw /sw.js fetched again on every signed-in visit.
    for path in ("/sw.js", "/static/css/site.css", "/static/fonts/noto-sans-myanmar-my-400.woff2",
                 "/learn/media/money-and-migration/household-budget/img/saving-pot.svg"):
        assert "cookie" not in member_client.get(path).headers.get("Vary", "").lower(), path
    assert "Cookie" in client.get("/learn/?lang=en").headers["Vary"]  # pages follow the language cookie
