"""BeautifulSoup trees (of markdownify and of Choices lists), whose ``find_parent(name)`` walks up.

markdownify asks every tag it converts whether a ``<pre>`` holds it (``find_parent("pre")``).
BeautifulSoup answers that with its general search: a filter object built and matched against
each ancestor, about a sixth of a field's conversion. Here a question by tag name alone is
answered by comparing the names of the tag's ancestors, the same answer (tests compare the two);
any other question goes to BeautifulSoup's search as before.
"""

from __future__ import annotations

from typing import Any

import bs4
import bs4.element


def _named_parent(element: bs4.element.PageElement, name: str) -> bs4.Tag | None:
    """Return the closest ancestor of ``element`` called ``name``, or None."""
    parent = element.parent
    while parent is not None:
        if parent.name == name:
            return parent
        parent = parent.parent
    return None


class QuickTag(bs4.Tag):
    """A tag whose ``find_parent`` by name alone compares its ancestors' names."""

    def find_parent(self, name: Any = None, attrs: Any = None, **kwargs: Any) -> Any:
        if isinstance(name, str) and not attrs and not kwargs:
            return _named_parent(self, name)
        return super().find_parent(name, attrs, **kwargs)


class QuickSoup(bs4.BeautifulSoup):
    """A document parsed with ``html.parser`` into ``QuickTag`` tags."""

    def __init__(self, html: str) -> None:
        super().__init__(html, "html.parser", element_classes={bs4.Tag: QuickTag})

    def find_parent(self, name: Any = None, attrs: Any = None, **kwargs: Any) -> Any:
        if isinstance(name, str) and not attrs and not kwargs:
            return _named_parent(self, name)
        return super().find_parent(name, attrs, **kwargs)
