"""Hostile input beyond the catalogue: time in step with input, Ctrl-C, killed builds, links.

Also a diffed commit holding a link out of its tree.

The time tests double each pathological input (kept under the limits) and assert that the time
at most about doubles: a ratio, never an absolute time.
"""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith.apkg.collection import build_collection
from ankismith.cli import main
from ankismith.limits import CODE_BLOCKS, NESTING
from ankismith.model import NoteKind, RenderedNote
from ankismith.notetypes.assemble import builtin_notetype
from ankismith.notetypes.labels import deck_labels
from ankismith.parse.settings import DeckSettings
from ankismith.release.diff import word_diff
from ankismith.render.fields import Renderer, render_one
from ankismith.render.rendered import RenderedDeck
from tests.helpers import DECK_YAML, git, init_repo, parse_text, write_files

SETTINGS = DeckSettings(name="T", namespace="t")
CARD = "## Q{n}?\n<!-- id: q{n} -->\n\n### Answer\n\n{body}\n\n### Explanation\n\nE.\n\n"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}

# Each: one card body at (or just under) a limit; a file holds ``n`` such cards.
PATHOLOGICAL: dict[str, Callable[[int], str]] = {
    "unclosed-brackets": lambda i: "[" * 32,
    "unclosed-images": lambda i: "![" * 16 + "[" * 16,
    "unclosed-links": lambda i: "[a](" * 32,
    "backslashes": lambda i: "\\" * 256,
    "backticks": lambda i: "x " + "`" * 256,
    "emphasis": lambda i: "*_" * 64,
    "nested-lists": lambda i: "\n".join("  " * d + "- x" for d in range(NESTING - 1)),
    "nested-quotes": lambda i: "\n".join(">" * d + " x" for d in range(1, NESTING + 1)),
    "staircase-quotes": lambda i: "\n\n".join(">" * (d % NESTING) + " x" for d in range(40)),
    "fence-lines": lambda i: "```\n" * 8 + "x",
    "long-line": lambda i: "word " * 1999,
    "raw-html": lambda i: "<kbd>" * 200 + "<span onclick=x>" * 50,
    "script-shaped": lambda i: "<img src=x onerror=alert(1)> [a](javascript:x) $\\href{x}{y}$" * 20,
}


def _cards(kind: str, count: int) -> str:
    return "".join(CARD.format(n=n, body=PATHOLOGICAL[kind](n)) for n in range(count))


def _render_time(text: str) -> float:
    """Return the processor time taken to parse and render ``text`` as one card file.

    Processor time, not wall time: other work on a busy machine does not count. Nor does the
    garbage collector, whose passes grow with what earlier tests left on the heap, not with
    ``text``: it is run before and kept off while timing.
    """
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        cards, _ = parse_text(SETTINGS, text, "content/a.md")
        renderer = Renderer()
        for card in cards:
            render_one(card, renderer)
        return time.process_time() - start
    finally:
        gc.enable()


def _ratio(run: Callable[[int], float], size: int) -> float:
    """Return time(2 x size) / time(size), each the least of runs taken in turns.

    Taking turns and the least of each keeps out the noise of a machine busy with other work.
    """
    small, large = [], []
    for _ in range(4):
        small.append(run(size))
        large.append(run(2 * size))
    return min(large) / max(min(small), 1e-4)


def _whole(kind: str, count: int) -> bool:
    """Return True when ``count`` cards of ``kind`` in one file parse into as many cards."""
    cards, _ = parse_text(SETTINGS, _cards(kind, count), "content/a.md")
    return len(cards) == count


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(PATHOLOGICAL))
def test_doubling_a_pathological_input_at_most_about_doubles_the_time(kind: str) -> None:
    cards, _ = parse_text(SETTINGS, _cards(kind, 2), "content/a.md")
    assert len(cards) == 2, f"{kind}: the input should be under every limit"
    size = 8
    # Large enough for the timer, small enough for the test, and twice the size still under
    # the limits (a fast machine would otherwise grow fence lines past the code block limit).
    while _render_time(_cards(kind, size)) < 0.2 and size < 128 and _whole(kind, 4 * size):
        size *= 2
    cards, _ = parse_text(SETTINGS, _cards(kind, 2 * size), "content/a.md")
    assert len(cards) == 2 * size, f"{kind}: the doubled input should still be under every limit"
    ratio = _ratio(lambda n: _render_time(_cards(kind, n)), size)
    assert ratio < 3, f"{kind}: doubling the input took {ratio:.1f} times as long"


