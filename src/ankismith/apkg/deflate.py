"""Deflate in independent chunks, so a rebuild compresses only the chunks that changed.

The collection is cut into ``CHUNK``-byte pieces, each deflated on its own and ended with a
full flush (byte-aligned, no reference to earlier data), then one empty final block: one valid
deflate stream, as parallel gzip tools write. An edit to a few notes changes a few database
pages, so the other chunks' compressed bytes are taken from the previous build. Every build,
cold or warm, cuts and compresses the same way, so the bytes never depend on what was reused.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Mapping

CHUNK = 1 << 16
"""Bytes per independently compressed piece (16 SQLite pages)."""
LEVEL = 6
THREADS_FROM = 8
"""Fewest chunks to compress for which threads pay for themselves."""
_FINAL = b"\x03\x00"
"""An empty final block with fixed codes: ends the stream."""


def chunk_key(piece: bytes | memoryview) -> bytes:
    """Return the key of one piece's compressed bytes."""
    return hashlib.sha256(piece).digest()[:20]  # twice BLAKE2's speed where CPUs have SHA


class ChunkedCompressor:
    """A zipfile compressor object fed whole chunks; records the chunks it used."""

    def __init__(self, previous: Mapping[bytes, bytes]) -> None:
        self.previous = previous
        self.used: dict[bytes, bytes] = {}
        self.pending = b""

    def _pieces(self, pieces: list[memoryview]) -> bytes:
        keys = [chunk_key(piece) for piece in pieces]
        todo = {
            key: piece
            for key, piece in zip(keys, pieces, strict=True)
            if key not in self.used and key not in self.previous
        }
        if len(todo) >= THREADS_FROM:
            # zlib lets go of the interpreter while it compresses: chunks go on every core.
            # As many threads as cores: each thread's allocator keeps its own pool of memory,
            # and more threads than cores compress no faster.
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(min(len(todo), os.cpu_count() or 1)) as pool:
                made = dict(zip(todo, pool.map(_deflate, todo.values()), strict=True))
        else:
            made = {key: _deflate(piece) for key, piece in todo.items()}
        out = []
        for key in keys:
            done = self.used.get(key) or self.previous.get(key) or made[key]
            self.used[key] = done
            out.append(done)
        return b"".join(out)

    def compress(self, data: bytes) -> bytes:
        """Return the compressed bytes of every whole chunk now available."""
        # Views, not copies: the collection is tens of megabytes, and every copy of it is
        # memory the kernel must hand over page by page.
        ready = memoryview(self.pending + data if self.pending else data)
        whole = len(ready) - len(ready) % CHUNK
        self.pending = bytes(ready[whole:])
        return self._pieces([ready[i : i + CHUNK] for i in range(0, whole, CHUNK)])

    def flush(self) -> bytes:
        """Return the last, partial chunk and the end of the stream."""
        tail = self._pieces([memoryview(self.pending)]) if self.pending else b""
        self.pending = b""
        return tail + _FINAL


def _deflate(piece: memoryview) -> bytes:
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(piece) + compressor.flush(zlib.Z_FULL_FLUSH)
