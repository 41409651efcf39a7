"""The quick answer (``quick/``): what it prints is what the full command prints, or it stands aside.

Every run is a fresh interpreter through the entry point (``ankismith.quick.entry.main``); the
full command is the same run with ``ANKISMITH_NO_QUICK`` set. A run answered quickly never
loads click.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import DECK_YAML, EPOCH, LORA_CARD, Q_CARD, ROOT, git, init_repo, write_files

PROBE = """
import json, os, sys
from ankismith.quick.entry import main
sys.argv = ["ankismith", *sys.argv[1:]]
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code
sys.stdout.flush()
sys.stderr.flush()
with open(os.environ["QUICK_PROBE"], "w", encoding="utf-8") as file:
    json.dump({"click": "click" in sys.modules, "yaml": "yaml" in sys.modules}, file)
sys.exit(code)
"""

Run = tuple[bytes, bytes, int, bool]
"""(stdout, stderr, exit code, answered quickly)."""


def run(root: Path, *args: str, full: bool = False, **environ: str | None) -> Run:
    """Run ankismith with ``args`` in ``root``; ``full`` runs it with the quick answer off."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANKISMITH_", "GIT_"))}
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    env |= {"SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONPATH": path}
    env["QUICK_PROBE"] = str(root / "probe.json")
    if full:
        env["ANKISMITH_NO_QUICK"] = "1"
    for name, value in environ.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=root, env=env, capture_output=True, check=False
    )
    probe = json.loads((root / "probe.json").read_text(encoding="utf-8"))
    quick = not probe["click"]
    assert not (quick and probe["yaml"])
    return done.stdout, done.stderr, done.returncode, quick


def same(quick: Run, full: Run) -> None:
    """Assert that two runs printed the same bytes and exited alike."""
    assert quick[:3] == full[:3]


WARNED = {"deck.yaml": DECK_YAML, "a.md": LORA_CARD + "\n" + Q_CARD}
"""A deck that builds with a warning (the LoRA card has no explanation)."""
BUILD = ("build", "content", "-o", "out", "--no-progress")
CHECK = ("check", "content", "-o", "out")


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    """Return a folder holding ``content/`` (a deck with a warning), built into ``out/``."""
    write_files(tmp_path / "content", WARNED)
    first = run(tmp_path, *BUILD)
    assert first[2] == 0, first[1]
    return tmp_path


def test_a_build_with_nothing_changed_prints_what_the_full_build_prints(deck: Path) -> None:
    quick = run(deck, *BUILD)
    assert quick[3], "answered by the full command"
    full = run(deck, *BUILD, full=True)
    assert not full[3]
    same(quick, full)
    assert b"warning" in quick[1] and quick[0].startswith(b"Built out/")


@pytest.mark.parametrize(
    "extra",
    [(), ("--strict",), ("-q",), ("--strict", "-q")],
    ids=["plain", "strict", "quiet", "strict-quiet"],
)
def test_check_after_a_build_prints_what_the_full_check_prints(
    deck: Path, extra: tuple[str, ...]
) -> None:
    full = run(deck, *CHECK, *extra, full=True)
    first = run(deck, *CHECK, *extra)  # the build recorded check and check --strict
    again = run(deck, *CHECK, *extra)
    assert again[3], "answered by the full command"
    assert first[3] == ("-q" not in extra)
    same(first, full)
    same(again, full)
    assert full[2] == (1 if "--strict" in extra else 0)
    assert b"warning" in full[0] or "--strict" in extra


def test_a_build_under_strict_that_fails_is_never_answered(deck: Path) -> None:
    full = run(deck, *BUILD, "--strict", full=True)
    assert full[2] == 1
    for _ in range(2):
        answered = run(deck, *BUILD, "--strict")
        assert not answered[3]
        same(answered, full)


def _edit_card(root: Path) -> None:
    (root / "content" / "a.md").write_text(LORA_CARD + "\n" + Q_CARD + "\nmore\n", "utf-8")


def _add_card_file(root: Path) -> None:
    card = Q_CARD.replace("## Q", "## R, a question of its own").replace("id: q", "id: r")
    write_files(root / "content", {"b.md": card})


