"""`ankismith preview`: the site's files, determinism, safe replacement, --watch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith.cli import main
from tests.helpers import SAMPLE, WriteTree

CARD = "## Q{n}\n<!-- id: q{n} -->\n\n### Answer\n\nA{n}\n\n### Explanation\n\nE\n"


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_sample_site_has_both_sides_of_every_card_and_its_media(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = runner.invoke(main, ["preview", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Wrote {out}/index.html: 49 notes, 64 cards, ")
    files = tree(out)
    # A page per card, holding both sides.
    cards = [n for n in files if n.startswith("cards/")]
    assert len(cards) == 64 and all(files[n].count(b'<div id="qa">') == 2 for n in cards)
    assert (
        [n for n in files if n.startswith("media/")]
        == [n for n in files if n.startswith("media/lora-") and n.endswith(".svg")]
        != []
    )
    index = files["index.html"].decode()
    assert index.count('class="pv-card"') == 64 and "content/Methods/lora.md:" in index
    pages = [d for n, d in files.items() if not n.startswith("media/")]  # SVGs name a namespace
    assert not any(b"http://" in d or b"https://" in d for d in pages)


def test_same_content_gives_the_same_files(runner: CliRunner, tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert (
            runner.invoke(main, ["preview", str(SAMPLE), "-o", str(tmp_path / name)]).exit_code == 0
        )
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_typein_box_on_front_expected_answer_on_back(
    runner: CliRunner, tmp_path: Path, write_tree: WriteTree
) -> None:
    content = write_tree(
        {
            "a.md": "## Rank letter?\n<!-- id: r; type: typein -->\n### Answer\nr & s\n### Explanation\nE\n"
        }
    )
    assert runner.invoke(main, ["preview", str(content), "-o", str(tmp_path / "s")]).exit_code == 0
    _, back, front = (tmp_path / "s/cards/001-r-1.html").read_text().split('<div id="qa">')
    assert '<input type="text" id="typeans"' in front and "[[type:" not in front
    assert '<code id="typeans">r &amp; s</code>' in back


def test_content_error_keeps_the_previous_site(
    runner: CliRunner, tmp_path: Path, write_tree: WriteTree
) -> None:
    content = write_tree({"a.md": CARD.format(n=1)})
    out = tmp_path / "site"
    assert runner.invoke(main, ["preview", str(content), "-o", str(out)]).exit_code == 0
    before = tree(out)
    (content / "a.md").write_text("## Broken\n<!-- id: b -->\n")
    result = runner.invoke(main, ["preview", str(content), "-o", str(out)])
    assert result.exit_code == 1 and "card has no '### Answer' section" in result.stderr
    assert tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_never_replaces_a_directory_that_is_not_a_preview(
    runner: CliRunner, tmp_path: Path, write_tree: WriteTree
) -> None:
    content = write_tree({"a.md": CARD.format(n=1)})
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/keep.txt").write_text("mine")
    result = runner.invoke(main, ["preview", str(content), "-o", str(tmp_path / "docs")])
    assert result.exit_code == 1
    assert "exists and is not an ankismith preview; not replacing it" in result.stderr
    assert (tmp_path / "docs/keep.txt").read_text() == "mine"


def test_watch_rebuilds_on_change_and_stops_cleanly_on_ctrl_c(
    tmp_path: Path, write_tree: WriteTree
) -> None:
    pytest.importorskip("watchfiles")
    content = write_tree({"a.md": CARD.format(n=1)})
    out = tmp_path / "site"
    proc = subprocess.Popen(
        [sys.executable, "-m", "ankismith", "preview", str(content), "-o", str(out), "--watch"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("Wrote ")
        assert proc.stdout.readline().startswith("Watching ")
        time.sleep(0.3)
        (content / "b.md").write_text(CARD.format(n=2))
        assert proc.stdout.readline().startswith(f"Rebuilt {out}/index.html: 2 notes, 2 cards")
        proc.send_signal(signal.SIGINT)
        rest, errors = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 0, errors
    assert rest.strip().endswith("Stopped watching.") and "Traceback" not in errors


def test_a_changed_preview_links_the_pages_it_would_write_the_same(
    runner: CliRunner, tmp_path: Path, write_tree: WriteTree
) -> None:
    content = write_tree({"a.md": CARD.format(n=1), "b.md": CARD.format(n=2)})
    out = tmp_path / "site"
    assert runner.invoke(main, ["preview", str(content), "-o", str(out)]).exit_code == 0
    kept = (out / "cards/002-q2-1.html").stat().st_ino
    (content / "a.md").write_text(CARD.format(n=1).replace("A1", "A one"))
    assert runner.invoke(main, ["preview", str(content), "-o", str(out)]).exit_code == 0
    # The unchanged card's page is the same file, linked into the new site; the other is new.
    assert (out / "cards/002-q2-1.html").stat().st_ino == kept
    assert b"A one" in (out / "cards/001-q1-1.html").read_bytes()
    # A page changed by hand since is written anew, not linked.
    (out / "cards/002-q2-1.html").write_text("mine")
    (content / "a.md").write_text(CARD.format(n=1))
    assert runner.invoke(main, ["preview", str(content), "-o", str(out)]).exit_code == 0
    assert b"A2" in (out / "cards/002-q2-1.html").read_bytes()
    fresh = tmp_path / "fresh"
    assert runner.invoke(main, ["preview", str(content), "-o", str(fresh)]).exit_code == 0
    assert tree(out) == tree(fresh)


def test_a_stale_or_corrupt_record_is_ignored_never_trusted(
    runner: CliRunner, tmp_path: Path, write_tree: WriteTree
) -> None:
    content = write_tree({"a.md": CARD.format(n=1), "b.md": CARD.format(n=2)})
    out = tmp_path / "site"
    fresh = tmp_path / "fresh"

    def preview(where: Path) -> None:
        assert runner.invoke(main, ["preview", str(content), "-o", str(where)]).exit_code == 0

    def edit(n: int, answer: str) -> None:
        (content / f"{'ab'[n - 1]}.md").write_text(CARD.format(n=n).replace(f"A{n}", answer))

    preview(out)
    marker = out / ".ankismith-preview"
    # The index changed by hand: the entries it held are not taken from it.
    index = out / "index.html"
    index.write_text(index.read_text().replace("Q2", "QX"))
    edit(1, "A one")
    preview(out)
    preview(fresh)
    assert tree(out) == tree(fresh)
    # A page gone, or the record's entries pointing past the index: made again.
    (out / "cards/002-q2-1.html").unlink()
    data = json.loads(marker.read_bytes())
    notes = data["notes"]
    notes["gaps"] = notes["lengths"] = [10**9] * len(notes["pages"])
    marker.write_text(json.dumps(data))
    edit(1, "A uno")
    preview(out)
    preview(fresh)
    assert tree(out) == tree(fresh)
    # A record that cannot be read at all: the site is made whole again.
    marker.write_text('{"files": {}, "notes": [1, 2]')
    edit(1, "A eins")
    preview(out)
    preview(fresh)
    assert tree(out) == tree(fresh)


WORD = "name: Word\nkey: word-v1\nfields: [Word, Meaning]\ntemplates:\n  - {name: Recall, front: front.html, back: back.html}\n"


def test_a_preview_after_a_build_is_the_fresh_site_whatever_changed(
    runner: CliRunner, tmp_path: Path, write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After each change and its build, the site in place is updated to the fresh one."""
    monkeypatch.delenv("ANKISMITH_CACHE_DIR", raising=False)
    cards = {
        f"{name}.md": CARD.format(n=n) + "\n" + CARD.format(n=n + 10)
        for n, name in ((1, "a"), (2, "b"), (3, "c"))
    }
    content = write_tree(cards)
    build, out, fresh = tmp_path / "build", tmp_path / "build/preview", tmp_path / "fresh"

    def preview(where: Path) -> str:
        result = runner.invoke(main, ["preview", str(content), "-o", str(where)])
        assert result.exit_code == 0, result.output
        return result.output

    def step(change: Callable[[], None], *, in_place: bool, forget: str = "") -> None:
        change()
        result = runner.invoke(main, ["build", str(content), "-o", str(build)])
        assert result.exit_code == 0, result.output
        if forget:  # a file of the build's cache gone since: the preview does without it
            (build / ".ankismith-cache" / forget).unlink()
        folder, index = out.stat().st_ino, (out / "index.html").stat().st_ino
        preview(out)
        # In place: the index is a new file in the same folder; else a new folder is swapped in.
        assert (out / "index.html").stat().st_ino != index
        assert (out.stat().st_ino == folder) == in_place
        preview(fresh)
        assert tree(out) == tree(fresh)

    def edit(name: str, old: str, new: str) -> Callable[[], None]:
        def change() -> None:
            path = content / name
            path.write_text(path.read_text().replace(old, new))

        return change

    preview(out)
    step(edit("a.md", "A1\n", "A one\n"), in_place=True)
    # The changed file's cards are the build's parse, kept in its cache; without it, parsed.
    step(edit("a.md", "A one\n", "A uno\n"), in_place=True, forget="parse.log")
    step(edit("b.md", "A12\n", "A twelve <b>bold</b> ünïcode\n"), in_place=True)
    step(
        edit("c.md", "### Explanation\n\nE\n", "### Explanation\n\nE\n\n### Tags\n\nnew\n"),
        in_place=True,
    )
    step(edit("a.md", "<!-- id: q11 -->", "<!-- id: q11b -->"), in_place=True)  # renamed
    step(edit("b.md", "<!-- id: q2 -->", "<!-- id: q2; type: typein -->"), in_place=False)
    step(lambda: (content / "d.md").write_text(CARD.format(n=4)), in_place=False)  # added
    step(lambda: (content / "d.md").unlink(), in_place=False)  # deleted
    deck = content / "deck.yaml"
    step(lambda: deck.write_text(deck.read_text() + "language: fr\n"), in_place=False)
    types = content / "_notetypes/word"
    types.mkdir(parents=True)
    (types / "notetype.yaml").write_text(WORD)
    (types / "front.html").write_text("{{Word}}")
    (types / "back.html").write_text("{{FrontSide}}{{Meaning}}")
    word = "---\ntype: word\n---\n## Spain\n<!-- id: spain -->\n\n### Meaning\n\nM\n"
    step(lambda: (content / "w.md").write_text(word), in_place=False)
    step(edit("w.md", "\nM\n", "\nMeaning\n"), in_place=True)
    cloze = "## Z\n<!-- id: z; type: cloze -->\n\n### Text\n\n{{c1::a}} b\n"
    step(lambda: (content / "z.md").write_text(cloze), in_place=False)
    step(edit("z.md", "} b", "} {{c2::b}}"), in_place=True)  # a card more
    step(edit("z.md", "} {{c2::b}}", "} b"), in_place=True)  # a card fewer
    step(lambda: (types / "back.html").write_text("{{FrontSide}}<hr>{{Meaning}}"), in_place=False)


