"""Every card kind and feature, rendered by the real Anki backend, checked in Chromium.

Each side is shown at phone and desktop width in every place Anki clients put their night-mode
class. The checks are what a learner would notice: the page never scrolls sideways, no word in
a table cell or code span is split over lines, all text reads at 4.5:1 or more against what is
behind it, the card is wholly light or wholly dark, a revealed cloze stands out by more than its
colour, images keep a light backdrop at night, and boxes that scroll sideways show it.
Screenshots go to build/test-artifacts/cards/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.cards import SAMPLE_IDS, VARIANTS, Side, page, page_width, showcase_tree, sides
from tests.helpers import SAMPLE, release
from tests.helpers_anki import install

AUDIT = (Path(__file__).parent / "audit.js").read_text(encoding="utf-8")
WIDTHS = (360, 1280)
MIN_CONTRAST = 4.5


@pytest.fixture(name="rendered", scope="module")
def _rendered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[Side], Path, Path]]:
    """Both sides of the showcase deck's cards and of the sample's feature cards, and the pages' home."""
    tmp = tmp_path_factory.mktemp("screens")
    found: list[Side] = []
    media: list[Path] = []
    for name, content, ids in (
        ("showcase", showcase_tree(tmp / "showcase"), None),
        ("sample", SAMPLE, SAMPLE_IDS),
    ):
        col = install(release(content, tmp / f"{name}-out", 1700000000), tmp / f"{name}-col")
        try:
            found += sides(col, ids)
            media.append(Path(col.media.dir()))
        finally:
            col.close()
    # One media folder for both decks: names are content hashes, so they never clash.
    for folder in media[1:]:
        for file in folder.iterdir():
            (media[0] / file.name).write_bytes(file.read_bytes())
    yield found, media[0], tmp


@pytest.fixture(name="audits", scope="module")
def _audits(
    browser: Any, rendered: tuple[list[Side], Path, Path], artifacts: Path
) -> dict[tuple[str, int, str], dict[str, Any]]:
    """Load one page per side and width; return the audit of each variant, keyed by side, width, variant."""
    found, media, tmp = rendered
    shots = artifacts / "cards"
    shots.mkdir(parents=True, exist_ok=True)
    results: dict[tuple[str, int, str], dict[str, Any]] = {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": page_width(width), "height": 800})
        view = context.new_page()
        for side in found:
            path = tmp / f"{side.name}-{width}.html"
            path.write_text(page(side, media, width), encoding="utf-8")
            view.goto(path.as_uri(), wait_until="load")
            for variant in VARIANTS:
                frame = view.frame(name=variant.name)
                assert frame is not None, side.name
                frame.evaluate(
                    "document.querySelectorAll('details').forEach((d) => { d.open = true; })"
                )
                results[(side.name, width, variant.name)] = frame.evaluate(AUDIT)
            view.evaluate(
                "document.querySelectorAll('iframe').forEach((f) => {"
                " f.style.height = f.contentDocument.documentElement.scrollHeight + 'px'; })"
            )
            view.screenshot(path=str(shots / f"{side.name}-{width}.png"), full_page=True)
        context.close()
    return results


def failures(audits: dict[tuple[str, int, str], dict[str, Any]], check: Any) -> list[str]:
    """Return ``side @width variant: problem`` for every audit where ``check`` finds problems."""
    night = {v.name: v.night for v in VARIANTS}
    found = []
    for (side, width, variant), audit in sorted(audits.items()):
        for problem in check(audit, night[variant]):
            found.append(f"{side} @{width} {variant}: {problem}")
    return found


def test_every_kind_and_feature_is_covered(
    audits: dict[tuple[str, int, str], dict[str, Any]],
) -> None:
    names = {side for side, _, _ in audits}
    kinds = {
        "git-objects-Card1",
        "git-choice-Card1",
        "git-cloze-Cloze1",
        "git-cloze-Cloze2",
        "git-term-Forward",
        "git-term-Reverse",
        "git-typein-Card1",
    }
    assert {f"{k}-{s}" for k in kinds for s in ("front", "back")} <= names
    assert len(audits) == len(names) * len(WIDTHS) * len(VARIANTS)
    everything = list(audits.values())
    assert any(a["images"] for a in everything) and any(a["cloze"] for a in everything)
    assert any(a["scrollers"] for a in everything) and any(
        a["broken"] == [] and a["texts"] for a in everything
    )


def test_no_horizontal_page_overflow(audits: dict[tuple[str, int, str], dict[str, Any]]) -> None:
    assert (
        failures(audits, lambda a, _: [f"{a['overflow']}px too wide"] if a["overflow"] > 0 else [])
        == []
    )


def test_no_word_broken_in_table_cells_or_code(
    audits: dict[tuple[str, int, str], dict[str, Any]],
) -> None:
    assert (
        failures(
            audits,
            lambda a, _: [
                f"{b['word']!r} over {b['lines']} lines in {b['in']}" for b in a["broken"]
            ],
        )
        == []
    )


def test_text_contrast_in_light_and_night(
    audits: dict[tuple[str, int, str], dict[str, Any]],
) -> None:
    def low(audit: dict[str, Any], _: bool) -> list[str]:
        return [
            f"{t['text']!r} {t['ratio']:.2f}:1" for t in audit["texts"] if t["ratio"] < MIN_CONTRAST
        ]

    assert failures(audits, low) == []
    assert sum(len(a["texts"]) for a in audits.values()) > 1000


def test_each_variant_gives_a_wholly_light_or_dark_card(
    audits: dict[tuple[str, int, str], dict[str, Any]],
) -> None:
    def mixed(audit: dict[str, Any], night: bool) -> list[str]:
        def wrong(luminance: float) -> bool:
            return luminance > 0.2 if night else luminance < 0.5

        problems = (
            [f"card background {audit['cardBackground']:.2f}"]
            if wrong(audit["cardBackground"])
            else []
        )
        return problems + [
            f"{t['text']!r} on luminance {t['bg']:.2f}" for t in audit["texts"] if wrong(t["bg"])
        ]

    assert failures(audits, mixed) == []


def test_revealed_cloze_differs_by_more_than_colour(
    audits: dict[tuple[str, int, str], dict[str, Any]],
) -> None:
    def plain(audit: dict[str, Any], _: bool) -> list[str]:
        return [
            repr(c["text"])
            for c in audit["cloze"]
            if not (c["weight"] >= 300 or c["underline"] or c["background"] >= 1.2)
        ]

    assert failures(audits, plain) == []


def test_images_fit_and_get_a_light_backdrop_at_night(
    audits: dict[tuple[str, int, str], dict[str, Any]],
) -> None:
    def dark(audit: dict[str, Any], night: bool) -> list[str]:
        return [
            f"{i['src']} backdrop {i['backdrop']}"
            for i in audit["images"]
            if night and (i["backdrop"] is None or i["backdrop"] < 0.8)
        ]

    assert failures(audits, dark) == []


def test_boxes_that_scroll_sideways_show_it(
    audits: dict[tuple[str, int, str], dict[str, Any]],
) -> None:
    phone = {k: a for k, a in audits.items() if k[1] == 360}
    assert any(a["scrollers"] for a in phone.values())
    assert (
        failures(
            phone,
            lambda a, _: [
                f"{s['tag']} without a scroll cue"
                for s in a["scrollers"]
                if not (s["cue"] and s["scrolls"])
            ],
        )
        == []
    )
