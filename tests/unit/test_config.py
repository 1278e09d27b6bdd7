"""Configuration refuses unsafe settings."""
import pytest

from learning import create_app
from learning.config import ConfigError, load_config


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("TWELET_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_production_refuses_to_start_without_a_pin_pepper(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("PIN_PEPPER", raising=False)
    monkeypatch.setenv("TWELET_ENV", "production")
    with pytest.raises(ConfigError, match="PIN_PEPPER"):
        load_config(None)


def test_production_refuses_debug_mode(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("PIN_PEPPER", "p" * 40)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setenv("TWELET_ENV", "production")
    with pytest.raises(ConfigError, match="Debug"):
        load_config(None)


def test_environment_overrides_production_settings(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("PIN_PEPPER", "p" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://example/db")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    monkeypatch.delenv("TWELET_ENV", raising=False)
    values = load_config(None)
    assert values["DATABASE_URL"] == "postgresql+psycopg://example/db"
    assert values["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert values["SESSION_COOKIE_SECURE"] is True


def test_demo_generates_its_secrets_and_keeps_them(monkeypatch, tmp_path):
    import learning.config as config

    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("PIN_PEPPER", raising=False)
    first = load_config(config.DemoConfig)
    second = load_config(config.DemoConfig)
    assert first["SECRET_KEY"] == second["SECRET_KEY"] and len(first["SECRET_KEY"]) >= 32
    assert first["PIN_PEPPER"] == second["PIN_PEPPER"] != first["SECRET_KEY"]
    for name in ("secret_key", "pin_pepper"):
        assert (tmp_path / name).stat().st_mode & 0o077 == 0


def test_unknown_environment_name_is_refused(monkeypatch):
    monkeypatch.setenv("TWELET_ENV", "staging")
    with pytest.raises(ConfigError):
        load_config(None)


def test_large_buffers_go_back_to_the_system_on_glibc():
    import platform

    from learning.site.memory import return_large_buffers_to_the_system

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("mallopt is glibc's")
    assert return_large_buffers_to_the_system() is True
