"""``ankismith diff`` and ``--check`` on real builds of the sample deck, from git refs and files."""

from __future__ import annotations

import shutil
from pathlib import Path

import msgspec.structs
import pytest
from click.testing import CliRunner, Result

from ankismith.cli import main
from ankismith.model import NoteKind
from ankismith.notetypes.builtin import NOTE_TYPES
from tests.helpers import ROOT, copy_sample, git, init_repo

ANSWER = "**Fine-tuning.**"
DAY1, DAY2 = 1700000000, 1700086400


@pytest.fixture(name="repo")
def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a git repo holding the sample deck: v1, then v2 with one answer corrected."""
    repo = tmp_path / "repo"
    copy_sample(repo / "content")
    init_repo(repo, "v1", when=DAY1)
    git(repo, "tag", "v1")
    card = repo / "content" / "fundamentals.md"
    card.write_text(
        card.read_text().replace(ANSWER, "**Fine-tuning** (a kind of transfer learning).")
    )
    git(repo, "commit", "-q", "-am", "v2", when=DAY2)
    git(repo, "tag", "v2")
    monkeypatch.chdir(repo)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    return repo


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["diff", *args])


def test_two_commits_diff_as_one_corrected_answer(repo: Path) -> None:
    result = run("v1", "v2")
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert result.stdout.splitlines() == [
        "v1 -> v2: 0 notes added, 0 removed, 1 changed",
        "~ card 'fine-tuning':",
        "    Answer: [-Fine-tuning.-] {+Fine-tuning (a kind of transfer learning).+}",
    ]
    markdown = run("v1", "v2", "--format", "markdown").stdout
    assert markdown.startswith("Changes since `v1`: 0 notes added, 0 removed, 1 changed.\n")
    assert "- `fine-tuning`: Answer: ~~Fine-tuning.~~ **Fine-tuning (a kind of transfer" in markdown


def test_the_guard_passes_a_routine_release(repo: Path) -> None:
    result = run("--check", "v1", "v2")
    assert (result.exit_code, result.stdout) == (
        0,
        "OK: v2 keeps learners of v1 updating in place.\n",
    )


def test_the_guard_fails_the_same_commit_built_again(repo: Path) -> None:
    result = run("--check", "v2", "v2")
    assert result.exit_code == 1
    assert result.stdout.startswith("problem: nothing to release: no note was added, and no note")
    assert result.stderr == "Error: v2: nothing to release: no note changed since v2\n"


def test_the_guard_fails_a_schema_change(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    basic = NOTE_TYPES[NoteKind.BASIC]
    front = msgspec.structs.replace(basic.templates[0], name="Front")
    with monkeypatch.context() as patch:  # only this build: v2 is built from git unpatched
        patch.setitem(
            NOTE_TYPES, NoteKind.BASIC, msgspec.structs.replace(basic, templates=(front,))
        )
        patch.setenv("SOURCE_DATE_EPOCH", str(DAY2 + 60))
        built = CliRunner().invoke(main, ["build", "content", "-o", "v3.apkg"])
    assert built.exit_code == 0, built.output
    result = run("--check", "v2", "v3.apkg")
    assert result.exit_code == 1
    (problem,) = result.stdout.splitlines()
    assert problem.startswith(
        f"problem: note type 'ankismith Basic' ({basic.id}) changed its templates Card 1 -> Front "
        "but kept its id"
    )
    assert (
        "~ note type 'ankismith Basic': templates: Card 1 -> Front" in run("v2", "v3.apkg").stdout
    )


def test_a_renamed_deck_fails_the_guard(repo: Path) -> None:
    settings = repo / "content" / "deck.yaml"
    settings.write_text(settings.read_text().replace("name: Fine-tuning Vocabulary", "name: FT"))
    git(repo, "commit", "-q", "-am", "rename", when=DAY2 + 60)
    result = run("--check", "v2", "HEAD")
    assert result.exit_code == 1
    assert "problem: deck 'Fine-tuning Vocabulary' renamed to 'FT'" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nope", "v2"), "Error: nope: neither an .apkg file nor a git commit, tag or branch\n"),
        (("gone.apkg", "v2"), "Error: gone.apkg: no such file\n"),
        (
            ("--content", "elsewhere", "v1", "v2"),
            "Error: v1: there is no 'elsewhere' directory in that commit\n",
        ),
        (("--", "-x", "v2"), "Error: -x: neither an .apkg file nor a git commit, tag or branch\n"),
    ],
)
def test_bad_sides_are_clear_errors(repo: Path, args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert (result.exit_code, result.stderr) == (1, message)


def test_a_ref_whose_content_does_not_build_names_the_ref(repo: Path) -> None:
    (repo / "content" / "deck.yaml").write_text("tags: [x]\n")
    git(repo, "commit", "-q", "-am", "broken", when=DAY2 + 60)
    result = run("v1", "HEAD")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: HEAD: its content does not build:\nHEAD:content/deck.yaml:1: 'name'"
    )


DAY3 = DAY2 + 86400
ACCEPT = "release:\n  after: {after}\n  accept:\n    card-moved: [fine-tuning]\n"


def move_a_card(repo: Path, after: str) -> None:
    """Commit v3: card 'fine-tuning' moved to Methods/, accepted in deck.yaml after ``after``."""
    source = repo / "content" / "fundamentals.md"
    text = source.read_text()
    start, end = text.index("## A model that already"), text.index("## Why fine-tune")
    source.write_text(text[:start] + text[end:])
    moved = "---\ntags: [fundamentals]\n---\n\n" + text[start:end]
    (repo / "content" / "Methods" / "fine-tuning.md").write_text(moved)
    with (repo / "content" / "deck.yaml").open("a") as settings:
        settings.write(ACCEPT.format(after=after))
    git(repo, "add", ".", when=DAY3)
    git(repo, "commit", "-q", "-m", "v3", when=DAY3)
    git(repo, "tag", "v3")


def test_a_deliberate_move_passes_when_deck_yaml_accepts_it(repo: Path) -> None:
    move_a_card(repo, "v2")
    result = run("--check", "v2", "v3")
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    accepted, ok = result.stdout.splitlines()
    assert accepted.startswith(
        "accepted: card 'fine-tuning' moved from deck 'Fine-tuning Vocabulary' to "
        "'Fine-tuning Vocabulary::Methods': Anki never moves a card on update"
    )
    assert accepted.endswith("[card-moved]")
    assert ok == (
        "OK: v3 keeps learners of v2 updating in place, with 1 change accepted in deck.yaml "
        "(release after v2)."
    )
    notes = run("v2", "v3", "--format", "markdown").stdout
    assert notes.endswith(
        "### Changes you may need to act on\n\n- Card 'fine-tuning' moved from deck "
        "'Fine-tuning Vocabulary' to 'Fine-tuning Vocabulary::Methods'. Anki does not move a "
        "card you already have: it stays in 'Fine-tuning Vocabulary'; to follow, move it with "
        "Browse \\> Change Deck.\n"
    )


def test_the_acceptance_is_void_against_another_release(repo: Path) -> None:
    move_a_card(repo, "v2")
    result = run("--check", "v1", "v3")
    assert result.exit_code == 1
    note, problem = result.stdout.splitlines()
    assert note == (
        "note: deck.yaml:16: 'release' accepts changes in the release after 'v2', but the "
        "previous release (v1) is 'v1': the acceptance is void and every rule applies. Name "
        "this release's previous one in 'after:', or remove 'release:'."
    )
    assert problem.startswith("problem: card 'fine-tuning' moved") and "[card-moved]" in problem
    assert result.stderr == "Error: v3: 1 change would strand learners\n"


PLANETS = ROOT / "examples" / "planets" / "content"
MERCURY = "- rect 22.5% 45% 5% 10%: Mercury\n"
COMET = "- rect 2% 2% 5% 5%: Comet\n"


@pytest.fixture(name="planets")
def _planets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a git repo holding the planets example, released as v1."""
    repo = tmp_path / "planets"
    shutil.copytree(PLANETS, repo / "content")
    init_repo(repo, "v1", when=DAY1)
    git(repo, "tag", "v1")
    monkeypatch.chdir(repo)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    return repo


