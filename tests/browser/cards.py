"""Card sides as Anki renders them, laid out in every night-mode class variant for Chromium.

The real backend renders each side (``card.question()``, ``card.answer()``: the note type CSS
included); the reviewer's own parts are put in as Anki desktop does (the type-in box, and the
comparison of a typed answer). Each page holds one side in every variant, one iframe each.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from anki.collection import Collection

from tests.helpers import write_files

TYPED = "git comit"
"""What the learner typed on the type-in cards: one letter missing, so the back shows a diff."""


@dataclass(frozen=True)
class Variant:
    """Where an Anki client puts its night-mode class and the `.card` class."""

    name: str
    html_class: str
    body_class: str
    inner_card: bool
    night: bool


VARIANTS = (
    Variant("light", "", "card", False, False),
    Variant("light-inner-card", "", "", True, False),
    Variant("nightMode-on-card", "", "card nightMode", False, True),
    Variant("night_mode-on-card", "", "card night_mode", False, True),
    Variant("both-on-card", "", "card nightMode night_mode", False, True),
    Variant("nightMode-on-html", "nightMode", "card", False, True),
    Variant("night_mode-around-card", "", "night_mode", True, True),
)


@dataclass(frozen=True)
class Side:
    """One rendered side of one card."""

    name: str
    """``<card id>-<template>-<front|back>``, for file names and messages."""
    html: str


GIT_CARDS = """\
## Which object does `git cat-file -p` show for a `commit`, and where does `--depth` apply?
<!-- id: git-objects -->

| Object | Stores | Example |
|--------|--------|---------|
| tree | a directory listing | `tree` |
| commit | author, committer, parent | `committer` |
| packfile | many objects, compressed | `pack-<hash>.pack` |
| shallow clone | history cut short | `--depth` |

### Answer

The commit; `--depth` limits a clone's history.

```python
# Walk every object in the pack, oldest first, and print its type and size in bytes, one per line.
for obj in sorted(pack.objects(), key=lambda o: o.offset): print(obj.type_name, obj.size)
```

### Explanation

A commit points at one `tree`; its size grows as $O(n)$ in the files it lists. List every
object with `git cat-file --batch-all-objects --batch-check='%(objectname) %(objecttype) %(objectsize)'`.

$$
\\text{size}(\\text{tree}) = \\sum_{i=1}^{n} \\left( \\text{len}(\\text{mode}_i) + \\text{len}(\\text{name}_i) + 20 \\right) + \\text{header}
$$

### Hint

Think of `git log`.

## Which command records staged changes?
<!-- id: git-choice; type: choice -->

- [x] `git commit`
- [ ] `git add --patch`
- [ ] `git stash`

### Explanation

`git add` stages; `git commit` records.

### Hint

It makes a new `commit` object.

## {{c1::git commit}} records the staged changes; {{c2::git push}} sends them.
<!-- id: git-cloze; type: cloze -->

### Explanation

Both work on the current branch.

### Hint

Record, then send.

## Packfile
<!-- id: git-term; type: reversed -->

### Answer

A file holding many git objects, delta-compressed: `pack-<hash>.pack`.

### Explanation

`git gc` writes them.

### Hint

Look under `.git/objects/pack`.

## Which command records staged changes?
<!-- id: git-typein; type: typein -->

### Answer

git commit

### Explanation

Then `git push`.

### Hint

Two words.
"""

SAMPLE_IDS = (
    "lora-what-trains",  # the diagram, dark on transparent
    "lora-update-formula",  # formulas
    "qlora-load-4bit",  # a code block and inline code
    "rlhf-kl-penalty",  # a long display formula
    "choice-lora-param-count",
    "cloze-lora-init",
    "qlora-term",  # both directions
    "typein-lora-rank",
)
"""The sample deck's cards that together show each of its features."""


def showcase_tree(root: Path) -> Path:
    """Write a deck with every card kind, a table, code, formulas and hints.

    It sets ``repository:``, so every back carries the report link, audited like the rest.
    """
    deck = "name: Showcase\nid: showcase\nrepository: https://github.com/you/showcase\n"
    return write_files(root, {"deck.yaml": deck, "git.md": GIT_CARDS})


def reviewer_html(col: Collection, side_html: str, expected: str, back: bool) -> str:
    """Put in what Anki desktop's reviewer puts where a template says ``{{type:Answer}}``."""
    if back:
        compared = col.compare_answer(expected, TYPED)  # <code id=typeans>...</code>
        box = f"<div style=\"font-family: 'Arial'; font-size: 20px\">{compared}</div>"
    else:
        box = (
            f'<center><input type=text id=typeans value="{TYPED}" '
            "style=\"font-family: 'Arial'; font-size: 20px;\"></center>"
        )
    return re.sub(r"\[\[type:[^\]]+\]\]", lambda _: box, side_html)


def sides(col: Collection, ids: tuple[str, ...] | None = None) -> list[Side]:
    """Return both sides of every card (of the notes with ``ids``, if given), Anki-rendered."""
    found = []
    for cid in sorted(col.find_cards("")):
        card = col.get_card(cid)
        note = card.note()
        if ids is not None and note["Id"] not in ids:
            continue
        expected = dict(note.items()).get("Answer", "")
        template = card.template()["name"].replace(" ", "")
        if template == "Cloze":
            template += str(card.ord + 1)  # one card per deletion number
        stem = f"{note['Id']}-{template}"
        for name, rendered in (("front", card.question()), ("back", card.answer())):
            found.append(
                Side(f"{stem}-{name}", reviewer_html(col, rendered, expected, name == "back"))
            )
    return found


def variant_document(side: Side, variant: Variant, media: Path) -> str:
    """Return the card side as a whole document, classes placed as ``variant`` says."""
    body = f'<div id="qa">{side.html}</div>'
    if variant.inner_card:
        body = f'<div class="card card1">{body}</div>'
    return (
        f'<!doctype html><html class="{variant.html_class}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<base href="{media.as_uri()}/"></head>'
        f'<body class="{variant.body_class} card1">{body}</body></html>'
    )


def page(side: Side, media: Path, width: int) -> str:
    """Return a page showing ``side`` once per variant, each in an iframe ``width`` pixels wide.

    Phone-wide frames stand side by side, desktop-wide ones one below the other.
    """
    frames = "".join(
        f"<figure><figcaption>{html.escape(side.name)} @{width}px: {v.name}</figcaption>"
        f'<iframe name="{v.name}" scrolling="no" '
        f'srcdoc="{html.escape(variant_document(side, v, media))}"></iframe></figure>'
        for v in VARIANTS
    )
    style = (
        "body{margin:0;display:flex;flex-wrap:wrap;gap:8px;align-items:flex-start;background:#888}"
        "figure{margin:0}figcaption{padding:4px 8px;font:13px sans-serif;color:#fff;background:#333}"
        f"iframe{{display:block;width:{width}px;height:200px;border:0}}"
    )
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><style>{style}</style></head>'
        f"<body>{frames}</body></html>"
    )


def page_width(width: int) -> int:
    """Return the width of the page that holds the frames of one side at ``width``."""
    return len(VARIANTS) * (width + 8) + 24 if width < 800 else width  # room for a scroll bar
