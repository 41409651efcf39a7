"""The build cache folder: where it lives, and the files a rebuild reuses.

By default ``.ankismith-cache/`` beside the package; ``ANKISMITH_CACHE_DIR`` moves it (a CI
job restores and saves that folder). It holds:

- ``render.log``: each card's rendered fields (render/cache.py);
- ``parse.log``: each file's cards and findings, by file content (parse/cache.py);
- ``near.json``: the near-duplicate index (check/questions.py);
- ``keys.log``: each file's cards' question and content keys (render/keys.py);
- ``guids.json``: the GUIDs derived for the deck's notes (apkg/collection.py);
- ``deflate.bin``: the collection's compressed chunks (apkg/deflate.py);
- ``check.json``: what the last build found, so ``check`` of the same inputs reports it at once;
- ``build.json``: what the last build read and wrote, so a build with nothing changed only
  checks that the package is still there.

Every file is read as the build starts and written as it ends. A missing, unreadable, corrupt
or outdated file counts as empty, and one that cannot be written is skipped: the cache can only
save time, never change a byte of the package.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import struct
from collections.abc import Mapping, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ankismith import __version__
from ankismith.atomic import write_atomic
from ankismith.content.read import Content
from ankismith.errors import BuildError
from ankismith.findings import Finding
from ankismith.model import BuildReport
from ankismith.render.log import Saved, load_log, save_log

if TYPE_CHECKING:  # parsing and checking are imported only when a cache is read or written
    from ankismith.check.questions import NearIndex
    from ankismith.parse.cache import FileParse

CACHE_DIR = ".ankismith-cache"
ENVIRONMENT = "ANKISMITH_CACHE_DIR"
"""Environment variable naming another cache folder."""
RENDERERS = (
    "markdown",
    "pymdown-extensions",
    "pygments",
    "mdx-truly-sane-lists",
    "mdx-breakless-lists",
    "nh3",
)
"""The distributions whose code turns Markdown into field HTML."""
LIBRARIES = ("genanki", *RENDERERS, "python-slugify", "langcodes")
"""The distributions whose code shapes the package."""
_MAGIC = b"ankismith deflate 2\n"


def cache_root(output_dir: Path, environ: Mapping[str, str]) -> Path:
    """Return the cache folder for packages written to ``output_dir``."""
    return Path(environ[ENVIRONMENT]) if environ.get(ENVIRONMENT) else output_dir / CACHE_DIR


@functools.cache
def code_version() -> str:
    """Return a digest of ankismith's own files and its libraries' versions."""
    digest = hashlib.sha256(f"{__version__}\n".encode())
    for name in LIBRARIES:
        digest.update(f"{name} {version(name)}\n".encode())
    package = Path(__file__).parent.parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".html", ".css") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def read_json(path: Path, stamp: str) -> Any:
    """Return the document saved under ``stamp``, or None."""
    try:
        document = orjson.loads(path.read_bytes())
        return document["data"] if document.get("stamp") == stamp else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_json(path: Path, stamp: str, data: Any) -> None:
    """Save ``data`` under ``stamp``; failures are ignored."""
    try:
        write_atomic(path, orjson.dumps({"stamp": stamp, "data": data}), durable=False)
    except (BuildError, TypeError, ValueError):
        return


def load_parses(root: Path, stamp: str) -> Saved[FileParse]:
    """Return the parse results saved by the last build."""
    from ankismith.parse.cache import decode

    return load_log(root / "parse.log", stamp, decode)


def save_parses(
    root: Path, stamp: str, parses: Mapping[str, FileParse], saved: Saved[FileParse]
) -> None:
    """Save this build's parse results (those read from the cache are not written again)."""
    from ankismith.parse.cache import encode

    save_log(root / "parse.log", stamp, parses, saved, encode)


def load_near(root: Path, stamp: str) -> NearIndex | None:
    """Return the near-duplicate index saved by the last build."""
    from ankismith.check.questions import NearIndex

    data = read_json(root / "near.json", stamp)
    try:
        threshold, digests, pairs, sources, similarities = data
        return NearIndex(
            float(threshold),
            tuple(map(str, digests)),
            tuple((int(i), int(j)) for i, j in pairs),
            tuple(map(str, sources)),
            tuple(map(float, similarities)),
        )
    except (ValueError, TypeError):
        return None


def save_near(root: Path, stamp: str, index: NearIndex) -> None:
    """Save this build's near-duplicate index."""
    write_json(
        root / "near.json",
        stamp,
        [index.threshold, index.digests, index.pairs, index.sources, index.similarities],
    )


