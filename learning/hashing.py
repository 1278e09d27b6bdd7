"""argon2id with costs taken from a setting: production's in Config, cheap ones in TestConfig only.

In a request or a command the app's own setting applies; outside any app (a script, or a test building data on a
bare session) that of the app made last, or production's before any. A hash records the parameters that made it,
so it verifies whatever the setting is now.
"""
from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from flask import Flask, current_app, has_app_context


@cache
def _argon2(time_cost: int, memory_cost: int, parallelism: int, dummy_text: str) -> tuple[PasswordHasher, str]:
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    return hasher, hasher.hash(dummy_text)


class ConfiguredArgon2:
    """The hasher for one setting (PASSWORD_HASH_PARAMETERS, PIN_HASH_PARAMETERS), and a hash of its own to verify
    against when there is no such account, so that an unknown name costs the same time as a known one."""

    def __init__(self, setting: str, production: dict, dummy_text: str) -> None:
        self.setting, self.dummy_text = setting, dummy_text
        self._outside_apps = production

    def init_app(self, app: Flask) -> None:
        """Hash with the app's parameters, in it and (until the next app is made) outside any app."""
        self._outside_apps = app.config[self.setting]
        self.current()  # make the dummy hash now, not during the first sign-in

    def current(self) -> tuple[PasswordHasher, str]:
        """The hasher for the current app's setting, and its dummy hash."""
        parameters = current_app.config.get(self.setting, self._outside_apps) if has_app_context() \
            else self._outside_apps
        return _argon2(**parameters, dummy_text=self.dummy_text)
