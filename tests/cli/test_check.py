"""ankismith check: one finding per mistake, at its file:line, in every format."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from msgspec.structs import replace

from ankismith.check import rules
from ankismith.check.questions import near_duplicates, near_index, near_warnings
from ankismith.check_report import human
from ankismith.cli import main
from ankismith.findings import RULES, Finding
from ankismith.model import Card, Location, NoteKind
from ankismith.pipeline import check
from tests.helpers import SAMPLE, WriteTree

OK = "### Answer\nA\n### Explanation\nE\n"

# One file per mistake: (file, text, line of the one expected finding, rule code).
OCCLUDED = "## Masks {0}\n<!-- id: {0}; type: occlusion -->\n![](_media/pic.svg)\n{1}\n### Explanation\nE\n"
"""An image occlusion card: its name, then its masks (the first on line 4)."""
SEEDED = [
    ("syntax.md", "## Q syntax\n<!-- id: bad id -->\n" + OK, 2, "syntax"),
    ("yaml.md", "---\ntags: [a\n---\n## Q yaml\n<!-- id: yaml -->\n" + OK, 2, "invalid-yaml"),
    ("key.md", "## Q key\n<!-- id: key; colour: red -->\n" + OK, 2, "unknown-key"),
    ("answer.md", "## Q answer\n<!-- id: answer -->\n### Explanation\nE\n", 1, "missing-answer"),
    (
        "fence.md",
        "## Q fence\n<!-- id: fence -->\n### Explanation\nE\n### Answer\n```\ncode\n",
        6,
        "unclosed-fence",
    ),
    (
        "choices.md",
        "## Q choices\n<!-- id: choices -->\n- [ ] a\n- [ ] b\n### Explanation\nE\n",
        1,
        "bad-choices",
    ),
    (
        "cloze.md",
        "## Q cloze\n<!-- id: cloze; type: cloze -->\n### Explanation\nE\n",
        1,
        "bad-cloze",
    ),
    (
        "dup-id.md",
        "## Q first\n<!-- id: twin -->\n" + OK + "## Q second\n<!-- id: twin -->\n" + OK,
        7,
        "duplicate-id",
    ),
    (
        "media.md",
        "## Q media\n<!-- id: media -->\n\n![x](nothere.png)\n\n" + OK,
        4,
        "missing-media",
    ),
    (
        "outside.md",
        "## Q outside\n<!-- id: outside -->\n\n![x](../x.png)\n\n" + OK,
        4,
        "media-outside",
    ),
    ("_templates/basic/front.html", "<div>\n{{Nope}}\n</div>", 2, "bad-template"),
    (
        "dup-q.md",
        "## Same question?\n<!-- id: dq1 -->\n"
        + OK
        + "## same   QUESTION?\n<!-- id: dq2 -->\n"
        + OK,
        7,
        "duplicate-question",
    ),
    ("no-id.md", "## Q without an id\n" + OK, 1, "missing-id"),
    (
        "multi.md",
        "## {{c1,2::Bern}} is a capital.\n<!-- id: multi; type: cloze -->\n### Explanation\nE\n",
        1,
        "multi-card-cloze",
    ),
    (
        "no-expl.md",
        "## Q explanation\n<!-- id: no-expl -->\n### Answer\nA\n",
        1,
        "missing-explanation",
    ),
    (
        "near.md",
        "## Which learning rate schedule warms up linearly before cosine decay?\n<!-- id: near1 -->\n"
        + OK
        + "## Which learning rate schedule warms up linearly before a cosine decay phase?\n<!-- id: near2 -->\n"
        + OK,
        7,
        "near-duplicate",
    ),
    (
        "remote.md",
        "## Q remote\n<!-- id: remote -->\n\n![x](https://example.org/x.png)\n\n" + OK,
        4,
        "remote-resource",
    ),
    (
        "script.md",
        "## Q script\n<!-- id: script -->\n### Answer\nA <script>x()</script>\n### Explanation\nE\n",
        4,
        "script-tag",
    ),
    (
        "_notetypes/broken/notetype.yaml",
        "name: Broken\nfields: [A]\ntemplates:\n  - {name: T, front: t.html, back: t.html}\n",
        1,
        "bad-notetype",
    ),
    ("field.md", "## Q field\n<!-- id: field; type: word -->\n### Meening\nx\n", 3, "bad-field"),
    (
        "guid.md",
        "## Q g1\n<!-- id: g1; guid: same -->\n"
        + OK
        + "## Q g2\n<!-- id: g2; guid: same -->\n"
        + OK,
        7,
        "duplicate-guid",
    ),
    (
        "deck.yaml",
        "name: Test Deck\nid: test-deck\nlanguage: sr\nscripts: [Scripted]\n",
        3,
        "untranslated",
    ),
    (
        "unsafe.md",
        '## Q unsafe\n<!-- id: unsafe -->\n### Answer\nA <span onclick="x()">t</span>\n### Explanation\nE\n',
        4,
        "unsafe-html",
    ),
    (
        "math.md",
        "## Q math\n<!-- id: math -->\n### Answer\nA\n### Explanation\n$\\href{javascript:x}{E}$\n",
        6,
        "unsafe-math",
    ),
    ("deep.md", "## Q deep\n<!-- id: deep -->\n### Answer\n" + ">" * 40 + " x\n", 4, "limit"),
    (
        "name.md",
        "## Q name\n<!-- id: name; tags: <svg/onload=alert(1)> -->\n" + OK,
        1,
        "unsafe-name",
    ),
    (
        "deck.yaml",
        "name: Test Deck\nid: test-deck\nlanguage: sr\nscripts: [Scripted]\n",
        2,
        "deck-id",
    ),
    (
        "typein.md",
        "## Q typein\n<!-- id: typein; type: typein -->\n### Answer\n`x`\n### Explanation\nE\n",
        4,
        "typein-markup",
    ),
    ("blank.md", "## Что такое «кошка»?\n<!-- id: card-2 -->\n" + OK, 2, "blank-id"),
    ("_notetypes/scripted/back.html", "{{FrontSide}}\n<script>go()</script>", 2, "template-script"),
    (
        "occlusion.md",
        "## Occlusion without masks\n<!-- id: occ; type: occlusion -->\n![](_media/pic.svg)\n",
        1,
        "bad-occlusion",
    ),
    ("mask-out.md", OCCLUDED.format("beyond", "- rect 90% 0% 20% 10%: A"), 4, "mask-outside"),
    ("flat.md", OCCLUDED.format("flat", "- rect 0% 0% 0% 10%: A"), 4, "mask-degenerate"),
    (
        "twice.md",
        OCCLUDED.format("twice", "- rect 0% 0% 9% 9%: A\n- rect 0% 0% 9% 9%: B"),
        5,
        "mask-duplicate",
    ),
]
# Files the seeded mistakes need that hold none themselves: a note type named word.
SUPPORT = {
    "_notetypes/broken/t.html": "{{A}}",
    "_notetypes/word/notetype.yaml": (
        "name: Word\nkey: word\nfields: [Word, Meaning]\n"
        "templates:\n  - {name: Recall, front: front.html, back: back.html}\n"
    ),
    "_notetypes/word/front.html": "{{Word}}",
    "_notetypes/word/back.html": "{{FrontSide}}<hr id=answer>{{Meaning}}",
    "_notetypes/scripted/notetype.yaml": (
        "name: Scripted\nkey: scripted\nfields: [Word]\n"
        "templates:\n  - {name: Card, front: front.html, back: back.html}\n"
    ),
    "_notetypes/scripted/front.html": "{{Word}}",
    "_media/pic.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>',
}


def seeded(write_tree: WriteTree) -> Path:
    return write_tree({**SUPPORT, **{name: text for name, text, _, _ in SEEDED}})


def expected(root: Path) -> list[tuple[str, int, str]]:
    return sorted((str(root / name), line, code) for name, _, line, code in SEEDED)


def test_seeded_tree_covers_every_rule() -> None:
    assert {code for *_, code in SEEDED} == set(RULES)


@pytest.mark.parametrize("fmt", ["human", "json", "github"])
def test_one_finding_per_mistake_in_every_format(
    runner: CliRunner, write_tree: WriteTree, fmt: str
) -> None:
    root = seeded(write_tree)
    result = runner.invoke(main, ["check", str(root), "--format", fmt])
    assert result.exit_code == 1
    if fmt == "json":
        document = json.loads(result.stdout)
        found = [(d["path"], d["line"], d["code"]) for d in document["diagnostics"]]
        assert document["summary"] == {"errors": 22, "warnings": 12, "notes": 26}
    elif fmt == "github":
        pattern = r"^::(?:error|warning) file=(.+?),line=(\d+)(?:,col=\d+)?,title=([\w-]+)::"
        found = [(m[1], int(m[2]), m[3]) for m in re.finditer(pattern, result.stdout, re.M)]
        assert result.stdout.splitlines()[-1] == "22 errors, 12 warnings in 26 notes."
    else:
        pattern = r"^(.+?):(\d+)(?::\d+)?: (?:warning: )?.* \[([\w-]+)\]$"
        found = [(m[1], int(m[2]), m[3]) for m in re.finditer(pattern, result.stdout, re.M)]
        assert result.stdout.splitlines()[-1] == "22 errors, 12 warnings in 26 notes."
    assert sorted(found) == expected(root)


def test_build_refuses_the_seeded_tree_with_the_same_findings(
    runner: CliRunner, write_tree: WriteTree, tmp_path: Path
) -> None:
    root = seeded(write_tree)
    result = runner.invoke(main, ["build", str(root), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == len(SEEDED) + 1
    assert not (tmp_path / "out").exists()


def test_each_content_rule_finds_only_the_codes_it_declares(
    write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    declared = rules.CONTENT_RULES
    seen: dict[int, set[str]] = {}

    def recording(index: int, rule: rules.ContentRule) -> rules.ContentRule:
        def run(*given: Any) -> list[Finding]:
            found = rule.function(*given)
            seen.setdefault(index, set()).update(f.code for f in found)
            return found

        return replace(rule, function=run)

    monkeypatch.setattr(
        rules, "CONTENT_RULES", tuple(recording(i, r) for i, r in enumerate(declared))
    )
    check(seeded(write_tree))
    assert sorted(seen) == list(range(len(declared)))  # every rule ran
    assert all(codes <= set(declared[i].codes) for i, codes in seen.items())
    assert set().union(*seen.values()) >= {"bad-template", "duplicate-id", "near-duplicate"}


QUIET = {
    "script-in-code.md": "## Q1\n<!-- id: q1 -->\n### Answer\n`<script>` and\n\n```html\n<script></script>\n```\n### Explanation\nE\n",
    "link-not-image.md": "## Q2\n<!-- id: q2 -->\n### Answer\nSee [the paper](https://example.org/p.pdf).\n### Explanation\nE\n",
    "tasks-in-code.md": "## Q3\n<!-- id: q3 -->\n```\n- [ ] not an option\n```\n### Answer\nA\n### Explanation\nE\n",
    "similar-but-distinct.md": (
        "## What does LoRA freeze during training?\n<!-- id: q4 -->\n"
        + OK
        + "## What does QLoRA quantise to save memory?\n<!-- id: q5 -->\n"
        + OK
    ),
    "choice.md": "## Pick\n<!-- id: q6 -->\n- [x] a\n- [ ] b\n### Explanation\nE\n",
    "cloze.md": "## {{c1::LoRA}} is PEFT\n<!-- id: q7; type: cloze -->\n### Explanation\nE\n",
}


@pytest.mark.parametrize("fmt", ["human", "json", "github"])
def test_near_misses_stay_quiet(runner: CliRunner, write_tree: WriteTree, fmt: str) -> None:
    result = runner.invoke(main, ["check", str(write_tree(QUIET)), "--format", fmt, "--strict"])
    assert result.exit_code == 0, result.stdout
    if fmt == "json":
        assert json.loads(result.stdout)["diagnostics"] == []
    else:
        assert "::" not in result.stdout and "[" not in result.stdout
        assert result.stdout.strip().endswith("0 errors, 0 warnings in 7 notes.")


def test_sample_deck_passes_strict(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", str(SAMPLE), "--strict"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("No problems: 0 errors, 0 warnings in ")


def test_warnings_alone_exit_0_and_strict_exit_1(runner: CliRunner, write_tree: WriteTree) -> None:
    root = write_tree({"a.md": "## Q\n### Answer\nA\n### Explanation\nE\n"})
    assert runner.invoke(main, ["check", str(root)]).exit_code == 0
    assert runner.invoke(main, ["check", str(root), "--strict"]).exit_code == 1
    assert runner.invoke(main, ["check", str(root), "--format", "xml"]).exit_code == 2


def test_severity_per_rule_from_deck_settings(write_tree: WriteTree) -> None:
    files = {
        name: text for name, text, _, _ in SEEDED if name in ("no-expl.md", "near.md", "dup-q.md")
    }
    root = write_tree(files)
    before = {d.code: d.severity.value for d in check(root).diagnostics}
    assert before == {
        "missing-explanation": "warning",
        "near-duplicate": "warning",
        "duplicate-question": "error",
    }
    (root / "deck.yaml").write_text(
        "name: D\nid: d-7f3k2q\nchecks:\n  missing-explanation: error\n  near-duplicate: off\n  duplicate-question: warning\n"
    )
    after = {d.code: d.severity.value for d in check(root).diagnostics}
    assert after == {"missing-explanation": "error", "duplicate-question": "warning"}


@pytest.mark.parametrize(
    ("checks", "message"),
    [
        (
            "  near-duplicat: off",
            "checks: unknown key 'near-duplicat' (did you mean 'near-duplicate'?)",
        ),
        (
            "  missing-answer: warning",
            "checks: 'missing-answer' cannot be relaxed: no deck can be built past it",
        ),
        (
            "  missing-id: loud",
            "checks: severity of 'missing-id' must be one of off, warning, error, not 'loud'",
        ),
    ],
)
def test_bad_severity_settings(write_tree: WriteTree, checks: str, message: str) -> None:
    root = write_tree({"a.md": "## Q\n<!-- id: q -->\n" + OK})
    (root / "deck.yaml").write_text(f"name: D\nid: d-7f3k2q\nchecks:\n{checks}\n")
    messages = [f"{d.location}: {d.message}" for d in check(root).diagnostics]
    assert messages == [f"{root}/deck.yaml:4: {message}"]


def test_colour_only_when_asked(write_tree: WriteTree) -> None:
    compiled = check(write_tree({"a.md": "## Q\n" + OK}))
    assert "\x1b[" in human(compiled, colour=True)
    assert "\x1b[" not in human(compiled, colour=False)


def test_github_escapes_commas_colons_and_newlines(write_tree: WriteTree) -> None:
    root = write_tree({"a,b:c.md": "## Q\n" + OK})
    out = CliRunner().invoke(main, ["check", str(root), "--format", "github"]).stdout
    assert f"file={str(root).replace(':', '%3A')}/a%2Cb%3Ac.md,line=1,title=missing-id::" in out


def test_markup_cannot_hide_a_repeated_question(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "a.md": "## What is **LoRA**?\n<!-- id: a -->\n"
            + OK
            + "## what is LoRA?\n<!-- id: b -->\n"
            + OK
        }
    )
    assert [d.code for d in check(root).diagnostics] == ["duplicate-question"]


def test_script_check_follows_the_parsers_fences(write_tree: WriteTree) -> None:
    text = "## Q\n<!-- id: q -->\n### Answer\n```\n```js\n<script>x</script>\n```\n### Explanation\nE\n"
    assert check(write_tree({"a.md": text})).diagnostics == ()


def test_unknown_deck_setting_has_its_rule_code(write_tree: WriteTree) -> None:
    root = write_tree({"a.md": "## Q\n<!-- id: q -->\n" + OK})
    (root / "deck.yaml").write_text("name: D\nid: d-7f3k2q\ncolour: red\n")
    assert [(d.location.line, d.code) for d in check(root).diagnostics] == [(3, "unknown-key")]


def _question(rng: random.Random, earlier: list[str]) -> str:
    """Return a new question, or one word added to an earlier one (a near-duplicate)."""
    if earlier and rng.random() < 0.4:
        return f"{rng.choice(earlier)} w{rng.randint(0, 299)}"
    # w0 is in about one question in eight: near the deck's stopword count (COMMON), both ways.
    common = ["w0"] if rng.random() < 0.13 else []
    return " ".join(rng.sample([f"w{i}" for i in range(1, 300)], rng.randint(8, 11)) + common)


def _deck(questions: list[str]) -> list[Card]:
    return [
        Card(Location("content/x.md", 10 * i + 1), NoteKind.BASIC, f"c{i}", True, q, "A")
        for i, q in enumerate(questions)
    ]


@pytest.mark.parametrize("seed", range(8))
def test_the_near_duplicate_index_updated_finds_what_a_fresh_one_finds(seed: int) -> None:
    rng = random.Random(seed)
    questions: list[str] = []
    for _ in range(400):
        questions.append(_question(rng, questions))
    index = near_index(_deck(questions), None)
    for _ in range(4):
        for i in rng.sample(range(len(questions)), rng.choice((1, 3, 40))):
            questions[i] = _question(rng, questions) if rng.random() < 0.8 else questions[i - 1]
        cards = _deck(questions)
        index = near_index(cards, index)
        updated = near_warnings(cards, index)
        assert updated == near_duplicates(cards)
        # Answers edited, questions not: the index is kept as it is, with the same findings.
        answered = [replace(card, answer=f"{card.answer} more") for card in cards]
        kept = near_index(answered, index)
        again = near_warnings(answered, kept)
        assert again == updated
        assert kept is index
    assert updated  # the deck has near-duplicates to find
