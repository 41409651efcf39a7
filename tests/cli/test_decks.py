"""Several decks in one repository (ankismith.yaml): built, checked and kept apart."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ankismith.cli import main
from tests.helpers import ROOT, SAMPLE, git, init_repo, sha256

EXAMPLE = ROOT / "examples" / "capitals"
ENV = {"SOURCE_DATE_EPOCH": "1700000000", "ANKISMITH_CACHE_DIR": ""}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a copy of the example project, made the working directory."""
    root = tmp_path / "capitals"
    shutil.copytree(EXAMPLE, root)
    monkeypatch.chdir(root)
    return root


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=ENV)


def test_build_at_the_root_builds_each_deck_to_its_own_package_and_cache(project: Path) -> None:
    result = run("build")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Built build/europe.apkg: 3 notes, 3 cards in 1 deck, 5.9 KiB",
        "Built build/asia.apkg: 2 notes, 2 cards in 1 deck, 5.5 KiB",
    ]
    caches = project / "build" / ".ankismith-cache"
    assert sorted(p.name for p in caches.iterdir()) == ["asia", "europe"]
    assert (caches / "asia" / "build.json").is_file()
    digests = {name: sha256(project / "build" / f"{name}.apkg") for name in ("asia", "europe")}
    # A deck built alone, from its folder, is the same package: the cache never changes a byte.
    alone = run("build", "decks/asia", "-o", "alone/asia.apkg")
    assert alone.exit_code == 0, alone.output
    assert sha256(project / "alone" / "asia.apkg") == digests["asia"]
    again = run("build", "--deck", "europe")
    assert again.exit_code == 0, again.output
    assert again.stdout == "Built build/europe.apkg: 3 notes, 3 cards in 1 deck, 5.9 KiB\n"
    assert sha256(project / "build" / "europe.apkg") == digests["europe"]


def test_deck_names_one_deck_and_an_unknown_one_is_refused(project: Path) -> None:
    result = run("build", "--deck", "asia")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (project / "build").glob("*.apkg")) == ["asia.apkg"]
    unknown = run("build", "--deck", "africa")
    assert unknown.exit_code == 1
    assert "ankismith.yaml: no deck 'africa'; its decks are europe, asia" in unknown.output
    single = run("build", "-o", "one.apkg")
    assert single.exit_code == 1
    assert "one.apkg: several decks are built, each to its own file: give a folder" in (
        single.output
    )


def test_check_reports_each_deck_at_its_files_with_one_summary(project: Path) -> None:
    clean = run("check", "--strict")
    assert clean.exit_code == 0, clean.output
    assert clean.stdout == "No problems: 0 errors, 0 warnings in 5 notes.\n"
    card = project / "decks" / "asia" / "capitals.md"
    card.write_text(card.read_text(encoding="utf-8").replace("Tokyo", ""), encoding="utf-8")
    found = run("check")
    assert found.exit_code == 1
    lines = found.stdout.splitlines()
    assert any(line.startswith("decks/asia/capitals.md:") for line in lines), found.stdout
    assert lines[-1].startswith("1 error, 0 warnings in "), found.stdout
    assert run("check", "--deck", "europe").exit_code == 0
    # The build stops at the broken deck, writes the other, and names what it built.
    built = run("build")
    assert built.exit_code == 1
    assert "built: build/europe.apkg." in built.output
    assert not (project / "build" / "asia.apkg").exists()


def test_a_repository_without_the_project_file_is_one_deck_as_ever(project: Path) -> None:
    (project / "ankismith.yaml").unlink()
    result = run("build")
    assert result.exit_code == 1
    assert "content: content directory not found" in result.output


def test_two_decks_sharing_a_name_or_an_id_are_refused_naming_both(project: Path) -> None:
    asia = project / "decks" / "asia" / "deck.yaml"
    text = asia.read_text(encoding="utf-8")
    text = text.replace("Capitals::Asia", "capitals::europe")
    asia.write_text(text.replace("capitals-asia-w7m2xp", "capitals-europe-k3v9qd"), "utf-8")
    for command in ("build", "check"):
        result = run(command)
        assert result.exit_code == 1
        assert (
            "decks/asia/deck.yaml:2: deck name 'capitals::europe' is also that of deck "
            "'Capitals::Europe', at decks/europe/deck.yaml:2: Anki finds decks by name"
            in result.output
        )
        assert (
            "decks/asia/deck.yaml:3: deck id 'capitals-europe-k3v9qd' is also that of deck "
            "'Capitals::Europe', at decks/europe/deck.yaml:3: every note's GUID hangs on it"
            in result.output
        )
    assert not (project / "build").exists()


