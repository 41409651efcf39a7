"""Records of a build and a check, kept under a digest of every input they read."""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

import orjson
import pytest
from msgspec.structs import replace

from ankismith.cache.records import (
    build_digest,
    check_digest,
    load_build,
    load_findings,
    save_build,
    save_findings,
)
from ankismith.content.read import Content
from ankismith.findings import Finding, Severity
from ankismith.model import BuildReport, Location, SourceFile

SOURCE = SourceFile("content/a.md", PurePosixPath("a.md"), "## Q\n")
CONTENT = Content(Path("content"), None, (SOURCE,))
FINDINGS = (
    Finding(Location("content/a.md", 3, 2), "alike", "near-duplicate", Severity.WARNING, "s"),
    Finding(Location("content/b.md", 0), "whole file"),
)


def _hint(word: str) -> Content:
    found = Finding(Location("content/a.md", 1), f"did you mean '{word}'?", "unknown-key")
    return replace(CONTENT, errors=(found,))


@pytest.mark.parametrize(
    "changed",
    [
        replace(CONTENT, sources=(replace(SOURCE, text="## R\n"),)),
        replace(CONTENT, sources=(replace(SOURCE, path="content/b.md"),)),
        replace(CONTENT, media={PurePosixPath("a.png"): b"1"}),
        replace(CONTENT, outside=frozenset({PurePosixPath("b.png")})),
        replace(CONTENT, templates=(("front.html", "{{Front}}"),)),
        _hint("type"),
    ],
)
def test_every_input_changes_the_build_digest(changed: Content) -> None:
    assert build_digest(changed) != build_digest(CONTENT)


def test_the_digest_is_the_same_for_the_same_inputs() -> None:
    assert build_digest(CONTENT, "x") == build_digest(replace(CONTENT), "x")
    assert build_digest(CONTENT, "x") != build_digest(CONTENT, "y")
    # A suggestion in a message may differ from run to run: only place and rule count.
    assert build_digest(_hint("tags")) == build_digest(_hint("type"))


def test_a_check_digest_covers_the_uncommitted_lines() -> None:
    assert check_digest(CONTENT, {}) != build_digest(CONTENT)
    assert check_digest(CONTENT, {"a.md": None}) != check_digest(CONTENT, {"a.md": frozenset({1})})
    assert check_digest(CONTENT, {"a.md": frozenset({2, 1})}) == check_digest(
        CONTENT, {"a.md": frozenset({1, 2})}
    )


def test_findings_saved_are_loaded_for_the_same_digest_only(tmp_path: Path) -> None:
    assert load_findings(tmp_path, "digest") is None
    save_findings(tmp_path, "digest", FINDINGS, 7)
    assert load_findings(tmp_path, "digest") == (FINDINGS, 7)
    assert load_findings(tmp_path, "another") is None


@pytest.mark.parametrize("data", [None, [7], ["seven", [[], []]], [7, {"x": 1}]])
def test_findings_of_the_wrong_shape_are_a_miss(tmp_path: Path, data: object) -> None:
    (tmp_path / "check.json").write_bytes(orjson.dumps({"stamp": "digest", "data": data}))
    assert load_findings(tmp_path, "digest") is None


def _report(tmp_path: Path) -> BuildReport:
    package = tmp_path / "deck.apkg"
    package.write_bytes(b"PK package")
    return BuildReport(str(package), 3, ("A", "B"), 10, warnings=("w",), build_time=5)


def test_a_build_record_is_found_while_its_package_is_intact(tmp_path: Path) -> None:
    report = _report(tmp_path)
    save_build(tmp_path, "digest", report, hashlib.sha256(b"PK package").hexdigest())
    assert load_build(tmp_path, "digest") == report
    assert load_build(tmp_path, "another") is None
    Path(report.output).write_bytes(b"PK changed")
    assert load_build(tmp_path, "digest") is None
    Path(report.output).unlink()
    assert load_build(tmp_path, "digest") is None


def test_a_build_record_of_another_layout_is_a_miss(tmp_path: Path) -> None:
    report = _report(tmp_path)
    save_build(tmp_path, "digest", report, hashlib.sha256(b"PK package").hexdigest())
    path = tmp_path / "build.json"
    document = orjson.loads(path.read_bytes())
    document["data"]["renamed"] = document["data"].pop("cards")
    path.write_bytes(orjson.dumps(document))
    assert load_build(tmp_path, "digest") is None
    path.write_bytes(b'{"stamp": "digest", "data": ')
    assert load_build(tmp_path, "digest") is None
