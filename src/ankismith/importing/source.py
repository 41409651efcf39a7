"""What ``ankismith import`` reads: an Anki package or a CrowdAnki folder, as one value."""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from ankismith.apkg.contents import PackageInfo


class Source(msgspec.Struct, frozen=True):
    """A deck to import: the package's contents, and for CrowdAnki the note types' uuids."""

    info: PackageInfo
    """Notes, note types, decks and media bytes."""
    uuids: Mapping[int, str] = msgspec.field(default_factory=dict)
    """CrowdAnki note type uuid by the id it was given here; empty for an Anki package."""