def test_a_preview_cut_short_in_place_is_made_whole_by_the_next(
    runner: CliRunner, tmp_path: Path, write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANKISMITH_CACHE_DIR", raising=False)
    content = write_tree({"a.md": CARD.format(n=1), "b.md": CARD.format(n=2)})
    build, out, fresh = tmp_path / "build", tmp_path / "build/preview", tmp_path / "fresh"
    assert runner.invoke(main, ["preview", str(content), "-o", str(out)]).exit_code == 0
    (content / "a.md").write_text(CARD.format(n=1).replace("A1", "A one"))
    assert runner.invoke(main, ["build", str(content), "-o", str(build)]).exit_code == 0
    # A run killed after the record was cleared and a page written, before the index.
    from ankismith.preview.patch import IN_PROGRESS

    (out / ".ankismith-preview").write_bytes(IN_PROGRESS)
    (out / "cards/001-q1-1.html").write_text("half")
    result = runner.invoke(main, ["preview", str(content), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["preview", str(content), "-o", str(fresh)]).exit_code == 0
    assert tree(out) == tree(fresh)
    # A page deleted by hand since: the site is made whole, not updated in place.
    (out / "cards/002-q2-1.html").unlink()
    (content / "a.md").write_text(CARD.format(n=1).replace("A1", "A uno"))
    assert runner.invoke(main, ["build", str(content), "-o", str(build)]).exit_code == 0
    assert runner.invoke(main, ["preview", str(content), "-o", str(out)]).exit_code == 0
    assert runner.invoke(main, ["preview", str(content), "-o", str(fresh)]).exit_code == 0
    assert tree(out) == tree(fresh)
    # The index changed by hand since, at its size: newer than the record, it is not spliced.
    index = out / "index.html"
    marker = (out / ".ankismith-preview").stat().st_mtime_ns
    index.write_bytes(index.read_bytes().replace(b"A2", b"Z2"))
    os.utime(index, ns=(marker + 10**9, marker + 10**9))
    (content / "a.md").write_text(CARD.format(n=1).replace("A1", "A dos"))
    assert runner.invoke(main, ["build", str(content), "-o", str(build)]).exit_code == 0
    folder = out.stat().st_ino
    assert runner.invoke(main, ["preview", str(content), "-o", str(out)]).exit_code == 0
    assert out.stat().st_ino != folder  # made whole
    assert runner.invoke(main, ["preview", str(content), "-o", str(fresh)]).exit_code == 0
    assert tree(out) == tree(fresh)
    # No file of a site made whole is newer than its record: the next edit is made in place.
    newest = max(p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file())
    assert newest == (out / ".ankismith-preview").stat().st_mtime_ns
    # A content error after a build writes nothing, in place or not.
    before = tree(out)
    (content / "b.md").write_text("## Broken\n<!-- id: b -->\n")
    result = runner.invoke(main, ["preview", str(content), "-o", str(out)])
    assert result.exit_code == 1 and tree(out) == before


def test_a_preview_in_place_reports_the_warnings_a_fresh_one_does(
    runner: CliRunner, tmp_path: Path, write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANKISMITH_CACHE_DIR", raising=False)
    bare = "## Q9\n<!-- id: q9 -->\n\n### Answer\n\nA9\n"  # no explanation: a warning
    content = write_tree({"a.md": CARD.format(n=1), "b.md": bare})
    build, out, fresh = tmp_path / "build", tmp_path / "build/preview", tmp_path / "fresh"
    assert runner.invoke(main, ["preview", str(content), "-o", str(out)]).exit_code == 0
    (content / "a.md").write_text(CARD.format(n=1).replace("A1", "A one"))
    assert runner.invoke(main, ["build", str(content), "-o", str(build)]).exit_code == 0
    folder = out.stat().st_ino
    in_place = runner.invoke(main, ["preview", str(content), "-o", str(out)])
    assert out.stat().st_ino == folder  # updated in place
    made = runner.invoke(main, ["preview", str(content), "-o", str(fresh)])
    assert "missing-explanation" in in_place.output
    assert in_place.output.replace(str(out), "SITE") == made.output.replace(str(fresh), "SITE")
    assert tree(out) == tree(fresh)