def edit_masks(repo: Path, old: str, new: str, accept: str = "") -> None:
    """Commit v2: ``old`` replaced by ``new`` in planets.md, ``accept`` added to deck.yaml."""
    cards = repo / "content" / "planets.md"
    text = cards.read_text(encoding="utf-8")
    assert old in text
    cards.write_text(text.replace(old, new), encoding="utf-8")
    with (repo / "content" / "deck.yaml").open("a") as settings:
        settings.write(accept)
    git(repo, "commit", "-q", "-am", "v2", when=DAY2)


def test_a_mask_group_inserted_above_others_fails_and_says_how_to_keep_numbers(
    planets: Path,
) -> None:
    edit_masks(planets, MERCURY, COMET + MERCURY)
    result = run("--check", "v1", "HEAD")
    assert result.exit_code == 1, result.output
    (problem,) = result.stdout.splitlines()
    assert problem.startswith(
        "problem: occlusion card 'Name the body under the mask' (GUID 'GctuSVt~ir'): card 2 "
        "asked for 'Mercury', now for 'Comet'; card 3 asked for 'Venus', now for 'Mercury'; "
    )
    assert (
        "card 6 asked for 'Jupiter', now for 'Mars', 'Jupiter' is card 7 at 0 reviews." in problem
    )
    assert "Anki keeps review history with the card number" in problem
    assert "('c2: Mercury', 'c3: Venus', 'c4: Earth', 'c5: Mars', 'c6: Jupiter')" in problem
    assert problem.endswith("[mask-renumbered]")
    assert result.stderr == "Error: HEAD: 1 change would strand learners\n"


