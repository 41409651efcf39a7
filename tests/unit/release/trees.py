"""Small content trees, one per kind of release edit, built into packages the rules compare."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from ankismith.apkg.contents import PackageInfo
from ankismith.apkg.reader import read_package
from ankismith.pipeline import build
from tests.helpers import DECK_YAML, EPOCH, write_files

DAY = 86400


def card(key: str | None, question: str, answer: str) -> str:
    """Return one basic card; ``key`` None leaves out its id (the build derives one)."""
    marker = f"<!-- id: {key} -->\n" if key else ""
    return f"## {question}\n{marker}### Answer\n{answer}\n\n"


A, B = card("a", "What is A?", "Alpha."), card("b", "What is B?", "Beta.")
C, N = card("c", "What is C?", "Gamma."), card(None, "Unnamed question", "No id.")
TAGGED = "---\ntags: [alpha]\n---\n"
V1 = {"deck.yaml": DECK_YAML, "a.md": TAGGED + A + B, "Sub/c.md": C, "n.md": N}
TREES: dict[str, Mapping[str, str | None]] = {
    "v1": V1,
    "edited": {**V1, "a.md": TAGGED + A.replace("Alpha.", "Alpha, corrected.") + B},
    "added": {**V1, "d.md": card("d", "What is D?", "Delta.")},
    "removed": {**V1, "a.md": TAGGED + A},
    "moved": {**V1, "a.md": TAGGED + B, "Sub/c.md": C + A},
    "moved-tagged": {**V1, "a.md": TAGGED + B, "Sub/c.md": TAGGED + C + A},
    "refiled": {**V1, "a.md": TAGGED + B, "x.md": A},
    "renamed": {**V1, "a.md": TAGGED + A.replace("id: a ", "id: a2 ") + B},
    "reworded": {**V1, "n.md": N.replace("Unnamed question", "Unnamed question, edited")},
    "deck-renamed": {**V1, "Sub/c.md": None, "Other/c.md": C},
    "new-deck-id": {**V1, "deck.yaml": DECK_YAML.replace("7f3k2q", "9x8w7v")},
}


def builder(root: Path) -> Callable[..., PackageInfo]:
    """Return ``built(name, when=EPOCH)``: the package of ``TREES[name]``, each built once."""
    done: dict[tuple[str, int], PackageInfo] = {}

    def built(name: str, when: int = EPOCH) -> PackageInfo:
        if (name, when) not in done:
            folder = root / f"{name}-{when}"
            tree = write_files(folder / "content", TREES[name])
            report = build(tree, folder / "deck.apkg", {"SOURCE_DATE_EPOCH": str(when)})
            done[name, when] = read_package(Path(report.output))
        return done[name, when]

    return built
