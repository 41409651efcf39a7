"""Pygments lexers and formatters made once per language and settings, then reused. Pure.

pymdownx.highlight asks Pygments for a lexer by name (a search through every lexer's
aliases) and builds an HTML formatter (which works out a stylesheet from its style) for every
fenced block: most of the time highlighting a short block takes. Neither keeps anything from
one block to the next that changes what it writes, so one of each per language and settings
gives the same HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pymdownx.highlight as pymdownx_highlight  # type: ignore[import-untyped]

_made: dict[tuple[Any, ...], Any] = {}


def _key(kind: str, *args: Any, **options: Any) -> tuple[Any, ...] | None:
    """Return a key for these arguments, or None when one of them cannot be a key."""
    items = tuple(
        (name, tuple(value) if isinstance(value, list) else value)
        for name, value in sorted(options.items())
    )
    key = (kind, args, items)
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _reused(kind: str, make: Callable[..., Any]) -> Callable[..., Any]:
    """Return ``make`` made to return one object for the same arguments."""

    def reused(*args: Any, **options: Any) -> Any:
        key = _key(kind, *args, **options)
        if key is None:
            return make(*args, **options)
        if (found := _made.get(key)) is None:
            found = _made[key] = make(*args, **options)
        return found

    return reused


def reuse_pygments() -> None:
    """Make pymdownx.highlight reuse its lexers and block formatters (once per process)."""
    module: Any = pymdownx_highlight
    if getattr(module, "_ankismith_reuses", False):
        return
    module.get_lexer_by_name = _reused("lexer", module.get_lexer_by_name)
    module.BlockHtmlFormatter = _reused("block", module.BlockHtmlFormatter)
    module._ankismith_reuses = True
