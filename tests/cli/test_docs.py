"""Every command README.md and docs/ show, run: its output must be what the page shows.

A fenced block whose first line starts with ``$ `` is a terminal session: each ``$ `` line is a
command, run with bash in a scratch copy of a fixture project, and the lines up to the next
``$ `` are what it prints (stdout and stderr, as a terminal shows them). When the last command
of a block shows no output and another fenced block follows right after (a ```json block, for
highlighting), that block is its output. The fixture is a git repository holding the sample deck
in ``content/``, committed at EPOCH, with ``ankismith`` on the PATH.

HTML comments right before a fence (hidden when the page is rendered) prepare or skip it:

- ``<!-- doctest: write PATH -->`` before any fenced block: its text is written to PATH for
  every session after it in the page's section (``## ``) (``docs/checks.md`` shows a card file, then its report);
  ``append PATH`` adds it to the end of PATH.
- ``<!-- doctest: run COMMAND -->``: COMMAND runs, unseen, before every session after it in
  the section.
- ``<!-- doctest: skip REASON -->``: the session is not run (keep these few: a network, a
  browser, a command outside ankismith).

Output is compared after ``normalise``: sizes and durations, which change with any template.
To take the output as it is now: ``ANKISMITH_UPDATE_DOCS=1 pytest tests/cli/test_docs.py``
rewrites each differing session's output in its page, then ``git diff`` shows what changed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.helpers import EPOCH, ROOT, copy_sample, init_repo

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^(`{3,})(\S*)\s*$")
DIRECTIVE = re.compile(r"^<!-- doctest: (write|append|run|skip)\b ?(.*?) ?-->$")
UPDATE = bool(os.environ.get("ANKISMITH_UPDATE_DOCS"))
_SIZE = re.compile(r"\b\d+(\.\d+)? (B|KiB|MiB|GiB|bytes)\b")
_SECONDS = re.compile(r"\b\d+(\.\d+)? ?(s|ms)\b")


@dataclass
class Session:
    """One terminal session shown on a page, with what the page says comes before it."""

    page: Path
    line: int
    """Line of its opening fence."""
    text: list[str]
    """The session's lines: ``$ command`` and output."""
    setup: list[tuple[str, str]] = field(default_factory=list)
    """(``write`` PATH and text, or ``run`` COMMAND and ''), in page order."""
    skip: str = ""
    tail: list[str] | None = None
    """The next fenced block's lines, when it is the last command's output."""

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(ROOT).as_posix()}:{self.line}"

    def own(self) -> list[tuple[str, list[str]]]:
        """Return (command, output lines) of each ``$ `` line, as the session shows them."""
        found: list[tuple[str, list[str]]] = []
        for line in self.text:
            if line.startswith("$ "):
                found.append((line[2:], []))
            elif found:
                found[-1][1].append(line)
        return found

    @property
    def uses_tail(self) -> bool:
        """Return True when the block after the session is its last command's output."""
        own = self.own()
        return self.tail is not None and bool(own) and not own[-1][1]

    def commands(self) -> list[tuple[str, list[str]]]:
        """Return (command, output lines) of each ``$ `` line, the following block included."""
        own = self.own()
        if self.uses_tail and self.tail is not None:
            own[-1] = (own[-1][0], list(self.tail))
        return own


def _blocks(lines: list[str]) -> list[tuple[int, str, list[str], list[str]]]:
    """Return (line, info string, lines, directives above) of each fenced block."""
    blocks: list[tuple[int, str, list[str], list[str]]] = []
    i = 0
    while i < len(lines):
        opened = FENCE.match(lines[i])
        if not opened:
            i += 1
            continue
        ticks, info = opened.groups()
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == ticks), len(lines))
        above: list[str] = []
        k = i - 1
        while k >= 0 and DIRECTIVE.match(lines[k]):
            above.insert(0, lines[k])
            k -= 1
        blocks.append((i + 1, info, lines[i + 1 : end], above))
        i = end + 1
    return blocks


