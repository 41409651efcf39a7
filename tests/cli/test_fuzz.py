"""Property-based tests: whatever the content directory holds, never a traceback, never a lost deck.

Each example writes a content tree of arbitrary bytes (invalid UTF-8, NUL bytes, long lines,
deep nesting, unbalanced fences and comments, BOM, CRLF and lone CR, emoji, right-to-left
text, stray headings, random YAML front matter) and builds and checks it. A build either
writes a package that reads back, or fails with lines shaped ``path[:line]: message [code]``
and a summary. ``make test`` runs a few dozen examples; ``make fuzz`` runs 10,000.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ankismith.apkg.buildtime import EARLIEST
from ankismith.apkg.reader import read_package
from ankismith.check_report import render
from ankismith.cli import main
from ankismith.content.read import read_content
from ankismith.errors import AnkismithError, ContentErrors
from ankismith.pipeline import build, check, compile_content
from ankismith.sanitize.active import active_content
from ankismith.sanitize.mathjax import unsafe_math
from tests.helpers import assert_within_allowlist, write_files

ENV = {"SOURCE_DATE_EPOCH": "1700000000"}
SUMMARY = re.compile(
    r"(No problems: )?\d+ errors?, \d+ warnings? in \d+ notes?(; nothing was written)?\."
)
FINDING = r"(/[^\n]*?)?(:\d+)?: (warning: )?[^\n]+ \[[a-z-]+\]"

GOOD = "## Question {n}?\n<!-- id: {id} -->\n\n### Answer\n\nAnswer.\n\n### Explanation\n\nWhy.\n"
FRAGMENTS = [
    "## ",
    "## Q?",
    "### Answer",
    "### Explanation",
    "### Hint",
    "### Answers",
    "#",
    "# Title",
    "---",
    "...",
    "<!--",
    "-->",
    "<!-- id: a -->",
    "<!-- id: b; tags: x y -->",
    "<!-- id: -->",
    "<!-- type: cloze -->",
    "<!-- type: choice; shuffle: yes -->",
    "<!-- type: typein -->",
    "<!-- type: reversed -->",
    "<!-- type: nonsense -->",
    "<!-- id: " + "x" * 101 + " -->",
    "```",
    "~~~",
    "````python",
    '```python hl_lines="9"',
    "- [x] right",
    "- [ ] wrong",
    "> quote",
    "- item",
    "1. item",
    "    indented code",
    "\tTab",
    "{{c1::deleted}}",
    "{{c1::a::hint}}",
    "{{c99999999::x}}",
    "$x^2$",
    "$$",
    "\\(",
    "![i](pic.png)",
    "![i](../outside.png)",
    "![i](/etc/hostname.png)",
    "![i](file:///etc/x.png)",
    "![i](https://example.org/x.png)",
    "![i](http://[::1)",
    "[s](tone.mp3)",
    "<script>",
    "<b>",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "deck: x",
    "tags: [a, b]",
    "tags: a b",
    "name: x",
    "\u202eשלום עולם",
    "مرحبا",
    "😀👍🏽",
    "\x00",
    "\ufeff",
    "\u2028",
    "\x0c",
    "\x85",
    "\ud7ff",
]
NESTERS = ["> ", "- ", "  - ", "1. ", "[", "*", "#", "`", "{{c1::", "<!-- ", "---\n", "    "]

_line = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(max_size=40),
    st.builds(str.__add__, st.sampled_from(FRAGMENTS), st.text(max_size=12)),
    st.builds(str.__mul__, st.sampled_from(NESTERS), st.integers(0, 400)),
    st.builds(lambda n, i: GOOD.format(n=n, id=i), st.integers(0, 5), st.sampled_from("abcq")),
    st.builds(str.__mul__, st.sampled_from("x😀 \u05d0"), st.integers(1000, 20_000)),
)
_ending = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r", ""])
_markdown = st.builds(
    lambda bom, pairs: ("\ufeff" if bom else "") + "".join(a + b for a, b in pairs),
    st.booleans(),
    st.lists(st.tuples(_line, _ending), max_size=25),
)
# Mostly well-formed cards with a stray line here and there, so that builds often succeed.
_cards = st.builds(
    lambda parts: "".join(parts),
    st.lists(
        st.one_of(
            st.builds(
                lambda n, i: GOOD.format(n=n, id=i),
                st.integers(0, 99),
                st.text("abcdefq-", min_size=1, max_size=3),
            ),
            st.builds(lambda n: GOOD.format(n=n, id=f"card-{n}"), st.integers(0, 999)),
            st.builds(lambda line: line + "\n", _line),
        ),
        max_size=8,
    ),
)
_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
)
_yaml_value = st.recursive(
    _scalar,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
_keys = st.sampled_from(["deck", "tags", "name", "id", "type", "checks", "description", "x"])
_front_matter = st.builds(
    lambda data, body: "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body,
    st.dictionaries(_keys | st.text(max_size=8), _yaml_value, max_size=4),
    _markdown,
)


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _splice(data: bytes, junk: bytes, at: int) -> bytes:
    return data[:at] + junk + data[at:]


_body = st.one_of(
    _cards.map(_encode),
    _cards.map(_encode),
    _markdown.map(_encode),
    _front_matter.map(_encode),
    st.binary(max_size=300),
    st.builds(
        _splice, _markdown.map(_encode), st.binary(min_size=1, max_size=4), st.integers(0, 200)
    ),
    _markdown.map(lambda t: t.encode("utf-16")),
)
_deck_yaml = st.one_of(
    st.just(b"name: Fuzz Deck\nid: fuzz\n"),
    st.builds(
        lambda extra: _encode("name: Fuzz Deck\n" + yaml.safe_dump(extra, allow_unicode=True)),
        st.dictionaries(_keys, _yaml_value, max_size=3),
    ),
    _body,
)
_names = st.sampled_from(
    [
        "a.md",
        "b.md",
        "Methods/c.md",
        "Methods/PEFT/d.md",
        "_media/e.md",
        ".drafts/f.md",
        "pic.png",
        "tone.mp3",
        "x.md.png",
        "_templates/basic/front.html",
        "_templates/style.css",
        "_templates/cloze/back.html",
        "_templates/unknown.html",
        "Ünïcødé/ü.md",
        "a b/c d.md",
    ]
)
_tree = st.tuples(
    st.one_of(st.just(b"name: Fuzz Deck\nid: fuzz\n"), _deck_yaml, _deck_yaml, st.none()),
    st.lists(st.tuples(_names, _body), max_size=5),
)


def write_content(root: Path, deck_yaml: bytes | None, files: list[tuple[str, bytes]]) -> None:
    """Materialise a generated tree; the first of two files with one name wins."""
    write_files(root, {"deck.yaml": deck_yaml, **dict(reversed(files))})


def assert_report_lines(text: str, root: Path) -> None:
    """Check that every line is a finding in the content tree, but the last: a summary."""
    *findings, summary = text.rstrip("\n").split("\n")
    for line in findings:
        assert re.fullmatch(re.escape(str(root)) + FINDING, line), line
    assert SUMMARY.fullmatch(summary), summary


def assert_failure(error: AnkismithError, root: Path) -> None:
    """Check that a failure explains itself in lines naming places under the content directory."""
    if isinstance(error, ContentErrors):
        assert_report_lines(error.message, root)
    else:
        assert "\n" not in error.message and error.message.startswith(str(root)), error.message


@given(_tree)
def test_build_and_check_never_crash_and_agree(
    tree: tuple[bytes | None, list[tuple[str, bytes]]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root, out = Path(folder, "content"), Path(folder, "build")
        write_content(root, *tree)
        try:
            compiled = check(root)
        except AnkismithError as error:
            assert_failure(error, root)
            compiled = None
        if compiled is not None:
            assert_report_lines(render(compiled, "human"), root)
            render(compiled, "json")
            render(compiled, "github")
        try:
            report = build(root, out, ENV)
        except AnkismithError as error:
            assert_failure(error, root)
            assert compiled is None or compiled.errors
            assert not out.exists() or not list(out.glob("*.apkg"))
            return
        assert compiled is not None and not compiled.errors
        package = read_package(Path(report.output))
        assert len(package.notes) == report.cards


@settings(max_examples=max(10, settings().max_examples // 10))
@given(_tree, st.sampled_from(["build", "check"]))
def test_cli_exits_0_or_1_with_located_lines(
    tree: tuple[bytes | None, list[tuple[str, bytes]]], command: str
) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        root, out = Path(folder, "content"), Path(folder, "build")
        write_content(root, *tree)
        result = runner.invoke(main, [command, str(root), "-o", str(out)], env=ENV)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code in (0, 1), result.output
        if command == "check" and (root / "deck.yaml").is_file():
            assert_report_lines(result.stdout, root)
        elif result.exit_code == 1:
            if result.stderr.startswith("Error: "):
                assert result.stderr.count("\n") == 1, result.stderr
                assert result.stderr.startswith(f"Error: {root}"), result.stderr
            else:
                assert_report_lines(result.stderr, root)
        elif command == "build":
            (package,) = out.glob("*.apkg")
            read_package(package)


# Script-shaped strings, each tried in every channel Markdown reaches a card or the description
# through: nothing of them may reach a built field as anything that runs or loads.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "<details open ontoggle=alert(1)><summary>s</summary>x</details>",
    '<span style="background:url(https://example.org/x)">s</span>',
    "<div onmouseover=alert(1)>x</div>",
    "<iframe src=javascript:alert(1)>",
    "$\\href{javascript:alert(1)}{x}$",
    "$\\style{background:url(https://example.org)}{x}$",
    "$$\\require{action}$$",
    '```{#"><script>alert(1)</script><x}\nx\n```',
    "```{.x onclick=alert(1)}\nx\n```",
    "`<script>`",
    "<kbd onclick=alert(1)>k</kbd>",
    '<img src="x.png" srcset="javascript:alert(1)">',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<sub><script>alert(1)</script></sub>",
    "<ruby>a<rt onclick=alert(1)>b</rt></ruby>",
    '<mark style="color:red;background:url(x)">m</mark>',
    "<br/onload=alert(1)>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    '<img src="x.png" alt="a" title="b" onerror="alert(1)">',
    "<span class=x id=y lang=en>z</span>",
]
_payload = st.one_of(
    st.sampled_from(PAYLOADS),
    st.builds(lambda a, b: a + b, st.sampled_from(PAYLOADS), st.sampled_from(PAYLOADS)),
    st.builds(
        lambda t, p: t[: len(t) // 2] + p + t[len(t) // 2 :],
        st.text(max_size=10),
        st.sampled_from(PAYLOADS),
    ),
)
CHANNELS = {
    "heading": lambda p: f"## Q {p.replace(chr(10), ' ')}?\n<!-- id: q -->\n\n### Answer\n\nA.\n",
    "question": lambda p: f"## Q?\n<!-- id: q -->\n\n{p}\n\n### Answer\n\nA.\n",
    "answer": lambda p: f"## Q?\n<!-- id: q -->\n\n### Answer\n\n{p}\n",
    "explanation": lambda p: (
        f"## Q?\n<!-- id: q -->\n\n### Answer\n\nA.\n\n### Explanation\n\n{p}\n"
    ),
    "hint": lambda p: f"## Q?\n<!-- id: q -->\n\n### Hint\n\n{p}\n\n### Answer\n\nA.\n",
    "choice": lambda p: f"## Q?\n<!-- id: q -->\n\n- [x] {p.replace(chr(10), ' ')}\n- [ ] b\n",
    "cloze": lambda p: (
        f"## {{{{c1::{p.replace(chr(10), ' ')}}}}} is it\n<!-- id: q; type: cloze -->\n"
    ),
    "typein": lambda p: (
        f"## Q?\n<!-- id: q; type: typein -->\n\n### Answer\n\n{p.replace(chr(10), ' ')}\n"
    ),
    "tag": lambda p: (
        f"## Q?\n<!-- id: q; tags: {p.replace(chr(10), ' ').replace('-->', '')} -->\n\n### Answer\n\nA.\n"
    ),
    "front-matter-deck": lambda p: (
        f"---\ndeck: {json.dumps(p)}\n---\n## Q?\n<!-- id: q -->\n\n### Answer\n\nA.\n"
    ),
}


@given(st.sampled_from([*sorted(CHANNELS), "description", "folder"]), _payload)
def test_no_script_shaped_input_reaches_a_card_as_anything_that_runs(
    channel: str, payload: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder, "content")
        deck_yaml = "name: Fuzz Deck\nid: fuzz\n"
        files = {"a.md": CHANNELS.get(channel, CHANNELS["answer"])(payload)}
        if channel == "description":
            deck_yaml += f"description: {json.dumps(payload)}\n"
        if channel == "folder":
            name = payload.replace("/", "").replace("\0", "").replace("\n", " ").strip(" .") or "x"
            files = {f"{name[:100]}/a.md": files["a.md"]}
        write_files(root, {"deck.yaml": deck_yaml, "x.png": b"\x89PNG", **files})
        compiled = compile_content(read_content(root), EARLIEST)
        assert_report_lines(render(compiled, "human"), root)
        if compiled.deck is None:
            return  # refused: unsafe-math, unsafe-name or another error at its line
        deck = compiled.deck
        for html in [deck.description_html, *(f for note in deck.notes for f in note.fields)]:
            assert_within_allowlist(html)
            assert not active_content(html), html
            assert not unsafe_math(html), html
        for note in deck.notes:
            assert not {c for name in (*note.tags, note.deck) for c in name} & set('<>"`'), note