def test_a_renumbering_accepted_in_deck_yaml_passes_and_is_told_to_learners(
    planets: Path,
) -> None:
    accept = "release:\n  after: v1\n  accept:\n    mask-renumbered: [bodies]\n"
    edit_masks(planets, MERCURY, COMET + MERCURY, accept)
    result = run("--check", "v1", "HEAD")
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    accepted, ok = result.stdout.splitlines()
    assert accepted.startswith("accepted: occlusion card 'Name the body under the mask'")
    assert accepted.endswith("[mask-renumbered]")
    assert ok.endswith("with 1 change accepted in deck.yaml (release after v1).")
    notes = run("v1", "HEAD", "--format", "markdown").stdout
    acting = notes.split("### Changes you may need to act on\n\n")[1]
    assert acting.startswith("- Image occlusion card 'Name the body under the mask' (GUID ")
    assert "its masks changed cards (card 2 asked for 'Mercury', now for 'Comet'" in acting
    assert "reset those cards (Browse \\> Forget)" in notes


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (MERCURY, COMET.replace(":", " c7:") + MERCURY),
        (": Mercury\n", ": Mercury, the closest\n"),
        ("- rect 22.5% 45% 5% 10%: Mercury", "- rect 23% 45% 5% 10%: Mercury"),
    ],
    ids=["new group with a number of its own", "label renamed", "mask moved"],
)
def test_a_group_keeping_its_number_passes(planets: Path, old: str, new: str) -> None:
    edit_masks(planets, old, new)
    result = run("--check", "v1", "HEAD")
    assert (result.exit_code, result.stdout) == (
        0,
        "OK: HEAD keeps learners of v1 updating in place.\n",
    ), result.output


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            MERCURY,
            "",
            "card 5 asked for 'Mars', now for 'Jupiter'; card 6 asked for 'Jupiter', now for no mask.",
        ),
        ("- ellipse 81.25% 34% 13% 32%: Jupiter\n", "", "card 6 asked for 'Jupiter', now for no"),
        (
            "- rect 22.5% 45% 5% 10%: Mercury",
            "- rect 2% 2% 5% 5%: Comet",
            "card 2 asked for 'Mercury', now for 'Comet'. Anki",
        ),
    ],
    ids=["group removed above others", "last group removed", "group replaced"],
)
def test_a_group_removed_or_replaced_fails(planets: Path, old: str, new: str, said: str) -> None:
    edit_masks(planets, old, new)
    result = run("--check", "v1", "HEAD")
    assert result.exit_code == 1
    assert said in result.stdout and "[mask-renumbered]" in result.stdout, result.output


def test_diff_and_release_notes_tell_masks_by_their_labels(planets: Path) -> None:
    moved = "- rect 23% 45% 5% 10%: Mercury\n"
    edit_masks(planets, MERCURY, moved + COMET.replace(":", " c7:"))
    result = run("v1", "HEAD")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        "~ card 'GctuSVt~ir' (Name the body under the mask):",
        "    masks: c2 Mercury moved; c7 Comet added",
    ]
    notes = run("v1", "HEAD", "--format", "markdown").stdout
    assert (
        "- Name the body under the mask (`GctuSVt~ir`): masks: c2 Mercury moved; c7 Comet added\n"
        in notes
    )
    assert "image\\-occlusion" not in notes
