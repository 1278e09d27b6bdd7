"""The access log keeps no query strings, referrers or cookies, and masks certificate codes (gunicorn.conf.py)."""
import runpy
from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config

from learning.config import PROJECT_ROOT
from learning.site.access_log import AccessLog, masked_path


def _line(path: str, query: str = "", referer: str = "-") -> str:
    settings = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    config = Config()
    config.set("access_log_format", settings["access_log_format"])
    config.set("logger_class", settings["logger_class"])
    logger = AccessLog(config)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"{path}?{query}" if query else path, "PATH_INFO": path,
               "QUERY_STRING": query, "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.7",
               "HTTP_REFERER": referer, "HTTP_COOKIE": "tl_session=secret-cookie"}
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    request = SimpleNamespace(headers=[("COOKIE", "tl_session=secret-cookie"), ("REFERER", referer)])
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=12))
    return logger.cfg.access_log_format % atoms


def test_gunicorn_conf_names_the_private_access_log():
    settings = runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    assert settings["logger_class"] == "learning.site.access_log.AccessLog"
    assert "%(q)s" not in settings["access_log_format"] and "%(f)s" not in settings["access_log_format"]


def test_query_strings_never_reach_the_access_log():
    line = _line("/household/sign-in", query="code=AB12-CD34&next=/learn/")
    assert '"GET /household/sign-in HTTP/1.1" 200' in line
    assert "AB12" not in line and "?" not in line


def test_certificate_codes_are_masked_in_the_access_log():
    line = _line("/v/7KQ4-M2XD-9P4T", referer="https://learn.example.org/verify?code=7KQ4M2XD9P4T")
    assert "7KQ4" not in line and "/v/…" in line
    assert "secret-cookie" not in line


def test_only_the_verification_address_is_masked():
    assert masked_path("/v/7KQ4-M2XD-9P4T") == "/v/…"
    assert masked_path("/verify") == "/verify"
    assert masked_path("/learn/money-and-migration/") == "/learn/money-and-migration/"
