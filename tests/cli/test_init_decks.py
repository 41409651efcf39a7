"""``ankismith init --decks``: a repository of several decks, its Makefile, CI and release.

The scaffold's Makefile runs for real (a ``.venv`` standing in for the pinned install), the
action's and the release workflow's shell steps run as a GitHub runner would run them, with a
stand-in ``gh`` serving earlier releases from a folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ankismith.apkg.reader import read_package
from ankismith.cli import main
from tests.helpers import ROOT, git, init_repo, sha256, steps_of

DAY1, DAY2, DAY3 = 1700000000, 1700086400, 1700172800
FILES = [
    ".github/ISSUE_TEMPLATE/card-report.yml",
    ".github/actions/ankismith/action.yml",
    ".github/workflows/ci.yml",
    ".github/workflows/release.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "Makefile",
    "README.md",
    "ankismith.yaml",
    "decks/core/deck.yaml",
    "decks/core/example.md",
    "decks/extended/deck.yaml",
    "decks/extended/example.md",
    "requirements.txt",
]
# A stand-in for the GitHub CLI: releases are folders of $RELEASES, newest first in ./order.
GH = r"""#!/bin/bash
set -e
case "$1 $2" in
  "release list") cat "$RELEASES/order" ;;
  "release view") ls "$RELEASES/$3" ;;
  "release download") cp "$RELEASES/$3/$5" "$7/" ;;
  *) echo "gh: unexpected $*" >&2; exit 2 ;;
esac
"""


def _venv(repo: Path) -> None:
    """Stand in for the pinned install: .venv/bin/ankismith runs this checkout's ankismith."""
    bin_ = repo / ".venv" / "bin"
    bin_.mkdir(parents=True)
    (bin_ / "ankismith").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ankismith "$@"\n')
    (bin_ / "ankismith").chmod(0o755)
    (bin_ / "python").symlink_to(sys.executable)
    (repo / ".venv" / ".installed").touch()


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "GITHUB_OUTPUT": os.devnull, **extra}
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def _run(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a step's ``run:`` script with bash, as a GitHub runner does."""
    command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(name="project")
def _project(tmp_path: Path) -> Path:
    repo = tmp_path / "words"
    result = CliRunner().invoke(
        main, ["init", str(repo), "--decks", "core,extended", "--name", "Rust words"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:-1] == [f"  {f}" for f in FILES]
    _venv(repo)
    return repo


def test_every_deck_has_its_folder_name_and_id(project: Path) -> None:
    listed = yaml.safe_load((project / "ankismith.yaml").read_text())
    assert listed == {"decks": {"core": "decks/core", "extended": "decks/extended"}}
    first = (project / "ankismith.yaml").read_text().splitlines()[0]
    assert first.endswith("/src/ankismith/schema/project.schema.json")
    settings = [
        yaml.safe_load((project / "decks" / k / "deck.yaml").read_text())
        for k in ("core", "extended")
    ]
    assert [s["name"] for s in settings] == ["Rust words (core)", "Rust words (extended)"]
    assert settings[0]["id"].startswith("rust-words-core-")
    assert settings[1]["id"].startswith("rust-words-extended-")
    # Free to choose before a first release, a note type change after: decks of a new project
    # may differ in language without copying our note types.
    assert [s["note_type_ids"] for s in settings] == ["own", "own"]
    readme = (project / "README.md").read_text()
    assert "build/core.apkg, build/extended.apkg" in readme
    assert "(^|/)(deck|ankismith)\\.yaml$" in (project / ".pre-commit-config.yaml").read_text()


def test_make_builds_and_checks_every_deck_or_one(project: Path) -> None:
    init_repo(project, "v1", when=DAY1)

    def make(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["make", *args], cwd=project, env=_env(), capture_output=True, text=True, check=False
        )

    done = make("deck")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (project / "build").glob("*.apkg")) == [
        "core.apkg",
        "extended.apkg",
    ]
    (note,) = read_package(project / "build" / "core.apkg").notes
    assert note.key == "stable-card-ids"
    assert "No problems: 0 errors, 0 warnings in 2 notes." in make("test").stdout
    shutil.rmtree(project / "build")
    assert make("deck", "DECK=extended").returncode == 0
    assert [p.name for p in (project / "build").glob("*.apkg")] == ["extended.apkg"]
    bad = make("test", "DECK=nope")
    assert bad.returncode != 0 and "no deck 'nope'; its decks are core, extended" in bad.stderr


def test_the_action_checks_builds_and_previews_every_deck(project: Path, tmp_path: Path) -> None:
    init_repo(project, "v1", when=DAY1)
    runner = tmp_path / "runner"
    shutil.copytree(project / ".venv", runner / "ankismith-venv", symlinks=True)
    action = project / ".github" / "actions" / "ankismith" / "action.yml"
    inputs = {
        k: str(v.get("default", ""))
        for k, v in yaml.safe_load(action.read_text())["inputs"].items()
    }
    log = ""
    for step in steps_of(action):
        if "run" not in step or step.get("name") == "Install ankismith":
            continue
        env = {
            k: re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m: inputs[m[1]], str(v))
            for k, v in step.get("env", {}).items()
        }
        output = tmp_path / f"output-{step.get('id', 'none')}"
        done = _run(
            step["run"], project, _env(**env, RUNNER_TEMP=str(runner), GITHUB_OUTPUT=str(output))
        )
        assert done.returncode == 0, done.stdout + done.stderr
        log += done.stdout + done.stderr
    assert "3 files valid by the deck.yaml schema." in log
    built = (tmp_path / "output-build").read_text()
    packages = ["build/core.apkg", "build/extended.apkg"]
    sums = [sha256(project / p) for p in packages]
    assert (
        built
        == "package<<END\n"
        + "\n".join(packages)
        + "\nEND\nsha256<<END\n"
        + "\n".join(sums)
        + "\nEND\n"
    )
    assert (project / "build" / "preview").is_dir()


