"""End-to-end CLI runs: exit codes, messages on stderr, what lands on disk."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith import __version__
from ankismith.cli import main
from tests.helpers import EPOCH, LORA_CARD, Q_CARD, ROOT, SAMPLE, WriteTree, sha256, tool


def test_build_sample(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "fine-tuning-vocabulary.apkg"
    assert result.stdout.startswith(f"Built {out}: ")
    assert re.search(r" cards in \d+ decks, [\d.]+ KiB$", result.stdout.rstrip())
    archive = zipfile.ZipFile(io.BytesIO(out.read_bytes()))
    assert archive.namelist()[:2] == ["collection.anki2", "media"]
    assert "lora-" in archive.read("media").decode()


def test_output_path_ending_in_apkg(
    runner: CliRunner, write_tree: WriteTree, tmp_path: Path
) -> None:
    content = write_tree({"a.md": Q_CARD})
    target = tmp_path / "deep" / "mine.apkg"
    result = runner.invoke(main, ["build", str(content), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == f"Built {target}: 1 note, 1 card in 1 deck, {target.stat().st_size / 1024:.1f} KiB\n"
    )


def test_same_commit_builds_identical_bytes(runner: CliRunner, tmp_path: Path) -> None:
    for name in ("one", "two"):
        assert (
            runner.invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path / name)]).exit_code == 0
        )
    first, second = (tmp_path / n / "fine-tuning-vocabulary.apkg" for n in ("one", "two"))
    assert sha256(first) == sha256(second)


def test_every_error_reported_and_previous_apkg_untouched(
    runner: CliRunner, write_tree: WriteTree, tmp_path: Path
) -> None:
    content = write_tree({"a.md": Q_CARD})
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", str(content), "-o", str(out)]).exit_code == 0
    apkg = out / "test-deck.apkg"
    before = sha256(apkg)
    (content / "a.md").write_text("## Q\n\n## R\n### Answer\n\n")
    (content / "b.md").write_text("## S\n<!-- id: q; tag: x -->\n### Answer\nA\n")
    result = runner.invoke(main, ["build", str(content), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{content}/a.md:1: card has no '### Answer' section [missing-answer]",
        f"{content}/a.md:4: '### Answer' is empty [missing-answer]",
        f"{content}/b.md:1: warning: card has no '### Explanation'; say why the answer is right [missing-explanation]",
        f"{content}/b.md:2: card metadata: unknown key 'tag' (did you mean 'tags'?) [unknown-key]",
        "3 errors, 1 warning in 1 note; nothing was written.",
    ]
    assert "Traceback" not in result.output
    assert sha256(apkg) == before
    assert sorted(p.name for p in out.iterdir()) == [".ankismith-cache", "test-deck.apkg"]


def test_duplicate_id_names_both_places(runner: CliRunner, write_tree: WriteTree) -> None:
    content = write_tree({"a.md": Q_CARD, "sub/b.md": "\n\n" + Q_CARD})
    result = runner.invoke(main, ["build", str(content)])
    assert result.exit_code == 1
    assert (
        f"{content}/sub/b.md:3: duplicate id 'q'; first used at {content}/a.md:1" in result.stderr
    )


def test_invalid_utf8_names_the_line(runner: CliRunner, write_tree: WriteTree) -> None:
    content = write_tree({"a.md": b"## Q\n### Answer\ncaf\xe9\n"})
    result = runner.invoke(main, ["build", str(content)])
    assert result.exit_code == 1
    assert (
        f"{content}/a.md:3:4: not valid UTF-8 (byte 0xe9); save the file as UTF-8 [syntax]"
        in result.stderr
    )


def test_missing_things_exit_1(runner: CliRunner, write_tree: WriteTree, tmp_path: Path) -> None:
    missing = runner.invoke(main, ["build", str(tmp_path / "nope")])
    assert (missing.exit_code, missing.stderr) == (
        1,
        f"Error: {tmp_path / 'nope'}: content directory not found\n",
    )
    content = write_tree({"a.md": "# Nothing\n"})
    empty = runner.invoke(main, ["build", str(content)])
    assert empty.exit_code == 1
    assert f"{content}: no cards found (a card starts with '## ')" in empty.stderr
    (content / "deck.yaml").unlink()
    no_settings = runner.invoke(main, ["build", str(content)])
    assert no_settings.exit_code == 1
    assert f"{content}/deck.yaml: missing; create it with" in no_settings.stderr


def test_output_is_a_directory(runner: CliRunner, write_tree: WriteTree, tmp_path: Path) -> None:
    content = write_tree({"a.md": Q_CARD})
    (tmp_path / "x.apkg").mkdir()
    result = runner.invoke(main, ["build", str(content), "-o", str(tmp_path / "x.apkg")])
    assert result.exit_code == 1
    assert "is a directory" in result.stderr


def test_usage_errors_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(main, ["build", "--nope"]).exit_code == 2
    assert runner.invoke(main, ["frobnicate"]).exit_code == 2


def test_help_and_version(runner: CliRunner) -> None:
    assert "CONTENT_DIR" in runner.invoke(main, ["build", "--help"]).stdout
    assert runner.invoke(main, ["--version"]).stdout == f"ankismith, version {__version__}\n"


def test_python_dash_m_and_console_script(tmp_path: Path) -> None:
    via_module = subprocess.run(
        [sys.executable, "-m", "ankismith", "--version"], capture_output=True, text=True, check=True
    )
    assert via_module.stdout.strip() == f"ankismith, version {__version__}"
    script = shutil.which("ankismith", path=str(Path(sys.executable).parent))
    assert script is not None


def test_missing_id_warns_and_strict_fails(
    runner: CliRunner, write_tree: WriteTree, tmp_path: Path
) -> None:
    content = write_tree({"a.md": "## No id\n### Answer\nA\n### Explanation\nE\n"})
    loose = runner.invoke(main, ["build", str(content), "-o", str(tmp_path / "loose")])
    assert loose.exit_code == 0
    assert loose.stderr.startswith(
        f"{content}/a.md:1: warning: card has no id; editing its question"
    )
    strict = runner.invoke(
        main, ["build", str(content), "--strict", "-o", str(tmp_path / "strict")]
    )
    assert strict.exit_code == 1
    assert strict.stderr.startswith(f"{content}/a.md:1: card has no id;")
    assert strict.stderr.splitlines()[-1] == "1 error, 0 warnings in 1 note; nothing was written."
    assert not (tmp_path / "strict").exists()


REVERSED_CARD = "## Front\n<!-- id: r; type: reversed -->\n### Answer\nBack\n### Explanation\nE\n"


def test_quiet_prints_nothing_on_success_and_verbose_tells_the_cache_use(
    runner: CliRunner, write_tree: WriteTree, tmp_path: Path
) -> None:
    content = write_tree({"a.md": Q_CARD})
    out = str(tmp_path / "out")
    quiet = runner.invoke(main, ["-q", "build", str(content), "-o", out])
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    (content / "b.md").write_text(LORA_CARD.replace("### Answer", "### Explanation\nE\n### Answer"))
    verbose = runner.invoke(main, ["build", str(content), "-o", out, "--verbose"])
    assert verbose.exit_code == 0, verbose.output
    digest = sha256(tmp_path / "out" / "test-deck.apkg")
    assert verbose.stderr.splitlines() == [
        "rendered 1 note of 2, 1 from the render cache",
        "build time 1700000000 (2023-11-14T22:13:20Z)",
        "2 notes, 2 cards",
        f"sha256 {digest}",
        verbose.stderr.splitlines()[-1],
    ]
    assert re.fullmatch(r"took \d+\.\d\d s", verbose.stderr.splitlines()[-1])
    both = runner.invoke(main, ["-q", "build", "-v"])
    assert both.exit_code == 2
    assert "--quiet and --verbose exclude each other" in both.stderr


def test_build_format_json(runner: CliRunner, write_tree: WriteTree, tmp_path: Path) -> None:
    content = write_tree({"a.md": Q_CARD + "\n" + REVERSED_CARD, "Sub/b.md": LORA_CARD})
    result = runner.invoke(main, ["build", str(content), "-o", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    out = tmp_path / "test-deck.apkg"
    assert {k: v for k, v in report.items() if k not in ("seconds", "warnings")} == {
        "version": 1,
        "output": str(out),
        "sha256": sha256(out),
        "size": out.stat().st_size,
        "notes": 3,
        "cards": 4,  # the reversed note makes two
        "decks": ["Test Deck", "Test Deck::Sub"],
        "name": "Test Deck",
        "build_time": EPOCH,
        "build_time_utc": "2023-11-14T22:13:20Z",
        "rendered": 3,
        "reused": 0,
    }
    assert report["warnings"] == [line for line in result.stderr.splitlines() if "warning:" in line]
    assert len(report["warnings"]) == 1 and "[missing-explanation]" in report["warnings"][0]


def test_force_color_and_no_color(runner: CliRunner, write_tree: WriteTree) -> None:
    content = write_tree({"a.md": LORA_CARD})
    plain = runner.invoke(main, ["check", str(content)])
    forced = runner.invoke(main, ["check", str(content)], env={"FORCE_COLOR": "1"})
    both = runner.invoke(main, ["check", str(content)], env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[" not in plain.stdout and "\x1b[" not in both.stdout
    assert "\x1b[1m" in forced.stdout and "\x1b[33m" in forced.stdout
    assert click_unstyle(forced.stdout) == plain.stdout


def click_unstyle(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_columns_in_every_format(runner: CliRunner, write_tree: WriteTree) -> None:
    card = "## Q\n<!-- id: q -->\n### Answer\nA `<script>` <script>x</script>\n### Explanation\nE\n"
    content = write_tree({"a.md": card})
    human = runner.invoke(main, ["check", str(content)]).stdout
    assert human.startswith(f"{content}/a.md:4:14: warning: <script> is shown as text")
    github = runner.invoke(main, ["check", str(content), "--format", "github"]).stdout
    assert github.startswith(f"::warning file={content}/a.md,line=4,col=14,title=script-tag::")
    document = json.loads(runner.invoke(main, ["check", str(content), "--format", "json"]).stdout)
    assert [(d["line"], d["column"]) for d in document["diagnostics"]] == [(4, 14)]


def test_hint_when_run_from_a_subdirectory(
    runner: CliRunner, write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_tree({"a.md": Q_CARD})
    (content.parent / "notes" / "deep").mkdir(parents=True)
    monkeypatch.chdir(content.parent / "notes" / "deep")
    result = runner.invoke(main, ["build"])
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: content: content directory not found; found ../../content above this "
        f"directory: run from {content.parent}, or pass ../../content\n",
    )
    monkeypatch.chdir(content)
    inside = runner.invoke(main, ["check"])
    assert inside.stderr == (
        "Error: content: content directory not found; this directory holds deck.yaml itself: "
        "pass '.'\n"
    )


def test_shell_completion_as_documented() -> None:
    env = {
        **os.environ,
        "_ANKISMITH_COMPLETE": "bash_complete",
        "COMP_WORDS": "ankismith bu",
        "COMP_CWORD": "1",
    }
    done = subprocess.run([tool("ankismith")], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["plain,build"]
    source = {**os.environ, "_ANKISMITH_COMPLETE": "bash_source"}
    script = subprocess.run(
        [tool("ankismith")], env=source, capture_output=True, text=True, check=True
    ).stdout
    assert "complete -o nosort -F _ankismith_completion ankismith" in script
    readme = (ROOT / "README.md").read_text()
    assert 'eval "$(_ANKISMITH_COMPLETE=bash_source ankismith)"' in readme
