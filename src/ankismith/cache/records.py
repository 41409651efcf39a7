"""What a build read, wrote and found, so an unchanged build or check is answered at once.

``build.json`` holds the last build's report and package digest, ``check.json`` what it found.
A record is kept under a digest of everything its command reads, ankismith's code included, so
it is only ever found for the very same inputs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import msgspec
import msgspec.structs

from ankismith.cache.folder import code_version, read_json, write_json
from ankismith.content.read import Content
from ankismith.findings import Finding
from ankismith.model import BuildReport


def text_digest(text: str) -> str:
    """Return the digest of a content file's text, as a build's digest takes it."""
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def build_digest(content: Content, *parts: object, texts: Sequence[str] | None = None) -> str:
    """Return a digest of everything a build reads: the content, ``parts``, ankismith's code.

    Each content file's text is taken by its ``text_digest``: ``texts``, in the files' order,
    when the caller already has them (the preview does), else made here.
    """
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
    if texts is None:
        texts = [text_digest(source.text) for source in content.sources]
    for source, text in zip(content.sources, texts, strict=True):
        digest.update(f"{source.path}\0{source.relpath}\0{len(source.text)}\0{text}\0".encode())
    for path in sorted(content.media):
        digest.update(f"{path}\0".encode() + hashlib.sha256(content.media[path]).digest())
    digest.update(repr(sorted(content.outside)).encode())
    return digest.hexdigest()


def check_digest(
    content: Content,
    fresh: Mapping[str, frozenset[int] | None],
    texts: Sequence[str] | None = None,
) -> str:
    """Return a digest of everything ``check`` reads: the content, its uncommitted lines, code.

    ``texts`` are the files' ``text_digest``, when at hand.
    """
    lines = sorted((p, None if found is None else sorted(found)) for p, found in fresh.items())
    return build_digest(content, "check", lines, texts=texts)


def save_findings(root: Path, digest: str, findings: Sequence[Finding], cards: int) -> None:
    """Record what a build found (classified without ``--strict``), for a check of its inputs."""
    from ankismith.cache.parses import encode

    write_json(root / "check.json", digest, [cards, encode(((), tuple(findings)))])


def load_findings(root: Path, digest: str) -> tuple[tuple[Finding, ...], int] | None:
    """Return the findings and card count a build recorded for these inputs, or None."""
    return _findings(read_json(root / "check.json", digest))


def last_findings(root: Path) -> tuple[tuple[Finding, ...], int] | None:
    """Return the findings and card count the last build recorded, whatever it read, or None.

    For the build that has just written them (``quick/record.py``).
    """
    import orjson

    try:
        return _findings(orjson.loads((root / "check.json").read_bytes())["data"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _findings(data: Any) -> tuple[tuple[Finding, ...], int] | None:
    """Return the findings and card count of ``check.json``'s data, or None."""
    from ankismith.cache.parses import decode

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


def save_build(root: Path, digest: str, report: BuildReport, sha256: str) -> None:
    """Record this build's inputs, report and package digest (``sha256``, in hex)."""
    data = {**msgspec.structs.asdict(report), "_sha256": sha256}
    write_json(root / "build.json", digest, data)
