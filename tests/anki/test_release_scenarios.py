"""Every kind of release edit, through a learner's real Anki and through both release checks.

Each row of SCENARIOS edits release 1 into release 2. A learner imports release 1, answers every
card, imports release 2; what they lost or did not get is observed in the real Anki backend
(``harms``). ``ankismith diff --check`` and ``ankismith verify --against`` then judge the same
two packages. The checks must fail exactly where a learner is harmed, with the rules the row
names: the table in docs/updates.md is this table.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import msgspec.structs
import pytest
from click.testing import CliRunner

from ankismith.apkg import buildtime
from ankismith.apkg.contents import PackageInfo
from ankismith.apkg.reader import read_package
from ankismith.cli import main
from ankismith.model import NoteKind
from ankismith.notetypes import assemble
from ankismith.notetypes import css as stylesheet
from ankismith.notetypes.builtin import NOTE_TYPES
from ankismith.parse.occlusion import comment_labels
from ankismith.release.rules import RELEASE_RULES
from ankismith.text import visible_text
from tests.anki.learner import Learner
from tests.helpers import ROOT, SVG_A, SVG_B, release, write_files

V1 = buildtime.LAYOUT_CHANGED + 86400
V2 = V1 + 86400

BASE = {
    "deck.yaml": "name: Test Deck\nid: test-deck-7f3k2q\n",
    "basics.md": (
        "---\ntags: [basics]\n---\n"
        "## What is LoRA?\n<!-- id: lora -->\n### Answer\nLow-rank adaptation.\n\n"
        "## What is an epoch?\n<!-- id: epoch; tags: training -->\n### Answer\nOne pass over the data.\n"
    ),
    "other.md": (
        "## What is PEFT?\n<!-- id: peft -->\n### Answer\nTraining few parameters.\n\n"
        "![A square](img/a.svg)\n\n"
        "## Overfitting is\n### Answer\nFitting the training examples too closely.\n"
    ),
    "Sub/more.md": "## Dropout\n<!-- id: dropout; type: reversed -->\n### Answer\nZeroing units at random.\n",
    "shapes.md": (
        "## Name the shape\n<!-- id: shapes; type: occlusion -->\n\n![A square](img/a.svg)\n\n"
        "- rect 10% 10% 20% 20%: Top left\n- rect 60% 60% 20% 20%: Bottom right\n"
    ),
    "img/a.svg": SVG_A,
}

Edit = Callable[[Path, pytest.MonkeyPatch], None]


def replace_in(name: str, old: str, new: str) -> Edit:
    """Return an edit replacing ``old`` with ``new`` in one content file."""

    def edit(content: Path, _: pytest.MonkeyPatch) -> None:
        path = content / name
        text = path.read_text()
        assert old in text, (name, old)
        path.write_text(text.replace(old, new))

    return edit


def both(*edits: Edit) -> Edit:
    """Return one edit doing ``edits`` in order."""

    def edit(content: Path, patch: pytest.MonkeyPatch) -> None:
        for each in edits:
            each(content, patch)

    return edit


def nothing(content: Path, patch: pytest.MonkeyPatch) -> None:
    """Change nothing: build the same content again."""


def move_card(target: str) -> Edit:
    """Return an edit moving the 'epoch' card from basics.md into ``target``."""
    card = "## What is an epoch?\n<!-- id: epoch; tags: training -->\n### Answer\nOne pass over the data.\n"

    def edit(content: Path, patch: pytest.MonkeyPatch) -> None:
        replace_in("basics.md", card, "")(content, patch)
        path = content / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((path.read_text() + "\n" if path.exists() else "") + card)

    return edit


def upgrade(bump: bool) -> Edit:
    """Return an edit standing for a new ankismith version whose CSS changed.

    ``bump``: the version records when its templates changed (after release 1), as
    LAYOUT_CHANGED does; without it the change carries an older time.
    """

    def edit(content: Path, patch: pytest.MonkeyPatch) -> None:
        original = assemble.template_text
        changed = lambda name: original(name) + ("\n/* v2 */" if name == "style.css" else "")  # noqa: E731
        for module in (assemble, stylesheet):
            patch.setattr(module, "template_text", changed)
        patch.setattr(buildtime, "LAYOUT_CHANGED", V2 if bump else V1 - 86400)

    return edit


def rename_template(content: Path, patch: pytest.MonkeyPatch) -> None:
    """Stand for a new ankismith version that (wrongly) renames the basic card template."""
    basic = NOTE_TYPES[NoteKind.BASIC]
    renamed = msgspec.structs.replace(basic.templates[0], name="Recall")
    patch.setitem(
        assemble.NOTE_TYPES, NoteKind.BASIC, msgspec.structs.replace(basic, templates=(renamed,))
    )


def write(name: str, body: str | bytes) -> Edit:
    """Return an edit writing one file."""

    def edit(content: Path, _: pytest.MonkeyPatch) -> None:
        write_files(content, {name: body})

    return edit


@dataclass(frozen=True)
class Scenario:
    """One row of the release table in docs/updates.md."""

    name: str
    edit: Edit
    rules: tuple[str, ...]
    """Release rules that must fail (both checks); empty for a safe release."""
    harms: tuple[str, ...]
    """What the learner's real Anki shows lost or missing; empty when they get it all."""
    when: int = V2


