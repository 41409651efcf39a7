"""Plain helpers the test files share, one copy each (fixtures stay in conftest.py).

Paths and sample cards; content trees and file digests; git repositories with pinned commit
times; installs with no package index (ankismith's dependencies linked for PYTHONPATH); the
workflow linters; Markdown parsed into cards; builds with the CLI; and the "rich" content tree
(every card kind, media, a sound) that test_rich_anki and test_preview_anki both build.

Nothing here imports Anki, so the tests under tests/unit run without it: what needs a real
Anki collection is in helpers_anki.py, and a learner reviewing cards across releases is in
anki/learner.py.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import wave
from collections.abc import Callable, Mapping
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from click.testing import CliRunner
from packaging.requirements import Requirement

from ankismith.cli import main
from ankismith.model import Card, SourceFile
from ankismith.parse.scanner import parse_source
from ankismith.parse.settings import DeckSettings
from ankismith.sanitize.policy import ATTRIBUTES, TAGS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"
DATA = ROOT / "tests" / "data"
"""Golden pairs, the GitHub parity corpus and render cases: inputs beside expected outputs."""

DECK_YAML = "name: Test Deck\nid: test-deck-7f3k2q\n"
EPOCH = 1700000000
"""The build time tests pin, 2023-11-14 22:13:20 UTC."""

WriteTree = Callable[[Mapping[str, str | bytes]], Path]
"""The type of the ``write_tree`` fixture."""

LORA_CARD = "## What is LoRA?\n<!-- id: lora -->\n### Answer\nLow-rank adaptation.\n"
"""One basic card, id lora, with no explanation."""
Q_CARD = "## Q\n<!-- id: q -->\n### Answer\nA\n### Explanation\nE\n"
"""The smallest card that builds with no warning, id q."""


def examples(least: int = 300) -> int:
    """Return how many examples a property test that holds a shortcut to the long way draws.

    At least ``least``, and the profile's number when that is more (``make fuzz``). Called when
    a test module is loaded, after conftest.py has chosen the profile.
    """
    from hypothesis import settings

    return max(least, settings.default.max_examples)


def write_files(root: Path, files: Mapping[str, str | bytes | None]) -> Path:
    """Write ``{relative path: text or bytes}`` under ``root`` (None: left out); return root."""
    root.mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        if body is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8", newline="")
    return root


def copy_sample(dest: Path) -> Path:
    """Copy the sample deck (content/) to ``dest``; return dest."""
    return Path(shutil.copytree(SAMPLE, dest))


def sha256(path: str | Path) -> str:
    """Return the SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def git(repo: Path, *args: str, when: int = EPOCH) -> str:
    """Run git in ``repo`` as a fixed author at time ``when``, ignoring user config; return stdout."""
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": f"@{when} +0000",
        "GIT_COMMITTER_DATE": f"@{when} +0000",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
    }
    done = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def init_repo(repo: Path, message: str, when: int = EPOCH) -> None:
    """Make ``repo`` a git repository on branch main with one commit, at ``when``, of all it holds."""
    git(repo, "init", "-q", "-b", "main", when=when)
    git(repo, "add", ".", when=when)
    git(repo, "commit", "-q", "-m", message, when=when)


def tool(name: str) -> str:
    """Return the path of a command-line tool installed beside this Python, or on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is missing: pip install -e '.[test]'"
    return found


def closure(name: str) -> set[str]:
    """Return the distributions ``name`` needs to run, itself excluded (no extras)."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        for line in metadata.requires(todo.pop()) or []:
            req = Requirement(line)
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue
            key = req.name.lower().replace("_", "-")
            if key not in seen:
                seen.add(key)
                todo.append(req.name)
    return seen


def link_dependencies(folder: Path, *also: str) -> Path:
    """Link the files of ankismith's dependencies, and of ``also``, into ``folder``; return it.

    Put on PYTHONPATH, the folder lets pip and ankismith find those (and nothing else of this
    environment), so an install with no package index works and a missing declaration fails.
    """
    folder.mkdir()
    for name in sorted(closure("ankismith") | set(also)):
        dist = metadata.distribution(name)
        for file in dist.files or []:
            top = file.parts[0]
            source = Path(str(dist.locate_file(top)))
            if top != ".." and not (folder / top).exists() and source.exists():
                (folder / top).symlink_to(source)
    return folder


