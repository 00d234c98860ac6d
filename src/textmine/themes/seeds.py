"""Seed words for guided themes: the packaged Swedish file or a user's TOML file.

A seed file has one table per theme with a ``label`` and ``words``; a plain list
(``skola = ["skola", "elev"]``) works too.

>>> seeds = load_seeds("default")
>>> "Skola" in seeds and "elev" in seeds["Skola"]
True
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path

from ..errors import InputError

__all__ = ["load_seeds", "DEFAULT_SEEDS"]

DEFAULT_SEEDS = "default"


def _parse(data: Mapping, origin: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            label = str(value.get("label") or key)
            words = value.get("words")
        else:
            label, words = str(key), value
        if isinstance(words, str):
            words = [words]
        if not isinstance(words, Sequence) or not words or \
                not all(isinstance(w, str) and w.strip() for w in words):
            raise InputError(f"{origin}: theme {key!r} needs a non-empty list of seed words",
                             hint='write e.g. [skola]\\nwords = ["skola", "elev"]')
        out[label] = [w.strip() for w in words]
    if not out:
        raise InputError(f"{origin}: no themes in the seed file")
    return out


def load_seeds(
    seeds: str | Path | Mapping[str, Sequence[str]] | None,
) -> dict[str, list[str]] | None:
    """Seeds as {label: words}: ``"default"``, a TOML file, a mapping, or None/"" for none."""
    if seeds is None or seeds == "" or seeds is False:
        return None
    if isinstance(seeds, Mapping):
        return _parse(seeds, "seeds")
    if str(seeds) == DEFAULT_SEEDS:
        text = resources.files("textmine").joinpath("data", "themes", "seeds_sv.toml").read_text(
            encoding="utf-8")
        return _parse(tomllib.loads(text), "seeds_sv.toml")
    path = Path(seeds)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such seed file",
                         hint="give a TOML file of seed words, or 'default'") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the seed file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from None
    return _parse(data, str(path))
