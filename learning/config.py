"""Configuration: defaults, environment overrides, and the test configuration."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask.helpers import get_debug_flag

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", PROJECT_ROOT / "instance"))

ENVIRONMENTS = ("production", "demo", "test")


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete; the application refuses to start."""


def _demo_secret(name: str) -> str:
    """Read one of the demo's secrets from instance/, making it on first use."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / name
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()


class Config:
    """Production defaults; every value can be overridden from the environment."""

    ENV_NAME = "production"
    TESTING = False
    DEBUG = False
    SQLALCHEMY_ECHO = False
    SECRET_KEY: str | None = None
    PIN_PEPPER: str | None = None  # secret mixed into household PIN hashes; kept outside the database
    HOUSEHOLD_IDLE_MINUTES = 15
    HOUSEHOLD_MAX_HOURS = 8
    DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'learning.sqlite3'}"
    MAX_CONTENT_LENGTH = 6 * 1024 * 1024  # an import file may be 5 MB; anything larger is refused with 413
    IMPORT_MAX_BYTES = 5 * 1024 * 1024
    IMPORT_MAX_ROWS = 9999
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "tl_session"
    REMEMBER_COOKIE_DURATION = 0
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    WTF_CSRF_ENABLED = True
    # Where rate-limit counts live. Production must say: redis:// is shared by every worker and host; memory:// counts
    # in each worker on its own, so it is right for one worker only and must be asked for explicitly.
    RATELIMIT_STORAGE_URI: str | None = None
    RATELIMIT_HEADERS_ENABLED = True
    STAFF_LOGIN_LIMIT = "10 per minute"
    BABEL_DEFAULT_LOCALE = "my"
    BABEL_DEFAULT_TIMEZONE = "Asia/Yangon"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")
    LANGUAGE_COOKIE = "tl_lang"
    STATIC_MAX_AGE = 365 * 24 * 3600
    COMPRESS_MIMETYPES = ["text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                          "application/manifest+json", "image/svg+xml", "text/csv"]
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_MIN_SIZE = 500
    PROXY_FIX_X_FOR = 0
    COURSES_DIR = str(PROJECT_ROOT / "courses")
    PUBLIC_URL: str | None = None  # e.g. https://learn.example.org: what certificates' QR codes point to
    # argon2id costs. Staff passwords: argon2-cffi's defaults (RFC 9106, low memory). PINs: OWASP's minimum, as a
    # PIN is checked at every sign-in, often many at once in a session. A hash keeps the parameters that made it,
    # so it verifies whatever these are now; a staff password is hashed again at sign-in when they change.
    PASSWORD_HASH_PARAMETERS = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 4}
    PIN_HASH_PARAMETERS = {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}

    @classmethod
    def from_environment(cls) -> dict:
        """Collect the settings that the environment overrides."""
        env = os.environ
        values: dict = {}
        for key in ("DATABASE_URL", "SECRET_KEY", "PIN_PEPPER", "RATELIMIT_STORAGE_URI", "STAFF_LOGIN_LIMIT",
                    "PUBLIC_URL"):
            if env.get(key):
                values[key] = env[key]
        if env.get("PROXY_FIX_X_FOR"):
            values["PROXY_FIX_X_FOR"] = int(env["PROXY_FIX_X_FOR"])
        if env.get("SQLALCHEMY_ECHO") == "1":
            values["SQLALCHEMY_ECHO"] = True
        return values


class DemoConfig(Config):
    """`make run` on a laptop: plain HTTP on 127.0.0.1, a generated secret kept in instance/."""

    ENV_NAME = "demo"
    SESSION_COOKIE_SECURE = False
    RATELIMIT_STORAGE_URI = "memory://"  # a laptop: limits counted in each worker


class TestConfig(Config):
    """The test suite: a throwaway database chosen by the tests, fixed secret, no rate-limit surprises."""

    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    PIN_PEPPER = "test-pin-pepper-not-for-production"
    SESSION_COOKIE_SECURE = False
    RATELIMIT_STORAGE_URI = "memory://"
    # argon2id's minimum costs (8 KiB, one pass): a sign-in in a test takes microseconds, not 50 ms. Tests only.
    PASSWORD_HASH_PARAMETERS = PIN_HASH_PARAMETERS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


CONFIGS = {"production": Config, "demo": DemoConfig, "test": TestConfig}


def load_config(config: type[Config] | dict | None) -> dict:
    """Resolve the settings for create_app: an explicit class or dict, else TWELET_ENV."""
    if isinstance(config, dict):
        base_name = config.get("ENV_NAME", "test")
        overrides = config
    else:
        base_name = config.ENV_NAME if config else os.environ.get("TWELET_ENV", "production")
        overrides = {}
    if base_name not in CONFIGS:
        raise ConfigError(f"TWELET_ENV must be one of {', '.join(ENVIRONMENTS)}, not {base_name!r}")
    cls = config if isinstance(config, type) else CONFIGS[base_name]
    values = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
    if cls is not TestConfig:
        values.update(Config.from_environment())
    values.update(overrides)
    for key, filename in (("SECRET_KEY", "secret_key"), ("PIN_PEPPER", "pin_pepper")):
        if not values.get(key):
            if values["ENV_NAME"] == "demo":
                values[key] = _demo_secret(filename)
            else:
                raise ConfigError(f"{key} must be set in the environment outside the demo and the tests")
    # FLASK_DEBUG read as Flask reads it ("1", "true", "yes", "on"...): app.run() would start the debugger on any.
    if values["ENV_NAME"] == "production" and (values.get("DEBUG") or get_debug_flag()):
        raise ConfigError("Debug mode must not run with the production configuration")
    if not values.get("RATELIMIT_STORAGE_URI"):
        raise ConfigError("RATELIMIT_STORAGE_URI must be set in production: redis://HOST:6379/0, shared by every "
                          "worker (or memory:// for a site served by one worker only: each worker counts alone)")
    return values