# The release workflow: steps run in order, as the runner would, at tag ``tag``.
RELEASE = [
    "Build every deck at the tagged commit's time",
    "Download each deck's previous release",
    "Release guard",
    "Checksums and release notes",
]


def _release(repo: Path, tag: str, releases: Path) -> subprocess.CompletedProcess[str]:
    """Run the release steps at ``tag``, with earlier releases in ``releases``; publish there."""
    steps = {step.get("name"): step for step in steps_of(repo / ".github/workflows/release.yml")}
    bin_ = releases.parent / "gh-bin"
    if not bin_.exists():
        bin_.mkdir()
        (bin_ / "gh").write_text(GH)
        (bin_ / "gh").chmod(0o755)
    env = _env(TAG=tag, RELEASES=str(releases), PATH=f"{bin_}:{os.environ['PATH']}")
    for what in ("build", "previous", "SHA256SUMS", "release-notes.md"):
        path = repo / what
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    log = ""
    for name in RELEASE:
        done = _run(steps[name]["run"], repo, env)
        log += done.stdout + done.stderr
        if done.returncode:
            return subprocess.CompletedProcess(done.args, done.returncode, log, done.stderr)
    published = releases / tag  # what "gh release create" uploads
    published.mkdir(parents=True)
    for package in (repo / "build").glob("*.apkg"):
        shutil.copy(package, published)
    shutil.copy(repo / "SHA256SUMS", published)
    order = releases / "order"
    order.write_text(tag + "\n" + (order.read_text() if order.exists() else ""))
    return subprocess.CompletedProcess([], 0, log, "")


