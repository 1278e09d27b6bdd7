"""The application refuses to start in production without a secret key, or in debug mode.

(tests/unit/test_config.py has the first cases; these cover the other ways in.)
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from learning import create_app
from learning.config import ConfigError, load_config

SECRETS = {"SECRET_KEY": "s" * 40, "PIN_PEPPER": "p" * 40, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}


@pytest.fixture
def production(monkeypatch):
    """A production environment with its secrets, and no debug switch, unless a test changes them."""
    monkeypatch.setenv("TWELET_ENV", "production")
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    return monkeypatch


def test_the_production_environment_with_its_secrets_starts(production):
    app = create_app()
    assert app.config["ENV_NAME"] == "production" and not app.debug


def test_production_is_the_default_so_no_secret_key_means_no_start(production):
    production.delenv("TWELET_ENV")
    production.delenv("SECRET_KEY")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_an_empty_secret_key_counts_as_none(production):
    production.setenv("SECRET_KEY", "")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_a_production_config_given_in_code_needs_a_secret_key_too(production):
    production.delenv("SECRET_KEY")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"ENV_NAME": "production", "PIN_PEPPER": "p" * 40, "RATELIMIT_STORAGE_URI": "memory://"})


def test_production_refuses_debug_set_in_the_configuration(production):
    with pytest.raises(ConfigError, match="Debug"):
        create_app({"ENV_NAME": "production", "DEBUG": True, **SECRETS})


@pytest.mark.parametrize("value", ["1", "true", "True", "yes", "on"])
def test_production_refuses_every_flask_debug_value_that_flask_takes_for_on(production, value):
    production.setenv("FLASK_DEBUG", value)
    with pytest.raises(ConfigError, match="Debug"):
        load_config(None)


@pytest.mark.parametrize("value", ["0", "false", "no", ""])
def test_flask_debug_switched_off_does_not_stop_production(production, value):
    production.setenv("FLASK_DEBUG", value)
    assert load_config(None)["ENV_NAME"] == "production"


def test_the_flask_command_with_debug_refuses_the_production_configuration(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in ("FLASK_DEBUG", "TWELET_ENV", "FLASK_APP")}
    environment.update(SECRETS, TWELET_ENV="production", DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    flask = Path(sys.executable).parent / "flask"
    result = subprocess.run([str(flask), "--app", "learning", "--debug", "routes"], env=environment,
                            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode != 0
    assert "Debug mode must not run with the production configuration" in result.stderr
    assert "site.index" not in result.stdout  # the app was never built


def test_production_refuses_to_start_without_saying_where_rate_limits_are_counted(production):
    production.delenv("RATELIMIT_STORAGE_URI")
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI"):
        create_app()


def test_production_with_per_worker_limits_asked_for_explicitly_starts(production):
    production.setenv("RATELIMIT_STORAGE_URI", "memory://")  # documented as "one worker only"
    assert create_app().config["RATELIMIT_STORAGE_URI"] == "memory://"