def _remove_file(root: Path) -> None:
    (root / "content" / "b.md").unlink()


def _touch_settings(root: Path) -> None:
    with (root / "content" / "deck.yaml").open("a", encoding="utf-8") as file:
        file.write("# a comment\n")


def _add_media(root: Path) -> None:
    write_files(root / "content", {"img/x.png": b"\x89PNG not really"})


def _add_template(root: Path) -> None:
    write_files(root / "content", {"_templates/style.css": ".card { color: #222; }\n"})


def _add_hidden(root: Path) -> None:
    write_files(root / "content", {".notes": "hidden"})


def _change_package(root: Path) -> None:
    package = next((root / "out").glob("*.apkg"))
    package.write_bytes(package.read_bytes() + b"\0")


def _delete_package(root: Path) -> None:
    next((root / "out").glob("*.apkg")).unlink()


def _corrupt_record(root: Path) -> None:
    record = root / "out" / ".ankismith-cache" / "quick.bin"
    data = bytearray(record.read_bytes())
    data[-5] ^= 0xFF
    record.write_bytes(bytes(data))


def _replace_record(root: Path) -> None:
    (root / "out" / ".ankismith-cache" / "quick.bin").write_bytes(b"not a record")


def _touch_build_record(root: Path) -> None:
    path = root / "out" / ".ankismith-cache" / "build.json"
    path.write_bytes(path.read_bytes())


CHANGES: dict[str, Callable[[Path], None]] = {
    "card edited": _edit_card,
    "card file added": _add_card_file,
    "deck.yaml touched": _touch_settings,
    "media added": _add_media,
    "template added": _add_template,
    "hidden file added": _add_hidden,
    "package changed": _change_package,
    "package deleted": _delete_package,
    "record corrupt": _corrupt_record,
    "record replaced": _replace_record,
    "build.json rewritten": _touch_build_record,
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_every_change_stands_the_quick_answer_aside(deck: Path, change: str) -> None:
    assert run(deck, *BUILD)[3]
    CHANGES[change](deck)
    expected = run(deck, *BUILD, full=True) if "package" not in change else None
    answered = run(deck, *BUILD)
    assert not answered[3], "answered from a record of other inputs"
    if expected is not None:
        same(answered, expected)
    assert answered[2] == 0
    again = run(deck, *BUILD)  # recorded anew: answered, and as the full build prints
    assert again[3]
    same(again, run(deck, *BUILD, full=True))


def test_a_removed_file_stands_it_aside(deck: Path) -> None:
    _add_card_file(deck)
    run(deck, *BUILD)
    assert run(deck, *BUILD)[3]
    _remove_file(deck)
    answered = run(deck, *BUILD)
    assert not answered[3]
    same(answered, run(deck, *BUILD, full=True))


def test_the_time_and_the_output_are_part_of_the_key(deck: Path) -> None:
    later = str(EPOCH + 86400)
    answered = run(deck, *BUILD, SOURCE_DATE_EPOCH=later)
    assert not answered[3]
    assert run(deck, *BUILD, SOURCE_DATE_EPOCH=later)[3]
    elsewhere = run(deck, "build", "content", "-o", "other", "--no-progress")
    assert not elsewhere[3] and elsewhere[0].startswith(b"Built other/")
    assert run(deck, "build", "content", "-o", "other", "--no-progress")[3]


def test_a_build_dated_by_the_clock_is_never_answered(deck: Path) -> None:
    # Outside git and without SOURCE_DATE_EPOCH each build takes the current time.
    for _ in range(2):
        built = run(deck, *BUILD, SOURCE_DATE_EPOCH=None)
        assert not built[3] and b"using the current time" in built[1]


def test_in_git_without_source_date_epoch_a_new_commit_stands_it_aside(tmp_path: Path) -> None:
    # The build time is the content's last commit's: HEAD and its branch are in the key.
    write_files(tmp_path / "content", WARNED)
    init_repo(tmp_path, "first")
    unset = {"SOURCE_DATE_EPOCH": None}
    run(tmp_path, *BUILD, **unset)
    answered = run(tmp_path, *BUILD, **unset)
    assert answered[3]
    same(answered, run(tmp_path, *BUILD, full=True, **unset))
    _edit_card(tmp_path)
    git(tmp_path, "commit", "-q", "-am", "second", when=EPOCH + 3600)
    rebuilt = run(tmp_path, *BUILD, **unset)
    assert not rebuilt[3]
    same(rebuilt, run(tmp_path, *BUILD, full=True, **unset))
    assert run(tmp_path, *BUILD, **unset)[3]
    # An edit not committed: warned about (the build is dated by the last commit), every time.
    (tmp_path / "content" / "a.md").write_text(LORA_CARD + "\n" + Q_CARD, "utf-8")
    warned = run(tmp_path, *BUILD, **unset)
    assert not warned[3] and b"not committed" in warned[1]
    again = run(tmp_path, *BUILD, **unset)
    assert again[3]
    same(again, run(tmp_path, *BUILD, full=True, **unset))


def test_forms_it_does_not_know_run_the_command_line(deck: Path) -> None:
    for args in (
        (*BUILD, "-v"),
        (*BUILD, "--format", "json"),
        ("build", "content", "--deck", "x", "-o", "out"),
        ("-q", *BUILD),
    ):
        assert not run(deck, *args)[3]
        assert not run(deck, *args)[3]


def test_a_project_file_is_not_answered(deck: Path) -> None:
    write_files(deck, {"ankismith.yaml": "decks:\n  one: content\n"})
    run(deck, *BUILD)
    assert not run(deck, *BUILD)[3]


def test_in_git_a_commit_stands_the_answer_aside(tmp_path: Path) -> None:
    write_files(tmp_path / "content", WARNED)
    init_repo(tmp_path, "first")
    run(tmp_path, *BUILD)
    assert run(tmp_path, *BUILD)[3]
    assert run(tmp_path, *CHECK)[3]
    git(tmp_path, "tag", "v1.0")  # the version a build takes from the tag on HEAD
    tagged = run(tmp_path, *BUILD)
    assert not tagged[3]
    same(tagged, run(tmp_path, *BUILD, full=True))
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "second", when=EPOCH + 60)
    checked = run(tmp_path, *CHECK)
    assert not checked[3]
    same(checked, run(tmp_path, *CHECK, full=True))
    assert not run(tmp_path, *BUILD)[3]