def load_guids(root: Path, stamp: str, namespace: str) -> dict[str, str]:
    """Return the GUIDs the last build derived for notes of ``namespace``, by card id."""
    data = read_json(root / "guids.json", stamp)
    try:
        saved, guids = data
        if saved != namespace or not isinstance(guids, dict):
            return {}
        if not all(type(k) is str is type(v) for k, v in guids.items()):
            return {}
        return guids
    except (ValueError, TypeError):
        return {}


def save_guids(root: Path, stamp: str, namespace: str, guids: Mapping[str, str]) -> None:
    """Save the GUIDs this build derived for notes of ``namespace``."""
    write_json(root / "guids.json", stamp, [namespace, guids])


def load_chunks(root: Path) -> dict[bytes, bytes]:
    """Return the compressed chunks saved by the last build."""
    try:
        data = (root / "deflate.bin").read_bytes()
    except OSError:
        return {}
    chunks: dict[bytes, bytes] = {}
    if not data.startswith(_MAGIC):
        return {}
    at = len(_MAGIC)
    while at + 24 <= len(data):
        key, (size,) = data[at : at + 20], struct.unpack(">I", data[at + 20 : at + 24])
        if at + 24 + size > len(data):
            return {}
        chunks[key] = data[at + 24 : at + 24 + size]
        at += 24 + size
    return chunks if at == len(data) else {}


def save_chunks(root: Path, chunks: Mapping[bytes, bytes]) -> None:
    """Save the chunks this build's package used."""
    parts = [_MAGIC]
    for key, data in sorted(chunks.items()):
        parts += [key, struct.pack(">I", len(data)), data]
    try:
        write_atomic(root / "deflate.bin", b"".join(parts), durable=False)
    except BuildError:
        return


def build_digest(content: Content, *parts: object) -> str:
    """Return a digest of everything a build reads: the content, ``parts``, ankismith's code."""
    digest = hashlib.sha256(code_version().encode())
    # Findings by place and rule: a message may hold a suggestion drawn anew on every run.
    errors = [(f.location, f.code) for f in content.errors]
    for part in (
        *parts,
        content.root,
        content.settings,
        content.templates,
        content.notetypes,
        errors,
    ):
        digest.update(repr(part).encode() + b"\0")
    for source in content.sources:
        digest.update(f"{source.path}\0{source.relpath}\0{len(source.text)}\0".encode())
        digest.update(source.text.encode())
        digest.update(b"\0")
    for path in sorted(content.media):
        digest.update(f"{path}\0".encode() + hashlib.sha256(content.media[path]).digest())
    digest.update(repr(sorted(content.outside)).encode())
    return digest.hexdigest()


def check_digest(content: Content, fresh: Mapping[str, frozenset[int] | None]) -> str:
    """Return a digest of everything ``check`` reads: the content, its uncommitted lines, code."""
    lines = sorted((p, None if found is None else sorted(found)) for p, found in fresh.items())
    return build_digest(content, "check", lines)


def save_findings(root: Path, digest: str, findings: Sequence[Finding], cards: int) -> None:
    """Record what a build found (classified without ``--strict``), for a check of its inputs."""
    from ankismith.parse.cache import encode

    write_json(root / "check.json", digest, [cards, encode(((), tuple(findings)))])


def load_findings(root: Path, digest: str) -> tuple[tuple[Finding, ...], int] | None:
    """Return the findings and card count a build recorded for these inputs, or None."""
    from ankismith.parse.cache import decode

    data = read_json(root / "check.json", digest)
    try:
        cards, value = data
        _, findings = decode(value)
        return findings, int(cards)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def load_build(root: Path, digest: str) -> BuildReport | None:
    """Return the report of the last build if it read the same inputs and its package is intact."""
    data = read_json(root / "build.json", digest)
    try:
        fields: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k[0] != "_"
        }
        report = BuildReport(**fields)
        package = Path(report.output).read_bytes()
    except (OSError, TypeError, AttributeError):
        return None
    return report if hashlib.sha256(package).hexdigest() == data.get("_sha256") else None


def save_build(root: Path, digest: str, report: BuildReport, package: bytes) -> None:
    """Record this build's inputs, report and package digest."""
    data = {**dataclasses.asdict(report), "_sha256": hashlib.sha256(package).hexdigest()}
    write_json(root / "build.json", digest, data)
