"""`ankismith preview` of a project (ankismith.yaml): one site, a deck switcher, its cache."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ankismith.cli import main
from ankismith.preview.build import PreviewDeck, watched
from tests.helpers import ROOT

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


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_a_project_previews_as_one_site_with_a_list_of_decks_and_a_switcher(
    project: Path,
) -> None:
    result = run("preview")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Wrote build/preview/index.html: 2 decks, 5 notes, 5 cards, ")
    site = project / "build" / "preview"
    files = tree(site)
    # One copy of the page's stylesheet and script at the top; each deck keeps its card styles.
    assert sorted(n for n in files if "/" not in n or n.startswith("assets/")) == [
        ".ankismith-preview",
        "assets/preview.css",
        "assets/preview.js",
        "index.html",
    ]
    assert "asia/assets/card-capital.css" in files and "asia/assets/preview.js" not in files
    assert [n for n in files if n.startswith("europe/cards/")] == [
        f"europe/cards/00{i}-{c}-1.html" for i, c in enumerate(("france", "germany", "portugal"), 1)
    ]
    top = files["index.html"].decode()
    assert "<title>Card preview: 2 decks</title>" in top
    assert top.index('href="europe/index.html"') < top.index('href="asia/index.html"')
    assert "<span>Capitals::Asia</span></a></h2>" in top and "2 notes, 2 cards" in top
    europe = files["europe/index.html"].decode()
    switch = europe[europe.index('<nav class="pv-switch"') : europe.index("</nav>")]
    assert '<a href="../index.html">Overview</a>' in switch
    assert '<a href="../europe/index.html" aria-current="page">' in switch
    assert '<a href="../asia/index.html"><span>Capitals::Asia</span></a>' in switch
    assert '<link rel="stylesheet" href="../assets/preview.css">' in europe
    card = files["europe/cards/001-france-1.html"].decode()
    assert '<link rel="stylesheet" href="../assets/card-capital.css">' in card
    assert '<script src="../../assets/preview.js" defer></script>' in card
    assert not any(b"https://" in d for n, d in files.items() if not n.endswith(".svg"))


def test_deck_previews_one_deck_as_a_site_of_its_own(project: Path) -> None:
    result = run("preview", "--deck", "asia")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Wrote build/preview/index.html: 2 notes, 2 cards, ")
    files = tree(project / "build" / "preview")
    assert "assets/preview.js" in files and "cards/001-japan-1.html" in files
    assert b"pv-switch" not in files["index.html"]


def test_each_deck_speaks_its_language_and_the_list_the_common_one(project: Path) -> None:
    asia = project / "decks" / "asia" / "deck.yaml"
    asia.write_text(asia.read_text(encoding="utf-8") + "language: fr\n", encoding="utf-8")
    assert run("preview").exit_code == 0
    site = project / "build" / "preview"
    french = (site / "asia" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr" dir="ltr">' in french
    assert '<nav class="pv-switch" aria-label="Paquets">' in french
    assert '<a href="../index.html">Vue d&#x27;ensemble</a>' in french
    # The decks speak two languages: the list is in English, each name in its own.
    top = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en" dir="ltr">' in top
    assert '<span lang="fr">Capitals::Asia</span>' in top
    europe = project / "decks" / "europe" / "deck.yaml"
    europe.write_text(europe.read_text(encoding="utf-8") + "language: fr-CA\n", encoding="utf-8")
    assert run("preview").exit_code == 0
    both = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr" dir="ltr">' in both and "Aperçu des cartes : 2 paquets" in both


def test_an_unchanged_preview_writes_nothing_and_a_change_writes_the_site_anew(
    project: Path,
) -> None:
    assert run("preview").exit_code == 0
    site = project / "build" / "preview"
    marker = (site / ".ankismith-preview").stat()
    again = run("preview")
    assert again.exit_code == 0
    assert again.stdout.startswith("Wrote build/preview/index.html: 2 decks, 5 notes, 5 cards, ")
    assert (site / ".ankismith-preview").stat().st_ino == marker.st_ino
    europe = (site / "europe" / "cards" / "001-france-1.html").stat().st_ino
    mongolia = (site / "asia" / "cards" / "002-mongolia-1.html").stat().st_ino
    card = project / "decks" / "asia" / "capitals.md"
    card.write_text(card.read_text(encoding="utf-8").replace("Tokyo", "Edo"), encoding="utf-8")
    changed = run("preview")
    assert changed.exit_code == 0
    assert (site / ".ankismith-preview").stat().st_ino != marker.st_ino
    assert b"Edo" in (site / "asia" / "cards" / "001-japan-1.html").read_bytes()
    # The pages of the notes that did not change are the same files, in either deck.
    assert (site / "europe" / "cards" / "001-france-1.html").stat().st_ino == europe
    assert (site / "asia" / "cards" / "002-mongolia-1.html").stat().st_ino == mongolia
    assert b"edo" in (site / "asia" / "index.html").read_bytes()  # its search text


def test_a_preview_after_a_build_reuses_its_renderings_and_writes_the_same_site(
    project: Path, tmp_path: Path
) -> None:
    assert run("preview", "-o", str(tmp_path / "alone" / "site")).exit_code == 0
    assert run("build").exit_code == 0
    caches = project / "build" / ".ankismith-cache"
    assert (caches / "europe" / "render.log").is_file()
    assert run("preview").exit_code == 0
    assert not (project / "build" / "preview" / ".ankismith-cache").exists()
    assert tree(project / "build" / "preview") == tree(tmp_path / "alone" / "site")


def test_a_broken_deck_keeps_the_whole_previous_site(project: Path) -> None:
    assert run("preview").exit_code == 0
    before = tree(project / "build" / "preview")
    card = project / "decks" / "asia" / "capitals.md"
    card.write_text("## Broken\n<!-- id: broken -->\n", encoding="utf-8")
    result = run("preview")
    assert result.exit_code == 1
    assert "decks/asia/capitals.md:1" in result.output
    assert tree(project / "build" / "preview") == before


def test_watch_follows_every_deck_the_shared_folder_and_a_variants_base(project: Path) -> None:
    plus = project / "decks" / "europe-plus"
    plus.mkdir()
    europe = project / "decks" / "europe" / "deck.yaml"
    (plus / "deck.yaml").write_text(
        europe.read_text(encoding="utf-8") + "extends: ../europe\n", encoding="utf-8"
    )
    decks = [
        PreviewDeck("asia", Path("decks/asia"), Path("shared")),
        PreviewDeck("plus", Path("decks/europe-plus"), Path("shared")),
    ]
    assert watched(decks) == (
        Path("decks/asia"),
        Path("shared"),
        Path("decks/europe-plus"),
        Path("decks/europe"),
    )


def test_watch_rebuilds_the_project_site_when_the_shared_folder_changes(project: Path) -> None:
    pytest.importorskip("watchfiles")
    proc = subprocess.Popen(
        [sys.executable, "-m", "ankismith", "preview", "--watch"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **ENV, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("Wrote build/preview/index.html: 2 decks")
        assert proc.stdout.readline() == (
            "Watching decks/europe, shared, decks/asia for changes; Ctrl-C stops.\n"
        )
        time.sleep(0.3)
        style = project / "shared" / "_notetypes" / "capital" / "style.css"
        style.write_text(style.read_text(encoding="utf-8") + "\n.x { color: red; }\n")
        assert proc.stdout.readline().startswith("Rebuilt build/preview/index.html: 5 notes")
        proc.send_signal(signal.SIGINT)
        rest, errors = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 0, errors
    assert rest.strip().endswith("Stopped watching.") and "Traceback" not in errors
    css = project / "build" / "preview" / "asia" / "assets" / "card-capital.css"
    assert ".x { color: red; }" in css.read_text(encoding="utf-8")
