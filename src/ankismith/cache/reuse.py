"""What one build leaves the next, as one value: ``Reuse``, loaded and saved whole.

It is loaded from the cache folder as a build starts and saved to it as the build ends.
Each part is a result a stage would derive again, kept under a key (or a stamp) that covers
everything it depends on, so a stage given it returns what it would return without it, faster.
The loaders and savers are imported when used: a build with nothing changed needs none of them.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import msgspec
import msgspec.structs

if TYPE_CHECKING:
    from ankismith.apkg.layout import Layout
    from ankismith.cache.keys import CardKeys
    from ankismith.cache.log import Planned
    from ankismith.check.questions import NearIndex
    from ankismith.parse.reuse import FileParse
    from ankismith.render.rendered import CardRender


class Reuse(msgspec.Struct, frozen=True):
    """What a build may reuse from the last one, or keeps for the next: all of it optional."""

    renders: Mapping[str, CardRender] = msgspec.field(default_factory=dict)
    """Each card's rendering (and the deck description's), by render/digests.py's key."""
    parses: Mapping[str, FileParse] = msgspec.field(default_factory=dict)
    """Each file's cards and findings, by parse/reuse.py's file key."""
    keys: Mapping[str, CardKeys] = msgspec.field(default_factory=dict)
    """Each file's cards' keys, by the same file key."""
    near: NearIndex | None = None
    """The near-duplicate index (check/questions.py)."""
    namespace: str = ""
    """The deck namespace ``guids`` were derived in."""
    guids: Mapping[str, str] = msgspec.field(default_factory=dict)
    """Each note's GUID, by card id."""
    chunks: Mapping[bytes, bytes] = msgspec.field(default_factory=dict)
    """The collection's compressed chunks, by key (apkg/deflate.py)."""
    layouts: Mapping[str, Layout] = msgspec.field(default_factory=dict)
    """The collection's layout genanki made (apkg/layout.py), by key: the last build's."""

    def guids_in(self, namespace: str) -> Mapping[str, str]:
        """Return the GUIDs derived in ``namespace``: none, when they were derived in another."""
        return self.guids if namespace == self.namespace else {}


def load_reuse(root: Path, *, package: bool = True, renders: bool = True) -> Reuse:
    """Return what the last build left in the cache folder ``root``; an unusable part is empty.

    Without ``package``, what only packaging reuses (GUIDs, compressed chunks) is not read;
    without ``renders``, the renderings are not (cache/renders.py, ``later_renders``).
    """
    from ankismith.cache.folder import code_version
    from ankismith.cache.keys import load_keys
    from ankismith.cache.near import load_near
    from ankismith.cache.parses import load_parses
    from ankismith.cache.renders import load_renders

    stamp = code_version()
    # The caches are a million objects that live as long as the build: no garbage collection
    # runs while they are read, nor walks them after (that was a quarter of a rebuild's time).
    gc.disable()
    try:
        reuse = Reuse(
            renders=load_renders(root) if renders else {},
            parses=load_parses(root, stamp),
            keys=load_keys(root, stamp),
            near=load_near(root, stamp),
        )
        return with_package(root, reuse) if package else reuse
    finally:
        gc.freeze()
        gc.enable()


def with_package(root: Path, reuse: Reuse) -> Reuse:
    """Return ``reuse`` with what packaging reuses (GUIDs, chunks, layouts) read from ``root``.

    A build reads them once its deck is rendered and the files' text let go: at 100,000 cards
    they are some 50 MiB, which were held through the checks and the render before.
    """
    from ankismith.cache.folder import code_version
    from ankismith.cache.package import load_chunks, load_guids, load_layouts

    stamp = code_version()
    namespace, guids = load_guids(root, stamp)
    chunks, layouts = load_chunks(root), load_layouts(root, stamp)
    return msgspec.structs.replace(
        reuse, namespace=namespace, guids=guids, chunks=chunks, layouts=layouts
    )


class Aside(NamedTuple):
    """What saving the parse and key caches will write, planned before packaging."""

    parses: Planned
    keys: Planned
    near: NearIndex | None
    """The near-duplicate index to save; None when it is the one loaded (saved already)."""

    def drop(self) -> None:
        """Remove the files set aside already written: the build stopped before its package."""
        from ankismith.cache.log import drop_log

        drop_log(self.parses)
        drop_log(self.keys)


def set_aside(kept: Reuse, loaded: Reuse, root: Path | None = None) -> tuple[Aside, Reuse, Reuse]:
    """Plan now what the parse and key caches gain; return it, ``kept`` and ``loaded``.

    Those two are returned without the cards, keys and near-duplicate index the plan no longer
    needs. A rebuild appends a few lines to those caches: encoded now, every card's parse and keys
    (some 170 MiB at 100,000 cards) need not be held while the deck is packaged. A file to be
    written anew (a cold build) is written now, line by line, beside its place in the cache
    folder ``root``, and renamed there by ``save_reuse`` (``Aside.drop`` removes it should the
    build stop first); without ``root``, the plan keeps its entries to write them then.
    """
    from ankismith.cache import keys, parses
    from ankismith.cache.folder import code_version
    from ankismith.cache.keys import KEYS_LOG
    from ankismith.cache.log import plan_log, stage_log
    from ankismith.cache.parses import PARSE_LOG

    aside = Aside(
        plan_log(kept.parses, loaded.parses, parses.encode),
        plan_log(kept.keys, loaded.keys, keys.encode),
        None if kept.near is loaded.near else kept.near,
    )
    if root is not None:
        stamp = code_version()
        staged = stage_log(root / PARSE_LOG, stamp, aside.parses)
        aside = aside._replace(parses=staged, keys=stage_log(root / KEYS_LOG, stamp, aside.keys))
    kept = msgspec.structs.replace(kept, parses={}, keys={}, near=None)
    return aside, kept, msgspec.structs.replace(loaded, parses={}, keys={}, near=None)


def save_reuse(root: Path, kept: Reuse, loaded: Reuse, aside: Aside | None = None) -> None:
    """Save what this build keeps for the next; what it ``loaded`` is not written again.

    ``aside`` is what ``set_aside`` planned for the parse and key caches, if it was called.
    A file that cannot be written is skipped: the cache can only cost time.
    """
    from ankismith.cache.folder import code_version
    from ankismith.cache.keys import KEYS_LOG
    from ankismith.cache.log import write_log
    from ankismith.cache.near import save_near
    from ankismith.cache.package import save_chunks, save_guids, save_layouts
    from ankismith.cache.parses import PARSE_LOG
    from ankismith.cache.renders import save_renders

    stamp = code_version()
    if aside is None:
        aside, kept, loaded = set_aside(kept, loaded)
    save_renders(root, kept.renders, loaded.renders)
    write_log(root / PARSE_LOG, stamp, aside.parses)
    if aside.near is not None:
        save_near(root, stamp, aside.near)
    write_log(root / KEYS_LOG, stamp, aside.keys)
    save_chunks(root, kept.chunks)
    save_guids(root, stamp, kept.namespace, kept.guids)
    if kept.layouts and kept.layouts != loaded.layouts:  # none when nothing was packaged
        save_layouts(root, stamp, kept.layouts)
