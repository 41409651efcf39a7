"""Anki's text to speech and reading filters in the author's templates: checked, previewed."""

from __future__ import annotations

from ankismith.pipeline import check
from ankismith.preview.build import render_preview
from tests.helpers import WriteTree

TREE = {
    "deck.yaml": "name: Jp\nid: jp-7f3k2q\nlanguage: ja\ntts: [question]\n",
    "_notetypes/word/notetype.yaml": (
        "name: Word\nkey: word-v1\nfields: [Word, Meaning]\n"
        "templates:\n  - {name: Recall, front: front.html, back: back.html}\n"
    ),
    "_notetypes/word/front.html": (
        "<div>{{kanji:Word}}</div>\n{{tts ja_JP voices=Apple_Kyoko,Microsoft_Haruka speed=0.8:Word}}"
    ),
    "_notetypes/word/back.html": (
        '<div>{{furigana:Word}}</div><div>{{kana:Word}}</div>{{tts ja_JP:kana:Word}}<hr id="answer">'
        "{{Meaning}}"
    ),
    "words.md": "---\ntype: word\n---\n\n## 日本[にほん]\n<!-- id: nihon -->\n\n### Meaning\n\nJapan\n",
    "basic.md": "## 猫は何ですか？\n<!-- id: neko -->\n### Answer\ncat\n### Explanation\nE\n",
}


def test_tts_and_reading_filters_pass_the_checks_and_render_in_preview(
    write_tree: WriteTree,
) -> None:
    root = write_tree(TREE)
    assert [d.code for d in check(root).diagnostics] == []
    site, _ = render_preview(root)
    # A page per card: its back, then its front, each in a #qa of its own.
    pages = {
        name: data.decode().split('<div id="qa">')[1:]
        for name, data in site.files
        if name.startswith("cards/")
    }
    back, front = next(v for k, v in pages.items() if "nihon" in k)
    assert "<div>日本</div>" in front and 'title="Read aloud (ja_JP): 日本[にほん]"' in front
    assert "<ruby><rb>日本</rb><rt>にほん</rt></ruby>" in back and "<div>にほん</div>" in back
    assert 'title="Read aloud (ja_JP): にほん"' in back
    # tts: in deck.yaml reads our basic card's question aloud, in the deck's language.
    neko = next(v for k, v in pages.items() if "neko" in k)[1]
    assert 'title="Read aloud (ja_JP): 猫は何ですか？"' in neko and "[anki:tts" not in neko


def test_the_index_leaves_out_what_tts_would_read(write_tree: WriteTree) -> None:
    site, _ = render_preview(write_tree(TREE))
    assert b"anki:tts" not in dict(site.files)["index.html"]