def offline_env(tmp: Path, deps: Path) -> dict[str, str]:
    """Return this process's environment with pip cut off from every index, ``deps`` on PYTHONPATH.

    ``python`` on PATH is this Python (as setup-python puts one there); no PIP_ or PYTHON
    variable of this machine is kept.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON"))}
    shim = tmp / "shim"
    shim.mkdir(exist_ok=True)
    (shim / "python").symlink_to(sys.executable)
    return {
        **env,
        "PATH": f"{shim}{os.pathsep}{env['PATH']}",
        "PIP_CONFIG_FILE": os.devnull,  # no index, find-links or constraints from this machine
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PYTHONPATH": str(deps),
    }


def schema_check(workflow: Path) -> subprocess.CompletedProcess[str]:
    """Validate a GitHub workflow, or an ``action.yml``, by its schema (check-jsonschema)."""
    schema = "github-actions" if workflow.name == "action.yml" else "github-workflows"
    return subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", f"vendor.{schema}", str(workflow)],
        capture_output=True,
        text=True,
        check=False,
    )


def zizmor(workflow: Path) -> subprocess.CompletedProcess[str]:
    """Audit a GitHub workflow file with zizmor, offline."""
    return subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", str(workflow)],
        capture_output=True,
        text=True,
        check=False,
    )


def steps_of(path: Path) -> list[dict[str, Any]]:
    """Return every step of a workflow (all jobs, in order) or of a composite ``action.yml``."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "runs" in document:
        return list(document["runs"]["steps"])
    return [step for job in document["jobs"].values() for step in job["steps"]]


def parse_text(
    settings: DeckSettings, text: str, path: str = "content/x.md"
) -> tuple[list[Card], list[str]]:
    """Parse ``text`` as the card file ``path`` (under content/); return its cards and messages."""
    source = SourceFile(path=path, relpath=PurePosixPath(path).relative_to("content"), text=text)
    cards, errors = parse_source(source, settings)
    return cards, [f"{e.location}: {e.message}" for e in errors]


def check_lines(content: Path) -> list[str]:
    """Run ``ankismith check`` on ``content``; return its findings, without the summary line."""
    result = CliRunner().invoke(main, ["check", str(content)])
    return result.stdout.splitlines()[:-1]


def release(content: Path, out: Path, epoch: int, *options: str) -> Path:
    """Build ``content`` with the CLI at build time ``epoch`` into out/deck.apkg; return its path."""
    result = CliRunner().invoke(
        main,
        ["build", str(content), "-o", str(out / "deck.apkg"), *options],
        env={"SOURCE_DATE_EPOCH": str(epoch)},
    )
    assert result.exit_code == 0, result.output
    return out / "deck.apkg"


def text(html: str) -> str:
    """Return the visible text of rendered card HTML, whitespace folded."""
    html = re.sub(r"<(style|script)>.*?</\1>", " ", html, flags=re.S)
    plain = re.sub(r"<[^>]+>", " ", html)
    plain = plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(plain.split())


# The rich content tree: every card kind, pictures of one name in two folders, a sound.

SVG_A = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>'
)
SVG_B = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4"/></svg>'

RICH_CARDS = """\
## What does the diagram show?
<!-- id: diagram -->

![A square](img/a.svg)

### Answer

A square. [Hear it](sounds/tone.wav)

### Explanation

Drawn by hand.

## Which are PEFT methods?
<!-- id: peft-choice -->

- [x] LoRA
- [ ] Full fine-tuning
- [x] Prompt tuning

### Explanation

They train few parameters.

## {{c1::LoRA}} learns {{c2::B}} and {{c3::A}}
<!-- id: lora-cloze; type: cloze -->

### Explanation

Low-rank factors.

## Adapter
<!-- id: adapter; type: reversed -->

### Answer

A small bottleneck layer inserted into a frozen network.

### Explanation

Trained per task.

## Which letter names the LoRA rank?
<!-- id: rank; type: typein -->

### Answer

r

### Explanation

$r \\ll \\min(d, k)$ keeps the update small:

$$
\\Delta W = BA
$$

```python
config = LoraConfig(r=8, lora_alpha=16)
```
"""

RICH_SUB = """\
## Same file name, other folder
<!-- id: circle -->

![A circle](img/a.svg)

### Answer

A circle.

### Explanation

Another picture, same name.
"""