def test_two_different_note_types_of_one_id_are_refused_one_shared_is_not(
    project: Path,
) -> None:
    own = project / "decks" / "asia" / "_notetypes" / "capital"
    shutil.copytree(project / "shared" / "_notetypes" / "capital", own)
    # The same note type copied into a deck is still one note type: no clash.
    assert run("check").exit_code == 0
    css = own / "style.css"
    css.write_text(css.read_text(encoding="utf-8") + ".card { color: red; }\n", "utf-8")
    result = run("build")
    assert result.exit_code == 1
    assert (
        "decks/asia/_notetypes/capital: note type id " in result.output
        and "is also that of deck 'Capitals::Europe', at shared/_notetypes/capital: one deck's import "
        "would restyle or block the other's cards"
        in result.output
    ), result.output
    assert not (project / "build").exists()


def test_a_bad_project_file_is_reported_at_its_line(project: Path) -> None:
    (project / "ankismith.yaml").write_text("decks:\n  Asia: ../x\n", encoding="utf-8")
    result = run("build")
    assert result.exit_code == 1
    assert "ankismith.yaml:2: decks: key 'Asia' must be lowercase" in result.output


def test_a_shared_note_type_filled_with_other_labels_is_a_clash(project: Path) -> None:
    asia = project / "decks" / "asia" / "deck.yaml"
    asia.write_text(asia.read_text(encoding="utf-8") + "language: de\n", encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert "shared/_notetypes/capital: note type id " in result.output
    assert "is also that of deck 'Capitals::Europe', at shared/_notetypes/capital" in result.output


def _add_cards(project: Path, deck: str, *cards: tuple[str, str]) -> None:
    """Add cards of our kinds to ``deck``'s folder, as (id, type) pairs, in a file of their own."""
    body = {
        "cloze": "The {{c1::answer}}.\n\n",
        "choice": "- [x] Right\n- [ ] Wrong\n\n",
    }
    text = "".join(
        f"## Q {card}?\n<!-- id: {card}; type: {kind} -->\n\n"
        + body.get(kind, "### Answer\n\nA.\n\n")
        for card, kind in cards
    )
    (project / "decks" / deck / "more.md").write_text(text, encoding="utf-8")


def test_our_note_types_filled_otherwise_in_two_decks_are_a_clash(project: Path) -> None:
    asia = project / "decks" / "asia" / "deck.yaml"
    link = "repository: https://github.com/you/asia\n"
    asia.write_text(asia.read_text(encoding="utf-8") + link, encoding="utf-8")
    # Neither deck's cards use one of our note types: no clash, whatever fills them.
    assert run("check").exit_code == 0
    # Both use basic, one of them cloze too: they clash on basic alone, which both ship.
    _add_cards(project, "asia", ("a-basic", "basic"), ("a-cloze", "cloze"))
    _add_cards(project, "europe", ("e-basic", "basic"))
    result = run("check")
    assert result.exit_code == 1
    (line,) = [x for x in result.output.splitlines() if "would ship other text" in x]
    assert line.startswith(
        "decks/asia/deck.yaml:7: our 'ankismith Basic' would ship other text than in deck "
        "'Capitals::Europe' (decks/europe/deck.yaml): a report link in one only, under the "
        "same ids: one deck's import would restyle the other's cards. Give this deck's copies "
        "ids of its own with 'note_type_ids: own' (before its first release"
    ), line
    # Both use every kind that can be filled otherwise: "our five note types".
    kinds = ("basic", "choice", "cloze", "reversed", "typein")
    for deck in ("asia", "europe"):
        _add_cards(project, deck, *((f"{deck}-{kind}", kind) for kind in kinds))
    found = [x for x in run("check").output.splitlines() if "would ship other text" in x]
    assert len(found) == 1 and "deck.yaml:7: our five note types would ship" in found[0], found
    # Alike again (a report link in both, _templates/ in neither): no clash.
    europe = project / "decks" / "europe" / "deck.yaml"
    europe.write_text(europe.read_text() + link)
    assert "note types would ship" not in run("check").output
    # One deck's own _templates/ make its copy differ.
    (project / "decks" / "asia" / "_templates" / "basic").mkdir(parents=True)
    (project / "decks" / "asia" / "_templates" / "basic" / "back.html").write_text(
        "{{FrontSide}}<hr id=answer>{{Answer}}\n"
    )
    other = run("check")
    assert (
        "decks/asia/deck.yaml:7: our 'ankismith Basic' would ship other text than in deck "
        "'Capitals::Europe' (decks/europe/deck.yaml): other _templates/, under the same ids"
    ) in other.output, other.output


def test_note_type_ids_own_lets_two_decks_in_two_languages_use_our_note_types(
    project: Path,
) -> None:
    from ankismith.apkg.reader import read_package

    (project / "decks" / "asia" / "capitals.md").unlink()  # asia ships no shared Capital
    for deck, language in (("asia", "fr"), ("europe", "de")):
        settings = project / "decks" / deck / "deck.yaml"
        settings.write_text(settings.read_text() + f"language: {language}\n")
        _add_cards(project, deck, (f"{deck}-basic", "basic"))
    refused = run("check").output
    assert "our 'ankismith Basic' would ship other text" in refused
    assert "language 'fr' against 'de'" in refused
    assert "'capital'" not in refused  # filled otherwise, but only europe's cards use it
    asia = project / "decks" / "asia" / "deck.yaml"
    asia.write_text(asia.read_text() + "note_type_ids: own\n")
    result = run("build")
    assert result.exit_code == 0, result.output
    types = {
        deck: {(t.id, t.name) for t in read_package(project / "build" / f"{deck}.apkg").notetypes}
        for deck in ("asia", "europe")
    }
    assert {name for _, name in types["asia"]} == {"ankismith Basic (Capitals::Asia)"}
    assert {name for _, name in types["europe"]} == {"ankismith Basic", "Capital"}
    assert not {i for i, _ in types["asia"]} & {i for i, _ in types["europe"]}
    # A variant keeps the note_type_ids of the deck it extends.
    variant = project / "decks" / "asia-more"
    variant.mkdir()
    (variant / "deck.yaml").write_text(
        "name: Capitals::Asia\nid: capitals-asia-w7m2xp\nlanguage: fr\nextends: ../asia\n"
    )
    (project / "ankismith.yaml").write_text(
        "decks:\n  europe: decks/europe\n  asia: decks/asia\n  asia-more: decks/asia-more\n"
        "shared: shared\n"
    )
    refused = run("check").output
    assert (
        "decks/asia-more/deck.yaml:1: note_type_ids 'shared' differs from 'own' of the deck it "
        "extends (decks/asia/deck.yaml)"
    ) in refused, refused


def test_ids_writes_the_missing_ids_of_every_deck_or_one(project: Path) -> None:
    card = project / "decks" / "asia" / "capitals.md"
    card.write_text(card.read_text(encoding="utf-8") + "\n## Nepal\n\n### Capital\n\nKathmandu\n")
    only = run("ids", "--deck", "europe")
    assert only.stdout == "All 3 notes already have ids; nothing changed.\n"
    result = run("ids")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "All 3 notes already have ids; nothing changed.",
        "decks/asia/capitals.md:20: added id 'nepal'",
        "Added 1 id in 1 file.",
    ]


