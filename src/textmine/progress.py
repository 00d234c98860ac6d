"""Progress for long work: a bar on a terminal, nothing per item elsewhere.

Library code takes an optional ``progress`` callable (called with the number of
items just done); the command line passes one made here. The library never
prints or configures logging by itself.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["progress_bar"]


@contextmanager
def progress_bar(
    desc: str, *, total: int | None = None, enabled: bool | None = None
) -> Iterator[Callable[[int], None]]:
    """Yield a callable ``advance(n)``; shows a tqdm bar when stderr is a terminal."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield lambda n=1: None
        return
    from tqdm import tqdm

    bar = tqdm(total=total, desc=desc, unit="doc", leave=False, file=sys.stderr)
    try:
        yield lambda n=1: bar.update(n)
    finally:
        bar.close()