def tone() -> bytes:
    """Return a tenth of a second of silence as an 8-bit mono WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8000)
        out.writeframes(bytes(128 for _ in range(800)))
    return buffer.getvalue()


def rich_tree() -> dict[str, str | bytes]:
    """Return a content tree with every card kind, pictures of one name in two folders, a sound."""
    return {
        "deck.yaml": DECK_YAML,
        "cards.md": RICH_CARDS,
        "img/a.svg": SVG_A,
        "sounds/tone.wav": tone(),
        "Sub/more.md": RICH_SUB,
        "Sub/img/a.svg": SVG_B,
    }


# A content tree with the author's own note types: five fields and three templates, and a cloze.

COUNTRY_TYPE = """\
name: Country
key: country-v1
fields:
  - Country
  - name: Capital
    required: true
  - Flag
  - Language
  - Notes
sort_field: Capital
templates:
  - name: Country → Capital
    front: capital.front.html
    back: capital.back.html
  - name: Capital → Country
    front: country.front.html
    back: country.back.html
  - name: Flag → Country
    front: flag.front.html
    back: flag.back.html
"""

GAP_TYPE = """\
name: Gap text
key: gap-v1
cloze: true
fields: [Text, Extra]
templates:
  - name: Gap
    front: gap.front.html
    back: gap.back.html
"""

COUNTRY_CARDS = """\
---
type: country
tags: [europe]
---

# Countries

## France
<!-- id: france -->

### Capital

Paris

### Flag

![Flag of France](flags/fr.svg)

### Language

French

### Notes

The *Seine* flows through the capital.

## Portugal
<!-- id: portugal; guid: "pt;guid" -->

### Capital

Lisbon

### Language

Portuguese
"""

GAP_CARDS = """\
## {{c1::Bern}} is the seat of the Swiss {{c2::federal}} government.
<!-- id: bern; type: gap -->

### Extra

Switzerland has no official capital.
"""

FLAG_FR = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 3 2"><rect width="1" height="2" '
    'fill="#0055a4"/><rect x="1" width="1" height="2" fill="#fff"/><rect x="2" width="1" '
    'height="2" fill="#ef4135"/></svg>'
)


def custom_tree() -> dict[str, str | bytes]:
    """Return a content tree using two note types of the author's: Country and a cloze type."""
    folder = "_notetypes/country/"
    return {
        "deck.yaml": DECK_YAML,
        folder + "notetype.yaml": COUNTRY_TYPE,
        folder + "capital.front.html": '<div class="country">{{Country}}</div>',
        folder + "capital.back.html": (
            '{{FrontSide}}\n<hr id="answer">\n<div class="capital">{{Capital}}</div>\n'
            '{{#Notes}}<div class="notes">{{Notes}}</div>{{/Notes}}'
        ),
        folder + "country.front.html": '<div class="capital">{{Capital}}</div>',
        folder + "country.back.html": (
            '{{FrontSide}}\n<hr id="answer">\n<div class="country">{{Country}}</div>\n'
            '<div class="language">{{Language}}</div>'
        ),
        folder + "flag.front.html": '{{#Flag}}<div class="flag">{{Flag}}</div>{{/Flag}}',
        folder + "flag.back.html": '{{FrontSide}}\n<hr id="answer">\n{{Country}}',
        folder + "style.css": ".card { text-align: center; }\n",
        "_notetypes/gap/notetype.yaml": GAP_TYPE,
        "_notetypes/gap/gap.front.html": "{{cloze:Text}}",
        "_notetypes/gap/gap.back.html": "{{cloze:Text}}<br>{{Extra}}",
        "countries.md": COUNTRY_CARDS,
        "flags/fr.svg": FLAG_FR,
        "gaps.md": GAP_CARDS,
    }


class _Elements(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(tag, "", "")] + [(tag, k, v or "") for k, v in attrs]


def assert_within_allowlist(html: str) -> None:
    """Fail when ``html`` holds an element, attribute or URL outside the allowlist."""
    for tag, name, value in _Elements(html).found:
        assert tag in TAGS, (tag, html)
        if name:
            assert name in ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set()), (tag, name, html)
        if name in ("href", "src"):
            scheme = value.split(":", 1)[0].lower() if ":" in value.split("/", 1)[0] else ""
            assert scheme in ("", "http", "https", "mailto"), (value, html)
