"""Settings: packaged defaults, then a user file, then explicit overrides.

One frozen :class:`Settings` object carries every tunable value (user agent,
delays, timeouts, model paths, thresholds). Library functions take it as an
optional ``settings=`` argument and fall back to :func:`load_settings`.

>>> settings = load_settings(overrides={"http": {"delay": 2.0}})
>>> settings.get("http", "delay")
2.0
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import ConfigError

__all__ = ["Settings", "load_settings", "user_config_path"]

_ENV_VAR = "TEXTMINE_CONFIG"


def user_config_path() -> Path:
    """The user configuration file: ``$TEXTMINE_CONFIG`` or the XDG location."""
    env = os.environ.get(_ENV_VAR)
    if env:
        return Path(env)
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "textmine" / "config.toml"


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _merge(base: dict[str, Any], extra: Mapping[str, Any], origin: str) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping):
            if key in merged and not isinstance(merged[key], Mapping):
                raise ConfigError(f"{origin}: [{key}] is a table here but a value in the defaults")
            merged[key] = _merge(dict(merged.get(key, {})), value, origin)
        else:
            merged[key] = value
    return merged


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration file: {exc.strerror}") from None


@dataclass(frozen=True)
class Settings:
    """All configuration, as read-only nested mappings by section."""

    data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    sources: tuple[str, ...] = ()

    def section(self, name: str) -> Mapping[str, Any]:
        """One section, e.g. ``settings.section("http")``; empty when absent."""
        return self.data.get(name, MappingProxyType({}))

    def get(self, section: str, key: str, default: Any = None) -> Any:
        return self.section(section).get(key, default)


def load_settings(
    path: str | Path | None = None,
    *,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Read the packaged defaults, the user file and ``overrides`` into one Settings.

    ``path`` names a user file explicitly (it must exist); otherwise the file at
    :func:`user_config_path` is read when it exists.
    """
    text = resources.files("textmine").joinpath("defaults.toml").read_text(encoding="utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    origins = ["defaults"]
    if path is not None:
        user = Path(path)
        if not user.exists():
            raise ConfigError(f"{user}: no such configuration file")
        data = _merge(data, _read_toml(user), str(user))
        origins.append(str(user))
    else:
        user = user_config_path()
        if user.is_file():
            data = _merge(data, _read_toml(user), str(user))
            origins.append(str(user))
    if overrides:
        data = _merge(data, overrides, "overrides")
        origins.append("overrides")
    return Settings(_freeze(data), tuple(origins))
