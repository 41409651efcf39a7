"""The preview site of the sample deck in a real headless Chromium."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ankismith.cli import main
from tests.helpers import ROOT

CARDS = 64
EXAMPLE = ROOT / "examples" / "capitals"

# WCAG 2 contrast of each body-text element against the first opaque background behind it.
CONTRAST_JS = """() => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0) { return c; }
    }
    return [255, 255, 255];
  };
  const texts = [...document.querySelectorAll('.ankismith :is(p, li, td, th, h1, h2, h3, summary)')]
    .filter((el) => !el.closest('pre') && el.textContent.trim());
  return texts.map((el) => {
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}"""


@pytest.fixture(name="page")
def _page(browser: Any, site: Path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto((site / "index.html").as_uri(), wait_until="load")
    yield page
    context.close()


def card_frames(page: Any, side: str) -> list[Any]:
    # A page per card holds both sides: the back is the same page at #back.
    frames = [f for f in page.frames if "/cards/" in f.url]
    return [f for f in frames if f.url.endswith("#back") == (side == "back")]


def test_every_card_shows_front_and_back(page: Any) -> None:
    assert page.locator("article.pv-card").count() == CARDS
    for side in ("front", "back"):
        frames = card_frames(page, side)
        assert len(frames) == CARDS
        assert all(f.locator("#qa > .ankismith").count() == 2 for f in frames)
        # The side shown is the frame's own: the back stands first in the page.
        shown = "getComputedStyle(document.querySelectorAll('#qa')[0]).display !== 'none'"
        assert all(f.evaluate(shown) == (side == "back") for f in frames)
    assert page.locator("#pv-count").inner_text() == f"{CARDS} cards"


def test_flip_by_button_and_by_clicking_the_card(page: Any, artifacts: Path) -> None:
    card = page.locator("article.pv-card").first
    assert (
        card.locator(".pv-front-side").is_visible()
        and not card.locator(".pv-back-side").is_visible()
    )
    card.locator(".pv-flip").click()
    assert (
        card.locator(".pv-back-side").is_visible()
        and not card.locator(".pv-front-side").is_visible()
    )
    card.locator(".pv-flip").click()
    card.frame_locator(".pv-front-side iframe").locator("section.question:visible").click()
    page.wait_for_function(
        "document.querySelector('article.pv-card').classList.contains('pv-flipped')"
    )
    card.screenshot(path=str(artifacts / "preview-card-back.png"))


def test_search_and_tag_filter(page: Any) -> None:
    page.fill("#pv-search", "qlora")
    shown = page.locator("article.pv-card:visible").count()
    assert (
        0 < shown < CARDS and page.locator("#pv-count").inner_text() == f"{shown} of {CARDS} cards"
    )
    page.fill("#pv-search", "")
    tag = page.locator("#pv-tag option").nth(1).get_attribute("value")
    page.select_option("#pv-tag", tag)
    tagged = page.locator("article.pv-card:visible")
    assert 0 < tagged.count() < CARDS
    assert all(
        tag in (tagged.nth(i).get_attribute("data-tags") or "").split()
        for i in range(tagged.count())
    )


def contrasts(page: Any) -> list[float]:
    return [
        r
        for f in card_frames(page, "front") + card_frames(page, "back")
        for r in f.evaluate(CONTRAST_JS)
    ]


def test_text_is_readable_in_light_and_night_mode(page: Any, artifacts: Path) -> None:
    page.click("#pv-answers")
    light = contrasts(page)
    page.screenshot(path=str(artifacts / "preview-light.png"))
    page.click("#pv-theme")
    for frame in card_frames(page, "front") + card_frames(page, "back"):
        frame.wait_for_function("document.body.classList.contains('nightMode')")
        assert frame.evaluate("document.documentElement.classList.contains('night_mode')")
    night = contrasts(page)
    page.screenshot(path=str(artifacts / "preview-night.png"))
    (artifacts / "preview-contrast.json").write_text(
        json.dumps({"light_min": min(light), "night_min": min(night), "elements": len(light)})
    )
    assert len(light) == len(night) > CARDS
    assert min(light) >= 4.5 and min(night) >= 4.5


def test_phone_width_has_no_horizontal_scroll(browser: Any, site: Path, artifacts: Path) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto((site / "index.html").as_uri(), wait_until="load")
    page.click("#pv-phone")
    page.click("#pv-answers")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for frame in card_frames(page, "front") + card_frames(page, "back"):
        assert frame.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        ), frame.url
        assert frame.evaluate("window.innerWidth") <= 360
    page.screenshot(path=str(artifacts / "preview-phone.png"), full_page=False)
    context.close()


def test_nothing_loads_from_the_network(page: Any) -> None:
    page.click("#pv-answers")
    page.click("#pv-theme")
    page.wait_for_timeout(200)
    assert len(page.requests) > 2 * CARDS
    assert [url for url in page.requests if not url.startswith("file://")] == []


WIDE = """## Quelle méthode garde le modèle de base figé ?
<!-- id: wide -->

| Méthode | Poids entraînés | Mémoire | Adaptateur par tâche | Remarques |
| --- | --- | --- | --- | --- |
| Réglage complet | tous | très élevée | copie complète du modèle | la référence |

### Answer

LoRA.

### Hint

Deux petites matrices.
"""


def test_a_french_deck_at_phone_width(browser: Any, tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "deck.yaml").write_text("name: Méthodes\nid: methodes-k9kp3s\nlanguage: fr\n")
    (content / "a.md").write_text(WIDE)
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["preview", str(content), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto((out / "index.html").as_uri(), wait_until="load")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("#pv-count").inner_text() == "1 carte"
    # The entry's title is the question, without the folded hint.
    assert page.locator("article.pv-card h3").inner_text() == (
        "Quelle méthode garde le modèle de base figé ? Méthode Poids entraînés Mémoire "
        "Adaptateur par tâche Remarques Réglage complet tous très élevée copie complète du "
        "modèle la référence"
    )
    page.fill("#pv-search", "zzz")
    assert page.locator("#pv-count").inner_text() == "0 sur 1 cartes"
    page.fill("#pv-search", "")
    page.click("#pv-phone")
    # The table's last columns scroll out of the frame: the preview outlines it.
    front = next(f for f in page.frames if "/cards/" in f.url and "#" not in f.url)
    front.wait_for_function("document.querySelector('table.pv-scrolls') !== null")
    page.locator(".pv-flip").first.click()
    assert page.locator(".pv-flip").first.inner_text() == "Afficher la question"
    page.close()


def test_a_projects_site_switches_decks_at_phone_width_in_night_mode(
    browser: Any, tmp_path: Path, artifacts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "capitals"
    shutil.copytree(EXAMPLE, project)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["preview"], env={"ANKISMITH_CACHE_DIR": ""})
    assert result.exit_code == 0, result.output
    site = project / "build" / "preview"
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((site / "index.html").as_uri(), wait_until="load")
    assert page.locator(".pv-entry").count() == 2
    page.click("#pv-theme")  # night mode, remembered from page to page
    page.click(".pv-entry a >> nth=0")
    page.wait_for_url("**/europe/index.html")
    assert page.locator("article.pv-card").count() == 3
    page.wait_for_function("document.body.classList.contains('pv-night')")
    frame = next(f for f in page.frames if "/cards/" in f.url and "#" not in f.url)
    frame.wait_for_function("document.body.classList.contains('nightMode')")
    page.click(".pv-switch summary")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(artifacts / "preview-switcher.png"))
    page.click('.pv-switch a[href="../asia/index.html"]')
    page.wait_for_url("**/asia/index.html")
    assert page.locator("article.pv-card").count() == 2
    assert page.locator('.pv-switch a[aria-current="page"]').text_content() == "Capitals::Asia"
    page.click(".pv-switch summary")
    page.click('.pv-switch a[href="../index.html"]')
    page.wait_for_url("**/preview/index.html")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert [url for url in requests if not url.startswith("file://")] == []
    context.close()
