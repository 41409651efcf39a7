"""Make an imported project build at once: run the build's checks on it, settle what fails.

The planned project is written to a scratch folder and compiled as ``build`` would
(``pipeline.compile_content``). What the deck does on purpose gets the deck-level setting that
lets it build, written into ``deck.yaml`` with a comment saying why: questions repeated across
notes (``checks: {duplicate-question: warning}``), note types whose templates run scripts
(``scripts:``). Each decision is reported once, at its line of ``deck.yaml``. An error that
remains is relaxed to a warning when its rule allows, else reported as what the build will
refuse, at its place in the project.
"""

from __future__ import annotations

import posixpath
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

import msgspec
import msgspec.structs

from ankismith.apkg.buildtime import EARLIEST
from ankismith.content.read import read_content
from ankismith.findings import Finding, Severity, blocking, rule_of
from ankismith.importing.layout import CODE, Project, yaml_text
from ankismith.importing.notetypes import FOLDER
from ankismith.model import Location
from ankismith.sanitize.template import judge_template
from ankismith.text import plural

DECK_YAML = PurePosixPath("deck.yaml")
REPEATED = "duplicate-question"


def _compile(files: dict[PurePosixPath, bytes], content: str, workers: int) -> tuple[Finding, ...]:
    """Return what ``build`` finds in the project, placed in ``content`` (relative paths)."""
    from ankismith.pipeline import compile_content  # the build itself, as late as it is needed

    with tempfile.TemporaryDirectory(prefix="ankismith-import-") as scratch:
        root = Path(scratch)
        for relative, data in files.items():
            target = root.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        found = compile_content(read_content(root), EARLIEST, workers=workers).diagnostics
        prefix = str(root) + "/"
        return tuple(
            msgspec.structs.replace(
                f,
                location=msgspec.structs.replace(
                    f.location, path=f.location.path.removeprefix(prefix)
                ),
                message=f.message.replace(prefix, posixpath.join(content, "")),
            )
            for f in found
        )


def scripted_templates(files: dict[PurePosixPath, bytes]) -> dict[str, list[tuple[str, int]]]:
    """Return the note types (by name) whose templates keep a ``<script>`` once opted in.

    Each with the (template file, line) of its first script: what the build's template judge
    (``sanitize.template.judge_template``) lets stay when ``scripts:`` names the note type.
    """
    import yaml

    found: dict[str, list[tuple[str, int]]] = {}
    for path, data in sorted(files.items()):
        if path.parts[0] != str(FOLDER) or not path.name.endswith(".html") or len(path.parts) != 3:
            continue
        kept = judge_template(data.decode("utf-8", "replace"), scripts=True).scripts
        if not kept:
            continue
        settings = yaml.safe_load(files[path.parent / "notetype.yaml"].decode())
        found.setdefault(str(settings["name"]), []).append((str(path), kept[0]))
    return found