SCENARIOS = [
    Scenario(
        "answer edited",
        replace_in("basics.md", "Low-rank adaptation.", "Low-rank adaptation of weights."),
        (),
        (),
    ),
    Scenario(
        "card added",
        replace_in(
            "other.md",
            "## Overfitting",
            "## What is QLoRA?\n<!-- id: qlora -->\n### Answer\nQuantised LoRA.\n\n## Overfitting",
        ),
        (),
        (),
    ),
    Scenario(
        "card removed, another edited",
        both(
            replace_in(
                "basics.md",
                "## What is LoRA?\n<!-- id: lora -->\n### Answer\nLow-rank adaptation.\n",
                "",
            ),
            replace_in("other.md", "Training few", "Training a few"),
        ),
        (),
        (),
    ),
    Scenario(
        "card removed, nothing else",
        replace_in(
            "basics.md",
            "## What is LoRA?\n<!-- id: lora -->\n### Answer\nLow-rank adaptation.\n",
            "",
        ),
        ("nothing-new",),
        ("nothing",),
    ),
    Scenario(
        "card moved to a file of the same folder, tags kept",
        both(
            move_card("more.md"),
            replace_in("more.md", "id: epoch; tags: training", "id: epoch; tags: training basics"),
        ),
        (),
        (),
    ),
    Scenario("file renamed", lambda c, _: (c / "other.md").rename(c / "peft.md"), (), ()),
    Scenario(
        "card moved to another folder",
        both(
            move_card("Sub/epoch.md"),
            replace_in("Sub/epoch.md", "tags: training", "tags: training basics"),
        ),
        ("card-moved",),
        ("wrong-deck",),
    ),
    Scenario(
        "card moved, front-matter tags lost", move_card("more.md"), ("tags-lost",), ("tags-lost",)
    ),
    Scenario(
        "card moved to another folder, front-matter tags lost",
        move_card("Sub/epoch.md"),
        ("card-moved", "tags-lost"),
        ("wrong-deck", "tags-lost"),
    ),
    Scenario(
        "card's own tags changed",
        replace_in("basics.md", "tags: training", "tags: training epochs"),
        (),
        (),
    ),
    Scenario(
        "card id renamed",
        replace_in("basics.md", "id: lora", "id: lora-definition"),
        ("id-renamed",),
        ("duplicate",),
    ),
    Scenario(
        "question edited on a card without an id",
        replace_in("other.md", "## Overfitting is", "## Overfitting means"),
        ("id-renamed",),
        ("duplicate",),
    ),
    Scenario(
        "card type changed",
        replace_in("basics.md", "id: lora -->", "id: lora; type: reversed -->"),
        ("type-changed",),
        ("not-updated", "nothing"),
    ),
    Scenario(
        "deck renamed",
        replace_in("deck.yaml", "name: Test Deck", "name: Fine-tuning"),
        ("deck-renamed",),
        ("wrong-deck", "nothing"),
    ),
    Scenario(
        "subdeck set by front matter",
        replace_in("basics.md", "tags: [basics]", "tags: [basics]\ndeck: Basics"),
        ("card-moved",),
        ("wrong-deck", "nothing"),
    ),
    Scenario(
        "deck id changed",
        replace_in("deck.yaml", "test-deck-7f3k2q", "test-deck-9z8y7x"),
        ("deck-id-changed",),
        ("duplicate",),
    ),
    Scenario("image replaced", write("img/a.svg", SVG_B), (), ()),
    Scenario(
        "occlusion mask group inserted above others",
        replace_in("shapes.md", "- rect 60%", "- rect 40% 10% 20% 20%: Top right\n- rect 60%"),
        ("mask-renumbered",),
        ("wrong-mask",),
    ),
    Scenario(
        "occlusion mask group inserted with a number of its own",
        replace_in("shapes.md", "- rect 60%", "- rect 40% 10% 20% 20% c3: Top right\n- rect 60%"),
        (),
        (),
    ),
    Scenario(
        "repository set: the report link arrives",
        replace_in(
            "deck.yaml",
            "id: test-deck-7f3k2q\n",
            "id: test-deck-7f3k2q\nrepository: https://github.com/o/r\n",
        ),
        (),
        (),
    ),
    Scenario(
        "template override added", write("_templates/style.css", ".card { color: teal; }\n"), (), ()
    ),
    Scenario("ankismith upgrade with new CSS, no new commit", upgrade(bump=True), (), (), when=V1),
    Scenario(
        "new CSS carrying an older time",
        upgrade(bump=False),
        ("layout-not-newer",),
        ("old-layout", "nothing"),
        when=V1,
    ),
    Scenario(
        "card template renamed in a note type, an answer edited",
        both(
            rename_template,
            replace_in("basics.md", "Low-rank adaptation.", "Low-rank adaptation of weights."),
        ),
        ("schema-changed",),
        ("copy", "not-updated", "old-layout"),
    ),
    Scenario(
        "uncommitted edit, built at the last commit's time",
        replace_in("basics.md", "Low-rank adaptation.", "Low-rank adaptation, uncommitted."),
        ("not-newer",),
        ("not-updated", "nothing"),
        when=V1,
    ),
    Scenario(
        "older build time",
        replace_in("basics.md", "Low-rank adaptation.", "Low-rank adaptation, built early."),
        ("not-newer",),
        ("not-updated", "nothing"),
        when=V1 - 3600,
    ),
    Scenario("same commit built again", nothing, ("nothing-new",), ("nothing",), when=V1),
    Scenario("same content built later", nothing, ("nothing-new",), ("nothing",)),
]


