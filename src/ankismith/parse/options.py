"""Settings declared once: fields of a frozen dataclass that say how their YAML key is read.

Each field of a settings dataclass is a key's whole declaration, as in mkdocs'
``config/defaults.py``: its type, its default, its docstring and, in its ``metadata``, an
``Option``: the key's name in the file, the reader that turns the YAML value into the field's
value (reporting what is wrong as findings) and the JSON Schema of the value. ``read_options``
reads a YAML mapping by walking those fields; ``schema/`` writes the JSON Schema from them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import MISSING, Field, fields
from typing import Any

import msgspec

from ankismith.findings import Finding
from ankismith.model import Location
from ankismith.parse.frontmatter import unknown_key


class Absent(enum.Enum):
    """The value a reader is given for a key the file leaves out."""

    ABSENT = "absent"


ABSENT = Absent.ABSENT
"""A key left out of the file (``key:`` with nothing after it is ``None``, not this)."""


class Reading(msgspec.Struct, frozen=True):
    """What a reader may look at besides its own value: the file, and the keys read before it."""

    path: str
    """Display path of the file, for findings."""
    lines: tuple[str, ...]
    """The file's text, by line."""
    data: Mapping[str, object]
    """The whole YAML mapping, as loaded."""
    values: Mapping[str, Any]
    """Values of the fields read so far, by field name (fields are read in declared order)."""

    def line(self, key: str, below: int = 0) -> int:
        """Return the first line starting ``key:`` past line ``below``, else ``below`` or 1."""
        numbered = enumerate(self.lines[below:], below + 1)
        return next((i for i, ln in numbered if ln.strip().startswith(f"{key}:")), below or 1)

    def at(self, key: str, below: int = 0) -> Location:
        """Return the place of ``key`` (after line ``below``), for a finding."""
        return Location(self.path, self.line(key, below))


Reader = Callable[[Any, Reading], tuple[Any, list[Finding]]]
"""Turns a key's YAML value into its field's value, with the problems found (a value even then).

It is given ``ABSENT`` for a key left out when its field has no default. It returns ``ABSENT``
as the value when there is none to give, which makes the whole file unusable.
"""


class Option(msgspec.Struct, frozen=True):
    """How one key is read from the file and described in its JSON Schema."""

    key: str
    """The key in the file (the field's name may differ: ``id`` fills ``namespace``)."""
    read: Reader
    """Turns the YAML value into the field's value, collecting problems."""
    schema: Mapping[str, object]
    """JSON Schema of the value, without its description (the field's docstring gives it)."""
    required: bool = False
    """True when the file must have the key."""


OPTION = "option"
"""The key of a field's ``metadata`` that holds its ``Option``."""


def option(
    key: str, read: Reader, schema: Mapping[str, object], *, required: bool = False
) -> dict[str, Option]:
    """Return the ``metadata`` of a field read from ``key``: ``field(metadata=option(...))``."""
    return {OPTION: Option(key, read, schema, required)}


def options(cls: type) -> list[tuple[Field[Any], Option]]:
    """Return the fields of dataclass ``cls`` read from the file, with their options, in order."""
    return [(f, f.metadata[OPTION]) for f in fields(cls) if OPTION in f.metadata]


def read_options(cls: type, reading: Reading) -> tuple[dict[str, Any] | None, list[Finding]]:
    """Read each declared key of ``cls`` from ``reading.data``: field values (or None), problems.

    Unknown keys come first, then each field's problems in declared order. A key left out
    takes its field's default; a field without one asks its reader (``ABSENT``). A reader with
    no value to give (a required key missing) ends the reading: there are no settings.
    """
    declared = options(cls)
    known = [opt.key for _, opt in declared]
    found = [
        Finding(reading.at(key), unknown_key(key, known), "unknown-key")
        for key in reading.data
        if key not in known
    ]
    values: dict[str, Any] = {}
    for spec, opt in declared:
        given = reading.data.get(opt.key, ABSENT)
        if given is ABSENT and spec.default is not MISSING:
            values[spec.name] = spec.default
            continue
        value, problems = opt.read(
            given, Reading(reading.path, reading.lines, reading.data, dict(values))
        )
        found += problems
        if value is ABSENT:
            return None, found
        values[spec.name] = value
    return values, found
