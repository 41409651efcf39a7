"""A progress bar for long builds: on a terminal only, unless asked for; never in CI logs."""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Any

import click

SHOW_FROM = 1000
"""Fewest cards to render before a bar is worth drawing."""


def default_jobs() -> int:
    """Return how many processes render by default: one per CPU this process may use."""
    if hasattr(os, "sched_getaffinity"):  # Linux: honours taskset and container CPU sets
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class ProgressBar:
    """Callable fed (cards rendered, cards to render); draws Click's bar on stderr."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar: Any = None

    def __call__(self, advance: int, total: int) -> None:
        if not self.enabled or total < SHOW_FROM:
            return
        if self._bar is None:
            self._bar = click.progressbar(length=total, label="Rendering", file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(advance)

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, error, trace)