class _Settler:
    def __init__(self, project: Project, content: str) -> None:
        self.project = project
        self.content = content
        self.files = dict(project.files)
        self.findings: list[Finding] = []
        self.blocks: list[list[str]] = []
        self.relaxed: set[str] = set()

    def at(self, path: str, line: int) -> Location:
        return Location(posixpath.join(self.content, path), line)

    def note(self, path: str, line: int, message: str) -> None:
        where = self.at(path, line)
        self.findings.append(Finding(where, message, CODE, Severity.WARNING))

    def deck_yaml(self) -> bytes:
        text = self.project.files[DECK_YAML].decode()
        checks = sorted(self.relaxed)
        lines: list[str] = []
        for block in self.blocks:
            lines += block
        if checks:
            lines.append("checks:")
            lines += [f"  {code}: warning" for code in checks]
        return (text + "\n".join(lines) + ("\n" if lines else "")).encode()

    def line_of(self, key: str) -> int:
        lines = self.deck_yaml().decode().splitlines()
        return next((n for n, line in enumerate(lines, 1) if line.startswith(key)), 1)

    def scripts(self) -> None:
        scripted = scripted_templates(self.files)
        if not scripted:
            return
        self.blocks.append(
            [
                "# The deck's own note types whose templates run scripts, kept as the deck had",
                "# them (Image Occlusion, stroke order...): review each script before a release.",
                "scripts:",
                *[f"- {yaml_text(name)}" for name in sorted(scripted)],
            ]
        )
        for name, places in sorted(scripted.items()):
            for path, line in places:
                self.note(
                    path,
                    line,
                    f"template of note type '{name}' runs a script; it is kept, and deck.yaml "
                    "'scripts' names the note type: review what it does",
                )

    def absent(self) -> None:
        if not self.project.absent:
            return
        self.blocks.append(
            [
                "# Media the imported deck names but never held: its cards and note types keep",
                "# these references as they were. Put a file in _media/ (or the note type's",
                "# folder) and remove its name here to ship it.",
                "absent_media:",
                *[f"- {yaml_text(name)}" for name in self.project.absent],
            ]
        )

    def repeated(self, found: Sequence[Finding]) -> None:
        repeats = [f for f in found if f.code == REPEATED and f.level is Severity.ERROR]
        if not repeats:
            return
        self.relax(
            REPEATED,
            [
                "# The imported deck repeats questions (one word in several chapters, a label as",
                "# first field): a repeated question is a warning here, not an error. Reword or",
                "# merge them if you like, then remove this line.",
            ],
        )
        first = self.at(repeats[0].location.path, repeats[0].location.line)
        self.note(
            str(DECK_YAML),
            self.line_of(f"  {REPEATED}"),
            f"{plural(len(repeats), 'question')} {'repeats' if len(repeats) == 1 else 'repeat'} "
            f"an earlier one (first at {first}): "
            f"'{REPEATED}' is a warning for this deck",
        )

    def first(self, found: Sequence[Finding], code: str) -> Location:
        where = next(f.location for f in found if f.code == code)
        return self.at(where.path, where.line)

    def relax(self, code: str, comment: list[str]) -> None:
        self.relaxed.add(code)
        self.blocks.append(comment)

    def settle(self, workers: int) -> Project:
        self.blocks.append(
            [
                "# Media keep the names learners already have them under (docs/importing.md).",
                "keep_media_names: true",
            ]
        )
        self.absent()
        self.scripts()
        self.files[DECK_YAML] = self.deck_yaml()
        if self.project.absent:
            names = ", ".join(self.project.absent[:3]) + (
                ", ..." if len(self.project.absent) > 3 else ""
            )
            self.note(
                str(DECK_YAML),
                self.line_of("absent_media:"),
                f"{plural(len(self.project.absent), 'media file')} the deck names but the package "
                f"lacks ({names}): listed here, and every reference to them kept as it was",
            )
        found = _compile(self.files, self.content, workers)
        self.repeated(found)
        self.files[DECK_YAML] = self.deck_yaml()
        left = [f for f in found if f.level is Severity.ERROR and f.code not in self.relaxed]
        loose = Counter(f.code for f in left if not rule_of(f.code).fixed)
        for code, count in sorted(loose.items()):
            self.relax(code, [f"# {plural(count, 'imported card')} fail '{code}' as written."])
            self.files[DECK_YAML] = self.deck_yaml()
            self.note(
                str(DECK_YAML),
                self.line_of(f"  {code}"),
                f"{plural(count, 'imported card')} fail '{code}' (first at "
                f"{self.first(left, code)}): it is "
                "a warning for this deck; fix them, then remove the line",
            )
        self.files[DECK_YAML] = self.deck_yaml()
        for finding in blocking(left):
            if rule_of(finding.code).fixed:
                self.note(
                    finding.location.path,
                    finding.location.line,
                    f"the build will refuse this until it is fixed: {finding.message} "
                    f"[{finding.code}]",
                )
        findings = (*self.project.findings, *self.findings)
        return msgspec.structs.replace(self.project, files=self.files, findings=findings)


def settle(project: Project, content: str, workers: int = 1) -> Project:
    """Return ``project`` with what makes it build, and each decision among its findings.

    ``content`` is the content directory as the user named it, for the findings' places.
    """
    return _Settler(project, content).settle(workers)