@pytest.fixture(name="released")
def _released(project: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Return the project released at v1, and the folder of its releases."""
    init_repo(project, "v1", when=DAY1)
    git(project, "tag", "v1")
    releases = tmp_path / "releases"
    releases.mkdir()
    done = _release(project, "v1", releases)
    assert done.returncode == 0, done.stdout
    notes = (project / "release-notes.md").read_text()
    assert notes == (
        "Import each deck's .apkg into Anki: your review history is kept.\n\n"
        "## Rust words (core) — core.apkg\n\nFirst release of this deck (v1).\n\n"
        "## Rust words (extended) — extended.apkg\n\nFirst release of this deck (v1).\n"
    )
    return project, releases


def _edit_core(repo: Path, when: int) -> None:
    card = repo / "decks" / "core" / "example.md"
    card.write_text(card.read_text().replace("Anki recognises", "Anki knows"))
    git(repo, "commit", "-q", "-am", "edit", when=when)


def test_one_tag_releases_every_deck_each_guarded_by_its_own(
    released: tuple[Path, Path],
) -> None:
    repo, releases = released
    _edit_core(repo, DAY2)
    git(repo, "tag", "v2")
    done = _release(repo, "v2", releases)
    assert done.returncode == 0, done.stdout
    assert "core.apkg: previous release v1" in done.stdout
    assert "OK: build/core.apkg keeps learners of previous/core.apkg updating" in done.stdout
    assert "unchanged since v1: released again as it was" in done.stdout
    # The unchanged deck is v1's package byte for byte; the checksums cover every deck.
    assert sha256(releases / "v2" / "extended.apkg") == sha256(releases / "v1" / "extended.apkg")
    assert sha256(releases / "v2" / "core.apkg") != sha256(releases / "v1" / "core.apkg")
    sums = (releases / "v2" / "SHA256SUMS").read_text().splitlines()
    assert [line.split()[1] for line in sums] == ["core.apkg", "extended.apkg"]
    notes = (repo / "release-notes.md").read_text()
    core, extended = notes.split("— core.apkg\n")[1].split(
        "## Rust words (extended) — extended.apkg\n"
    )
    assert "0 notes added, 0 removed, 1 changed." in core
    assert "Anki ~~recognises~~ **knows** a card" in core
    assert extended == "\nUnchanged since v1: no need to import it again.\n"


def test_a_tag_at_which_no_deck_changed_is_refused(released: tuple[Path, Path]) -> None:
    repo, releases = released
    git(repo, "tag", "v2")
    done = _release(repo, "v2", releases)
    assert done.returncode == 1
    assert "::error::nothing to release: no deck changed since its previous release" in done.stdout
    assert not (releases / "v2").exists()


def test_a_deck_that_would_strand_learners_fails_the_release(
    released: tuple[Path, Path],
) -> None:
    repo, releases = released
    _edit_core(repo, DAY2)
    settings = repo / "decks" / "extended" / "deck.yaml"
    settings.write_text(
        re.sub(r"\nid: .*\n", "\nid: rust-words-other-x2x2x2\n", settings.read_text())
    )
    git(repo, "commit", "-q", "-am", "new id", when=DAY3)
    git(repo, "tag", "v2")
    done = _release(repo, "v2", releases)
    assert done.returncode == 1
    assert "== extended" in done.stdout
    assert "build/extended.apkg: " in done.stderr and "would strand learners" in done.stderr


def test_a_deck_added_later_is_a_first_release_and_one_dropped_is_noted(
    released: tuple[Path, Path],
) -> None:
    repo, releases = released
    (repo / "decks" / "extended").rename(repo / "decks" / "more")
    settings = repo / "decks" / "more" / "deck.yaml"
    settings.write_text(
        re.sub(r"\nid: .*\n", "\nid: rust-words-more-x2x2x2\n", settings.read_text())
    )
    project = repo / "ankismith.yaml"
    project.write_text(project.read_text().replace("extended: decks/extended", "more: decks/more"))
    _edit_core(repo, DAY2)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "more", when=DAY2)
    git(repo, "tag", "v2")
    done = _release(repo, "v2", releases)
    assert done.returncode == 0, done.stdout
    assert "more.apkg: first release" in done.stdout
    assert "::warning::extended.apkg of v1 is no longer built" in done.stdout
    notes = (repo / "release-notes.md").read_text()
    assert "## Rust words (extended) — more.apkg\n\nFirst release of this deck (v2).\n" in notes
    assert notes.endswith("## No longer released\n\n- extended.apkg\n")


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ("core,Core", "'Core' is not a deck key"),
        ("core,,b", "'' is not a deck key"),
        ("a,b,a", "a key is given twice"),
    ],
)
def test_bad_keys_are_refused_before_anything_is_written(
    tmp_path: Path, keys: str, message: str
) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "d"), "--decks", keys])
    assert result.exit_code == 1
    assert message in result.stderr
    assert not (tmp_path / "d").exists()


def test_repository_is_written_in_every_deck(tmp_path: Path) -> None:
    url = "https://github.com/you/words"
    result = CliRunner().invoke(
        main, ["init", str(tmp_path), "--decks", "a,b", "--repository", url]
    )
    assert result.exit_code == 0, result.output
    for key in "ab":
        assert f"\nrepository: {url}\n" in (tmp_path / "decks" / key / "deck.yaml").read_text()
