"""Print check results for people (colour on a terminal), for tools (JSON) and for GitHub."""

from __future__ import annotations

import json

import click

from ankismith.findings import Finding, Severity
from ankismith.pipeline import Compiled
from ankismith.text import one_line

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


def human(compiled: Compiled, *, colour: bool) -> str:
    """Return one ``path:line: [warning: ]message [code]`` line per finding, then a summary."""
    lines = []
    for d in compiled.diagnostics:
        text = str(d)
        if colour:
            # The same words as without colour: only emphasis is added.
            where = click.style(str(d.location), bold=True)
            label = (
                click.style("warning: ", fg="yellow", bold=True)
                if d.severity is Severity.WARNING
                else ""
            )
            code = click.style(f"[{d.code}]", fg=_COLOURS[d.level])
            text = f"{where}: {label}{one_line(d.message)} {code}"
        lines.append(text)
    lines.append(("No problems: " if not compiled.diagnostics else "") + compiled.summary() + ".")
    return "\n".join(lines) + "\n"


def as_json(compiled: Compiled) -> str:
    """Return the findings as a JSON document (stable keys, for editors and scripts)."""
    document = {
        "version": 1,
        "summary": {
            "errors": compiled.errors,
            "warnings": len(compiled.diagnostics) - compiled.errors,
            "cards": len(compiled.cards),
        },
        "diagnostics": [
            {
                "path": one_line(d.location.path),
                "line": d.location.line,
                "code": d.code,
                "severity": d.level.value,
                "message": d.message,
            }
            for d in compiled.diagnostics
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape(text: str, *, prop: bool = False) -> str:
    # GitHub's workflow-command escaping: data escapes % CR LF; properties also : and ,
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def _annotation(d: Finding) -> str:
    props = [f"file={_escape(one_line(d.location.path), prop=True)}"]
    if d.location.line:
        props.append(f"line={d.location.line}")
    props.append(f"title={_escape(d.code, prop=True)}")
    return f"::{d.level.value} {','.join(props)}::{_escape(d.message)}"


def github(compiled: Compiled) -> str:
    """Return GitHub Actions annotations, one per finding, then a plain summary."""
    lines = [_annotation(d) for d in compiled.diagnostics]
    return "\n".join([*lines, compiled.summary() + "."]) + "\n"


def render(compiled: Compiled, fmt: str, *, colour: bool = False) -> str:
    """Return the report as ``human``, ``json`` or ``github`` text."""
    if fmt == "json":
        return as_json(compiled)
    if fmt == "github":
        return github(compiled)
    return human(compiled, colour=colour)
