"""The note types' stylesheet: ours (or the author's override) plus the code highlighting styles."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from pygments.formatters import HtmlFormatter

from ankismith.notetypes.builtin import template_text

LIGHT_STYLE = "friendly"
NIGHT_STYLE = "github-dark"
# `.nightMode X` also matches when `.card` itself carries the class (Anki desktop, AnkiMobile).
_NIGHT_SCOPES = (".nightMode", ".night_mode")


@cache
def highlight_css() -> str:
    """Return CSS for Pygments' classes; night-mode rules come last so they win."""
    # types-Pygments leaves get_style_defs unannotated.
    light = HtmlFormatter(style=LIGHT_STYLE).get_style_defs(".ankismith .highlight")  # type: ignore[no-untyped-call]
    night = HtmlFormatter(style=NIGHT_STYLE).get_style_defs(  # type: ignore[no-untyped-call]
        [f"{scope} .ankismith .highlight" for scope in _NIGHT_SCOPES]
    )
    return f"/* Code: Pygments '{LIGHT_STYLE}', night mode '{NIGHT_STYLE}'. */\n{light}\n{night}\n"


def notetype_css(overrides: Mapping[str, str]) -> str:
    """Return the stylesheet every note type carries: ``style.css`` (or its override), then code."""
    return (overrides.get("style.css") or template_text("style.css")) + "\n" + highlight_css()
