"""End-to-end CLI runs: exit codes, messages on stderr, what lands on disk."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from click.testing import CliRunner

from ankismith import __version__
from ankismith.cli import main
from tests.helpers import Q_CARD, SAMPLE, WriteTree, sha256


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
        == f"Built {target}: 1 card in 1 deck, {target.stat().st_size / 1024:.1f} KiB\n"
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
        "3 errors, 1 warning in 1 card; nothing was written.",
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
    assert f"{content}/a.md:3:4: not valid UTF-8 (byte 0xe9); save the file as UTF-8 [syntax]" in result.stderr


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
    assert strict.stderr.splitlines()[-1] == "1 error, 0 warnings in 1 card; nothing was written."
    assert not (tmp_path / "strict").exists()
