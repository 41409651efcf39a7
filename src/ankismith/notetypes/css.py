"""The note types' stylesheet: ours (or the author's override) plus the code highlighting styles."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from pygments.formatters import HtmlFormatter

from ankismith.notetypes.builtin import template_text
from ankismith.notetypes.labels import Labels, deck_labels, fill

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


def notetype_css(overrides: Mapping[str, str], labels: Labels | None = None) -> str:
    """Return our note types' stylesheet: ``style.css`` (or its override), labels, code.

    The label styles (``labels.css``) hold the texts CSS shows, in the deck's language.
    """
    style = (overrides.get("style.css") or template_text("style.css")) + "\n"
    style += template_text("labels.css")
    return fill(style, labels or deck_labels("", {}), css=True) + "\n" + highlight_css()