@pytest.mark.slow
def test_doubling_code_blocks_up_to_the_limit_at_most_about_doubles_the_time() -> None:
    def timed(blocks: int) -> float:
        body = "```python\nx = 1\n```\n\n" * blocks
        return _render_time(CARD.format(n=0, body=body))

    assert _ratio(timed, CODE_BLOCKS // 4) < 3


@pytest.mark.slow
def test_doubling_the_word_diff_at_most_about_doubles_the_time() -> None:
    def timed(words: int) -> float:
        old = " ".join(f"a{i}" for i in range(words))
        new = " ".join(f"b{i}" for i in range(words))
        start = time.process_time()
        word_diff(old, new)
        return time.process_time() - start

    assert _ratio(timed, 200_000) < 3


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _big_deck(root: Path) -> Path:
    body = "Some `code`, **bold** and $x^2$."
    return write_files(
        root,
        {"deck.yaml": DECK_YAML, "a.md": "".join(CARD.format(n=n, body=body) for n in range(4000))},
    )


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_render_workers_end_when_their_build_is_killed(sig: int, tmp_path: Path) -> None:
    content = _big_deck(tmp_path / "content")
    command = [
        sys.executable,
        "-m",
        "ankismith",
        "build",
        str(content),
        "-o",
        str(tmp_path / "out"),
        "-j",
        "2",
    ]
    build = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while not workers and build.poll() is None and time.monotonic() < deadline:
        workers = _children(build.pid)
        time.sleep(0.02)
    if not workers:
        pytest.fail("the build rendered without worker processes; the deck is too small")
    build.send_signal(sig)
    build.wait()
    deadline = time.monotonic() + 10
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "render workers outlived their build"


@pytest.mark.parametrize("delay", [0.3, 0.6, 1.2])
def test_ctrl_c_ends_with_one_line_and_exit_130(delay: float, tmp_path: Path) -> None:
    content = _big_deck(tmp_path / "content")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "ankismith", "build", str(content), "-o", str(out), "-j", "2"]
    build = subprocess.Popen(
        command, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    time.sleep(delay)
    build.send_signal(signal.SIGINT)
    _, stderr = build.communicate(timeout=120)
    if build.returncode == 0:
        pytest.skip("the build finished before Ctrl-C")
    assert build.returncode == 130, stderr
    assert stderr == "Interrupted; nothing more was written.\n"
    assert not list(tmp_path.rglob("*.tmp")), "a temp file was left behind"
    assert not list(out.glob("*.apkg")) if out.exists() else True


def test_a_diffed_commit_with_a_link_out_of_its_tree_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    write_files(repo / "content", {"deck.yaml": DECK_YAML, "a.md": CARD.format(n=1, body="A.")})
    (tmp_path / "secret.md").write_text("## SECRET?\n\n### Answer\n\nA.\n")
    (repo / "content" / "b.md").symlink_to("../../secret.md")
    init_repo(repo, "v1")
    git(repo, "tag", "v1")
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["diff", "v1", "v1"], env=ENV)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "SECRET" not in result.output
    assert (
        result.output.startswith("Error: v1: ")
        and "refused: links must stay inside" in result.output
    )


def test_no_library_warning_reaches_the_output() -> None:
    note = RenderedNote("basic", "q", ("a < b > c", "A", "", "", "a.md", "q"), (), "T")
    basic = builtin_notetype(NoteKind.BASIC, {}, deck_labels("", {}))
    deck = RenderedDeck(SETTINGS, "", (note,), 1700000000, notetypes=(basic,))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would fail the test, as it would leak
        assert build_collection(deck)[0].startswith(b"SQLite format 3")