def test_diff_check_guards_each_deck_from_git_refs_with_the_shared_folder(
    project: Path,
) -> None:
    init_repo(project, "first release")
    git(project, "tag", "v1")
    card = project / "decks" / "asia" / "capitals.md"
    card.write_text(
        card.read_text(encoding="utf-8").replace("<!-- id: japan -->", "<!-- id: jp -->")
    )
    git(project, "commit", "-qam", "rename an id")
    ambiguous = run("diff", "--check", "v1", "HEAD")
    assert ambiguous.exit_code == 1
    assert "ankismith.yaml: several decks (europe, asia): name one with --deck" in (
        ambiguous.output
    )
    # Each deck is judged on its own: Europe has nothing new, Asia would strand a card.
    europe = run("diff", "--check", "v1", "HEAD", "--deck", "europe")
    assert europe.exit_code == 1
    assert "HEAD: nothing to release: no note changed since v1" in europe.output
    asia = run("diff", "--check", "v1", "HEAD", "--deck", "asia")
    assert asia.exit_code == 1, asia.output
    assert "[id-renamed]" in asia.output
    shared = run("diff", "v1", "HEAD", "--content", "decks/asia")
    assert shared.exit_code == 0, shared.output


def test_diff_check_refuses_note_type_ids_switched_after_a_release(project: Path) -> None:
    _add_cards(project, "asia", ("a-basic", "basic"), ("a-cloze", "cloze"))
    init_repo(project, "first release")
    git(project, "tag", "v1")
    asia = project / "decks" / "asia" / "deck.yaml"
    asia.write_text(asia.read_text() + "note_type_ids: own\n")
    git(project, "commit", "-qam", "own note type ids")
    result = run("diff", "--check", "v1", "HEAD", "--deck", "asia")
    assert result.exit_code == 1, result.output
    moved = [line for line in result.output.splitlines() if "[type-changed]" in line]
    assert [line.split("'")[1] for line in moved] == ["a-basic", "a-cloze"]
    assert all(
        "deck.yaml's 'note_type_ids' changed since the release. Put it back as it was released."
        in line
        for line in moved
    )


