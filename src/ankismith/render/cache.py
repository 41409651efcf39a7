"""The render cache: what keys a card's rendering, and the JSON file beside the output.

The key covers every input of ``render_one`` (card text, file, kind, media names and the
renderer's own versions), so a cached rendering is always the one rendering would give. A
missing, unreadable, corrupt or outdated cache file is simply empty: it can only save work.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path, PurePosixPath
from typing import Any

from ankismith import __version__
from ankismith.findings import Finding
from ankismith.model import Card
from ankismith.render import fields, inline, lists
from ankismith.render.fields import EXTENSION_CONFIGS, EXTENSIONS, UNPLACED, CardRender
from ankismith.render.log import Saved, load_log, save_log
from ankismith.render.store import RENDERERS, cache_root
from ankismith.sanitize import clean, mathjax, policy, raw

FORMAT = 6
"""Layout of a cache entry; a new layout makes every older cache file count as empty."""


def renderer_version() -> str:
    """Return a string that changes whenever rendering could give other HTML or cache entries.

    It covers the versions of ankismith and of every renderer library, the extension settings,
    and the source of our own rendering modules (so an edit to them counts between releases).
    """
    parts = [__version__, *(version(p) for p in RENDERERS)]
    parts += [
        Path(module.__file__ or "").read_text(encoding="utf-8")
        for module in (fields, inline, lists, clean, mathjax, raw)
    ]
    parts.append(f"cache format {FORMAT}")
    parts.append(json.dumps([EXTENSIONS, EXTENSION_CONFIGS], sort_keys=True))
    parts.append(json.dumps(policy.describe(), sort_keys=True))  # the allowlist shapes output
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def media_signature(names: Mapping[PurePosixPath, str], outside: frozenset[PurePosixPath]) -> str:
    """Return a digest of the media a reference could resolve to."""
    listing = sorted((str(p), n) for p, n in names.items()) + sorted(("!", str(p)) for p in outside)
    return hashlib.sha256(json.dumps(listing).encode()).hexdigest()


def content_key(card: Card) -> str:
    """Return a digest of everything of the card that shapes its rendering."""
    parts = [
        card.type_key,
        card.card_id,
        card.source,
        card.question,
        card.answer,
        card.explanation,
        card.hint,
        str(card.shuffle),
        *(f"{c.correct}:{c.text}" for c in card.choices),
        *(f"{name}:{text}" for name, text in card.fields),
    ]
    return hashlib.sha256("\x1f".join(parts).encode(errors="surrogatepass")).hexdigest()


def cache_key(content: str, media: str) -> str:
    """Return the key of a card's rendering: its ``content_key``, then ``media_signature``'s."""
    return f"{content}:{media[:32]}"


def description_key(text: str, media: str) -> str:
    """Return the key of the deck description's rendering.

    A YAML escape can give the description lone surrogates: they are hashed as they are.
    """
    return hashlib.sha256(f"{text}\x1f{media}".encode(errors="surrogatepass")).hexdigest()


def cache_file(output_dir: Path, environ: Mapping[str, str] | None = None) -> Path:
    """Return where the render cache for packages written to ``output_dir`` lives."""
    return cache_root(output_dir, environ or {}) / "render.log"


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


def load_cache(path: Path, version: str) -> Saved[CardRender]:
    """Return the cached renderings made by renderer ``version``, or nothing.

    A file that is not exactly what ``save_cache`` writes (an entry of the wrong shape included)
    counts as empty: it can only cost time, never fail a build.
    """
    return load_log(path, version, _entry)


def _encode(render: CardRender) -> list[Any]:
    return [render.fields, [[p.subject, p.code, p.message] for p in render.problems], render.used]


def save_cache(
    path: Path,
    version: str,
    entries: Mapping[str, CardRender],
    saved: Saved[CardRender] | None = None,
) -> None:
    """Save the entries the last build used (stale ones are dropped in time; see render/log.py).

    ``saved`` is what ``load_cache`` read, whose entries need not be written again.
    """
    save_log(path, version, entries, saved if saved is not None else Saved(), _encode)