def test_in_git_check_sees_uncommitted_lines(tmp_path: Path) -> None:
    # check blames the uncommitted card of two with one id: what is uncommitted is in the key.
    dup = Q_CARD.replace("## Q", "## Another Q")
    write_files(tmp_path / "content", {"deck.yaml": DECK_YAML, "a.md": Q_CARD})
    init_repo(tmp_path, "first")
    assert run(tmp_path, *BUILD)[2] == 0  # the cache folder, where check records its answer
    write_files(tmp_path / "content", {"b.md": dup})
    full = run(tmp_path, *CHECK, full=True)
    assert full[2] == 1 and b"b.md" in full[0]
    assert not run(tmp_path, *CHECK)[3]
    answered = run(tmp_path, *CHECK)
    assert answered[3]
    same(answered, full)
    git(tmp_path, "add", ".")
    staged = run(tmp_path, *CHECK)
    assert not staged[3]
    same(staged, run(tmp_path, *CHECK, full=True))


@pytest.mark.parametrize("colour", [{"FORCE_COLOR": "1"}, {"NO_COLOR": "1", "FORCE_COLOR": "1"}])
def test_check_in_colour_prints_what_the_full_check_prints(
    tmp_path: Path, colour: dict[str, str]
) -> None:
    write_files(tmp_path / "content", WARNED)
    assert run(tmp_path, *BUILD, **colour)[2] == 0
    answered = run(tmp_path, *CHECK, **colour)
    assert answered[3]
    same(answered, run(tmp_path, *CHECK, full=True, **colour))
    assert (b"\x1b[" in answered[0]) == ("NO_COLOR" not in colour)
    assert not run(tmp_path, *CHECK)[3]  # without colour: another answer
