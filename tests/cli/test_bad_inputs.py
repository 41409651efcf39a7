"""A catalogue of bad inputs: each gives a clear message and the right exit code, no traceback.

One case per row: the files of the content tree, any other preparation, the command line, the
exit code (1 for a content or build error, 2 for a usage error, 0 where the input is odd but
fine) and a piece of the expected message.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith import atomic
from ankismith.apkg import reader
from ankismith.cli import main
from ankismith.content import files
from ankismith.verify import importer
from tests.helpers import DECK_YAML, init_repo, write_files

CARD = "## Question {n}?\n<!-- id: q{n} -->\n\n### Answer\n\nA.\n\n### Explanation\n\nE.\n"
GOOD = CARD.format(n=1)
Prepare = Callable[[Path], None]
Patch = Callable[[pytest.MonkeyPatch], None]


@dataclass(frozen=True)
class Case:
    """One bad input and what ankismith must say about it."""

    name: str
    args: tuple[str, ...]
    """Command line; {content}, {out} and {tmp} are filled in."""
    code: int
    expect: str
    """A piece of the output (stdout and stderr)."""
    files: Mapping[str, str | bytes | None] = field(default_factory=lambda: {"a.md": GOOD})
    """Files under {content}; deck.yaml is added unless given (None: left out)."""
    prepare: Prepare | None = None
    patch: Patch | None = None
    env: Mapping[str, str | None] = field(default_factory=dict)
    needs_permissions: bool = False
    """The case relies on file permissions, which root bypasses."""


def _link(name: str, target: str) -> Prepare:
    def prepare(tmp: Path) -> None:
        (tmp / "content" / name).symlink_to(tmp / target)

    return prepare


def _mkdir(name: str) -> Prepare:
    return lambda tmp: (tmp / name).mkdir(parents=True, exist_ok=True)


def _touch(name: str, data: bytes = b"") -> Prepare:
    return lambda tmp: (tmp / name).write_bytes(data)


def _chmod(name: str, mode: int) -> Prepare:
    return lambda tmp: (tmp / name).chmod(mode)


def _fifo(name: str) -> Prepare:
    return lambda tmp: os.mkfifo(tmp / "content" / name)


def _replace_deck_yaml_by_dir(tmp: Path) -> None:
    (tmp / "content" / "deck.yaml").unlink()
    (tmp / "content" / "deck.yaml").mkdir()


def _package(name: str, keep: int | None = None) -> Prepare:
    """Write a real package to {tmp}/name, cut to ``keep`` bytes."""

    def prepare(tmp: Path) -> None:
        assert (
            CliRunner()
            .invoke(main, ["build", str(tmp / "content"), "-o", str(tmp / "good.apkg")])
            .exit_code
            == 0
        )
        data = (tmp / "good.apkg").read_bytes()
        (tmp / name).write_bytes(data if keep is None else data[:keep])

    return prepare


def _tampered(name: str, sql: str) -> Prepare:
    """Write a real package to {tmp}/good.apkg and a copy to {tmp}/name with ``sql`` run on it."""

    def prepare(tmp: Path) -> None:
        _package("good.apkg")(tmp)
        with zipfile.ZipFile(tmp / "good.apkg") as archive:
            entries = {n: archive.read(n) for n in archive.namelist()}
        (tmp / "col.db").write_bytes(entries["collection.anki2"])
        with contextlib.closing(sqlite3.connect(tmp / "col.db")) as conn:
            conn.execute(sql)
            conn.commit()
        entries["collection.anki2"] = (tmp / "col.db").read_bytes()
        with zipfile.ZipFile(tmp / name, "w", zipfile.ZIP_DEFLATED) as archive:
            for entry, data in entries.items():
                archive.writestr(entry, data)

    return prepare


def _committed(when: int) -> Prepare:
    """Commit the content at ``when`` (seconds since 1970)."""
    return lambda tmp: init_repo(tmp / "content", "cards", when=when)


def _wrong_cache(tmp: Path) -> None:
    """Build once, then leave caches that are valid JSON holding entries of the wrong shape."""
    _previous(tmp)
    for cache in (tmp / "out").rglob("*.log"):
        head, first, *_ = cache.read_text().splitlines()
        key = json.loads(first.rstrip(","))[0]
        wrong = [
            [key, [["only one field"], [[1, 2]], "x"]],
            ["other", 7],
            7,
            [key, [["a"], [], []]],
        ]
        cache.write_text("".join([f"{head}\n", *(f"{json.dumps(w)},\n" for w in wrong)]))


def _small_package_limit(mp: pytest.MonkeyPatch) -> None:
    real = importer.check_package
    mp.setattr(importer, "check_package", lambda path: real(path, reader.Limits(file=1000)))


def _previous(tmp: Path) -> None:
    """Build once, so that a failing build has a previous package to leave alone."""
    assert (
        CliRunner().invoke(main, ["build", str(tmp / "content"), "-o", str(tmp / "out")]).exit_code
        == 0
    )


def _previous_then_edit(tmp: Path) -> None:
    """Build once, then change a card, so that the next build has a new package to write."""
    _previous(tmp)
    card = next((tmp / "content").glob("*.md"))
    card.write_text(card.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")


def _raise_on_read(suffix: str, err: int) -> Patch:
    real = files.read_regular

    def read(path: Path, limit: int | None = None) -> bytes:
        if path.name.endswith(suffix):
            raise OSError(err, os.strerror(err))
        return real(path, limit)

    return lambda mp: mp.setattr(files, "read_regular", read)


def _disk_full(mp: pytest.MonkeyPatch) -> None:
    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    mp.setattr(atomic.os, "fsync", fsync)


def _no_permission(mp: pytest.MonkeyPatch) -> None:
    def new_file(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    mp.setattr(atomic, "_new_file", new_file)  # where every temp file beside an output is made


def _no_temp_dir(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(tempfile, "tempdir", "/nonexistent/tmp")


BUILD = ("build", "{content}", "-o", "{out}")
CHECK = ("check", "{content}")
MANY = "".join(CARD.format(n=n) for n in range(3000))
BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
HUGE = "1" * 5000


def _answer(text: str) -> dict[str, str]:
    return {"a.md": GOOD.replace("A.", text)}


CASES = [
    # deck.yaml
    Case(
        "deck-yaml-bad-yaml",
        BUILD,
        1,
        "deck.yaml:1: invalid YAML: ",
        {"deck.yaml": "name: [unclosed\n", "a.md": GOOD},
    ),
    Case(
        "deck-yaml-unknown-key",
        BUILD,
        1,
        "deck.yaml:2: unknown key 'nam' (did you mean 'name'?) [unknown-key]",
        {"deck.yaml": "name: T\nnam: x\n", "a.md": GOOD},
    ),
    Case(
        "deck-yaml-missing",
        BUILD,
        1,
        "deck.yaml: missing; create it with at least 'name: Your deck name'",
        {"deck.yaml": None, "a.md": GOOD},
    ),
    Case(
        "deck-yaml-empty",
        BUILD,
        1,
        "deck.yaml:1: 'name' (the Anki deck name) is required [syntax]",
        {"deck.yaml": "", "a.md": GOOD},
    ),
    Case(
        "deck-yaml-a-list",
        BUILD,
        1,
        "deck.yaml:1: expected 'key: value' settings, not a YAML list or text [syntax]",
        {"deck.yaml": "- name\n- T\n", "a.md": GOOD},
    ),
    Case(
        "deck-yaml-not-utf8",
        BUILD,
        1,
        "deck.yaml:2:8: not valid UTF-8 (byte 0xe9); save the file as UTF-8 [syntax]",
        {"deck.yaml": b"name: T\nid: caf\xe9\n", "a.md": GOOD},
    ),
    Case(
        "deck-yaml-not-utf8-with-other-errors",
        BUILD,
        1,
        "b.md:1:1: not valid UTF-8 (byte 0xff)",
        {"deck.yaml": b"\xff\n", "a.md": GOOD, "b.md": b"\xff"},
    ),
    Case(
        "deck-yaml-a-directory",
        BUILD,
        1,
        "deck.yaml: cannot read: is a directory",
        prepare=_replace_deck_yaml_by_dir,
    ),
    Case(
        "deck-yaml-nested-too-deeply",
        BUILD,
        1,
        "deck.yaml:1: invalid YAML: nested too deeply [invalid-yaml]",
        {"deck.yaml": "name: " + "[" * 5000, "a.md": GOOD},
    ),
    Case(
        "deck-yaml-tag-with-space",
        BUILD,
        1,
        "tag 'a b' is empty or contains a space; Anki tags are single words [syntax]",
        {"deck.yaml": "name: T\ntags: ['a b']\n", "a.md": GOOD},
    ),
    Case(
        "deck-yaml-unknown-check",
        BUILD,
        1,
        "checks: unknown key 'near-dup' (did you mean 'near-duplicate'?) [unknown-key]",
        {"deck.yaml": "name: T\nchecks: {near-dup: off}\n", "a.md": GOOD},
    ),
    # the content directory
    Case(
        "content-dir-missing",
        ("build", "{tmp}/nothere", "-o", "{out}"),
        1,
        "nothere: content directory not found",
        {},
    ),
    Case("content-dir-empty", BUILD, 1, "deck.yaml: missing; create it", {"deck.yaml": None}),
    Case(
        "content-dir-no-cards", BUILD, 1, "no cards found (a card starts with '## ') [syntax]", {}
    ),
    Case(
        "content-dir-is-a-file",
        ("build", "{tmp}/file", "-o", "{out}"),
        1,
        "file: is a file, not a content directory",
        prepare=_touch("file"),
    ),
    # card files
    Case(
        "card-file-binary",
        BUILD,
        1,
        "b.md:1:1: not valid UTF-8 (byte 0x89); save the file as UTF-8 [syntax]",
        {"a.md": GOOD, "b.md": b"\x89PNG\r\n\x1a\n\x00\x00"},
    ),
    Case(
        "card-file-unreadable",
        BUILD,
        1,
        "b.md: cannot read: Permission denied [syntax]",
        {"a.md": GOOD, "b.md": GOOD},
        prepare=_chmod("content/b.md", 0),
        needs_permissions=True,
    ),
    Case(
        "card-file-unreadable-simulated",
        BUILD,
        1,
        "b.md: cannot read: Permission denied [syntax]",
        {"a.md": GOOD, "b.md": GOOD},
        patch=_raise_on_read("b.md", errno.EACCES),
    ),
    Case("card-file-a-directory-named-x-md", BUILD, 0, "Built ", prepare=_mkdir("content/x.md")),
    Case(
        "card-file-symlink-loop",
        BUILD,
        1,
        "loop.md: cannot read: Too many levels of symbolic links [syntax]",
        prepare=_link("loop.md", "content/loop.md"),
    ),
    Case(
        "card-file-dangling-symlink",
        BUILD,
        1,
        "gone.md: cannot read: No such file or directory [syntax]",
        prepare=_link("gone.md", "content/nothere.md"),
    ),
    Case(
        "card-file-a-fifo",
        BUILD,
        1,
        "pipe.md: cannot read: not a regular file [syntax]",
        prepare=_fifo("pipe.md"),
    ),
    Case(
        "card-file-name-not-utf8",
        BUILD,
        1,
        "\\xff.md: file or folder name is not valid UTF-8; rename it [syntax]",
        prepare=lambda tmp: Path(os.fsdecode(bytes(tmp) + b"/content/\xff.md")).write_text(GOOD),
    ),
    Case(
        "card-file-name-with-newline",
        CHECK,
        1,
        "content/a\\nb.md:1: card has no '### Answer' section [missing-answer]",
        {"a\nb.md": "## Q\n"},
    ),
    Case(
        "huge-number-of-cards-in-one-file",
        BUILD,
        0,
        "3000 notes, 3000 cards in 1 deck",
        {"a.md": MANY},
    ),
    Case(
        "id-of-101-characters",
        BUILD,
        1,
        "(at most 100) [syntax]",
        {"a.md": GOOD.replace("q1", "x" * 101)},
    ),
    Case("id-of-100-characters", BUILD, 0, "Built ", {"a.md": GOOD.replace("q1", "x" * 100)}),
    Case(
        "card-tag-with-space-in-yaml-list",
        BUILD,
        1,
        "front matter: tag 'a b' is empty or contains a space",
        {"a.md": "---\ntags: ['a b']\n---\n" + GOOD},
    ),
    Case(
        "front-matter-unknown-key",
        BUILD,
        1,
        "a.md:1: front matter: unknown key 'tag' (did you mean 'tags'?) [unknown-key]",
        {"a.md": "---\ntag: x\n---\n" + GOOD},
    ),
    Case(
        "front-matter-key-with-newline",
        BUILD,
        1,
        "a.md:1: front matter: unknown key 'a\\nb' (known keys: deck, report, tags, type) [unknown-key]",
        {"a.md": '---\n"a\\nb": 1\n---\n' + GOOD},
    ),
    Case(
        "list-nested-too-deeply",
        BUILD,
        1,
        "a.md:38: lists or quotes nested 33 deep, more than 32; flatten them [limit]",
        {"a.md": GOOD.replace("A.", "\n".join("  " * i + "- x" for i in range(1000)))},
    ),
    Case(
        "cloze-number-too-large",
        BUILD,
        1,
        "deletion number c99999999 is too large; Anki counts c1 to c65535 [bad-cloze]",
        {"a.md": "## {{c99999999::x}}\n<!-- id: c; type: cloze -->\n\n### Explanation\n\nE.\n"},
    ),
    Case(
        "image-url-not-valid",
        BUILD,
        1,
        "'http://[::1': not a valid URL",
        {"a.md": GOOD.replace("A.", "![x](http://[::1)")},
    ),
    Case(
        "decks-differing-only-in-case",
        BUILD,
        1,
        "deck 'Test Deck::methods' differs from 'Test Deck::Methods'",
        {"a.md": "---\ndeck: Methods\n---\n" + GOOD, "methods/b.md": CARD.format(n=2)},
    ),
    Case(
        "subdeck-folder-and-front-matter-naming-one-deck",
        BUILD,
        0,
        "2 notes, 2 cards in 1 deck,",
        {"a.md": "---\ndeck: Methods\n---\n" + GOOD, "Methods/b.md": CARD.format(n=2)},
    ),
    Case(
        "second-deck-yaml-in-a-folder-is-ignored",
        BUILD,
        0,
        "1 note, 1 card in 1 deck,",
        {"Methods/deck.yaml": "name: Other\n", "Methods/b.md": GOOD},
    ),
    # media
    Case(
        "media-a-directory",
        BUILD,
        1,
        "media file 'pic.png' not found",
        {"a.md": GOOD.replace("A.", "![p](pic.png)")},
        prepare=_mkdir("content/pic.png"),
    ),
    Case(
        "media-unreadable",
        BUILD,
        1,
        "media file 'pic.png' not found",
        {"a.md": GOOD.replace("A.", "![p](pic.png)"), "pic.png": b"\x89PNG"},
        patch=_raise_on_read("pic.png", errno.EACCES),
    ),
    Case(
        "media-symlink-loop",
        BUILD,
        1,
        "media file 'pic.png' not found",
        {"a.md": GOOD.replace("A.", "![p](pic.png)")},
        prepare=_link("pic.png", "content/pic.png"),
    ),
    # the output
    Case(
        "output-a-directory",
        ("build", "{content}", "-o", "{tmp}/x.apkg"),
        1,
        "x.apkg: is a directory; choose another output path",
        prepare=_mkdir("x.apkg"),
    ),
    Case(
        "output-inside-a-file",
        ("build", "{content}", "-o", "{tmp}/file/x.apkg"),
        1,
        "x.apkg: cannot write: {tmp}/file is a file, not a folder",
        prepare=_touch("file"),
    ),
    Case(
        "output-dir-a-file",
        ("build", "{content}", "-o", "{tmp}/file"),
        1,
        "test-deck.apkg: cannot write: {tmp}/file is a file, not a folder",
        prepare=_touch("file"),
    ),
    Case(
        "output-not-writable",
        BUILD,
        1,
        "test-deck.apkg: cannot write: Permission denied",
        prepare=lambda tmp: (_mkdir("out")(tmp), _chmod("out", 0o555)(tmp)),
        needs_permissions=True,
    ),
    Case(
        "output-not-writable-simulated",
        BUILD,
        1,
        "test-deck.apkg: cannot write: Permission denied",
        patch=_no_permission,
    ),
    Case(
        "temp-dir-missing",
        BUILD,
        1,
        "cannot create the collection in /nonexistent/tmp: No such file or directory",
        patch=_no_temp_dir,
    ),
    Case(
        "disk-full",
        BUILD,
        1,
        "test-deck.apkg: cannot write: No space left on device",
        prepare=_previous_then_edit,
        patch=_disk_full,
    ),
    # the environment
    Case(
        "source-date-epoch-text",
        BUILD,
        1,
        "SOURCE_DATE_EPOCH='abc' is not a whole number of seconds",
        env={"SOURCE_DATE_EPOCH": "abc"},
    ),
    Case(
        "source-date-epoch-empty",
        BUILD,
        1,
        "SOURCE_DATE_EPOCH='' is not a whole number of seconds",
        env={"SOURCE_DATE_EPOCH": ""},
    ),
    Case(
        "source-date-epoch-before-1980",
        BUILD,
        1,
        "SOURCE_DATE_EPOCH=100 is before 1980; zip files cannot hold it",
        env={"SOURCE_DATE_EPOCH": "100"},
    ),
    Case(
        "source-date-epoch-after-2107",
        BUILD,
        1,
        "SOURCE_DATE_EPOCH=99999999999999999999 is after 2107",
        env={"SOURCE_DATE_EPOCH": "99999999999999999999"},
    ),
    # other commands
    Case(
        "ids-on-content-with-errors",
        ("ids", "{content}"),
        1,
        "b.md:1: card has no '### Answer' section [missing-answer]\n1 error; nothing was written.",
        {"a.md": "## Q\n\n### Answer\n\nA.\n", "b.md": "## R\n"},
    ),
    Case(
        "preview-output-a-file",
        ("preview", "{content}", "-o", "{tmp}/file"),
        1,
        "file: exists and is not an ankismith preview; not replacing it",
        prepare=_touch("file", b"keep"),
    ),
    Case(
        "diff-not-a-zip",
        ("diff", "{tmp}/junk.apkg", "{tmp}/good.apkg"),
        1,
        "junk.apkg: not a zip archive, so not an .apkg",
        prepare=lambda tmp: (_package("good.apkg")(tmp), _touch("junk.apkg", b"junk")(tmp)),
    ),
    Case(
        "diff-truncated-zip",
        ("diff", "{tmp}/cut.apkg", "{tmp}/good.apkg"),
        1,
        "cut.apkg: not a zip archive, so not an .apkg",
        prepare=_package("cut.apkg", keep=300),
    ),
    Case(
        "diff-empty-file",
        ("diff", "{tmp}/good.apkg", "{tmp}/empty.apkg"),
        1,
        "empty.apkg: not a zip archive, so not an .apkg",
        prepare=lambda tmp: (_package("good.apkg")(tmp), _touch("empty.apkg")(tmp)),
    ),
    Case(
        "verify-not-a-zip",
        ("verify", "{tmp}/junk.apkg"),
        1,
        "junk.apkg: not a zip archive, so not an .apkg",
        prepare=_touch("junk.apkg", b"junk"),
    ),
    Case(
        "verify-truncated-zip",
        ("verify", "{tmp}/cut.apkg"),
        1,
        "cut.apkg: not a zip archive, so not an .apkg",
        prepare=_package("cut.apkg", keep=300),
    ),
    Case(
        "verify-empty-file",
        ("verify", "{tmp}/empty.apkg"),
        1,
        "empty.apkg: not a zip archive, so not an .apkg",
        prepare=_touch("empty.apkg"),
    ),
    Case(
        "verify-missing-file",
        ("verify", "{tmp}/nothere.apkg"),
        2,
        "File '{tmp}/nothere.apkg' does not exist",
    ),
    # hostile or careless input: values PyYAML cannot build, aliases, sizes
    Case(
        "front-matter-date-out-of-range",
        BUILD,
        1,
        "a.md:2:7: front matter: invalid YAML: '2024-02-30' is not a valid value (day is out of range for month) [invalid-yaml]",
        {"a.md": "---\ndeck: 2024-02-30\n---\n" + GOOD},
    ),
    Case(
        "front-matter-int-tag-on-text",
        BUILD,
        1,
        "a.md:2:7: front matter: invalid YAML: 'abc' is not a valid value",
        {"a.md": "---\ndeck: !!int abc\n---\n" + GOOD},
    ),
    Case(
        "front-matter-offset-past-24-hours",
        BUILD,
        1,
        "a.md:3:7: front matter: invalid YAML: '2024-01-01 00:00:00 +25:00' is not a valid value",
        {"a.md": "---\ntags: x\ndeck: 2024-01-01 00:00:00 +25:00\n---\n" + GOOD},
    ),
    Case(
        "front-matter-integer-of-5000-digits",
        BUILD,
        1,
        "a.md:2:7: front matter: invalid YAML: '1111111111111111111111111111111111111111' is not a valid value",
        {"a.md": f"---\ndeck: {HUGE}\n---\n" + GOOD},
    ),
    Case(
        "deck-yaml-date-out-of-range",
        BUILD,
        1,
        "deck.yaml:2:10: invalid YAML: '2024-02-30' is not a valid value",
        {"deck.yaml": "name: T\nversion: 2024-02-30\n", "a.md": GOOD},
    ),
    Case(
        "deck-yaml-description-lone-surrogate",
        BUILD,
        0,
        "Built ",
        {"deck.yaml": 'name: T\nid: t-7f3k2q\ndescription: "a \\ud800 b"\n', "a.md": GOOD},
    ),
    Case(
        "deck-yaml-integer-of-5000-digits",
        BUILD,
        1,
        "deck.yaml:2:10: invalid YAML: '1111111111111111111111111111111111111111' is not a valid value",
        {"deck.yaml": f"name: T\nversion: {HUGE}\n", "a.md": GOOD},
    ),
    Case(
        "deck-yaml-alias-bomb",
        BUILD,
        1,
        "deck.yaml:3:8: invalid YAML: aliases (*name) are not allowed; write the value out [invalid-yaml]",
        {"deck.yaml": "name: T\n" + BOMB, "a.md": GOOD},
    ),
    Case(
        "front-matter-alias",
        BUILD,
        1,
        "a.md:3:7: front matter: invalid YAML: aliases (*name) are not allowed",
        {"a.md": "---\ntags: &t [a]\ndeck: *t\n---\n" + GOOD},
    ),
    Case(
        "front-matter-too-large",
        BUILD,
        1,
        "a.md:2: front matter: 300005 characters of YAML, more than the limit of 262144 [invalid-yaml]",
        {"a.md": "---\ntags:\n" + "- xx\n" * 60000 + "---\n" + GOOD},
    ),
    Case(
        "deck-name-ending-in-separator",
        BUILD,
        1,
        "deck.yaml:1: 'name' 'T::' has an empty part around '::'; Anki names it 'blank'",
        {"deck.yaml": "name: 'T::'\n", "a.md": GOOD},
    ),
    Case(
        "deck-name-only-separator",
        BUILD,
        1,
        "deck.yaml:1: 'name' '::' has an empty part around '::'",
        {"deck.yaml": "name: '::'\n", "a.md": GOOD},
    ),
    Case(
        "front-matter-deck-with-empty-part",
        BUILD,
        1,
        "a.md:1: front matter: deck 'A::::B' has an empty part around '::'",
        {"a.md": "---\ndeck: A::::B\n---\n" + GOOD},
    ),
    Case(
        "nfc-and-nfd-folders-are-one-deck",
        BUILD,
        0,
        "2 notes, 2 cards in 1 deck,",
        {"Caf\u00e9/a.md": GOOD, "Cafe\u0301/b.md": CARD.format(n=2)},
    ),
    # limits: each past one is an error at its line, and the file is not rendered
    Case(
        "card-file-too-large",
        BUILD,
        1,
        "a.md: cannot read: 1100001 bytes, more than the limit of 1048576; split it [syntax]",
        {"a.md": GOOD + "x" * (1100001 - len(GOOD))},
    ),
    Case(
        "line-too-long",
        BUILD,
        1,
        "a.md:6: line of 10001 characters, more than 10000 [limit]",
        _answer("x" * 10001),
    ),
    Case(
        "quotes-nested-too-deeply",
        BUILD,
        1,
        "a.md:38: lists or quotes nested 33 deep, more than 32; flatten them [limit]",
        _answer("\n".join(">" * i + " x" for i in range(1, 200))),
    ),
    Case(
        "staircase-quotes",
        BUILD,
        1,
        "lists or quotes nested 33 deep, more than 32",
        _answer("\n\n".join(">" * (i % 60) + " x" for i in range(2000))),
    ),
    Case(
        "unclosed-brackets",
        BUILD,
        1,
        "a.md:6: 8000 unclosed '[' in one paragraph, more than 32; split it or put it in a code block [limit]",
        _answer("[" * 8000),
    ),
    Case(
        "unclosed-image-brackets",
        BUILD,
        1,
        "a.md:6: 4000 unclosed '[' in one paragraph",
        _answer("![" * 4000),
    ),
    Case(
        "unclosed-links",
        BUILD,
        1,
        "a.md:6: 2000 unclosed '](' (a link without its ')') in one paragraph, more than 32",
        _answer("[a](" * 2000),
    ),
    Case(
        "backslash-run",
        BUILD,
        1,
        "a.md:6: 8000 backslashes in one paragraph, more than 256",
        _answer("\\" * 8000),
    ),
    Case(
        "backtick-run",
        BUILD,
        1,
        "a.md:6: 8000 backticks in one paragraph, more than 256",
        _answer("x " + "`" * 8000),
    ),
    Case(
        "emphasis-run",
        BUILD,
        1,
        "a.md:6: 8000 '*' and '_' in one paragraph, more than 128",
        _answer("*_" * 4000),
    ),
    Case(
        "too-many-code-blocks",
        BUILD,
        1,
        "more than 1000 code blocks; split the file [limit]",
        _answer("```\n" * 2002),
    ),
    Case(
        "description-bracket-run",
        BUILD,
        1,
        "deck.yaml:2: description: 40 unclosed '[' in one paragraph",
        {"deck.yaml": "name: T\ndescription: '" + "[" * 40 + "'\n", "a.md": GOOD},
    ),
    # the build time from git
    Case(
        "commit-before-1980",
        BUILD,
        1,
        "its last commit is dated 100 seconds after 1970, outside 1980 to 2107",
        prepare=_committed(100),
        env={"SOURCE_DATE_EPOCH": None},
    ),
    Case(
        "commit-after-2107",
        BUILD,
        1,
        "its last commit is dated 5000000000 seconds after 1970, outside 1980 to 2107",
        prepare=_committed(5_000_000_000),
        env={"SOURCE_DATE_EPOCH": None},
    ),
    # the render cache
    Case("render-cache-with-wrong-entries", BUILD, 0, "Built ", prepare=_wrong_cache),
    # packages from elsewhere
    Case(
        "diff-infinite-mtime",
        ("diff", "{tmp}/good.apkg", "{tmp}/bad.apkg"),
        1,
        "bad.apkg: cannot convert float infinity to integer",
        prepare=_tampered("bad.apkg", "update notes set mod = 9e999"),
    ),
    Case(
        "diff-check-infinite-mtime",
        ("diff", "--check", "{tmp}/good.apkg", "{tmp}/bad.apkg"),
        1,
        "bad.apkg: cannot convert float infinity to integer",
        prepare=_tampered("bad.apkg", "update notes set mod = 9e999"),
    ),
    Case(
        "verify-infinite-mtime",
        ("verify", "{tmp}/bad.apkg"),
        1,
        "bad.apkg: Anki cannot import it",
        prepare=_tampered("bad.apkg", "update notes set mod = 9e999"),
    ),
    Case(
        "diff-far-future-mtime",
        ("diff", "--check", "{tmp}/bad.apkg", "{tmp}/good.apkg"),
        1,
        "1 changed card ('q1') would not reach learners: built 2023-11-14 22:13:20 UTC, not newer than the previous release (99999999999999 seconds after 1970 (not a calendar date))",
        prepare=_tampered("bad.apkg", "update notes set mod = 99999999999999, flds = 'x' || flds"),
    ),
    Case(
        "verify-far-future-mtime",
        ("verify", "{tmp}/bad.apkg"),
        0,
        "built 99999999999999 seconds after 1970 (not a calendar date)",
        prepare=_tampered("bad.apkg", "update notes set mod = 99999999999999"),
    ),
    Case(
        "verify-note-whose-cards-were-dropped",
        ("verify", "{tmp}/bad.apkg"),
        1,
        "problem: 'q1': has no card; learners never see it",
        prepare=_tampered("bad.apkg", "delete from cards"),
    ),
    Case(
        "diff-fifo",
        ("diff", "{tmp}/good.apkg", "{content}/pipe.apkg"),
        1,
        "pipe.apkg: not a regular file, so not an .apkg",
        prepare=lambda tmp: (_package("good.apkg")(tmp), _fifo("pipe.apkg")(tmp)),
    ),
    Case(
        "verify-fifo",
        ("verify", "{content}/pipe.apkg"),
        1,
        "pipe.apkg: not a regular file, so not an .apkg",
        prepare=_fifo("pipe.apkg"),
    ),
    Case(
        "verify-package-past-the-size-limit",
        ("verify", "{tmp}/good.apkg"),
        1,
        "more than the 1000-byte limit for a package",
        prepare=_package("good.apkg"),
        patch=_small_package_limit,
    ),
    Case("unknown-option", ("build", "--nope"), 2, "No such option '--nope'"),
    Case(
        "jobs-out-of-range",
        ("build", "{content}", "-j", "0"),
        2,
        "Invalid value for '-j' / '--jobs'",
    ),
]


def _write(tmp: Path, files: Mapping[str, str | bytes | None]) -> None:
    write_files(tmp / "content", {"deck.yaml": DECK_YAML, **files})


def test_catalogue_names_are_unique() -> None:
    assert len({case.name for case in CASES}) == len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_bad_input(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if case.needs_permissions and os.geteuid() == 0:
        pytest.skip("running as root, which reads and writes whatever the permissions say")
    _write(tmp_path, case.files)
    if case.prepare:
        case.prepare(tmp_path)
    before = {p: p.read_bytes() for p in (tmp_path / "out").glob("*.apkg")}
    if case.patch:
        case.patch(monkeypatch)
    fill = {
        "content": str(tmp_path / "content"),
        "out": str(tmp_path / "out"),
        "tmp": str(tmp_path),
    }
    args = [arg.format(**fill) for arg in case.args]
    try:
        env = {"SOURCE_DATE_EPOCH": "1700000000", **case.env}
        result = CliRunner().invoke(main, args, env=env)  # type: ignore[arg-type]
    finally:
        for path in tmp_path.rglob("*"):  # let pytest remove what a case locked
            if not path.is_symlink():
                path.chmod(0o755)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    assert max(map(len, result.output.splitlines()), default=0) < 2000, "a line too long to read"
    assert result.exit_code == case.code, result.output
    assert case.expect.format(**fill) in result.output
    if case.code == 1:
        assert {p: p.read_bytes() for p in (tmp_path / "out").glob("*.apkg")} == before
        assert not [p for p in tmp_path.rglob("*.tmp")], "a temp file was left behind"
    if case.code == 1 and case.args[0] == "build" and not result.stderr.startswith("Error: "):
        *findings, summary = result.stderr.rstrip("\n").split("\n")
        assert all(re.match(r"\S.*?(:\d+)?: ", line) for line in findings), result.stderr
        assert re.fullmatch(
            r"\d+ errors?, \d+ warnings? in \d+ notes?; nothing was written\.", summary
        )


def test_package_read_back_after_odd_but_fine_input(tmp_path: Path) -> None:
    _write(tmp_path, {"a.md": GOOD})
    (tmp_path / "content" / "x.md").mkdir()
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "content"), "-o", str(tmp_path / "o.apkg")]
    )
    assert result.exit_code == 0
    assert zipfile.ZipFile(tmp_path / "o.apkg").testzip() is None
