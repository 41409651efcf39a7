"""The render cache (``render.log``): each card's rendering, kept under the renderer's version.

The key of an entry (render/digests.py) covers every input of ``render_one``, and the file is
kept under ``renderer_version``, so a cached rendering is always the one rendering would give.
A missing, unreadable, corrupt or outdated file is simply empty: it can only save work.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson

import ankismith
from ankismith import __version__, content, render, sanitize
from ankismith.cache.folder import RENDERERS, library_version
from ankismith.cache.log import LogIndex, Saved, load_log, save_log
from ankismith.findings import Finding
from ankismith.render.rendered import UNPLACED, CardRender

RENDER_LOG = "render.log"
"""The render cache's file in the cache folder."""
FORMAT = 6
"""Layout of a cache entry; a new layout makes every older cache file count as empty."""


@functools.cache
def renderer_version() -> str:
    """Return a string that changes whenever rendering could give other HTML or cache entries.

    It covers the versions of ankismith and of every renderer library, the extension settings,
    and the source of every module a rendering can depend on: all of ``render/``,
    ``sanitize/`` and ``content/`` (media names and sound labels), and the shared ``text.py``
    and ``limits.py`` (so an edit to any of them counts between releases).
    """
    # The renderer and sanitiser themselves only here: reading the cache needs neither.
    from ankismith.render.fields import EXTENSION_CONFIGS, EXTENSIONS
    from ankismith.sanitize import policy

    parts = [__version__, *(library_version(p) for p in RENDERERS)]
    folders = [Path(package.__file__ or "").parent for package in (render, sanitize, content)]
    sources = [f for folder in folders for f in sorted(folder.glob("*.py"))]
    sources += [Path(ankismith.__file__ or "").parent / name for name in ("text.py", "limits.py")]
    parts += [f"{path.name}\n{path.read_text(encoding='utf-8')}" for path in sources]
    parts.append(f"cache format {FORMAT}")
    parts.append(json.dumps([EXTENSIONS, EXTENSION_CONFIGS], sort_keys=True))
    parts.append(json.dumps(policy.describe(), sort_keys=True))  # the allowlist shapes output
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _strings(value: object, size: int | None = None) -> tuple[str, ...]:
    """Return ``value`` as a tuple of strings, or raise TypeError when it is not one."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("not a list of strings")
    if size is not None and len(value) != size:
        raise TypeError(f"not {size} strings")
    return tuple(value)


_STR = frozenset({str})


def _entry(value: object) -> CardRender:
    """Return one cache entry, checked to the last string: a bad entry raises TypeError."""
    if not isinstance(value, list) or len(value) != 3:
        raise TypeError("not an entry")
    fields, problems, used = value
    if not isinstance(problems, list) or not isinstance(used, list):
        raise TypeError("not an entry")
    if not problems and not used and isinstance(fields, list) and set(map(type, fields)) <= _STR:
        return CardRender(tuple(fields))  # most cards: fields and nothing else
    found = tuple(
        Finding(UNPLACED, message, code, subject=subject)
        for subject, code, message in (_strings(p, 3) for p in problems)
    )
    media = tuple((name, path) for name, path in (_strings(u, 2) for u in used))
    return CardRender(_strings(fields), found, media)


def load_renders(root: Path) -> Saved[CardRender]:
    """Return the renderings the current renderer cached in the folder ``root``, or nothing.

    A file that is not exactly what ``save_renders`` writes (an entry of the wrong shape
    included) counts as empty: it can only cost time, never fail a build.
    """
    # Keys interned: render/deck.py interns the keys it looks up, which are then these strings.
    return load_log(root / RENDER_LOG, renderer_version(), _entry, key=sys.intern)


def find_renders(root: Path, version: str | None = None) -> Mapping[str, CardRender]:
    """Return the renderings cached in the folder ``root``, each read when asked for.

    As ``load_renders`` gives them, for a reader that needs a few (``cache/log.py``'s
    ``LogIndex``): an entry of the wrong shape is missing. ``version`` is
    ``renderer_version()``, when known: it is a function of ankismith's code and its
    libraries' versions alone (``cache.folder.code_version``), and a preview keeps it under
    that, not reading the renderer's sources again.
    """
    return LogIndex(root / RENDER_LOG, version or renderer_version(), _entry)


def _encode(render: CardRender) -> list[Any]:
    return [render.fields, [[p.subject, p.code, p.message] for p in render.problems], render.used]


def save_renders(
    root: Path, entries: Mapping[str, CardRender], saved: Mapping[str, CardRender]
) -> None:
    """Save the entries this build used (stale ones are dropped in time; see cache/log.py).

    ``saved`` is what ``load_renders`` read, whose entries need not be written again.
    """
    save_log(root / RENDER_LOG, renderer_version(), entries, saved, _encode)


_CLEAN_END = b",[],[]]]"
"""How an entry's line ends when its rendering has no problem and bundles no media."""


class LaterRenders:
    """The render cache, decoded only when rendering starts; what it holds known before.

    ``clean`` holds the keys of the renderings that have no problem and bundle no media, read
    from the file without decoding it: a build lets go of the text of every file whose cards
    are all among them (the text only places problems on their lines) before it decodes the
    cache, so the two are never held together (at 100,000 cards, 85 and 140 MiB).
    """

    def __init__(self, root: Path, clean: frozenset[str]) -> None:
        self.root = root
        self.clean = clean
        self._loaded: Saved[CardRender] | None = None

    def load(self) -> Saved[CardRender]:
        """Return the cache, decoded the first time only."""
        if self._loaded is None:
            import gc

            gc.disable()  # as load_reuse does: no collection walks what is being decoded
            try:
                self._loaded = load_renders(self.root)
            finally:
                gc.freeze()
                gc.enable()
        return self._loaded


def later_renders(root: Path) -> LaterRenders | None:
    """Return the render cache of ``root`` to decode later; None when it is not usable.

    The lines are only looked at: their keys, and whether each ends as one without problems
    or media does. Decoding may still find the file damaged (then it is empty).
    """
    import mmap

    clean: set[str] = set()
    try:
        with (
            open(root / RENDER_LOG, "rb") as log,
            mmap.mmap(log.fileno(), 0, access=mmap.ACCESS_READ) as text,
        ):
            head = text.find(b"\n")
            if head < 0 or orjson.loads(text[:head]) != {"stamp": renderer_version()}:
                return None
            start = head + 1
            while (stop := text.find(b",\n", start)) >= 0:
                if text[start : start + 2] != b'["':
                    return None
                if text[stop - len(_CLEAN_END) : stop] == _CLEAN_END:
                    clean.add(text[start + 2 : text.find(b'"', start + 2)].decode())
                start = stop + 2
    except (OSError, ValueError):
        return None
    return LaterRenders(root, frozenset(clean))