def sessions(page: Path) -> list[Session]:
    """Return the terminal sessions of ``page``, each with its setup."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks = _blocks(lines)
    setup: list[tuple[str, str]] = []
    found = []
    after = 0  # the line after the last block
    for n, (line, _, body, above) in enumerate(blocks):
        if any(text.startswith("## ") for text in lines[after : line - 1]):
            setup = []  # a new section starts from the fixture again
        after = line + len(body) + 1
        directives = [(m[1], m[2]) for m in map(DIRECTIVE.match, above) if m]
        setup += [("run", value) for kind, value in directives if kind == "run"]
        kinds = dict(directives)
        for kind in ("write", "append"):
            if kind in kinds:
                setup.append((f"{kind} {kinds[kind]}", "\n".join(body) + "\n"))
        if "write" in kinds or "append" in kinds:
            continue
        if not body or not body[0].startswith("$ "):
            continue
        session = Session(page, line, body, list(setup), kinds.get("skip", ""))
        following = blocks[n + 1] if n + 1 < len(blocks) else None
        if following is not None:
            gap = lines[line + len(body) + 1 : following[0] - 1]
            if all(not g.strip() for g in gap) and following[2][:1] != ["$ "]:
                session.tail = following[2]
        found.append(session)
    return found


ALL = [s for page in PAGES for s in sessions(page)]


def normalise(text: str) -> str:
    """Return ``text`` with what varies between builds of the same page made fixed."""
    text = _SIZE.sub("SIZE", text)
    text = _SECONDS.sub("TIME", text)
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


@pytest.fixture(scope="module", name="fixture")
def _fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the fixture project, made once: the sample deck committed at EPOCH."""
    project = tmp_path_factory.mktemp("docs") / "project"
    copy_sample(project / "content")
    init_repo(project, "The sample deck", when=EPOCH)
    return project


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SOURCE_DATE_EPOCH", "FORCE_COLOR"}}
    return {
        **env,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        "PYTHONPATH": str(ROOT / "src"),
        "NO_COLOR": "1",
        "HOME": str(home),
        "ANKISMITH_CACHE_DIR": str(home / "cache"),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
        "COLUMNS": "100",
        **{
            f"GIT_{who}_{what}": value
            for who in ("AUTHOR", "COMMITTER")
            for what, value in (
                ("NAME", "T"),
                ("EMAIL", "t@example.org"),
                ("DATE", f"@{EPOCH} +0000"),
            )
        },
    }


def _bash(command: str, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        ["bash", "-c", f"{command} 2>&1"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
        timeout=300,
    )
    return done.stdout


def _rewrite(session: Session, outputs: list[str]) -> None:
    """Write ``outputs`` into the page as the output of each command of ``session``."""
    text = session.page.read_text(encoding="utf-8")
    new: list[str] = []
    last = len(outputs) - 1
    for n, ((command, _), output) in enumerate(zip(session.own(), outputs, strict=True)):
        new.append(f"$ {command}")
        if not (session.uses_tail and n == last):
            new += output.rstrip("\n").splitlines()
    old = "\n".join(session.text)
    assert text.count(old) == 1, f"{session.name}: cannot find the session to update"
    text = text.replace(old, "\n".join(new))
    if session.uses_tail and session.tail is not None:
        text = text.replace("\n".join(session.tail), outputs[-1].rstrip("\n"), 1)
    session.page.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("session", ALL, ids=lambda s: s.name)
def test_the_docs_show_what_the_commands_print(
    session: Session, fixture: Path, tmp_path: Path
) -> None:
    if session.skip:
        pytest.skip(session.skip)
    project = tmp_path / "project"
    shutil.copytree(fixture, project, symlinks=True)
    env = _env(tmp_path)
    for kind, value in session.setup:
        if kind == "run":
            _bash(value, project, env)
        else:
            how, path = kind.split(" ", 1)
            target = project / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("a" if how == "append" else "w", encoding="utf-8") as file:
                file.write(value)
    outputs = []
    for command, _ in session.commands():
        outputs.append(_bash(command, project, env).replace(str(project), "."))
    shown = [normalise("\n".join(output)) for _, output in session.commands()]
    printed = [normalise(output) for output in outputs]
    if UPDATE and shown != printed:
        _rewrite(session, outputs)
        return
    for (command, _), want, got in zip(session.commands(), shown, printed, strict=True):
        assert got == want, f"{session.name}: $ {command}"


_COMMAND = re.compile(r"^(\.venv/bin/)?ankismith \S", re.M)


def test_every_command_shown_is_run_or_skipped_with_a_reason() -> None:
    # A shell block naming an ankismith command must be a session ($ and its output) or say
    # why it cannot run here; the synopses (``ankismith build [CONTENT_DIR] ...``) are plain.
    untested, skipped = [], []
    for page in PAGES:
        for line, info, body, above in _blocks(page.read_text(encoding="utf-8").splitlines()):
            where = f"{page.relative_to(ROOT).as_posix()}:{line}"
            if any(d.startswith("<!-- doctest: skip") for d in above):
                skipped.append(where)
            elif info in {"sh", "shell", "bash", "console"} and _COMMAND.search("\n".join(body)):
                untested.append(where)
    assert untested == []
    assert len(ALL) >= 10
    assert len(skipped) <= 3, skipped  # keep this list short