def test_diff_check_reports_a_card_moved_to_another_deck_of_the_project(
    project: Path,
) -> None:
    from ankismith.apkg.reader import read_package

    init_repo(project, "first release")
    git(project, "tag", "v1")
    assert run("build", "--deck", "europe").exit_code == 0
    released = (project / "build" / "europe.apkg").rename(project / "v1-europe.apkg")
    package = read_package(released)
    shipped = {dict(n.fields)["Country"]: n.guid for n in package.notes}
    europe = project / "decks" / "europe" / "capitals.md"
    text = europe.read_text(encoding="utf-8")
    start = text.index("## Portugal")
    europe.write_text(text[:start].rstrip() + "\n", encoding="utf-8")
    asia = project / "decks" / "asia" / "capitals.md"
    guid = shipped["Portugal"]
    assert '"' not in guid and ";" not in guid and "-->" not in guid
    asia.write_text(
        asia.read_text(encoding="utf-8")
        + f'\n## Portugal\n<!-- id: portugal; guid: "{guid}" -->\n\n### Capital\n\nLisbon\n',
        encoding="utf-8",
    )
    git(project, "commit", "-qam", "Portugal goes to Asia")
    found = run("diff", "--check", "v1", "HEAD", "--deck", "europe")
    assert found.exit_code == 1, found.output
    assert (
        f"problem: card 'Portugal' (GUID {guid!r}) moved to deck 'asia' of the project with its "
        "GUID: Anki never moves a card, so learners of this deck keep it in 'Capitals::Europe'"
    ) in found.output
    assert "[left-deck]" in found.output
    # The same from packages: the other deck's package beside the new one is read.
    assert run("build").exit_code == 0
    packaged = run("diff", "--check", "v1-europe.apkg", "build/europe.apkg")
    assert packaged.exit_code == 1 and "[left-deck]" in packaged.output, packaged.output
    (project / "decks" / "europe" / "deck.yaml").write_text(
        (project / "decks" / "europe" / "deck.yaml").read_text(encoding="utf-8")
        + f"release:\n  after: v1\n  accept:\n    left-deck: ['{guid}']\n",
        encoding="utf-8",
    )
    git(project, "commit", "-qam", "accept the move")
    accepted = run("diff", "--check", "v1", "HEAD", "--deck", "europe")
    assert f"accepted: card 'Portugal' (GUID {guid!r}) moved to deck 'asia'" in accepted.output
    # Asia's release is the card's new home: nothing strands Asia's learners.
    assert run("diff", "--check", "v1", "HEAD", "--deck", "asia").exit_code == 0


def test_build_of_several_decks_in_json_is_one_array(project: Path) -> None:
    result = run("build", "--format", "json")
    assert result.exit_code == 0, result.output
    documents = json.loads(result.stdout)
    assert [d["output"] for d in documents] == ["build/europe.apkg", "build/asia.apkg"]
    assert [d["notes"] for d in documents] == [3, 2]
    one = json.loads(run("build", "--format", "json", "--deck", "asia").stdout)
    assert one["output"] == "build/asia.apkg"


def test_schema_prints_the_project_schema_and_checks_a_project_file(project: Path) -> None:
    from ankismith.schema import project_schema_text

    printed = run("schema", "--project")
    assert printed.exit_code == 0
    assert printed.stdout == project_schema_text()
    valid = run("schema", "ankismith.yaml", "decks/asia/deck.yaml")
    assert valid.exit_code == 0, valid.output
    (project / "ankismith.yaml").write_text("decks: {europe: /abs}\nextra: 1\n", "utf-8")
    invalid = run("schema", "ankismith.yaml")
    assert invalid.exit_code == 1
    assert invalid.stdout.splitlines() == [
        "ankismith.yaml:1: decks: europe: '/abs' must be a relative path inside the project",
        "ankismith.yaml:2: unknown key 'extra' (known keys: decks, shared)",
    ]


