"""YAML settings (front matter, deck.yaml): split off, read as a mapping, keys and tags checked."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from ankismith.findings import Finding
from ankismith.limits import YAML_CHARS
from ankismith.model import Location
from ankismith.text import closest

_FENCE_LINE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


@functools.cache
def _loader() -> Any:
    """Return PyYAML's safe loader, made when first needed (see ``Loader``).

    PyYAML takes 15 ms to import, and a rebuild whose settings did not
    change reads them from the cache folder instead (cache/settings.py).
    """
    import yaml

    class Loader(yaml.SafeLoader):
        """PyYAML's safe loader without aliases, and with every bad value placed on its line.

        An alias repeats a value by reference, so a few hundred bytes can stand for gigabytes
        once printed; settings never need one. A value PyYAML cannot build (``2024-02-30``,
        ``!!int abc``, a ``+25:00`` offset, an integer of thousands of digits) is a YAML error
        at its line.
        """

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                problem = "aliases (*name) are not allowed; write the value out"
                raise yaml.composer.ComposerError(None, None, problem, mark)
            return super().compose_node(parent, index)

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep)
            except (ValueError, OverflowError, TypeError) as exc:
                value = str(node.value)[:40] if isinstance(node.value, str) else node.tag
                problem = f"'{value}' is not a valid value ({str(exc)[:80]})"
                raise yaml.constructor.ConstructorError(
                    None, None, problem, node.start_mark
                ) from None

    return Loader


def split_front_matter(lines: Sequence[str]) -> tuple[list[str] | None, int]:
    """Return the front matter lines (or None) and the index of the first body line.

    Front matter opens with ``---`` on the very first line and closes with ``---`` or ``...``.
    An opening line without a closing one is returned as ``([], -1)`` for the caller to report.
    """
    if not lines or lines[0].rstrip() != "---":
        return None, 0
    for index in range(1, len(lines)):
        if _FENCE_LINE.match(lines[index]):
            return list(lines[1:index]), index + 1
    return [], -1


def load_yaml_mapping(
    text: str, path: str, first_line: int, prefix: str = ""
) -> tuple[dict[str, Any], list[Finding]]:
    """Parse YAML that must be a mapping; ``first_line`` is the line in ``path`` of its line 1.

    ``prefix`` starts every message (``front matter: ``), to say which YAML is meant.
    """
    if len(text) > YAML_CHARS:
        message = f"{prefix}{len(text)} characters of YAML, more than the limit of {YAML_CHARS}"
        return {}, [Finding(Location(path, first_line), message, "invalid-yaml")]
    import yaml

    loader = _loader()
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        # An unclosed bracket is reported at the end of the stream, past the last real line:
        # point at the last line with text instead, which is where the author must look.
        lines = text.split("\n")
        last = max((i for i, ln in enumerate(lines) if ln.strip()), default=0)
        line = first_line + min(mark.line, last) if mark is not None else first_line
        column = mark.column + 1 if mark is not None and mark.line <= last else 0
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0][:200]
        message = f"{prefix}invalid YAML: {reason}"
        return {}, [Finding(Location(path, line, column), message, "invalid-yaml")]
    except RecursionError:  # PyYAML recurses once per level of nested brackets
        message = f"{prefix}invalid YAML: nested too deeply"
        return {}, [Finding(Location(path, first_line), message, "invalid-yaml")]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        message = f"{prefix}expected 'key: value' settings, not a YAML list or text"
        return {}, [Finding(Location(path, first_line), message)]
    return {str(key): value for key, value in data.items()}, []


def unknown_key(key: str, known: Iterable[str]) -> str:
    """Describe an unknown settings key, suggesting the nearest known one."""
    known = sorted(known)
    close = closest(key, known)
    hint = f"did you mean '{close}'?" if close else f"known keys: {', '.join(known)}"
    return f"unknown key '{key}' ({hint})"


def string_list(value: Any, what: str) -> tuple[tuple[str, ...], str | None]:
    """Read a list of strings given as a YAML list or a string separated by spaces or commas.

    ``tags: a, b`` is ``a`` and ``b``, as in card metadata: never the tag ``a,``.
    """
    if value is None:
        return (), None
    if isinstance(value, str):
        return tuple(value.replace(",", " ").split()), None
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return tuple(str(v) for v in value), None
    return (), f"'{what}' must be a list of words, like [lora, peft] or 'lora peft'"


def check_tags(tags: Sequence[str]) -> str | None:
    """Return why these tags are unusable in Anki, or None."""
    for tag in tags:
        if not tag or any(ch.isspace() for ch in tag):
            return f"tag {tag!r} is empty or contains a space; Anki tags are single words"
        if "," in tag:
            return (
                f"tag {tag!r} contains a comma; separate tags with spaces or commas, as in "
                "'tags: [a, b]'"
            )
    return None
