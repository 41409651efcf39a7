"""Where a value sits in a YAML file: the line of a key or item, from PyYAML's node marks."""

from __future__ import annotations

from collections.abc import Sequence

import yaml


def compose(text: str) -> yaml.Node | None:
    """Return the node tree of YAML text, or None when PyYAML cannot compose it.

    The caller has already loaded the text (so it is valid YAML, with no aliases); this second
    pass keeps what loading drops: where each key and value starts.
    """
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return None


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """Return the (key or item, value) nodes of ``part`` under ``node``, or None."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return key, value
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item: yaml.Node = node.value[part]
        return item, item
    return None


def line_of(root: yaml.Node | None, path: Sequence[str | int]) -> int:
    """Return the 1-based line of the key (or list item) at ``path``; its nearest parent's if gone.

    A key's line, not its value's: ``checks:`` on one line and its settings below it are found
    at ``checks:``. The empty path, and a file that does not compose, give line 1.
    """
    line, node = 1, root
    for part in path:
        found = _child(node, part) if node is not None else None
        if found is None:
            break
        key, node = found
        line = key.start_mark.line + 1
    return line