def test_the_project_schema_is_valid_and_accepts_the_example() -> None:
    import jsonschema
    import yaml

    from ankismith.schema import project_schema_text

    schema = json.loads(project_schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(yaml.safe_load((EXAMPLE / "ankismith.yaml").read_text("utf-8")), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"decks": {"Bad Key": "x"}}, schema)


def test_a_mistake_in_a_shared_note_type_is_reported_at_its_own_file(project: Path) -> None:
    notetype = project / "shared" / "_notetypes" / "capital" / "notetype.yaml"
    notetype.write_text(notetype.read_text("utf-8").replace("front.html", "gone.html"), "utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert "shared/_notetypes/capital/notetype.yaml:" in result.stdout, result.stdout
    assert "decks/asia/_notetypes" not in result.stdout


def test_a_variant_shares_the_name_and_id_of_the_deck_it_extends_and_builds_from_git(
    project: Path,
) -> None:
    europe = project / "decks" / "europe"
    extended = project / "decks" / "europe-plus"
    extended.mkdir()
    (extended / "deck.yaml").write_text(
        (europe / "deck.yaml").read_text(encoding="utf-8") + "extends: ../europe\n",
        encoding="utf-8",
    )
    (extended / "more.md").write_text("## Spain\n<!-- id: spain -->\n\n### Capital\n\nMadrid\n")
    (project / "ankismith.yaml").write_text(
        "decks:\n  europe: decks/europe\n  europe-plus: decks/europe-plus\n"
        "  asia: decks/asia\nshared: shared\n",
        encoding="utf-8",
    )
    built = run("build")
    assert built.exit_code == 0, built.output
    assert "Built build/europe-plus.apkg: 4 notes, 4 cards in 1 deck" in built.output
    init_repo(project, "first release")
    git(project, "tag", "v1")
    card = europe / "capitals.md"
    card.write_text(card.read_text(encoding="utf-8").replace("Lisbon", "Lisboa"), "utf-8")
    git(project, "commit", "-qam", "Lisboa")
    changed = run("diff", "v1", "HEAD", "--deck", "europe-plus")
    assert changed.exit_code == 0, changed.output
    assert "Lisboa" in changed.output
    # Another deck may not take the same name and id.
    (project / "decks" / "asia" / "deck.yaml").write_text(
        (europe / "deck.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert run("check").exit_code == 1
    # A variant keeps the id of the deck it extends: else every card would come again.
    (project / "decks" / "asia" / "deck.yaml").write_text(
        (EXAMPLE / "decks" / "asia" / "deck.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert run("check").exit_code == 0
    yaml = extended / "deck.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8").replace("capitals-europe-k3v9qd", "capitals-plus-k3v9qd")
    )
    other_id = run("check")
    assert other_id.exit_code == 1
    assert "deck id 'capitals-plus-k3v9qd' differs from 'capitals-europe-k3v9qd'" in (
        other_id.output
    )
    # A variant never extends a folder that holds it, or one inside it.
    (extended / "deck.yaml").write_text(
        (europe / "deck.yaml").read_text(encoding="utf-8") + "extends: ..\n", encoding="utf-8"
    )
    nested = run("build", "--deck", "europe-plus")
    assert nested.exit_code == 1
    assert "extends: '..' holds this deck's folder or lies in it" in nested.output


@pytest.fixture
def sample_package(tmp_path: Path) -> Path:
    """Return the sample deck built to a package outside the project."""
    package = tmp_path / "vocab.apkg"
    done = run("build", str(SAMPLE), "-o", str(package))
    assert done.exit_code == 0, done.output
    return package


def test_import_into_a_new_deck_of_the_project_lists_it(
    project: Path, sample_package: Path
) -> None:
    before = (project / "ankismith.yaml").read_text()
    result = run("import", str(sample_package), "--deck", "vocab")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "Added to ankismith.yaml: deck 'vocab' in decks/vocab"
    )
    assert (project / "decks" / "vocab" / "deck.yaml").is_file()
    after = (project / "ankismith.yaml").read_text()
    assert after == before.replace(
        "  asia: decks/asia\n", "  asia: decks/asia\n  vocab: decks/vocab\n"
    )
    built = run("build", "--deck", "vocab")
    assert built.exit_code == 0, built.output
    assert run("check").exit_code == 0


def test_import_refuses_a_key_or_folder_of_another_deck_writing_nothing(
    project: Path, sample_package: Path
) -> None:
    before = (project / "ankismith.yaml").read_bytes()
    listing = sorted(str(p) for p in project.rglob("*"))
    for args, message in [
        (("--deck", "asia"), "ankismith.yaml: already lists a deck 'asia', in decks/asia"),
        (
            ("--deck", "more", "-o", "decks/asia/more"),
            "decks/asia/more would share files with deck 'asia', in decks/asia",
        ),
        (("--deck", "more", "-o", "shared"), "would share files with the shared folder"),
        (("--deck", "more", "-o", "../out"), "-o ../out: give a folder inside the project"),
        (("--deck", "Big"), "--deck Big: a deck key is lowercase letters"),
    ]:
        result = run("import", str(sample_package), *args)
        assert result.exit_code == 1, result.output
        assert message in result.stderr
    broken = project.parent / "broken.apkg"
    broken.write_bytes(b"not a zip")
    result = run("import", str(broken), "--deck", "more")
    assert result.exit_code == 1, result.output
    assert (project / "ankismith.yaml").read_bytes() == before
    assert sorted(str(p) for p in project.rglob("*")) == listing


def test_import_deck_in_a_new_folder_starts_the_project_file(
    tmp_path: Path, sample_package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "new"
    root.mkdir()
    monkeypatch.chdir(root)
    result = run("import", str(sample_package), "--deck", "vocab", "-o", "words")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "Wrote ankismith.yaml: deck 'vocab' in words"
    assert (root / "ankismith.yaml").read_text().endswith("decks:\n  vocab: words\n")
    assert run("build").exit_code == 0
    assert (root / "build" / "vocab.apkg").is_file()
    # A repository of one deck in content/ is not turned into a project behind its back.
    shutil.copytree(root / "words", root / "content")
    (root / "ankismith.yaml").unlink()
    refused = run("import", str(sample_package), "--deck", "more")
    assert refused.exit_code == 1
    assert "this repository is one deck, without ankismith.yaml" in refused.stderr
    assert not (root / "ankismith.yaml").exists() and not (root / "decks").exists()


def test_a_deck_imported_twice_is_listed_and_its_clashes_named(project: Path) -> None:
    built = run("build", "--deck", "asia", "-o", "out")
    assert built.exit_code == 0, built.output
    assert run("import", "out/asia.apkg", "--deck", "asia-again").exit_code == 0
    result = run("import", "out/asia.apkg", "--deck", "asia-twice")
    assert result.exit_code == 0, result.output
    assert (
        "decks/asia-twice/deck.yaml:2: deck name 'Capitals' is also that of deck 'Capitals', "
        "at decks/asia-again/deck.yaml:2"
    ) in result.stderr
    assert result.stderr.endswith("ankismith.yaml: settle these clashes before a build.\n")
    assert "asia-twice: decks/asia-twice" in (project / "ankismith.yaml").read_text()


def _variant(project: Path, extends: str = "../europe") -> Path:
    """Add deck europe-plus, a variant of europe, to the project; return its folder."""
    europe = project / "decks" / "europe"
    extended = project / "decks" / "europe-plus"
    extended.mkdir()
    (extended / "deck.yaml").write_text(
        (europe / "deck.yaml").read_text(encoding="utf-8") + f"extends: {extends}\n"
    )
    (extended / "more.md").write_text("## Spain\n<!-- id: spain -->\n\n### Capital\n\nMadrid\n")
    project_file = project / "ankismith.yaml"
    project_file.write_text(
        project_file.read_text().replace("decks:\n", "decks:\n  europe-plus: decks/europe-plus\n")
    )
    return extended


def test_a_finding_in_the_base_of_a_variant_is_reported_once(project: Path) -> None:
    _variant(project)
    card = project / "decks" / "europe" / "capitals.md"
    card.write_text(card.read_text() + "\n## Oops\n<!-- id: oops -->\n")
    for command in ("check", "build"):
        result = run(command)
        assert result.exit_code == 1
        lines = [x for x in result.output.splitlines() if x.startswith("decks/europe/capitals.md")]
        assert len(lines) == 1, result.output


def test_extends_may_not_leave_the_project(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    shutil.copytree(project / "decks" / "europe", outside)
    _variant(project, "../../../elsewhere")
    result = run("check")
    assert result.exit_code == 1
    assert (
        "decks/europe-plus/deck.yaml:7: extends: '../../../elsewhere' leads out of the "
        f"project ({project.resolve()}): a variant extends a deck of its own repository"
    ) in result.output
