"""Find what could run in HTML a card shows: scripts, event handlers, ``javascript:`` URLs.

Fields never hold any of these (the output sanitiser removes them). Templates may hold only
the scripts our own note types ship; ``verify`` holds what Anki renders to the same rule.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser

from ankismith.notetypes.builtin import NOTE_TYPES, template_text

_SCRIPT_BODY = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.S | re.I)
_BLANKS = re.compile(r"[\x00-\x20\x7f]+")
_SCRIPT_URL = re.compile(r"^(?:javascript|vbscript|livescript):", re.I)


@cache
def shipped_scripts() -> frozenset[str]:
    """Return the text of every ``<script>`` in our own templates: the only scripts allowed."""
    names = {n for t in NOTE_TYPES.values() for tpl in t.templates for n in (tpl.front, tpl.back)}
    return frozenset(
        body.strip() for name in sorted(names) for body in _SCRIPT_BODY.findall(template_text(name))
    )


class _Finder(HTMLParser):
    """Walks HTML, noting each active part with the line it is on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._script: list[str] | None = None
        self._script_line = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag == "script":
            self._script, self._script_line = [], line
            if any(name == "src" for name, _ in attrs):
                self.found.append((line, "a <script> that loads code from a file or the network"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, f"event handler '{name}' on <{tag}>"))
            elif value and _SCRIPT_URL.match(_BLANKS.sub("", value)):
                self.found.append((line, f"'{value[:40]}' in {name} of <{tag}>"))

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            if "".join(self._script).strip() not in shipped_scripts():
                self.found.append((self._script_line, "a <script> that ankismith did not write"))
            self._script = None


def active_content(html: str) -> list[tuple[int, str]]:
    """Return (line, what) for every script, handler or script URL that could run in ``html``.

    The scripts our own templates ship are not counted.
    """
    finder = _Finder()
    finder.feed(html)
    finder.close()
    if finder._script is not None:
        finder.found.append((finder._script_line, "a <script> that is never closed"))
    return finder.found
