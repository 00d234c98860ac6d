"""The few named exceptions textmine raises.

Every message says what went wrong and, where it helps, what to do about it. The
command line prints them without a traceback; library users can catch
:class:`TextmineError` to handle all of them.
"""

from __future__ import annotations

__all__ = [
    "TextmineError",
    "InputError",
    "StoreError",
    "SchemaError",
    "ConfigError",
    "FetchError",
    "ModelError",
    "QueryError",
    "LockedError",
]


class TextmineError(Exception):
    """Base class of all errors textmine raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(TextmineError):
    """A file, text or argument given to textmine cannot be used as it is."""

    exit_code = 2


class ConfigError(InputError):
    """A configuration file or setting is invalid."""


class StoreError(TextmineError):
    """The corpus database cannot be opened or written."""


class SchemaError(StoreError):
    """The corpus database has a schema this version of textmine cannot use."""


class FetchError(TextmineError):
    """A page could not be fetched (network, HTTP status, robots.txt, size)."""


class ModelError(TextmineError):
    """A language model or a saved theme model cannot be loaded."""


class QueryError(InputError):
    """A search query cannot be understood."""


class LockedError(TextmineError):
    """Another textmine run holds the lock for this job."""

    exit_code = 75  # EX_TEMPFAIL: cron may simply try again later