@pytest.fixture(name="first", scope="module")
def _first(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Release 1, built once for every scenario."""
    tmp = tmp_path_factory.mktemp("v1")
    return release(write_files(tmp / "content", BASE), tmp / "v1", V1)


@pytest.fixture(name="learner")
def _learner(tmp_path: Path) -> Iterator[Learner]:
    learner = Learner(tmp_path / "learner")
    yield learner
    learner.close()


def snapshot(learner: Learner) -> Snapshot:
    """Return everything an import could change that a learner sees."""
    col = learner.col
    notes = sorted(
        (
            n.guid,
            tuple(n.items()),
            tuple(sorted(n.tags)),
            tuple(sorted(col.decks.name(c.did) for c in n.cards())),
        )
        for n in (col.get_note(i) for i in col.find_notes(""))
    )
    # A new ModelManager: the collection's own caches note types from before the import.
    models = type(col.models)(col).all()
    layouts = sorted(
        (m["id"], m["css"], tuple((t["qfmt"], t["afmt"]) for t in m["tmpls"])) for m in models
    )
    return notes, layouts


Snapshot = tuple[
    list[tuple[str, object, tuple[str, ...], object]], list[tuple[int, object, object]]
]


def harms(learner: Learner, new: PackageInfo, before: Snapshot) -> set[str]:
    """Return what the learner lost or did not get, as their collection shows it."""
    col, found = learner.col, set()
    tags_before = {guid: tags for guid, _, tags, _ in before[0]}
    notes = [col.get_note(i) for i in col.find_notes("")]
    for key in (
        lambda n: dict(n.items()).get("Id"),
        lambda n: visible_text(n.fields[0]),
        lambda n: visible_text(n.fields[1]),
    ):
        if any(count > 1 for value, count in Counter(map(key, notes)).items() if value):
            found.add("duplicate")
    mine = {n.guid: n for n in notes}
    for note in new.notes:
        have = mine[note.guid]
        if tuple(have.items()) != note.fields or tuple(sorted(have.tags)) != note.tags:
            found.add("not-updated")
        if not set(tags_before.get(note.guid, ())) <= set(have.tags):
            found.add("tags-lost")
        if tuple(sorted({col.decks.name(c.did) for c in have.cards()})) != note.decks:
            found.add("wrong-deck")
    for notetype in new.notetypes:
        model = type(col.models)(col).get(notetype.id)  # type: ignore[arg-type]
        templates = (
            tuple((t["name"], t["qfmt"], t["afmt"]) for t in model["tmpls"]) if model else ()
        )
        if model is None or model["css"] != notetype.css or templates != notetype.templates:
            found.add("old-layout")
    known = {layout[0] for layout in before[1]} | {t.id for t in new.notetypes}
    if any(m.id not in known for m in col.models.all_names_and_ids()):
        found.add("copy")
    comments = {guid: dict(items).get("Comments") for guid, items, _, _ in before[0]}  # type: ignore[call-overload]
    for note in notes:
        then = comments.get(note.guid)
        if then is None or "Comments" not in note:
            continue
        labels = [comment_labels(text) or {} for text in (then, note["Comments"])]
        if any(
            labels[0].get(c.ord + 1) != labels[1].get(c.ord + 1) for c in note.cards() if c.reps
        ):
            found.add("wrong-mask")  # a reviewed card now asks for another mask group
    for state in learner.notes().values():
        if any(card.type == 0 or card.revlog < 1 for card in state.cards if card.reps):
            found.add("history-lost")
    if snapshot(learner) == before:
        found.add("nothing")
    return found


def codes(output: str) -> set[str]:
    """Return the release rule codes of the ``problem:`` lines of a check's output."""
    return set(re.findall(r"^problem: .* \[([a-z-]+)\]$", output, re.M))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_checks_fail_exactly_where_learners_lose_something(
    scenario: Scenario,
    first: Path,
    learner: Learner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    content = write_files(tmp_path / "content", BASE)
    old = shutil.copy(first, tmp_path / "v1.apkg")
    scenario.edit(content, monkeypatch)
    new = release(content, tmp_path / "v2", scenario.when)
    learner.install(Path(old))
    learner.review_all()
    before = snapshot(learner)
    learner.install(new)
    seen = harms(learner, read_package(new), before)
    assert seen == set(scenario.harms), "what the learner's Anki shows"

    guard = CliRunner().invoke(main, ["diff", "--check", str(old), str(new)])
    verify = CliRunner().invoke(main, ["verify", str(new), "--against", str(old)])
    assert (guard.exit_code, verify.exit_code) == ((1, 1) if seen else (0, 0)), (
        guard.output + verify.output
    )
    assert codes(guard.stdout) == codes(verify.stdout) == set(scenario.rules), guard.output


def test_the_documented_table_is_this_table() -> None:
    """docs/updates.md names, per edit, the rule these scenarios prove; every rule is listed."""
    doc = (ROOT / "docs" / "updates.md").read_text()
    edits = doc.split("## What learners get after each kind of edit")[1].split("\n## ")[0]
    rules = doc.split("## The release rules")[1].split("\n## ")[0]
    table_codes = set(re.findall(r"\| `([a-z-]+)` \|\n", edits))
    assert table_codes == {code for s in SCENARIOS for code in s.rules}
    assert set(re.findall(r"^\| `([a-z-]+)` \|", rules, re.M)) == set(RELEASE_RULES)
    assert len(re.findall(r"^\| (?!Edit|-)", edits, re.M)) <= len(SCENARIOS)
