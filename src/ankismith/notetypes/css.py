"""The note types' stylesheet: ours (or the author's override) plus the code highlighting styles."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from ankismith.notetypes.builtin import template_text
from ankismith.notetypes.contrast import parse_hex, readable, to_hex
from ankismith.notetypes.labels import Labels, deck_labels, fill

LIGHT_STYLE = "friendly"
NIGHT_STYLE = "github-dark"
# The night rules apply whether the class is on `.card` itself or on an element around it.
_NIGHT_SCOPES = (".nightMode", ".night_mode")
CODE_BACKGROUNDS = {"light": "#f6f8fa", "night": "#262a31"}
"""``--code-bg`` of style.css in each mode: the colour code tokens are read against."""

_RULE = re.compile(r"^(?P<selector>[^{]*\.highlight[^{]*)\{(?P<body>[^}]*)\}", re.M)
_COLOUR = re.compile(r"(?<![-\w])color: (#[0-9A-Fa-f]{3,6})")
_BACKGROUND = re.compile(r"(?<![-\w])background(?:-color)?: (#[0-9A-Fa-f]{3,6})")


def _readable_rules(css: str, code_background: str) -> str:
    """Return Pygments CSS with every token colour nudged to WCAG AA contrast.

    The style's own block background is dropped: code sits on ``--code-bg`` of style.css in both
    modes. A token with a background of its own is read against that, any other against ours.
    """
    ours = (parse_hex(code_background),)

    def fix(rule: re.Match[str]) -> str:
        body = rule["body"]
        own = _BACKGROUND.search(body)
        if _is_block(rule["selector"]):
            body, own = _BACKGROUND.sub("background: transparent", body), None
        behind = (parse_hex(own[1]),) if own else ours
        body = _COLOUR.sub(lambda m: f"color: {to_hex(readable(parse_hex(m[1]), behind))}", body)
        return f"{rule['selector']}{{{body}}}"

    return _RULE.sub(fix, css)


def _is_block(selector: str) -> bool:
    """Tell whether a Pygments rule styles the code block itself rather than one token kind."""
    return selector.strip().endswith(".highlight")


SHIPPED = "highlight.css"
"""``highlight_css`` as made with one version of Pygments, shipped beside this module."""


@cache
def highlight_css() -> str:
    """Return CSS for Pygments' classes; night-mode rules come last so they win.

    With the version of Pygments ``highlight.css`` was made with (its first line), that file:
    importing Pygments' formatter and working out the colours take 7 ms of each rebuild.
    ``tests/unit/notetypes/test_css.py`` holds the file to what this makes.
    """
    import pygments

    try:
        made, _, css = Path(__file__).with_name(SHIPPED).read_text(encoding="utf-8").partition("\n")
    except OSError:
        made = css = ""
    if made == made_with(pygments.__version__):
        return css
    return make_highlight_css()


def made_with(version: str) -> str:
    """Return the first line of ``highlight.css``: which version of Pygments made it."""
    return f"/* made with Pygments {version} by ankismith.notetypes.css; not used with others */"


def make_highlight_css() -> str:
    """Return CSS for Pygments' classes, made with the Pygments installed."""
    from pygments.formatters import HtmlFormatter  # only a build that packages needs it

    # types-Pygments leaves get_style_defs unannotated.
    light = HtmlFormatter(style=LIGHT_STYLE).get_style_defs(".ankismith .highlight")  # type: ignore[no-untyped-call]
    night = HtmlFormatter(style=NIGHT_STYLE).get_style_defs(  # type: ignore[no-untyped-call]
        [f"{scope} .ankismith .highlight" for scope in _NIGHT_SCOPES]
    )
    light = _readable_rules(light, CODE_BACKGROUNDS["light"])
    night = _readable_rules(night, CODE_BACKGROUNDS["night"])
    return (
        f"/* Code: Pygments '{LIGHT_STYLE}', night mode '{NIGHT_STYLE}', "
        "token colours adjusted to 4.5:1 contrast. */\n"
        f"{light}\n{night}\n"
    )


def notetype_css(
    overrides: Mapping[str, str], labels: Labels | None = None, *, code: bool = True
) -> str:
    """Return our note types' stylesheet: ``style.css`` (or its override), labels, code.

    The label styles (``labels.css``) hold the texts CSS shows, in the deck's language.
    Without ``code``, the code highlighting styles are left out (no Pygments): for a caller
    that uses the note types' templates only.
    """
    style = (overrides.get("style.css") or template_text("style.css")) + "\n"
    style += template_text("labels.css")
    return (
        fill(style, labels or deck_labels("", {}), css=True)
        + "\n"
        + (highlight_css() if code else "")
    )


if __name__ == "__main__":  # python -m ankismith.notetypes.css: make highlight.css anew
    import pygments

    path = Path(__file__).with_name(SHIPPED)
    path.write_text(f"{made_with(pygments.__version__)}\n{make_highlight_css()}", encoding="utf-8")
